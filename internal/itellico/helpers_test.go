package itellico

import (
	"cmp"
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

// testKey is the API key of every test: long and unusual, so that a leak
// into an error text cannot be a coincidence.
const testKey = "itk_live_7f3c9a1e5b2d4c6a8e0f1b3d5c7a9e2f"

const testUserAgent = "terraform-provider-itellico-test/1.2.3"

// account is the stand-in's account for the test key.
const account = itellicotest.DefaultAccountID

// genNow is the clock of generated conversations.
var genNow = time.Date(2025, time.June, 1, 12, 0, 0, 0, time.UTC)

// newClient returns a client for baseURL with fast retries and short
// waits; mod may adjust the configuration first.
func newClient(t *testing.T, baseURL string, mod func(*Config)) *Client {
	t.Helper()
	cfg := Config{
		BaseURL:               baseURL,
		APIKey:                testKey,
		UserAgent:             testUserAgent,
		MaxRetries:            2,
		RequestTimeout:        5 * time.Second,
		MaxConcurrentRequests: 4,
		PageSize:              100,
		MaxRateLimitWait:      5 * time.Second,
		RetryWaitMin:          time.Millisecond,
		RetryWaitMax:          time.Millisecond,
		MaxRetryAfter:         time.Second,
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
	ctx, cancel := context.WithTimeout(t.Context(), 15*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// withKey gives opts the test key unless it names another.
func withKey(opts itellicotest.Options) itellicotest.Options {
	opts.APIKey = cmp.Or(opts.APIKey, testKey)
	return opts
}

// standIn starts the stand-in API and returns it with a client for it.
func standIn(t *testing.T, opts itellicotest.Options, mod func(*Config)) (*itellicotest.Server, *Client) {
	t.Helper()
	srv := itellicotest.NewHTTPTest(t, withKey(opts))
	return srv, newClient(t, srv.URL(), mod)
}

// frontFunc sees a request before the stand-in (next) does: it answers
// it itself, or passes it on, possibly changed.
type frontFunc func(w http.ResponseWriter, r *http.Request, next http.Handler)

// front starts the stand-in behind h and returns it with its URL. It is
// for what the stand-in cannot do by itself: a redirect, a body of an exact
// shape, an extra header, or a request held back.
func front(t *testing.T, opts itellicotest.Options, h frontFunc) (*itellicotest.Server, string) {
	t.Helper()
	s := itellicotest.New(withKey(opts))
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h(w, r, s) }))
	t.Cleanup(func() { s.Close(); ts.Close() })
	return s, ts.URL
}

// frontClient is front and a client for it.
func frontClient(t *testing.T, opts itellicotest.Options, h frontFunc, mod func(*Config)) (*itellicotest.Server, *Client) {
	t.Helper()
	s, u := front(t, opts, h)
	return s, newClient(t, u, mod)
}

// writeBody answers with body, as JSON unless headers say otherwise
// (name, value pairs).
func writeBody(w http.ResponseWriter, status int, body string, headers ...string) {
	w.Header().Set("Content-Type", "application/json")
	for i := 0; i+1 < len(headers); i += 2 {
		w.Header().Set(headers[i], headers[i+1])
	}
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

// script answers the i-th request (from 0) with steps[i]; a nil step, and
// every request after the last step, goes to the stand-in.
func script(steps ...func(w http.ResponseWriter, r *http.Request)) frontFunc {
	var mu sync.Mutex
	n := 0
	return func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		mu.Lock()
		i := n
		n++
		mu.Unlock()
		if i < len(steps) && steps[i] != nil {
			steps[i](w, r)
			return
		}
		next.ServeHTTP(w, r)
	}
}

// reply is a script step that answers status with body and headers.
func reply(status int, body string, headers ...string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, _ *http.Request) { writeBody(w, status, body, headers...) }
}

// arrival is a request as a tracker saw it.
type arrival struct {
	at            time.Time
	path          string
	offset, limit string
}

// tracker records when requests arrive and how many are in flight at once.
type tracker struct {
	mu          sync.Mutex
	arrivals    []arrival
	inFlight    int
	maxInFlight int
}

// serve records r, then passes it to next.
func (tr *tracker) serve(w http.ResponseWriter, r *http.Request, next http.Handler) {
	tr.enter(r)
	defer tr.leave()
	next.ServeHTTP(w, r)
}

func (tr *tracker) enter(r *http.Request) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	q := r.URL.Query()
	tr.arrivals = append(tr.arrivals, arrival{at: time.Now(), path: r.URL.Path, offset: q.Get("offset"), limit: q.Get("limit")})
	tr.inFlight++
	tr.maxInFlight = max(tr.maxInFlight, tr.inFlight)
}

func (tr *tracker) leave() {
	tr.mu.Lock()
	tr.inFlight--
	tr.mu.Unlock()
}

func (tr *tracker) current() int {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return tr.inFlight
}

func (tr *tracker) max() int {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return tr.maxInFlight
}

func (tr *tracker) all() []arrival {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return append([]arrival(nil), tr.arrivals...)
}

// generated returns n conversations of the key's account, newest first.
func generated(n int) []itellicotest.Conversation { return itellicotest.Generate(n, 1, genNow) }

// generatedIDs are the ids of generated(n), in the API's order.
func generatedIDs(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = itellicotest.GeneratedConversationID(i)
	}
	return ids
}

// readConversations lists the conversations of the key's account and
// returns their ids in the order they were handed on.
func readConversations(ctx context.Context, c *Client, query url.Values, opts ListOptions) ([]string, *ListResult, error) {
	ids := []string{}
	res, err := List(ctx, c, Conversations(account), query, opts,
		func(cv *Conversation) string { return cv.ConversationID }, func(id string) { ids = append(ids, id) })
	return ids, res, err
}

// pagesAsked lists the offset/limit of every list request of srv, in
// arrival order.
func pagesAsked(srv *itellicotest.Server) []string {
	var out []string
	for _, r := range srv.Requests() {
		out = append(out, r.Query.Get("offset")+"/"+r.Query.Get("limit"))
	}
	return out
}

// mustNotContainKey fails when text holds the API key or a piece of it.
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

// waitFor polls cond until it holds or d passes, and reports whether it held.
func waitFor(d time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(time.Millisecond)
	}
	return true
}

// limitOf is b's limit on requests in flight.
func limitOf(b *budget) float64 {
	limit, _ := b.state()
	return limit
}
