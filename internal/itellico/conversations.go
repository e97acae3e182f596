package itellico

import (
	"context"
	"encoding/json"
	"io"
	"net/url"
)

// Conversation is one item of the list of conversations, as the API sends
// it. Pointers and nil slices stand for fields that are absent or null;
// enum values are kept as strings so that a value added by the API later
// does not break a read.
type Conversation struct {
	ConversationID  string    `json:"conversation_id"`
	Type            *string   `json:"type"`
	Status          *string   `json:"status"`
	StartTimestamp  *string   `json:"start_timestamp"`
	Direction       *string   `json:"direction"`
	AgentID         *string   `json:"agent_id"`
	AgentName       *string   `json:"agent_name"`
	PhoneNumberID   *string   `json:"phone_number_id"`
	PhoneNumber     *string   `json:"phone_number"`
	ContactNumber   *string   `json:"contact_number"`
	DurationSeconds *int64    `json:"duration_seconds"`
	Messages        []Message `json:"messages"`
	Capture         *Capture  `json:"capture"`
}

// Message is one entry of a transcript. The API discriminates messages by
// role; every role's fields are optional here so that any role decodes.
type Message struct {
	Role      *string `json:"role"`
	Message   *string `json:"message"`
	Timestamp *string `json:"timestamp"`
	Name      *string `json:"name"`
	// Result is a tool message's result: any JSON value, nil when absent
	// and the literal null when the API sends null.
	Result json.RawMessage `json:"result"`
}

// Capture holds what was recorded of a conversation.
type Capture struct {
	RecordingURL *string `json:"recording_url"`
}

// ConversationFilter holds the query filters of the list endpoint; empty
// fields are not sent.
type ConversationFilter struct {
	ConversationID string
	AgentID        string
	Type           string
	Status         string
	Direction      string
	CreatedAfter   string
	CreatedBefore  string
	UpdatedAfter   string
	UpdatedBefore  string
}

// Values returns the filters that are set, named as the API names them.
func (f ConversationFilter) Values() url.Values {
	q := url.Values{}
	for _, p := range [...]struct{ name, value string }{
		{"conversation_id", f.ConversationID},
		{"agent_id", f.AgentID},
		{"type", f.Type},
		{"status", f.Status},
		{"direction", f.Direction},
		{"created_after", f.CreatedAfter},
		{"created_before", f.CreatedBefore},
		{"updated_after", f.UpdatedAfter},
		{"updated_before", f.UpdatedBefore},
	} {
		if p.value != "" {
			q.Set(p.name, p.value)
		}
	}
	return q
}

// ListOptions bounds a list read.
type ListOptions struct {
	// MaxItems stops the read after that many items; 0 reads every match.
	MaxItems int64
}

func conversationKey(c *Conversation) string { return c.ConversationID }

// ListConversations reads every conversation of the account that matches
// filter (GET /v1/accounts/{account_id}/conversations), across all pages.
func (c *Client) ListConversations(ctx context.Context, accountID string, filter ConversationFilter, opts ListOptions) (*List[Conversation], error) {
	l := &lister[Conversation]{
		c:        c,
		path:     "/v1/accounts/" + url.PathEscape(accountID) + "/conversations",
		query:    filter.Values(),
		key:      conversationKey,
		maxItems: opts.MaxItems,
	}
	return l.all(ctx)
}

// DecodeConversationPage decodes and checks one page of the list of
// conversations as the client does with a response body. It is exported
// for fuzzing and benchmarks.
func DecodeConversationPage(r io.Reader, maxBytes int64) (count int64, items []Conversation, err error) {
	var p page[Conversation]
	if f := decodeJSON(r, maxBytes, &p); f != nil {
		return 0, nil, f
	}
	if err := validatePage(&p, conversationKey); err != nil {
		return 0, nil, err
	}
	return *p.Count, p.Items, nil
}
