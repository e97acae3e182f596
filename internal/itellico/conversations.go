package itellico

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
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

func conversationKey(c *Conversation) string { return c.ConversationID }

// Conversations is the list of the conversations of an account and its
// subaccounts (GET /v1/accounts/{account_id}/conversations). The API has
// no endpoint for one conversation: its conversation_id filter reads one.
func Conversations(account string) ListEndpoint[Conversation] {
	return accountList(account, "conversations", conversationKey)
}

// DecodeConversationPage decodes and checks one page of at most maxItems
// conversations as the client does with a response body. It is exported
// for fuzzing and benchmarks.
func DecodeConversationPage(r io.Reader, maxItems int64) (count int64, items []Conversation, err error) {
	items = []Conversation{}
	count, f := decodeList(r, pageBodyLimit(maxItems), maxItems, conversationKey, func(_ string, c *Conversation) {
		items = append(items, *c)
	})
	if f != nil {
		return 0, nil, f
	}
	return count, items, nil
}

// ConversationSummary is a conversation without the text of its
// transcript: what statistics over conversations need. Decoding one skips
// the messages' text, timestamps and results instead of keeping them.
type ConversationSummary struct {
	ConversationID  string           `json:"conversation_id"`
	Type            *string          `json:"type"`
	Status          *string          `json:"status"`
	StartTimestamp  *string          `json:"start_timestamp"`
	Direction       *string          `json:"direction"`
	AgentID         *string          `json:"agent_id"`
	AgentName       *string          `json:"agent_name"`
	DurationSeconds *int64           `json:"duration_seconds"`
	Messages        []MessageSummary `json:"messages"`
}

// MessageSummary is who spoke a message and, for a tool call, the tool.
type MessageSummary struct {
	Role *string `json:"role"`
	Name *string `json:"name"`
}

// ConversationSummaries is the list of conversations, read as summaries.
func ConversationSummaries(account string) ListEndpoint[ConversationSummary] {
	return accountList(account, "conversations", func(c *ConversationSummary) string { return c.ConversationID })
}

// GetConversation reads one conversation of an account or its
// subaccounts. The API has no endpoint for one conversation: the list is
// asked for the one with this id, with its conversation_id filter. None
// is a *NotFoundError.
//
// The same read in flight is shared; none is kept. Callers must not change
// the conversation, which other callers may hold.
func (c *Client) GetConversation(ctx context.Context, account, id string) (*Conversation, error) {
	query := url.Values{"conversation_id": {id}}
	return shared(ctx, c, Conversations(account).Path, query, nil, func(ctx context.Context) (*Conversation, error) {
		return c.getConversation(ctx, account, query)
	})
}

func (c *Client) getConversation(ctx context.Context, account string, query url.Values) (*Conversation, error) {
	id := query.Get("conversation_id")
	var found *Conversation
	res, err := List(ctx, c, Conversations(account), query, ListOptions{MaxItems: 1}, asDecoded[Conversation],
		func(cv *Conversation) { found = cv })
	switch {
	case err != nil:
		return nil, err
	case found != nil:
		return found, nil
	case res.Count > 0:
		return nil, &ResponseError{StatusCode: http.StatusOK, Reason: fmt.Sprintf("the API counted %d conversations "+
			"with id %s but sent none", res.Count, id)}
	}
	return nil, &NotFoundError{What: "conversation", ID: id, In: fmt.Sprintf("account %q or its subaccounts", account)}
}

// asDecoded is List's conversion that hands each item on as it was
// decoded.
func asDecoded[T any](item *T) *T { return item }
