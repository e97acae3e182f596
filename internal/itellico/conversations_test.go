package itellico

import (
	"net/url"
	"testing"
	"time"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

func wantConversation(t *testing.T, c itellicotest.Conversation) Conversation {
	t.Helper()
	return Conversation{
		ConversationID:  c.ConversationID,
		Type:            ptrTo(c.Type),
		Status:          ptrTo(c.Status),
		StartTimestamp:  ptrTo(c.StartTimestamp.Format(time.RFC3339Nano)),
		Direction:       optPtr(c.Direction),
		AgentID:         optPtr(c.AgentID),
		AgentName:       optPtr(c.AgentName),
		PhoneNumberID:   optPtr(c.PhoneNumberID),
		PhoneNumber:     optPtr(c.PhoneNumber),
		ContactNumber:   optPtr(c.ContactNumber),
		DurationSeconds: optPtr(c.DurationSeconds),
		Messages: optSlice(c.Messages, func(m itellicotest.Message) Message {
			return Message{Role: ptrTo(m.Role), Message: optPtr(m.Message), Timestamp: optTime(m.Timestamp),
				Name: optPtr(m.Name), Result: optRaw(t, m.Result)}
		}),
		Capture: optObj(c.Capture, func(cp itellicotest.Capture) Capture {
			return Capture{RecordingURL: optPtr(cp.RecordingURL)}
		}),
	}
}

// Every seeded conversation (every field absent, null or set, unknown
// roles, types and fields, tool results of every JSON kind) decodes field
// by field, in the API's order.
func TestConversationsDecodeEveryField(t *testing.T) {
	t.Parallel()
	srv, c := standIn(t, itellicotest.Options{}, func(c *Config) { c.PageSize = 10 })
	var got []Conversation
	res, err := List(testCtx(t), c, Conversations(account), nil, ListOptions{}, func(cv *Conversation) Conversation { return *cv },
		func(cv Conversation) { got = append(got, cv) })
	if err != nil {
		t.Fatal(err)
	}
	var want []Conversation
	for _, cv := range srv.Conversations() {
		want = append(want, wantConversation(t, cv))
	}
	if len(want) != itellicotest.SeedSize || res.Count != int64(len(want)) || res.Read != res.Count || res.Shortfall != nil {
		t.Errorf("result %+v, %d conversations seeded", res, len(want))
	}
	checkDecoded(t, "the conversations", got, want)
	if len(srv.Requests()) != 5 {
		t.Errorf("requests = %d, want 5 pages of 10", len(srv.Requests()))
	}
}

// A filter reads one conversation: the API has no endpoint for one.
func TestConversationByID(t *testing.T) {
	t.Parallel()
	srv, c := standIn(t, itellicotest.Options{}, nil)
	ids, res, err := readConversations(testCtx(t), c, url.Values{"conversation_id": {itellicotest.ConversationWithToolResults}}, ListOptions{})
	if err != nil || len(ids) != 1 || ids[0] != itellicotest.ConversationWithToolResults || res.Count != 1 {
		t.Errorf("ids %v, result %+v, err %v", ids, res, err)
	}
	if n := len(srv.Requests()); n != 1 {
		t.Errorf("requests = %d, want 1", n)
	}
}

// Summaries keep who spoke and the tools called, and the fields statistics
// need.
func TestConversationSummaries(t *testing.T) {
	t.Parallel()
	srv, c := standIn(t, itellicotest.Options{}, nil)
	var got []ConversationSummary
	if _, err := List(testCtx(t), c, ConversationSummaries(account), nil, ListOptions{},
		func(s *ConversationSummary) ConversationSummary { return *s }, func(s ConversationSummary) { got = append(got, s) }); err != nil {
		t.Fatal(err)
	}
	var want []ConversationSummary
	for _, cv := range srv.Conversations() {
		w := wantConversation(t, cv)
		s := ConversationSummary{ConversationID: w.ConversationID, Type: w.Type, Status: w.Status, StartTimestamp: w.StartTimestamp,
			Direction: w.Direction, AgentID: w.AgentID, AgentName: w.AgentName, DurationSeconds: w.DurationSeconds}
		if w.Messages != nil {
			s.Messages = []MessageSummary{}
			for _, m := range w.Messages {
				s.Messages = append(s.Messages, MessageSummary{Role: m.Role, Name: m.Name})
			}
		}
		want = append(want, s)
	}
	checkDecoded(t, "the summaries", got, want)
}
