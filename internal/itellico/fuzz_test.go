package itellico

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// FuzzDecodeConversationPage feeds arbitrary bodies to the page decoder. It
// must never panic; what it accepts must be one JSON value with a count
// that is not negative and at most the items asked for, all with an id.
func FuzzDecodeConversationPage(f *testing.F) {
	f.Add([]byte(`{"count": 2, "items": [{"conversation_id": "a", "type": "phone"}, {"conversation_id": "b"}]}`))
	f.Add([]byte(`{"count": 0, "items": []}`))
	f.Add([]byte(`{"count": 1, "items": [{"conversation_id": "a", "messages": [{"role": "tool", "result": {"x": [1]}}]}]}`))
	f.Add([]byte(`{"count": 1, "items": [{"conversation_id": "a"`))
	f.Add([]byte(`{"data": []}`))
	f.Add([]byte(`{"items": [{"conversation_id": "a"}, {"conversation_id": "b"}, {"conversation_id": "c"}, {"conversation_id": "d"}, {"x": 1}], "count": 5}`))
	f.Add([]byte(`{"count": 1, "next": {"items": null}, "items": [{"conversation_id": "a", "messages": null}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		const maxItems = 4
		count, items, err := DecodeConversationPage(bytes.NewReader(data), maxItems)
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
		if len(items) > maxItems {
			t.Fatalf("handed on %d items, more than the %d asked for", len(items), maxItems)
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
		count2, items2, err2 := DecodeConversationPage(bytes.NewReader(data), maxItems)
		if err2 != nil || count2 != count || len(items2) != len(items) {
			t.Fatalf("second decode differs: %d/%d items, count %d/%d, err %v", len(items), len(items2), count, count2, err2)
		}
	})
}

// The committed corpus still means what its names say: the valid pages
// decode, the others are refused.
func TestFuzzCorpusStillDecodes(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("testdata", "fuzz", "FuzzDecodeConversationPage")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	valid := map[string]int{"empty_list": 0, "nulls": 1, "tool_results": 1, "valid_page": 2}
	for _, e := range entries {
		raw, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.SplitN(strings.TrimSpace(string(raw)), "\n", 2)
		if len(lines) != 2 || lines[0] != "go test fuzz v1" || !strings.HasPrefix(lines[1], "[]byte(") {
			t.Errorf("%s: not a corpus file", e.Name())
			continue
		}
		data, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(lines[1], "[]byte("), ")"))
		if err != nil {
			t.Errorf("%s: %v", e.Name(), err)
			continue
		}
		_, items, err := DecodeConversationPage(strings.NewReader(data), 4)
		if n, ok := valid[e.Name()]; ok {
			if err != nil || len(items) != n {
				t.Errorf("%s: %d items, err %v; want %d and no error", e.Name(), len(items), err, n)
			}
			delete(valid, e.Name())
		} else if err == nil {
			t.Errorf("%s: accepted", e.Name())
		}
	}
	if len(valid) != 0 {
		t.Errorf("corpus files missing: %v", valid)
	}
}
