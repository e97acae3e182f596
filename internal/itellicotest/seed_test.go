package itellicotest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

var uuid4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestSeedIsDeterministicAndWellFormed(t *testing.T) {
	a, b := Seed(now), Seed(now.Add(400*time.Millisecond)) // same second
	if !reflect.DeepEqual(a, b) {
		t.Error("Seed differs for the same now")
	}
	if len(a) != SeedSize {
		t.Fatalf("%d conversations", len(a))
	}
	seen := map[string]bool{DefaultAccountID: true}
	check := func(id string) {
		if !uuid4.MatchString(id) || seen[id] {
			t.Errorf("id %q malformed or repeated", id)
		}
		seen[id] = true
	}
	check("00000000-0000-4000-8000-000000000000") // the pattern itself
	for i, c := range a {
		check(c.ConversationID)
		if c.ConversationID != SeedConversationID(i+1) {
			t.Errorf("conversation %d has id %s", i+1, c.ConversationID)
		}
		if !c.UpdatedAt.After(c.CreatedAt) {
			t.Errorf("conversation %d: updated %v not after created %v", i+1, c.UpdatedAt, c.CreatedAt)
		}
		if number, ok := c.ContactNumber.Get(); ok && !regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`).MatchString(number) {
			t.Errorf("conversation %d: contact number %q is not E.164", i+1, number)
		}
	}
	for _, ag := range SeedAgents() {
		check(ag.ID)
	}
	for _, a := range SeedSubaccounts() {
		check(a.ID)
	}
	for _, n := range SeedPhoneNumbers() {
		check(n.ID)
		if number, ok := n.Number.Get(); !ok || !regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`).MatchString(number) {
			t.Errorf("phone number %s: %q is not E.164", n.ID, number)
		}
	}
	for _, tr := range SeedSipTrunks() {
		check(tr.ID)
	}

	for i := range 1000 {
		check(GeneratedConversationID(i))
	}
}

func TestNamedIDsAreDerived(t *testing.T) {
	for want, got := range map[string]string{
		derivedUUID("agent", 1): AgentSupportDEID, derivedUUID("agent", 2): AgentSupportENID,
		derivedUUID("agent", 3): AgentSalesENID, derivedUUID("agent", 4): AgentBillingBotID,
		derivedUUID("agent", 5): AgentEmpfangID, derivedUUID("agent", 6): AgentSchweizID,
		derivedUUID("account", 1): SubaccountSchweizID, derivedUUID("account", 2): SubaccountOesterreichID,
		derivedUUID("phone-number", 1): PhoneNumberSupportDEID, derivedUUID("phone-number", 2): PhoneNumberSupportENID,
		derivedUUID("phone-number", 3): PhoneNumberSalesENID, derivedUUID("phone-number", 4): PhoneNumberIVRID,
		derivedUUID("phone-number", 5): PhoneNumberSchweizID, derivedUUID("phone-number", 6): PhoneNumberUnassignedID,
		derivedUUID("phone-number", 7): PhoneNumberArchivedID,
		derivedUUID("sip-trunk", 1):    SipTrunkBerlinID, derivedUUID("sip-trunk", 2): SipTrunkManagedID,
		SeedConversationID(1): ConversationInProgress, SeedConversationID(2): ConversationGerman,
		SeedConversationID(3): ConversationRecordingNull, SeedConversationID(4): ConversationZeroDuration,
		SeedConversationID(5): ConversationWithToolResults, SeedConversationID(6): ConversationAllNull,
		SeedConversationID(7): ConversationAllAbsent, SeedConversationID(9): ConversationJapanese,
		SeedConversationID(10): ConversationNoAgent, SeedConversationID(12): ConversationUnknownType,
		SeedConversationID(13): ConversationUnknownRole, SeedConversationID(14): ConversationEscapes,
		SeedConversationID(17): ConversationAt24h, SeedConversationID(20): ConversationWithExtraFields,
		SeedConversationID(21): ConversationTieA, SeedConversationID(22): ConversationTieB,
		SeedConversationID(26): ConversationStaleInProgress, SeedConversationID(28): ConversationOffsetZone,
		SeedConversationID(40): ConversationUpdatedRecently,
	} {
		if got != want {
			t.Errorf("named id %s, derived %s", got, want)
		}
	}
}

// TestSeedOfSubaccount: the subaccount's conversations are the oldest, numbered after the key
// account's, and handled by its own agent on its own line.
func TestSeedOfSubaccount(t *testing.T) {
	for i, c := range Seed(now) {
		sub := i+1 > 40
		if (c.AccountID == SubaccountSchweizID) != sub || !sub && c.AccountID != "" {
			t.Errorf("conversation %d belongs to %q", i+1, c.AccountID)
		}
		if sub && (c.AgentID.V != AgentSchweizID || c.Type == "phone" && c.PhoneNumberID.V != PhoneNumberSchweizID) {
			t.Errorf("conversation %d: agent %v, line %v", i+1, c.AgentID, c.PhoneNumberID)
		}
	}
}

func TestNewRefusesConversationsWithoutTimes(t *testing.T) {
	for name, c := range map[string]Conversation{
		"no CreatedAt": {ConversationID: "a", UpdatedAt: now},
		"no UpdatedAt": {ConversationID: "b", CreatedAt: now},
	} {
		func() {
			defer func() {
				if r := recover(); r == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			New(Options{Conversations: []Conversation{c}})
		}()
	}
}

func TestNewRefusesInvalidJSON(t *testing.T) {
	defer func() {
		if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), AgentSalesENID) {
			t.Errorf("recovered %v, want a panic naming the agent", r)
		}
	}()
	agents := SeedAgents()
	agents[3].Metadata = raw(`{"team":`)
	New(Options{Agents: agents})
}

// The standard library's test types satisfy TB.
var _, _ TB = (*testing.T)(nil), (*testing.B)(nil)

func TestGenerate(t *testing.T) {
	cs := Generate(500, 10, now)
	if !reflect.DeepEqual(cs, Generate(500, 10, now)) {
		t.Error("Generate is not deterministic")
	}
	size := 0
	for i, c := range cs {
		b, err := json.Marshal(c)
		if err != nil || !json.Valid(b) {
			t.Fatalf("conversation %d: %v", i, err)
		}
		size += len(b)
		if i > 0 && !c.StartTimestamp.Before(cs[i-1].StartTimestamp) {
			t.Fatalf("conversation %d is not older than %d", i, i-1)
		}
		if len(c.Messages.V) != 10 {
			t.Fatalf("conversation %d has %d messages", i, len(c.Messages.V))
		}
	}
	if avg := size / len(cs); avg < 1300 || avg > 2300 {
		t.Errorf("average conversation is %d bytes, want about 1.6 KB", avg)
	}
}

// TestLargeAccount serves 50,000 conversations of 10 messages and reads them in pages of 1,000.
func TestLargeAccount(t *testing.T) {
	if testing.Short() {
		t.Skip("large data set")
	}
	start := time.Now()
	s := newSeeded(t, Options{Conversations: Generate(50000, 10, now)})
	setup := time.Since(start)
	start = time.Now()
	total := 0
	for offset := 0; offset < 50000; offset += 1000 {
		l := decodeList(t, get(t, s, conversationsPath+"?limit=1000&offset="+strconv.Itoa(offset)))
		total += len(l.ids)
	}
	t.Logf("setup %v, 50 pages %v", setup, time.Since(start))
	if total != 50000 {
		t.Errorf("read %d conversations", total)
	}
}

func BenchmarkListPage(b *testing.B) {
	s := NewHTTPTest(b, Options{Conversations: Generate(50000, 10, now)})
	client := &http.Client{}
	for _, limit := range []int{100, 1000} {
		b.Run(fmt.Sprintf("limit=%d", limit), func(b *testing.B) {
			req, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("%s%s?limit=%d&offset=20000", s.URL(), conversationsPath, limit), nil)
			req.Header.Set("X-API-Key", testKey)
			for b.Loop() {
				resp, err := client.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				n, err := io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if err != nil {
					b.Fatal(err)
				}
				b.SetBytes(n)
			}
		})
	}
}

func BenchmarkGenerate(b *testing.B) {
	for b.Loop() {
		Generate(10000, 10, now)
	}
}

// TestSeedTripsTheTranscriptGates: within the last 24 hours an agent reads out what the guides'
// transcript gate takes for a card number, and reads a caller's number back (the personal data
// guide's gate), so that both gates can be shown failing against the seed.
func TestSeedTripsTheTranscriptGates(t *testing.T) {
	card := regexp.MustCompile(`(?:[0-9][ -]?){12,18}[0-9]`) // the guides' local.card_number
	var cards, readBack int
	for _, c := range Seed(now) {
		if c.CreatedAt.Before(now.Add(-24 * time.Hour)) {
			continue
		}
		contact, _ := c.ContactNumber.Get()
		for _, m := range c.Messages.V {
			text, _ := m.Message.Get()
			if m.Role != "agent" {
				continue
			}
			if card.MatchString(text) {
				cards++
			}
			if contact != "" && strings.Contains(text, contact) && c.Type == "phone" {
				readBack++
			}
		}
	}
	if cards != 1 || readBack != 1 {
		t.Errorf("in the last 24 h, %d agent messages with a card number and %d reading a caller's number back; want 1 and 1", cards, readBack)
	}
}
