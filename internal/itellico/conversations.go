package itellico

import (
	"encoding/json"
	"io"
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
	p, err := accountPath(account)
	return ListEndpoint[Conversation]{Path: p + "/conversations", Key: conversationKey, err: err}
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
	p, err := accountPath(account)
	return ListEndpoint[ConversationSummary]{Path: p + "/conversations",
		Key: func(c *ConversationSummary) string { return c.ConversationID }, err: err}
}
