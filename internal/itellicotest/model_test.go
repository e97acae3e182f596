package itellicotest

import (
	"bytes"
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// item fetches one seeded conversation and returns its fields as sent.
func item(t *testing.T, s *Server, id string) map[string]json.RawMessage {
	t.Helper()
	r := get(t, s, conversationsPath+"?conversation_id="+id)
	if cl := r.header.Get("Content-Length"); cl != strconv.Itoa(len(r.body)) {
		t.Errorf("Content-Length %q for %d bytes", cl, len(r.body))
	}
	l := decodeList(t, r)
	if len(l.Items) != 1 {
		t.Fatalf("%s: %d items", id, len(l.Items))
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(l.Items[0], &fields); err != nil {
		t.Fatal(err)
	}
	return fields
}

func messages(t *testing.T, fields map[string]json.RawMessage) []map[string]json.RawMessage {
	t.Helper()
	var ms []map[string]json.RawMessage
	if err := json.Unmarshal(fields["messages"], &ms); err != nil {
		t.Fatalf("messages %s: %v", fields["messages"], err)
	}
	return ms
}

func keys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

var optionalFields = []string{"agent_id", "agent_name", "capture", "contact_number", "direction",
	"duration_seconds", "messages", "phone_number", "phone_number_id"}

func TestNullAndAbsentAsSent(t *testing.T) {
	s := newSeeded(t, Options{})

	allNull := item(t, s, ConversationAllNull)
	for _, k := range optionalFields {
		if v, ok := allNull[k]; !ok || string(v) != "null" {
			t.Errorf("all-null conversation: %s = %s (present %v)", k, v, ok)
		}
	}
	if got := keys(item(t, s, ConversationAllAbsent)); !slices.Equal(got, []string{"conversation_id", "start_timestamp", "status", "type"}) {
		t.Errorf("all-absent conversation has fields %v", got)
	}

	inProgress := item(t, s, ConversationInProgress)
	if _, ok := inProgress["duration_seconds"]; ok || string(inProgress["status"]) != `"in_progress"` {
		t.Errorf("in-progress conversation: %v", inProgress)
	}

	zero := item(t, s, ConversationZeroDuration)
	ms := messages(t, zero)
	if string(zero["duration_seconds"]) != "0" || string(zero["capture"]) != "null" ||
		string(ms[1]["message"]) != "null" || string(ms[1]["role"]) != `"event"` {
		t.Errorf("zero-duration conversation: duration %s capture %s event %v", zero["duration_seconds"], zero["capture"], ms[1])
	}

	web := item(t, s, ConversationRecordingNull)
	if string(web["capture"]) != `{"recording_url":null}` || string(web["type"]) != `"web"` {
		t.Errorf("web conversation capture %s", web["capture"])
	}
	for _, k := range []string{"phone_number", "phone_number_id", "contact_number"} {
		if _, ok := web[k]; ok {
			t.Errorf("web conversation has %s", k)
		}
	}

	noAgent := item(t, s, ConversationNoAgent)
	if string(noAgent["agent_id"]) != "null" || string(noAgent["agent_name"]) != "null" || string(noAgent["capture"]) != "{}" {
		t.Errorf("no-agent conversation: %v", noAgent)
	}
	if ja := item(t, s, ConversationJapanese); string(ja["direction"]) != "null" || string(ja["phone_number"]) != "null" ||
		!strings.Contains(string(ja["messages"]), "注文番号は JP-2024-0815 です。") {
		t.Errorf("Japanese conversation: %v", ja)
	}

	phone := item(t, s, ConversationGerman)
	for k, want := range map[string]string{"phone_number": `"+493023125100"`, "contact_number": `"+4917610000042"`,
		"direction": `"inbound"`, "agent_name": `"Support DE"`, "duration_seconds": "184"} {
		if string(phone[k]) != want {
			t.Errorf("German conversation %s = %s, want %s", k, phone[k], want)
		}
	}
	if !strings.Contains(string(phone["capture"]), `"recording_url":"https://recordings.itellico.ai/v1/`+ConversationGerman+`.mp3?expires=`) ||
		!strings.Contains(string(phone["messages"]), "Königstraße 12") {
		t.Errorf("German conversation: capture %s", phone["capture"])
	}

	if v := item(t, s, ConversationUnknownType); string(v["type"]) != `"video"` {
		t.Errorf("unknown type: %s", v["type"])
	}
	handoff := messages(t, item(t, s, ConversationUnknownRole))[2]
	if string(handoff["role"]) != `"handoff"` || string(handoff["target"]) != `{"queue":"billing","priority":2}` {
		t.Errorf("handoff message: %v", handoff)
	}
	extra := item(t, s, ConversationWithExtraFields)
	if string(extra["sentiment_score"]) != "0.82" || !strings.HasPrefix(string(extra["summary"]), `"Customer`) {
		t.Errorf("extra fields: %v", extra)
	}
	if v := item(t, s, ConversationOffsetZone); string(v["start_timestamp"]) != `"2025-06-08T14:00:00+02:00"` {
		t.Errorf("offset zone start_timestamp %s", v["start_timestamp"])
	}
}

func TestToolResultsAsSent(t *testing.T) {
	s := newSeeded(t, Options{})
	fields := item(t, s, ConversationWithToolResults)
	if string(fields["start_timestamp"]) != `"2025-06-15T10:00:00.25Z"` {
		t.Errorf("start_timestamp %s", fields["start_timestamp"])
	}
	ms := messages(t, fields)
	var roles, results []string
	for _, m := range ms {
		roles = append(roles, string(m["role"]))
		r, ok := m["result"]
		if !ok {
			r = []byte("absent")
		}
		results = append(results, string(r))
	}
	wantRoles := []string{`"user"`, `"agent"`, `"tool"`, `"tool"`, `"tool"`, `"tool"`, `"tool"`, `"tool"`, `"tool"`, `"agent"`, `"event"`}
	wantResults := []string{"absent", "absent",
		`{"order_id":"4711","status":"shipped","items":[{"sku":"A-1","qty":2}],"tracking_no":9007199254740993}`,
		`["09:00","10:30","14:00"]`, `"queued"`, "42.5", "true", "null", "absent", "absent", "absent"}
	if !slices.Equal(roles, wantRoles) || !slices.Equal(results, wantResults) {
		t.Errorf("roles %v\nresults %v", roles, results)
	}
	if string(ms[2]["message"]) != "null" || string(ms[2]["name"]) != `"lookup_order"` {
		t.Errorf("tool message %v", ms[2])
	}
	if _, ok := ms[8]["timestamp"]; ok || string(ms[8]["name"]) != "null" || string(ms[8]["message"]) != "null" {
		t.Errorf("anonymous tool message %v", ms[8])
	}
	if string(ms[10]["timestamp"]) != "null" {
		t.Errorf("event timestamp %s", ms[10]["timestamp"])
	}
}

func TestEscapesAsSent(t *testing.T) {
	s := newSeeded(t, Options{})
	r := get(t, s, conversationsPath+"?"+url.Values{"conversation_id": {ConversationEscapes}}.Encode())
	for _, raw := range []string{`\"leave it at the door\"\n\tbut`, `\\ <b>really</b> & truly\u2028gone`, "📦"} {
		if !bytes.Contains(r.body, []byte(raw)) {
			t.Errorf("body lacks %s", raw)
		}
	}
	ms := messages(t, item(t, s, ConversationEscapes))
	var text string
	if err := json.Unmarshal(ms[2]["message"], &text); err != nil {
		t.Fatal(err)
	}
	if text != "The driver said \"leave it at the door\"\n\tbut it's not there \\ <b>really</b> & truly\u2028gone" {
		t.Errorf("decoded %q", text)
	}
}

// wire mirrors the JSON of a conversation with Opt fields, so decoding shows every field's state.
type wire struct {
	ConversationID  string                      `json:"conversation_id"`
	Type            string                      `json:"type"`
	Status          string                      `json:"status"`
	StartTimestamp  time.Time                   `json:"start_timestamp"`
	Direction       Opt[string]                 `json:"direction"`
	AgentID         Opt[string]                 `json:"agent_id"`
	AgentName       Opt[string]                 `json:"agent_name"`
	PhoneNumberID   Opt[string]                 `json:"phone_number_id"`
	PhoneNumber     Opt[string]                 `json:"phone_number"`
	ContactNumber   Opt[string]                 `json:"contact_number"`
	DurationSeconds Opt[int64]                  `json:"duration_seconds"`
	Messages        Opt[[]wireMessage]          `json:"messages"`
	Capture         Opt[map[string]Opt[string]] `json:"capture"`
}

type wireMessage struct {
	Role      string               `json:"role"`
	Message   Opt[string]          `json:"message"`
	Name      Opt[string]          `json:"name"`
	Result    Opt[json.RawMessage] `json:"result"`
	Timestamp Opt[time.Time]       `json:"timestamp"`
}

func sameOpt[T comparable](a, b Opt[T]) bool {
	return a.State == b.State && (a.State != Present || a.V == b.V)
}

// TestMarshalRoundTrip decodes every seeded and some generated conversations and compares each
// field's state and value with the data.
func TestMarshalRoundTrip(t *testing.T) {
	for _, c := range append(Seed(now), Generate(50, 6, now)...) {
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		var w wire
		if err := json.Unmarshal(b, &w); err != nil {
			t.Fatalf("%s: %v\n%s", c.ConversationID, err, b)
		}
		if w.ConversationID != c.ConversationID || w.Type != c.Type || w.Status != c.Status ||
			!w.StartTimestamp.Equal(c.StartTimestamp) ||
			!sameOpt(w.Direction, c.Direction) || !sameOpt(w.AgentID, c.AgentID) || !sameOpt(w.AgentName, c.AgentName) ||
			!sameOpt(w.PhoneNumberID, c.PhoneNumberID) || !sameOpt(w.PhoneNumber, c.PhoneNumber) ||
			!sameOpt(w.ContactNumber, c.ContactNumber) || !sameOpt(w.DurationSeconds, c.DurationSeconds) ||
			w.Messages.State != c.Messages.State || w.Capture.State != c.Capture.State ||
			len(w.Messages.V) != len(c.Messages.V) {
			t.Errorf("%s: round trip differs:\n%s", c.ConversationID, b)
			continue
		}
		if c.Capture.State == Present && !sameOpt(w.Capture.V["recording_url"], c.Capture.V.RecordingURL) {
			t.Errorf("%s: capture %s", c.ConversationID, b)
		}
		for i, m := range c.Messages.V {
			wm := w.Messages.V[i]
			if wm.Role != m.Role || !sameOpt(wm.Message, m.Message) || !sameOpt(wm.Name, m.Name) ||
				wm.Result.State != m.Result.State || !bytes.Equal(wm.Result.V, m.Result.V) ||
				wm.Timestamp.State != m.Timestamp.State || !wm.Timestamp.V.Equal(m.Timestamp.V) {
				t.Errorf("%s message %d: round trip differs: %+v vs %+v", c.ConversationID, i, wm, m)
			}
		}
	}
}

func TestOptWithEncodingJSON(t *testing.T) {
	type doc struct {
		A Opt[string] `json:"a,omitzero"`
		B Opt[string] `json:"b,omitzero"`
		C Opt[int]    `json:"c,omitzero"`
	}
	b, err := json.Marshal(doc{B: Null[string](), C: Some(0)})
	if err != nil || string(b) != `{"b":null,"c":0}` {
		t.Fatalf("marshal: %s %v", b, err)
	}
	var d doc
	if err := json.Unmarshal([]byte(`{"b":null,"c":7}`), &d); err != nil {
		t.Fatal(err)
	}
	if d.A.State != Absent || d.B.State != NullState {
		t.Errorf("states %v %v", d.A.State, d.B.State)
	}
	if v, ok := d.C.Get(); !ok || v != 7 {
		t.Errorf("c = %v %v", v, ok)
	}
}
