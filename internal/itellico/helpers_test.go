package itellico

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// testKey is the API key every test client sends. It is long and unusual so
// that a leak into an error text cannot be a coincidence.
const testKey = "itk_live_7f3c9a1e5b2d4c6a8e0f1b3d5c7a9e2f"

const testUserAgent = "terraform-provider-itellico-test/1.2.3"

// newServer starts a loopback test server that is closed when the test ends.
func newServer(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// newClient returns a client for srv with fast retries; mod may adjust the
// configuration before the client is built.
func newClient(t *testing.T, baseURL string, mod func(*Config)) *Client {
	t.Helper()
	cfg := Config{
		BaseURL:        baseURL,
		APIKey:         testKey,
		UserAgent:      testUserAgent,
		MaxRetries:     2,
		RequestTimeout: 2 * time.Second,
		Concurrency:    4,
		PageSize:       100,
		RetryWaitMin:   time.Millisecond,
		RetryWaitMax:   time.Millisecond,
		MaxRetryAfter:  time.Second,
	}
	if mod != nil {
		mod(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

func testCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// convID is the id of the i-th conversation of a generated data set.
func convID(i int) string { return fmt.Sprintf("c-%04d", i) }

func convItem(id string) map[string]any {
	return map[string]any{
		"conversation_id": id,
		"type":            "phone",
		"status":          "completed",
		"start_timestamp": "2024-05-01T10:00:00Z",
	}
}

// pageBody renders a {count, items} page of the given ids.
func pageBody(count int, ids []string) []byte {
	items := make([]map[string]any, 0, len(ids))
	for _, id := range ids {
		items = append(items, convItem(id))
	}
	b, err := json.Marshal(map[string]any{"count": count, "items": items})
	if err != nil {
		panic(err)
	}
	return b
}

func writeJSON(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func okPage(w http.ResponseWriter, count int, ids ...string) {
	writeJSON(w, http.StatusOK, pageBody(count, ids))
}

func idsOf(items []Conversation) []string {
	out := make([]string, len(items))
	for i := range items {
		out[i] = items[i].ConversationID
	}
	return out
}

func seqIDs(n int) []string {
	var out []string
	for i := 0; i < n; i++ {
		out = append(out, convID(i))
	}
	return out
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// pageReq is one request the paging server received.
type pageReq struct {
	Offset, Limit int
	RawQuery      string
}

// pageServer serves a list of n conversations with limit/offset paging and
// records every request.
type pageServer struct {
	t *testing.T
	// n is how many items exist; count is what the server reports (n when 0).
	n, count int
	// capLimit caps the page size whatever limit is asked (0: no cap).
	capLimit int
	// ignorePaging answers the first page whatever limit/offset say.
	ignorePaging bool
	// ids overrides the generated data (convID(0..n-1)).
	ids []string
	// override may answer a request itself; it returns true when it did.
	// attempt is how many requests for the same offset came before, plus one.
	override func(w http.ResponseWriter, r *http.Request, offset, limit, attempt int) bool
	// delay is slept before every answer.
	delay time.Duration

	mu          sync.Mutex
	reqs        []pageReq
	perOffset   map[int]int
	inflight    int
	maxInflight int
}

func (s *pageServer) start() *httptest.Server {
	s.t.Helper()
	return newServer(s.t, s.serve)
}

func (s *pageServer) serve(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	offset, err1 := strconv.Atoi(q.Get("offset"))
	limit, err2 := strconv.Atoi(q.Get("limit"))
	if err1 != nil || err2 != nil || offset < 0 || limit <= 0 {
		s.t.Errorf("bad paging parameters in %q", r.URL.RawQuery)
		writeJSON(w, http.StatusUnprocessableEntity, []byte(`{"code":"validation_error","message":"bad paging"}`))
		return
	}
	s.mu.Lock()
	s.reqs = append(s.reqs, pageReq{Offset: offset, Limit: limit, RawQuery: r.URL.RawQuery})
	if s.perOffset == nil {
		s.perOffset = map[int]int{}
	}
	s.perOffset[offset]++
	attempt := s.perOffset[offset]
	s.inflight++
	s.maxInflight = max(s.maxInflight, s.inflight)
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.inflight--
		s.mu.Unlock()
	}()
	if s.delay > 0 {
		time.Sleep(s.delay)
	}
	if s.override != nil && s.override(w, r, offset, limit, attempt) {
		return
	}
	ids := s.ids
	if ids == nil {
		ids = seqIDs(s.n)
	}
	count := s.count
	if count == 0 {
		count = len(ids)
	}
	if s.ignorePaging {
		offset, limit = 0, 100
	}
	if s.capLimit > 0 {
		limit = min(limit, s.capLimit)
	}
	lo := min(offset, len(ids))
	hi := min(offset+limit, len(ids))
	okPage(w, count, ids[lo:hi]...)
}

func (s *pageServer) requests() []pageReq {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]pageReq(nil), s.reqs...)
}

func (s *pageServer) offsets() []int {
	var out []int
	for _, r := range s.requests() {
		out = append(out, r.Offset)
	}
	return out
}

// mustNotContainKey fails when text holds the API key or a long piece of it.
func mustNotContainKey(t *testing.T, what, text string) {
	t.Helper()
	const piece = 8
	for i := 0; i+piece <= len(testKey); i++ {
		if strings.Contains(text, testKey[i:i+piece]) {
			t.Errorf("%s leaks the API key (piece %q): %s", what, testKey[i:i+piece], text)
			return
		}
	}
}

func (s *pageServer) attempts(offset int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.perOffset[offset]
}

func contextWithCancelAfter(d time.Duration) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(d, cancel)
	return ctx, cancel
}

// hijack takes over the connection of w, to close it without an answer.
func hijack(w http.ResponseWriter) net.Conn {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(err)
	}
	return conn
}
