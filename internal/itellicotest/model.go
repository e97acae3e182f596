package itellicotest

import (
	"encoding/json"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"
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
// Its zero value is absent, so a struct literal only names the fields it sends.
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
	return json.Marshal(o.V)
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
	ConversationID  string
	Type            string
	Status          string
	StartTimestamp  time.Time
	Direction       Opt[string]
	AgentID         Opt[string]
	AgentName       Opt[string]
	PhoneNumberID   Opt[string]
	PhoneNumber     Opt[string]
	ContactNumber   Opt[string]
	DurationSeconds Opt[int64]
	Messages        Opt[[]Message]
	Capture         Opt[Capture]

	// Extra holds fields the provider does not know yet, written after the known ones in key
	// order. Each value must be valid JSON.
	Extra map[string]json.RawMessage

	CreatedAt time.Time
	UpdatedAt time.Time
}

// Capture is the conversation's recording; RecordingURL may itself be absent, null or a URL.
type Capture struct {
	RecordingURL Opt[string]
}

// Message is one entry of a conversation's transcript, a union discriminated by Role: user,
// agent and system carry Message; tool adds Name and Result (any JSON value); event may have a
// null Message. Any other role is passed through as is.
type Message struct {
	Role      string
	Message   Opt[string]
	Name      Opt[string]
	Result    Opt[json.RawMessage] // must be valid JSON when Present
	Timestamp Opt[time.Time]
	Extra     map[string]json.RawMessage
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

// MarshalJSON writes the conversation as the API does.
func (c Conversation) MarshalJSON() ([]byte, error) { return c.appendJSON(nil), nil }

// MarshalJSON writes the message as the API does.
func (m Message) MarshalJSON() ([]byte, error) { return m.appendJSON(nil), nil }

// The server writes conversations with these hand-written appenders rather than reflection:
// a page of a thousand conversations is written on every request of a benchmark. The output is
// what encoding/json writes with SetEscapeHTML(false).

func (c *Conversation) appendJSON(b []byte) []byte {
	b = append(b, `{"conversation_id":`...)
	b = appendString(b, c.ConversationID)
	b = append(b, `,"type":`...)
	b = appendString(b, c.Type)
	b = append(b, `,"status":`...)
	b = appendString(b, c.Status)
	b = append(b, `,"start_timestamp":`...)
	b = appendTime(b, c.StartTimestamp)
	b = appendOptString(b, "direction", c.Direction)
	b = appendOptString(b, "agent_id", c.AgentID)
	b = appendOptString(b, "agent_name", c.AgentName)
	b = appendOptString(b, "phone_number_id", c.PhoneNumberID)
	b = appendOptString(b, "phone_number", c.PhoneNumber)
	b = appendOptString(b, "contact_number", c.ContactNumber)
	if b = appendKey(b, "duration_seconds", c.DurationSeconds.State); c.DurationSeconds.State == Present {
		b = strconv.AppendInt(b, c.DurationSeconds.V, 10)
	}
	if b = appendKey(b, "messages", c.Messages.State); c.Messages.State == Present {
		b = append(b, '[')
		for i := range c.Messages.V {
			if i > 0 {
				b = append(b, ',')
			}
			b = c.Messages.V[i].appendJSON(b)
		}
		b = append(b, ']')
	}
	if b = appendKey(b, "capture", c.Capture.State); c.Capture.State == Present {
		b = append(b, '{')
		if u := c.Capture.V.RecordingURL; u.State != Absent {
			b = append(b, `"recording_url":`...)
			b = appendOptValue(b, u)
		}
		b = append(b, '}')
	}
	b = appendExtra(b, c.Extra)
	return append(b, '}')
}

func (m *Message) appendJSON(b []byte) []byte {
	b = append(b, '{')
	if m.Message.State != Absent {
		b = append(b, `"message":`...)
		b = appendOptValue(b, m.Message)
		b = append(b, ',')
	}
	b = append(b, `"role":`...)
	b = appendString(b, m.Role)
	b = appendOptString(b, "name", m.Name)
	if b = appendKey(b, "result", m.Result.State); m.Result.State == Present {
		b = append(b, m.Result.V...)
	}
	if b = appendKey(b, "timestamp", m.Timestamp.State); m.Timestamp.State == Present {
		b = appendTime(b, m.Timestamp.V)
	}
	b = appendExtra(b, m.Extra)
	return append(b, '}')
}

// appendKey writes `,"key":` for a field that is not absent, and `null` for a null one; the
// caller then writes a present value.
func appendKey(b []byte, key string, s State) []byte {
	if s == Absent {
		return b
	}
	b = append(b, ',', '"')
	b = append(b, key...)
	b = append(b, '"', ':')
	if s == NullState {
		b = append(b, "null"...)
	}
	return b
}

func appendOptString(b []byte, key string, o Opt[string]) []byte {
	if b = appendKey(b, key, o.State); o.State == Present {
		b = appendString(b, o.V)
	}
	return b
}

func appendOptValue(b []byte, o Opt[string]) []byte {
	if o.State != Present {
		return append(b, "null"...)
	}
	return appendString(b, o.V)
}

func appendExtra(b []byte, extra map[string]json.RawMessage) []byte {
	if len(extra) == 0 {
		return b
	}
	keys := make([]string, 0, len(extra))
	for k := range extra {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		b = append(b, ',')
		b = appendString(b, k)
		b = append(b, ':')
		b = append(b, extra[k]...)
	}
	return b
}

func appendTime(b []byte, t time.Time) []byte {
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"')
}

const hexDigits = "0123456789abcdef"

// appendString writes s as a JSON string, escaping like encoding/json without HTML escaping:
// quotes, backslashes, control characters, U+2028/U+2029, and invalid UTF-8 as U+FFFD.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
