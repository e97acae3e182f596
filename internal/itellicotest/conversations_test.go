package itellicotest

import (
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func rfc3339(t time.Time) string { return t.Format(time.RFC3339Nano) }

func TestConversationFilters(t *testing.T) {
	s := newSeeded(t, Options{})
	day := now.Add(-24 * time.Hour)
	for _, tc := range []struct {
		name  string
		query url.Values
		want  []int
	}{
		{"none", nil, span(1, 44)},
		{"conversation_id", url.Values{"conversation_id": {ConversationWithToolResults}}, []int{5}},
		{"conversation_id upper case", url.Values{"conversation_id": {strings.ToUpper(ConversationAllNull)}}, []int{6}},
		{"conversation_id unknown", url.Values{"conversation_id": {"5b0e8a44-2c7d-4f5e-9a61-0d3c8b7e2f19"}}, nil},
		{"agent_id Support DE", url.Values{"agent_id": {AgentSupportDEID}}, []int{1, 2, 8, 11, 17, 19, 21, 26, 28, 33, 35, 37}},
		{"agent_id Support EN", url.Values{"agent_id": {AgentSupportENID}}, []int{3, 5, 9, 13, 16, 20, 23, 27, 31, 36, 39}},
		{"agent_id Sales EN", url.Values{"agent_id": {AgentSalesENID}}, []int{4, 12, 15, 18, 22, 25, 30, 34, 38}},
		{"agent_id of the subaccount's agent", url.Values{"agent_id": {AgentSchweizID}}, span(41, 44)},
		{"agent_id without conversations", url.Values{"agent_id": {AgentBillingBotID}}, nil},
		{"type phone", url.Values{"type": {"phone"}}, []int{1, 2, 4, 5, 8, 13, 15, 16, 17, 18, 19, 21, 22, 25, 26, 27, 29, 30, 33, 34, 37, 38, 39, 41, 42, 44}},
		{"type web", url.Values{"type": {"web"}}, []int{3, 9, 10, 14, 20, 24, 28, 31, 36, 40, 43}},
		{"type test", url.Values{"type": {"test"}}, []int{6, 11, 23, 35}},
		{"type unknown", url.Values{"type": {"unknown"}}, []int{7, 32}},
		{"status in_progress", url.Values{"status": {"in_progress"}}, []int{1, 26}},
		{"status failed", url.Values{"status": {"failed"}}, []int{4, 10, 16, 18, 24, 30, 35, 39, 44}},
		{"status transferred", url.Values{"status": {"transferred"}}, []int{8, 13, 19, 27, 34, 42}},
		{"status completed", url.Values{"status": {"completed"}}, except(1, 26, 4, 10, 16, 18, 24, 30, 35, 39, 44, 8, 13, 19, 27, 34, 42)},
		{"direction outbound", url.Values{"direction": {"outbound"}}, []int{4, 12, 15, 18, 22, 25, 30, 34, 38, 44}},
		{"direction internal", url.Values{"direction": {"internal"}}, []int{11, 23, 35}},
		{"direction inbound", url.Values{"direction": {"inbound"}}, except(4, 12, 15, 18, 22, 25, 30, 34, 38, 44, 11, 23, 35, 6, 9, 24, 32, 7)},
		{"created_after is inclusive", url.Values{"created_after": {rfc3339(day)}}, span(1, 17)},
		{"created_after a second later", url.Values{"created_after": {rfc3339(day.Add(time.Second))}}, span(1, 16)},
		{"created_before is exclusive", url.Values{"created_before": {rfc3339(day)}}, span(18, 44)},
		{"created_before a second later", url.Values{"created_before": {rfc3339(day.Add(time.Second))}}, span(17, 44)},
		{"created_after with an offset", url.Values{"created_after": {"2025-06-14T14:00:00+02:00"}}, span(1, 17)},
		{"created_after with fractions", url.Values{"created_after": {"2025-06-15T10:00:00.25Z"}}, span(1, 5)},
		{"created_after a hair later", url.Values{"created_after": {"2025-06-15T10:00:00.250000001Z"}}, span(1, 4)},
		{"updated_after", url.Values{"updated_after": {rfc3339(day)}}, append(span(1, 17), 40)},
		{"updated_before", url.Values{"updated_before": {rfc3339(day)}}, append(span(18, 39), span(41, 44)...)},
		{"updated_after is inclusive", url.Values{"updated_after": {rfc3339(now.Add(-30 * time.Second))}}, []int{1}},
		{"updated_after a second later", url.Values{"updated_after": {rfc3339(now.Add(-29 * time.Second))}}, nil},
		{"updated_before is exclusive", url.Values{"updated_before": {rfc3339(now.Add(-30 * time.Second))}}, span(2, 44)},
		{"unknown parameter is ignored", url.Values{"sort": {"asc"}, "page": {"7", "8"}}, span(1, 44)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assertIDs(t, decodeList(t, get(t, s, conversationsPath+"?"+tc.query.Encode())), seedIDs(tc.want...))
		})
	}
}

func TestConversationFiltersCombined(t *testing.T) {
	s := newSeeded(t, Options{})
	day := now.Add(-24 * time.Hour)
	for _, tc := range []struct {
		name  string
		query url.Values
		want  []int
	}{
		{"failed in the last 24 h", url.Values{"status": {"failed"}, "created_after": {rfc3339(day)}}, []int{4, 10, 16}},
		{"outbound phone calls of Sales EN", url.Values{"type": {"phone"}, "direction": {"outbound"}, "agent_id": {AgentSalesENID}},
			[]int{4, 15, 18, 22, 25, 30, 34, 38}},
		{"completed by Support DE before yesterday", url.Values{"agent_id": {AgentSupportDEID}, "status": {"completed"}, "created_before": {rfc3339(day)}},
			[]int{21, 28, 33, 37}},
		{"created in [now-48h, now-24h)", url.Values{"created_after": {rfc3339(now.Add(-48 * time.Hour))}, "created_before": {rfc3339(day)}},
			[]int{18, 19, 20}},
		{"old but updated recently", url.Values{"created_before": {rfc3339(day)}, "updated_after": {rfc3339(day)}}, []int{40}},
		{"empty window", url.Values{"created_after": {rfc3339(day)}, "created_before": {rfc3339(day)}}, nil},
		{"one id and a filter it fails", url.Values{"conversation_id": {ConversationGerman}, "status": {"failed"}}, nil},
		{"web without direction", url.Values{"type": {"web"}, "direction": {"inbound"}, "status": {"failed"}}, []int{10}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assertIDs(t, decodeList(t, get(t, s, conversationsPath+"?"+tc.query.Encode())), seedIDs(tc.want...))
		})
	}

	l := decodeList(t, get(t, s, conversationsPath+"?status=failed&limit=2&offset=1"))
	if l.Count != 9 || !slices.Equal(l.ids, seedIDs(10, 16)) {
		t.Errorf("failed, second page of two: count %d ids %v", l.Count, l.ids)
	}
}

func TestConversationOrder(t *testing.T) {
	s := newSeeded(t, Options{})
	l := decodeList(t, get(t, s, conversationsPath))
	// TieA and TieB start at the same moment; TieB has the smaller id.
	if a, b := slices.Index(l.ids, ConversationTieA), slices.Index(l.ids, ConversationTieB); a < 0 || b+1 != a {
		t.Errorf("tied conversations at %d (TieA) and %d (TieB), want TieB right before TieA", a, b)
	}
	var starts []time.Time
	for _, it := range l.Items {
		var c struct {
			Start time.Time `json:"start_timestamp"`
		}
		if err := json.Unmarshal(it, &c); err != nil {
			t.Fatal(err)
		}
		starts = append(starts, c.Start)
	}
	if !slices.IsSortedFunc(starts, func(x, y time.Time) int { return y.Compare(x) }) {
		t.Errorf("not newest first: %v", starts)
	}
}

func TestPaging(t *testing.T) {
	gen := Generate(250, 2, now)
	all := make([]string, len(gen))
	for i := range gen {
		all[i] = gen[i].ConversationID
	}
	s := newSeeded(t, Options{Conversations: gen})

	for _, tc := range []struct {
		query  string
		want   []string
		reason string
	}{
		{"", all[:100], "default page size 100"},
		{"?limit=100&offset=100", all[100:200], "second page"},
		{"?limit=100&offset=200", all[200:], "last, partial page"},
		{"?limit=100&offset=250", []string{}, "offset at the end"},
		{"?offset=1000", []string{}, "offset past the end"},
		{"?limit=1000", all, "the largest page"},
		{"?limit=1&offset=249", all[249:], "one item"},
		{"?offset=0&limit=3", all[:3], "parameter order"},
	} {
		l := decodeList(t, get(t, s, conversationsPath+tc.query))
		if l.Count != 250 || !slices.Equal(l.ids, tc.want) {
			t.Errorf("%s (%q): count %d, %d items, want 250 and %d", tc.reason, tc.query, l.Count, len(l.ids), len(tc.want))
		}
	}

	var walked []string
	for offset := 0; offset < 250; offset += 7 {
		walked = append(walked, decodeList(t, get(t, s, conversationsPath+"?limit=7&offset="+strconv.Itoa(offset))).ids...)
	}
	if !slices.Equal(walked, all) {
		t.Errorf("walking pages of 7 gave %d ids, not all 250 in order", len(walked))
	}

	small := newSeeded(t, Options{Conversations: gen, DefaultLimit: 30, MaxLimit: 50})
	if l := decodeList(t, get(t, small, conversationsPath)); len(l.ids) != 30 {
		t.Errorf("DefaultLimit 30: %d items", len(l.ids))
	}
	decodeList(t, get(t, small, conversationsPath+"?limit=50"))
	decodeError(t, get(t, small, conversationsPath+"?limit=51"), 422, "validation_error")
}

func TestValidation(t *testing.T) {
	s := newSeeded(t, Options{})
	// The '+' of the offset is not escaped, so it arrives as a space, as with any real server.
	raw := "conversation_id=&agent_id=not-a-uuid&type=video&status=&direction=sideways" +
		"&created_after=2025-01-01&created_before=2025-01-01T00:00:00&updated_after=yesterday" +
		"&updated_before=2025-06-15T12:00:00+02:00&limit=0&offset=-1"
	e := decodeError(t, get(t, s, conversationsPath+"?"+raw), 422, "validation_error")
	var fields []string
	for _, f := range e.Errors {
		fields = append(fields, f.Field)
		if f.Message == "" {
			t.Errorf("%s: empty message", f.Field)
		}
	}
	want := []string{"conversation_id", "agent_id", "type", "status", "direction", "created_after",
		"created_before", "updated_after", "updated_before", "limit", "offset"}
	if !slices.Equal(fields, want) {
		t.Errorf("fields %v, want %v", fields, want)
	}

	for _, bad := range []string{"limit=1001", "limit=abc", "limit=", "limit=1.5", "offset=x", "offset=",
		"agent_id=0e63b9e882ce48f8a00d04c0d653e254", "agent_id=%7B" + AgentSupportDEID + "%7D",
		"created_after=2025-06-15+12:00:00Z", "created_after=1718452800", "updated_before=2025-13-01T00:00:00Z",
		"type=PHONE", "status=archived", "direction=Inbound"} {
		e := decodeError(t, get(t, s, conversationsPath+"?"+bad), 422, "validation_error")
		if len(e.Errors) != 1 || e.Errors[0].Field != strings.SplitN(bad, "=", 2)[0] {
			t.Errorf("%s: errors %+v", bad, e.Errors)
		}
	}
	for _, good := range []string{"limit=1000", "limit=1", "offset=0", "created_after=2025-06-15T12:00:00%2B02:00",
		"created_after=2025-06-15T12:00:00.123456789-07:00", "agent_id=" + strings.ToUpper(AgentSalesENID)} {
		decodeList(t, get(t, s, conversationsPath+"?"+good))
	}
}

func TestAddConversations(t *testing.T) {
	s := newSeeded(t, Options{})
	fresh := Generate(1, 1, now.Add(time.Hour))[0]
	s.AddConversations(fresh)
	l := decodeList(t, get(t, s, conversationsPath+"?limit=2"))
	if l.Count != SeedSize+1 || !slices.Equal(l.ids, []string{fresh.ConversationID, SeedConversationID(1)}) {
		t.Errorf("after adding: count %d ids %v", l.Count, l.ids)
	}
	if cs := s.Conversations(); len(cs) != SeedSize+1 || cs[0].ConversationID != fresh.ConversationID || cs[0].AccountID != DefaultAccountID {
		t.Errorf("Conversations(): %d, first %s", len(cs), cs[0].ConversationID)
	}
	s.SetConversations([]Conversation{})
	if l := decodeList(t, get(t, s, conversationsPath)); l.Count != 0 || len(l.ids) != 0 {
		t.Errorf("after emptying: %+v", l)
	}
}

// TestConversationsOfSubaccounts lists the key's account with its subaccount's conversations,
// and a subaccount with its own only, whichever way the path names the account.
func TestConversationsOfSubaccounts(t *testing.T) {
	s := newSeeded(t, Options{})
	for _, tc := range []struct {
		path  string
		query string
		want  []int
	}{
		{accountPath("me", "conversations"), "", span(1, 44)},
		{accountPath(strings.ToUpper(DefaultAccountID), "conversations"), "", span(1, 44)},
		{accountPath(SubaccountSchweizID, "conversations"), "", span(41, 44)},
		{accountPath(strings.ToUpper(SubaccountSchweizID), "conversations"), "?status=completed", []int{41, 43}},
		{accountPath(SubaccountSchweizID, "conversations"), "?agent_id=" + AgentSupportDEID, nil},
		{accountPath(SubaccountOesterreichID, "conversations"), "", nil},
	} {
		assertIDs(t, decodeList(t, get(t, s, tc.path+tc.query)), seedIDs(tc.want...))
	}
	// Computed from the data rather than the seed's documentation.
	var subIDs []string
	for _, c := range s.Conversations() {
		if c.AccountID == SubaccountSchweizID {
			subIDs = append(subIDs, c.ConversationID)
		}
	}
	assertIDs(t, decodeList(t, get(t, s, accountPath(SubaccountSchweizID, "conversations"))), subIDs)
}

// TestConversationTimesAsStored checks the created and updated filters against the fields of the
// served conversations, with no rule of the server's.
func TestConversationTimesAsStored(t *testing.T) {
	s := newSeeded(t, Options{})
	cs := s.Conversations()
	for _, c := range cs[:10] {
		for _, tc := range []struct {
			param string
			keep  func(Conversation) bool
		}{
			{"created_after", func(x Conversation) bool { return !x.CreatedAt.Before(c.CreatedAt) }},
			{"created_before", func(x Conversation) bool { return x.CreatedAt.Before(c.CreatedAt) }},
			{"updated_after", func(x Conversation) bool { return !x.UpdatedAt.Before(c.UpdatedAt) }},
			{"updated_before", func(x Conversation) bool { return x.UpdatedAt.Before(c.UpdatedAt) }},
		} {
			at := c.CreatedAt
			if strings.HasPrefix(tc.param, "updated") {
				at = c.UpdatedAt
			}
			var want []string
			for _, x := range cs {
				if tc.keep(x) {
					want = append(want, x.ConversationID)
				}
			}
			got := decodeList(t, get(t, s, conversationsPath+"?"+url.Values{tc.param: {rfc3339(at)}}.Encode()))
			assertIDs(t, got, want)
		}
	}
}
