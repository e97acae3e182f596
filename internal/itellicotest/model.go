package itellicotest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"
)

// State says how an optional field appears in JSON.
type State uint8

const (
	// Absent leaves the field out of the JSON object; it is the zero value.
	Absent State = iota
	// NullState writes the field as JSON null.
	NullState
	// Present writes the field's value.
	Present
)

// Opt is an optional, nullable field: absent from the JSON object, JSON null, or a value.
// Its zero value is absent, so a struct literal only names the fields it sends. Every Opt field
// of this package is tagged omitzero, which leaves an absent one out.
type Opt[T any] struct {
	V     T
	State State
}

// Some is a field holding v.
func Some[T any](v T) Opt[T] { return Opt[T]{V: v, State: Present} }

// Null is a field sent as JSON null.
func Null[T any]() Opt[T] { return Opt[T]{State: NullState} }

// Get returns the value and whether there is one (neither absent nor null).
func (o Opt[T]) Get() (T, bool) { return o.V, o.State == Present }

// IsZero reports an absent field, so that encoding/json's omitzero leaves it out.
func (o Opt[T]) IsZero() bool { return o.State == Absent }

// MarshalJSON writes null for an absent or null field, else the value.
func (o Opt[T]) MarshalJSON() ([]byte, error) {
	if o.State != Present {
		return []byte("null"), nil
	}
	return marshal(o.V)
}

// UnmarshalJSON reads null as NullState and anything else as a value; a field missing from the
// object is never visited and stays Absent.
func (o *Opt[T]) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*o = Opt[T]{State: NullState}
		return nil
	}
	o.State = Present
	return json.Unmarshal(b, &o.V)
}

// marshal writes v as the service does: without a trailing newline, and without the HTML
// escaping of json.Marshal (the service sends <, > and & as they are). A MarshalJSON method
// must use it too: encoding/json keeps what such a method returns, escapes included.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// mustMarshal is marshal for values the package builds itself, which always encode.
func mustMarshal(v any) []byte {
	b, err := marshal(v)
	if err != nil {
		panic(fmt.Sprintf("itellicotest: marshal %T: %v", v, err))
	}
	return b
}

// withExtra adds the fields of extra, in key order, at the end of the JSON object obj, which
// has at least one field.
func withExtra(obj []byte, extra map[string]json.RawMessage) ([]byte, error) {
	if len(extra) == 0 {
		return obj, nil
	}
	b := obj[:len(obj)-1]
	for _, k := range slices.Sorted(maps.Keys(extra)) {
		key, err := marshal(k)
		if err != nil {
			return nil, err
		}
		var value bytes.Buffer
		if err := json.Compact(&value, extra[k]); err != nil {
			return nil, fmt.Errorf("extra field %q: %w", k, err)
		}
		b = append(append(append(append(b, ','), key...), ':'), value.Bytes()...)
	}
	return append(b, '}'), nil
}

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
// CreatedAt and UpdatedAt are never sent: they are what the created_* and updated_* filters compare.
// A zero CreatedAt means StartTimestamp; a zero UpdatedAt means CreatedAt.
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

// Agent is one item of the agents endpoint.
type Agent struct {
	ID         string      `json:"id"`
	Name       string      `json:"name"`
	Tags       []string    `json:"tags"`
	Note       Opt[string] `json:"note,omitzero"`
	IsArchived bool        `json:"is_archived"`
	Created    time.Time   `json:"created"`
	Modified   time.Time   `json:"modified"`
}

func (c *Conversation) created() time.Time {
	if c.CreatedAt.IsZero() {
		return c.StartTimestamp
	}
	return c.CreatedAt
}

func (c *Conversation) updated() time.Time {
	if c.UpdatedAt.IsZero() {
		return c.created()
	}
	return c.UpdatedAt
}
