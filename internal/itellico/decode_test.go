package itellico

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

func decodeString(t *testing.T, body string) (int64, []Conversation) {
	t.Helper()
	count, items, err := DecodeConversationPage(strings.NewReader(body), 100)
	if err != nil {
		t.Fatalf("DecodeConversationPage: %v", err)
	}
	return count, items
}

func strp(p *string) string {
	if p == nil {
		return "<nil>"
	}
	return *p
}

func TestDecodeFullItem(t *testing.T) {
	t.Parallel()
	count, items := decodeString(t, `{"count": 7, "items": [{
		"conversation_id": "3f1a", "type": "phone", "status": "completed",
		"start_timestamp": "2024-05-01T10:00:00Z", "direction": "outbound",
		"agent_id": "ag-1", "agent_name": "Front desk", "phone_number_id": "pn-1",
		"phone_number": "+4930123456", "contact_number": "+4917012345", "duration_seconds": 93,
		"messages": [{"role": "agent", "message": "Hello", "timestamp": "2024-05-01T10:00:01Z"}],
		"capture": {"recording_url": "https://rec.example/1.mp3"}}]}`)
	if count != 7 || len(items) != 1 {
		t.Fatalf("count %d, %d items", count, len(items))
	}
	c := items[0]
	got := []string{c.ConversationID, strp(c.Type), strp(c.Status), strp(c.StartTimestamp), strp(c.Direction),
		strp(c.AgentID), strp(c.AgentName), strp(c.PhoneNumberID), strp(c.PhoneNumber), strp(c.ContactNumber)}
	want := []string{"3f1a", "phone", "completed", "2024-05-01T10:00:00Z", "outbound",
		"ag-1", "Front desk", "pn-1", "+4930123456", "+4917012345"}
	if !slicesEqual(got, want) {
		t.Errorf("fields = %q, want %q", got, want)
	}
	if c.DurationSeconds == nil || *c.DurationSeconds != 93 {
		t.Errorf("DurationSeconds = %v", c.DurationSeconds)
	}
	if c.Capture == nil || strp(c.Capture.RecordingURL) != "https://rec.example/1.mp3" {
		t.Errorf("Capture = %+v", c.Capture)
	}
	if len(c.Messages) != 1 || strp(c.Messages[0].Role) != "agent" || strp(c.Messages[0].Message) != "Hello" ||
		strp(c.Messages[0].Timestamp) != "2024-05-01T10:00:01Z" || c.Messages[0].Name != nil || c.Messages[0].Result != nil {
		t.Errorf("Messages = %+v", c.Messages)
	}
}

func TestDecodeNullVersusAbsent(t *testing.T) {
	t.Parallel()
	_, items := decodeString(t, `{"count": 3, "items": [
		{"conversation_id": "null", "type": null, "status": null, "start_timestamp": null, "direction": null,
		 "agent_id": null, "agent_name": null, "phone_number_id": null, "phone_number": null,
		 "contact_number": null, "duration_seconds": null, "messages": null, "capture": null},
		{"conversation_id": "absent"},
		{"conversation_id": "zero", "agent_name": "", "duration_seconds": 0, "messages": [],
		 "capture": {"recording_url": null}}]}`)
	if len(items) != 3 {
		t.Fatalf("%d items", len(items))
	}
	for _, c := range items[:2] {
		for name, p := range map[string]*string{"type": c.Type, "status": c.Status, "start_timestamp": c.StartTimestamp,
			"direction": c.Direction, "agent_id": c.AgentID, "agent_name": c.AgentName, "phone_number_id": c.PhoneNumberID,
			"phone_number": c.PhoneNumber, "contact_number": c.ContactNumber} {
			if p != nil {
				t.Errorf("%s: %s = %q, want nil", c.ConversationID, name, *p)
			}
		}
		if c.DurationSeconds != nil || c.Messages != nil || c.Capture != nil {
			t.Errorf("%s: duration %v, messages %#v, capture %+v; want all nil", c.ConversationID, c.DurationSeconds, c.Messages, c.Capture)
		}
	}
	z := items[2]
	if z.AgentName == nil || *z.AgentName != "" {
		t.Errorf("agent_name \"\" = %v, want a pointer to the empty string", z.AgentName)
	}
	if z.DurationSeconds == nil || *z.DurationSeconds != 0 {
		t.Errorf("duration_seconds 0 = %v, want a pointer to 0", z.DurationSeconds)
	}
	if z.Messages == nil || len(z.Messages) != 0 {
		t.Errorf("messages [] = %#v, want an empty non-nil slice", z.Messages)
	}
	if z.Capture == nil || z.Capture.RecordingURL != nil {
		t.Errorf("capture {recording_url: null} = %+v", z.Capture)
	}
}

func TestDecodeToolResults(t *testing.T) {
	t.Parallel()
	_, items := decodeString(t, `{"count": 1, "items": [{"conversation_id": "c", "messages": [
		{"role": "tool", "name": "lookup", "message": null, "result": {"a": [1, 2], "b": {"c": null}}},
		{"role": "tool", "name": "list", "result": [1, "two", {"three": 3}]},
		{"role": "tool", "name": "say", "result": "plain \u00e4 text"},
		{"role": "tool", "name": "sum", "result": -12.5e3},
		{"role": "tool", "name": "flag", "result": true},
		{"role": "tool", "name": "none", "result": null},
		{"role": "tool", "name": "absent"}]}]}`)
	msgs := items[0].Messages
	want := []struct {
		name, result string
		nilResult    bool
	}{
		{"lookup", `{"a": [1, 2], "b": {"c": null}}`, false},
		{"list", `[1, "two", {"three": 3}]`, false},
		{"say", `"plain \u00e4 text"`, false},
		{"sum", `-12.5e3`, false},
		{"flag", `true`, false},
		{"none", `null`, false},
		{"absent", ``, true},
	}
	if len(msgs) != len(want) {
		t.Fatalf("%d messages, want %d", len(msgs), len(want))
	}
	for i, w := range want {
		m := msgs[i]
		if strp(m.Name) != w.name || strp(m.Role) != "tool" {
			t.Errorf("message %d: role %q name %q", i, strp(m.Role), strp(m.Name))
		}
		if string(m.Result) != w.result || (m.Result == nil) != w.nilResult {
			t.Errorf("message %d (%s): Result = %q (nil %v), want %q (nil %v)", i, w.name, m.Result, m.Result == nil, w.result, w.nilResult)
		}
	}
	if msgs[0].Message != nil {
		t.Errorf("tool message null = %q, want nil", *msgs[0].Message)
	}
}

func TestDecodeUnknownValuesPassThrough(t *testing.T) {
	t.Parallel()
	_, items := decodeString(t, `{"count": 1, "items": [{"conversation_id": "c", "type": "video", "status": "queued",
		"direction": "sideways", "new_field": {"nested": [1]}, "capture": {"recording_url": "u", "transcript_url": "t"},
		"messages": [{"role": "observer", "message": "seen", "confidence": 0.9},
		             {"role": "event", "message": null, "timestamp": "2024-05-01T10:00:00Z"},
		             {"message": "no role"}]}]}`)
	c := items[0]
	if strp(c.Type) != "video" || strp(c.Status) != "queued" || strp(c.Direction) != "sideways" {
		t.Errorf("type %q status %q direction %q", strp(c.Type), strp(c.Status), strp(c.Direction))
	}
	if len(c.Messages) != 3 || strp(c.Messages[0].Role) != "observer" || strp(c.Messages[0].Message) != "seen" ||
		strp(c.Messages[1].Role) != "event" || c.Messages[1].Message != nil || c.Messages[2].Role != nil {
		t.Errorf("Messages = %+v", c.Messages)
	}
}

func TestDecodeNonASCII(t *testing.T) {
	t.Parallel()
	_, items := decodeString(t, `{"count": 1, "items": [{"conversation_id": "ü-1", "agent_name": "Grüß Gott 👋 日本語",
		"messages": [{"role": "user", "message": "caf\u00e9 \ud83d\ude00 \u65e5"}]}]}`)
	c := items[0]
	if c.ConversationID != "ü-1" || strp(c.AgentName) != "Grüß Gott 👋 日本語" {
		t.Errorf("id %q agent_name %q", c.ConversationID, strp(c.AgentName))
	}
	if got := strp(c.Messages[0].Message); got != "café 😀 日" {
		t.Errorf("message = %q", got)
	}
}

func TestDecodeRefusals(t *testing.T) {
	t.Parallel()
	cases := []struct{ body, want string }{
		{`{"count": 1, "items": [{"type": "phone"}]}`, "item 0 has no id"},
		{`{"count": 2, "items": [{"conversation_id": "a"}, {"conversation_id": null}]}`, "item 1 has no id"},
		{`{"count": 1, "items": [{"conversation_id": ""}]}`, "item 0 has no id"},
		{`{"count": 0, "items": []} garbage`, "the body is not valid JSON: unexpected data after the JSON value"},
		{`{"count": 0, "items": []}{}`, "the body is not valid JSON: unexpected data after the JSON value"},
		{`{"count": 0, "items": []}]`, "the body is not valid JSON: unexpected data after the JSON value"},
		{`{"count": 0, "items": [`, "the JSON ends early, after 23 bytes"},
		{`{"count": 0, "items": []`, "the JSON ends early, after 24 bytes"},
		{`{"items": []}`, `the JSON has no "count"`},
		{`{"count": 0}`, `the JSON has no "items" list`},
		{`{"count": -5, "items": []}`, `"count" is negative (-5)`},
		{`{"count": 1, "items": [{"conversation_id": 5}]}`, `item 0: field "conversation_id" should be string, got a JSON number`},
		{`{"count": 2, "items": [{"conversation_id": "a"}, {"conversation_id": "b", "messages": {}}]}`,
			`item 1: field "messages" should be []itellico.Message, got a JSON object`},
		{`{"count": 1, "items": [{"conversation_id": "a", "duration_seconds": "93"}]}`, `item 0: field "duration_seconds" should be int64, got a JSON string`},
		{`{"count": 99999999999999999999, "items": []}`, `field "count" should be an integer, got a JSON number 99999999999999999999`},
		{`{"count": 1, "count": -1, "items": []}`, `"count" is negative (-1)`},
		{`{"count": 1, "items": [{"conversation_id": "a"}], "items": null}`, `expected "items" as a list, got null`},
		{``, "the body is empty"},
		{`   `, "the JSON ends early, after 3 bytes"},
		{`null`, `expected a JSON object, got null`},
		{`{"count": 1, "items": [1]}`, `item 0: expected itellico.Conversation, got a JSON number`},
		{`{"count": 1, "items": [{"conversation_id": "a"}, ]}`, `the body is not valid JSON: invalid character ']' looking for beginning of value`},
		{`{"count": 1 "items": []}`, `the body is not valid JSON: invalid character '"' after object key:value pair`},
	}
	for _, tc := range cases {
		count, items, err := DecodeConversationPage(strings.NewReader(tc.body), 100)
		if err == nil {
			t.Errorf("%q: decoded (count %d, %d items), want an error", tc.body, count, len(items))
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: err = %q, want it to contain %q", tc.body, err, tc.want)
		}
		if count != 0 || items != nil {
			t.Errorf("%q: count %d, items %v alongside an error", tc.body, count, items)
		}
	}
}

func TestDecodeTrailingWhitespaceAccepted(t *testing.T) {
	t.Parallel()
	count, items := decodeString(t, " \n\t{\"count\": 1, \"items\": [{\"conversation_id\": \"a\"}]} \r\n\n")
	if count != 1 || len(items) != 1 {
		t.Errorf("count %d, %d items", count, len(items))
	}
}

func TestDecodeReadErrorIsRetryable(t *testing.T) {
	t.Parallel()
	body := `{"count": 1, "items": [{"conversation_id": "a"`
	boom := errors.New("connection reset by peer")
	r := io.MultiReader(strings.NewReader(body), iotest.ErrReader(boom))
	_, _, err := DecodeConversationPage(r, 100)
	var f *decodeFailure
	if !errors.As(err, &f) {
		t.Fatalf("err = %T %v", err, err)
	}
	if !f.retryable || !errors.Is(f.err, boom) {
		t.Errorf("failure = %+v, want retryable wrapping the read error", f)
	}
	want := "the body was cut short after 46 bytes: connection reset by peer"
	if f.reason != want {
		t.Errorf("reason = %q, want %q", f.reason, want)
	}
	// A syntax error is the server's answer, not a network fault.
	_, _, err = DecodeConversationPage(strings.NewReader(`{"count": 1 "items": []}`), 100)
	if !errors.As(err, &f) || f.retryable {
		t.Errorf("syntax error: %+v", f)
	}
}

// Members may come in any order, count after items; members other than
// count and items are skipped, whatever they hold.
func TestDecodeMembersInAnyOrder(t *testing.T) {
	t.Parallel()
	for _, body := range []string{
		`{"items": [{"conversation_id": "a"}, {"conversation_id": "b"}], "count": 7}`,
		`{"next": null, "items": [{"conversation_id": "a"}, {"conversation_id": "b"}], "meta": {"items": [{"x": 1}], "count": -1}, "count": 7, "links": ["u", 2, true]}`,
		`{"count": 7, "debug": "{\"count\": 1}", "items": [{"conversation_id": "a"}, {"conversation_id": "b"}]}`,
	} {
		count, items := decodeString(t, body)
		if count != 7 || len(items) != 2 || items[0].ConversationID != "a" || items[1].ConversationID != "b" {
			t.Errorf("%s: count %d, %d items", body, count, len(items))
		}
	}
}

// A page with more items than were asked for comes from a server that
// ignores limit: the items asked for are kept, the surplus dropped.
func TestDecodeSurplusItemsDropped(t *testing.T) {
	t.Parallel()
	body := itellicotest.PageBody(250, generated(100))
	count, items, err := DecodeConversationPage(bytes.NewReader(body), 40)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range items {
		ids = append(ids, c.ConversationID)
	}
	if count != 250 || !slicesEqual(ids, generatedIDs(40)) {
		t.Errorf("count %d, %d items; want 250 and the first 40", count, len(items))
	}
	// The surplus is still JSON to get through, not anything at all.
	_, _, err = DecodeConversationPage(strings.NewReader(`{"count": 2, "items": [{"conversation_id": "a"}, {"conversation_id": ]}`), 1)
	if err == nil {
		t.Error("a broken surplus item was accepted")
	}
	// Zero items asked for: every item is surplus.
	count, items, err = DecodeConversationPage(strings.NewReader(`{"count": 2, "items": [{"conversation_id": "a"}, {}]}`), 0)
	if err != nil || count != 2 || items == nil || len(items) != 0 {
		t.Errorf("maxItems 0: count %d, items %v, err %v", count, items, err)
	}
}

// A page's body is bounded: exactly the bound is accepted and one byte more
// refused, padding and unknown members included, as too large (which makes
// the pager ask for smaller pages), not as a fault to retry.
func TestDecodeBodyLimit(t *testing.T) {
	t.Parallel()
	// pad makes a page of exactly size bytes, with white space or an
	// unknown member.
	pad := func(size int, member bool) string {
		head, tail := `{"count": 1, "items": [{"conversation_id": "a"}]`, `}`
		if member {
			head += `, "pad": "`
			tail = `"}`
		}
		return head + strings.Repeat(" ", size-len(head)-len(tail)) + tail
	}
	const limit = 300
	for _, member := range []bool{false, true} {
		for _, tc := range []struct {
			size int
			ok   bool
		}{{limit - 1, true}, {limit, true}, {limit + 1, false}, {limit + 10_000, false}} {
			body := pad(tc.size, member)
			var n int
			count, f := decodeList(strings.NewReader(body), limit, 10, conversationKey, func(string, *Conversation) { n++ })
			switch {
			case tc.ok && (f != nil || count != 1 || n != 1):
				t.Errorf("%d bytes (bound %d): count %d, %d items, %v", tc.size, limit, count, n, f)
			case !tc.ok && (f == nil || f.reason != "the body exceeds the limit of 300 bytes" || !f.tooLarge || f.retryable):
				t.Errorf("%d bytes (bound %d): failure %+v, want too large", tc.size, limit, f)
			}
		}
	}
	// A page of n items may take pageBodyLimit(n) bytes.
	if got := byteSize(pageBodyLimit(2)); got != "4160 KiB" {
		t.Errorf("pageBodyLimit(2) = %s", got)
	}
	body := `{"count": 0,` + strings.Repeat(" ", int(pageBodyLimit(0))) + `"items": []}`
	if _, _, err := DecodeConversationPage(strings.NewReader(body), 0); err == nil || err.Error() != "the body exceeds the limit of 4 MiB" {
		t.Errorf("a body over pageBodyLimit(0): err = %v", err)
	}
}

// One item may not exceed MaxItemBytes, however the body arrives, even
// when the page's bound would allow it.
func TestDecodeItemTooLarge(t *testing.T) {
	t.Parallel()
	// item is an item of size bytes, mostly white space.
	item := func(size int64) string {
		head, tail := `{"conversation_id": "big",`, `"type": "web"}`
		return head + strings.Repeat(" ", int(size)-len(head)-len(tail)) + tail
	}
	const maxItems = 100 // a bound of 7.2 MiB for the body
	readers := map[string]func(string) io.Reader{
		"whole":        func(s string) io.Reader { return strings.NewReader(s) },
		"64 KiB reads": func(s string) io.Reader { return &chunked{r: strings.NewReader(s), n: 64 << 10} },
	}
	for name, reader := range readers {
		for _, tc := range []struct {
			size int64
			ok   bool
		}{
			{MaxItemBytes - 1024, name == "whole"}, // once is enough
			{MaxItemBytes + 256<<10, false},
		} {
			if tc.ok != (tc.size < MaxItemBytes) {
				continue
			}
			body := `{"count": 2, "items": [{"conversation_id": "small"}, ` + item(tc.size) + `]}`
			count, items, err := DecodeConversationPage(reader(body), maxItems)
			if tc.ok {
				if err != nil || count != 2 || len(items) != 2 || items[1].Type == nil {
					t.Errorf("%s: an item of %d bytes: count %d, %d items, err %v", name, tc.size, count, len(items), err)
				}
				continue
			}
			var f *decodeFailure
			if !errors.As(err, &f) || !f.tooLarge || f.reason != "an item exceeds the limit of 4 MiB" {
				t.Errorf("%s: an item of %d bytes (limit %d): err = %v, want it refused as too large", name, tc.size, MaxItemBytes, err)
			}
		}
	}
}

// chunked reads at most n bytes at a time, as a connection does.
type chunked struct {
	r io.Reader
	n int
}

func (c *chunked) Read(p []byte) (int, error) { return c.r.Read(p[:min(len(p), c.n)]) }

// An object that is not a list (one account, an agent) is bounded by
// MaxItemBytes as a whole.
func TestDecodeValueLimit(t *testing.T) {
	t.Parallel()
	var a Account
	body := `{"id": "a",` + strings.Repeat(" ", int(MaxItemBytes)) + `"name": "x"}`
	f := decodeValue(strings.NewReader(body), MaxItemBytes, &a)
	if f == nil || !f.tooLarge || f.reason != "the body exceeds the limit of 4 MiB" {
		t.Errorf("failure = %+v", f)
	}
	if f := decodeValue(strings.NewReader(`{"id": "a"}`), MaxItemBytes, &a); f != nil || a.ID != "a" {
		t.Errorf("a small account: %+v, %v", a, f)
	}
}
