package itellicotest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Enum values of the API. A Conversation may hold other values too (the real service adds values
// over time); the filters accept only these.
var (
	ConversationTypes    = []string{"phone", "web", "test", "unknown"}
	ConversationStatuses = []string{"in_progress", "completed", "failed", "transferred"}
	Directions           = []string{"inbound", "outbound", "internal"}
)

// Conversation is one ConversationListItem. The required fields are plain values; every optional
// field is an Opt, so absent, null and a value are all representable.
//
// AccountID, CreatedAt and UpdatedAt are never sent. AccountID is the account the conversation
// belongs to: empty means the key's account, else one of its subaccounts. CreatedAt and UpdatedAt
// are what the created_* and updated_* filters compare; both must be set (the server panics on a
// zero one), so that a test can compute what a filter matches from the fields alone.
type Conversation struct {
	ConversationID  string         `json:"conversation_id"`
	Type            string         `json:"type"`
	Status          string         `json:"status"`
	StartTimestamp  time.Time      `json:"start_timestamp"`
	Direction       Opt[string]    `json:"direction,omitzero"`
	AgentID         Opt[string]    `json:"agent_id,omitzero"`
	AgentName       Opt[string]    `json:"agent_name,omitzero"`
	PhoneNumberID   Opt[string]    `json:"phone_number_id,omitzero"`
	PhoneNumber     Opt[string]    `json:"phone_number,omitzero"`
	ContactNumber   Opt[string]    `json:"contact_number,omitzero"`
	DurationSeconds Opt[int64]     `json:"duration_seconds,omitzero"`
	Capture         Opt[Capture]   `json:"capture,omitzero"`
	Messages        Opt[[]Message] `json:"messages,omitzero"` // written last, see MarshalJSON

	// Extra holds fields the provider does not know yet, written after the known ones in key
	// order. Each value must be valid JSON.
	Extra map[string]json.RawMessage `json:"-"`

	AccountID string    `json:"-"`
	CreatedAt time.Time `json:"-"`
	UpdatedAt time.Time `json:"-"`
}

// Capture is the conversation's recording; RecordingURL may itself be absent, null or a URL.
type Capture struct {
	RecordingURL Opt[string] `json:"recording_url,omitzero"`
}

// Message is one entry of a conversation's transcript, a union discriminated by Role: user,
// agent and system carry Message; tool adds Name and Result (any JSON value); event may have a
// null Message. Any other role is passed through as is.
type Message struct {
	Role      string                     `json:"role"`
	Message   Opt[string]                `json:"message,omitzero"`
	Name      Opt[string]                `json:"name,omitzero"`
	Result    Opt[json.RawMessage]       `json:"result,omitzero"` // must be valid JSON when Present
	Timestamp Opt[time.Time]             `json:"timestamp,omitzero"`
	Extra     map[string]json.RawMessage `json:"-"`
}

// MarshalJSON writes the conversation as the API does, Extra included.
//
// The transcript, most of the bytes, is written apart and appended: encoding/json validates again
// every MarshalJSON result it embeds, so a transcript nested in the encoding of the other fields
// would have its text scanned three times more, and a large data set would take seconds to set.
func (c Conversation) MarshalJSON() ([]byte, error) {
	type known Conversation // the same fields, without this method
	k := known(c)
	k.Messages = Opt[[]Message]{}
	b, err := marshal(k)
	if err != nil {
		return nil, err
	}
	if c.Messages.State != Absent {
		b = append(b[:len(b)-1], `,"messages":`...)
		if c.Messages.State == NullState {
			b = append(b, "null"...)
		} else {
			b = append(b, '[')
			for i, m := range c.Messages.V {
				mb, err := m.MarshalJSON()
				if err != nil {
					return nil, fmt.Errorf("message %d: %w", i, err)
				}
				if i > 0 {
					b = append(b, ',')
				}
				b = append(b, mb...)
			}
			b = append(b, ']')
		}
		b = append(b, '}')
	}
	return withExtra(b, c.Extra)
}

// MarshalJSON writes the message as the API does, Extra included.
func (m Message) MarshalJSON() ([]byte, error) {
	type known Message
	b, err := marshal(known(m))
	if err != nil {
		return nil, err
	}
	return withExtra(b, m.Extra)
}

// SetConversations replaces the conversations served. Each Result and Extra value must be valid
// JSON, and CreatedAt and UpdatedAt must be set.
func (s *Server) SetConversations(cs []Conversation) {
	stored := s.encodeConversations(cs)
	s.mu.Lock()
	s.convs = stored
	s.mu.Unlock()
}

// AddConversations adds conversations to the data served, for instance between two pages of a
// listing, as a live account does.
func (s *Server) AddConversations(cs ...Conversation) {
	added := s.encodeConversations(cs)
	s.mu.Lock()
	s.convs = append(s.convs, added...)
	sortConversations(s.convs)
	s.mu.Unlock()
}

// Conversations returns the conversations served, of every account, in the order the API lists
// them (start_timestamp descending, then conversation_id), with AccountID filled in. The values
// share their transcripts with the server: read them, do not modify them.
func (s *Server) Conversations() []Conversation {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return values(s.convs)
}

func (s *Server) encodeConversations(cs []Conversation) []record[Conversation] {
	cs = slices.Clone(cs)
	for i := range cs {
		c := &cs[i]
		if c.CreatedAt.IsZero() || c.UpdatedAt.IsZero() {
			panic(fmt.Sprintf("itellicotest: conversation %s: CreatedAt and UpdatedAt must be set", c.ConversationID))
		}
		if c.AccountID == "" {
			c.AccountID = s.opts.AccountID
		}
	}
	rs := encodeRecords(cs, func(c *Conversation) string { return c.ConversationID })
	sortConversations(rs)
	return rs
}

func sortConversations(rs []record[Conversation]) {
	slices.SortFunc(rs, func(x, y record[Conversation]) int {
		if c := y.v.StartTimestamp.Compare(x.v.StartTimestamp); c != 0 {
			return c
		}
		return strings.Compare(x.v.ConversationID, y.v.ConversationID)
	})
}

// conversationFilter is the parsed query of the conversations endpoint.
type conversationFilter struct {
	conversationID, agentID, typ, status, direction          Opt[string]
	createdAfter, createdBefore, updatedAfter, updatedBefore Opt[time.Time]
}

func (f *conversationFilter) match(c *Conversation) bool {
	if id, ok := f.conversationID.Get(); ok && !strings.EqualFold(c.ConversationID, id) {
		return false
	}
	if want, ok := f.agentID.Get(); ok {
		if id, ok := c.AgentID.Get(); !ok || !strings.EqualFold(id, want) {
			return false
		}
	}
	if t, ok := f.typ.Get(); ok && c.Type != t {
		return false
	}
	if st, ok := f.status.Get(); ok && c.Status != st {
		return false
	}
	if want, ok := f.direction.Get(); ok {
		if d, ok := c.Direction.Get(); !ok || d != want {
			return false
		}
	}
	return notBefore(c.CreatedAt, f.createdAfter) && before(c.CreatedAt, f.createdBefore) &&
		notBefore(c.UpdatedAt, f.updatedAfter) && before(c.UpdatedAt, f.updatedBefore)
}

// notBefore is an inclusive lower bound, before an exclusive upper one; an absent bound passes.
func notBefore(t time.Time, bound Opt[time.Time]) bool {
	b, ok := bound.Get()
	return !ok || !t.Before(b)
}

func before(t time.Time, bound Opt[time.Time]) bool {
	b, ok := bound.Get()
	return !ok || t.Before(b)
}

// listConversations serves the conversations of the path's account and of its subaccounts, or of
// the one subaccount the path names.
func (s *Server) listConversations(c *call) (int, []byte) {
	p := &c.params
	f := conversationFilter{
		conversationID: p.uuid("conversation_id"),
		agentID:        p.uuid("agent_id"),
		typ:            p.enum("type", ConversationTypes),
		status:         p.enum("status", ConversationStatuses),
		direction:      p.enum("direction", Directions),
		createdAfter:   p.time("created_after"),
		createdBefore:  p.time("created_before"),
		updatedAfter:   p.time("updated_after"),
		updatedBefore:  p.time("updated_before"),
	}
	pg := s.pager(c)
	if p.errs != nil {
		return p.failure()
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	for i := range s.convs {
		if r := &s.convs[i]; s.inScope(c.account, r.v.AccountID) && f.match(&r.v) {
			pg.add(r.raw, r.id)
		}
	}
	return http.StatusOK, pg.body(c.fault)
}

// PageBody is the body the API sends for one page of conversations:
// {"count": count, "items": [...]}. Benchmarks and fuzz seeds use it to
// get exactly the server's bytes without a server.
func PageBody(count int, cs []Conversation) []byte {
	pg := pager{limit: len(cs)}
	for _, r := range encodeRecords(cs, func(c *Conversation) string { return c.ConversationID }) {
		pg.add(r.raw, r.id)
	}
	pg.count = count
	return pg.body(None)
}
