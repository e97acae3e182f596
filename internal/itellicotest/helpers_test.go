package itellicotest

import (
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"testing"
	"time"
)

// now is the moment the tests' seed is relative to.
var now = time.Date(2025, time.June, 15, 12, 0, 0, 0, time.UTC)

const testKey = "test-api-key"

var conversationsPath = "/v1/accounts/" + DefaultAccountID + "/conversations"

// newSeeded serves the seed relative to now, with now as the server's clock, unless opts says
// otherwise.
func newSeeded(t *testing.T, opts Options) *Server {
	t.Helper()
	if opts.Now == nil {
		opts.Now = func() time.Time { return now }
	}
	return NewHTTPTest(t, opts)
}

type response struct {
	status int
	header http.Header
	body   []byte
}

// noKeepAlive is a client whose every request opens a new connection, so that a fault that breaks
// a connection is seen as such and not retried by the transport on another one.
var noKeepAlive = &http.Client{
	Timeout:   10 * time.Second,
	Transport: &http.Transport{DisableKeepAlives: true},
}

func getWith(t *testing.T, c *http.Client, s *Server, key, pathAndQuery string) response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, s.URL()+pathAndQuery, nil)
	if err != nil {
		t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("X-API-Key", key)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", pathAndQuery, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: read body: %v", pathAndQuery, err)
	}
	return response{resp.StatusCode, resp.Header, body}
}

func get(t *testing.T, s *Server, pathAndQuery string) response {
	t.Helper()
	return getWith(t, http.DefaultClient, s, testKey, pathAndQuery)
}

// list is a {count, items} answer with the ids of its items.
type list struct {
	Count int               `json:"count"`
	Items []json.RawMessage `json:"items"`
	ids   []string
}

func decodeList(t *testing.T, r response) list {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("status %d, want 200: %s", r.status, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
	var l list
	if err := json.Unmarshal(r.body, &l); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
	if l.Items == nil {
		t.Fatalf("items missing or null: %s", r.body)
	}
	for _, it := range l.Items {
		var item struct {
			ConversationID string `json:"conversation_id"`
			ID             string `json:"id"`
		}
		if err := json.Unmarshal(it, &item); err != nil {
			t.Fatal(err)
		}
		l.ids = append(l.ids, item.ConversationID+item.ID)
	}
	return l
}

// decode reads a 200 answer into v.
func decode(t *testing.T, r response, v any) {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("status %d, want 200: %s", r.status, r.body)
	}
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

// fields reads a 200 answer holding one object into its fields as sent.
func fields(t *testing.T, r response) map[string]json.RawMessage {
	t.Helper()
	var f map[string]json.RawMessage
	decode(t, r, &f)
	return f
}

func decodeError(t *testing.T, r response, status int, code string) ErrorBody {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
	var e ErrorBody
	if err := json.Unmarshal(r.body, &e); err != nil {
		t.Fatalf("decode error %s: %v", r.body, err)
	}
	if e.Code != code || e.Message == "" {
		t.Errorf("error body %s, want code %q and a message", r.body, code)
	}
	return e
}

// errorFields are the fields a 422 names, in order.
func errorFields(e ErrorBody) []string {
	var fs []string
	for _, f := range e.Errors {
		fs = append(fs, f.Field)
	}
	return fs
}

// seedIDs are the ids of the seeded conversations numbered idx, in the API's order: the seed is
// numbered newest first, and 21 and 22, which start at the same moment, come in id order.
func seedIDs(idx ...int) []string {
	ids := make([]string, len(idx))
	for i, n := range idx {
		ids[i] = SeedConversationID(n)
	}
	if a := slices.Index(idx, 21); a >= 0 && a+1 < len(idx) && idx[a+1] == 22 && ids[a+1] < ids[a] {
		ids[a], ids[a+1] = ids[a+1], ids[a]
	}
	return ids
}

// span is from, from+1, …, to.
func span(from, to int) []int {
	var s []int
	for i := from; i <= to; i++ {
		s = append(s, i)
	}
	return s
}

// except is span(1, SeedSize) without the given numbers.
func except(idx ...int) []int {
	return slices.DeleteFunc(span(1, SeedSize), func(i int) bool { return slices.Contains(idx, i) })
}

// accountPath is the path of an endpoint of account (an id or "me").
func accountPath(account, endpoint string) string { return "/v1/accounts/" + account + "/" + endpoint }

func assertIDs(t *testing.T, got list, want []string) {
	t.Helper()
	if got.Count != len(want) || !slices.Equal(got.ids, want) {
		t.Errorf("count %d, ids\n%v\nwant count %d, ids\n%v", got.Count, got.ids, len(want), want)
	}
}

func do(t *testing.T, req *http.Request) response {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{resp.StatusCode, resp.Header, body}
}
