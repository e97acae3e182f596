package itellico

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzDecodeConversationPage feeds arbitrary bodies to the page decoder. It
// must never panic; what it accepts must be one JSON value with a count
// that is not negative and items that all have an id.
func FuzzDecodeConversationPage(f *testing.F) {
	f.Add([]byte(`{"count": 2, "items": [{"conversation_id": "a", "type": "phone"}, {"conversation_id": "b"}]}`))
	f.Add([]byte(`{"count": 0, "items": []}`))
	f.Add([]byte(`{"count": 1, "items": [{"conversation_id": "a", "messages": [{"role": "tool", "result": {"x": [1]}}]}]}`))
	f.Add([]byte(`{"count": 1, "items": [{"conversation_id": "a"`))
	f.Add([]byte(`{"data": []}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		const limit = 1 << 16
		count, items, err := DecodeConversationPage(bytes.NewReader(data), limit)
		if err != nil {
			if count != 0 || items != nil {
				t.Fatalf("error %v with count %d and %d items", err, count, len(items))
			}
			if err.Error() == "" {
				t.Fatal("error with an empty message")
			}
			return
		}
		if count < 0 {
			t.Fatalf("accepted a negative count %d", count)
		}
		if items == nil {
			t.Fatal("accepted a page without items")
		}
		for i := range items {
			if items[i].ConversationID == "" {
				t.Fatalf("item %d has an empty ConversationID", i)
			}
			for j, m := range items[i].Messages {
				if m.Result != nil && !json.Valid(m.Result) {
					t.Fatalf("item %d message %d: Result %q is not JSON", i, j, m.Result)
				}
			}
		}
		if !json.Valid(data) {
			t.Fatalf("accepted a body that is not one JSON value: %q", data)
		}
		// Decoding is deterministic.
		count2, items2, err2 := DecodeConversationPage(bytes.NewReader(data), limit)
		if err2 != nil || count2 != count || len(items2) != len(items) {
			t.Fatalf("second decode differs: %d/%d items, count %d/%d, err %v", len(items), len(items2), count, count2, err2)
		}
	})
}
