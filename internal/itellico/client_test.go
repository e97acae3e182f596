package itellico

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

func TestRequestHeaders(t *testing.T) {
	t.Parallel()
	srv, c := standIn(t, itellicotest.Options{}, nil)
	if _, err := c.CurrentAccount(testCtx(t)); err != nil {
		t.Fatal(err)
	}
	reqs := srv.Requests()
	if len(reqs) != 1 {
		t.Fatalf("requests = %d, want 1", len(reqs))
	}
	h := reqs[0].Header
	if reqs[0].Method != http.MethodGet {
		t.Errorf("method = %s, want GET", reqs[0].Method)
	}
	for name, want := range map[string]string{
		"X-API-Key":  testKey,
		"User-Agent": testUserAgent,
		"Accept":     "application/json",
	} {
		if v := h.Values(name); len(v) != 1 || v[0] != want {
			t.Errorf("header %s = %q, want exactly [%q]", name, v, want)
		}
	}
	if v := h.Get("Authorization"); v != "" {
		t.Errorf("unexpected Authorization header %q", v)
	}
}

func TestHeadersSentOnEveryAttempt(t *testing.T) {
	t.Parallel()
	srv, c := standIn(t, itellicotest.Options{
		Faults: itellicotest.Sequence(itellicotest.Unavailable, itellicotest.ConnReset),
	}, nil)
	if _, _, err := readConversations(testCtx(t), c, nil, ListOptions{}); err != nil {
		t.Fatal(err)
	}
	reqs := srv.Requests()
	if len(reqs) != 3 {
		t.Fatalf("requests = %d, want 3", len(reqs))
	}
	for i, r := range reqs {
		got := r.Header.Get("X-API-Key") + "|" + r.Header.Get("User-Agent") + "|" + r.Header.Get("Accept")
		if want := testKey + "|" + testUserAgent + "|application/json"; got != want {
			t.Errorf("attempt %d headers = %q, want %q", i+1, got, want)
		}
	}
}

// The caller's query goes with every page, with limit and offset added, and
// the caller's url.Values is left as it was.
func TestQuerySentOnEveryPage(t *testing.T) {
	t.Parallel()
	srv, c := standIn(t, itellicotest.Options{Conversations: generated(250)}, nil)
	query := url.Values{"type": {"phone"}, "created_after": {"2020-01-01T00:00:00+01:00"}}
	before := query.Encode()
	ids, res, err := readConversations(testCtx(t), c, query, ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, cv := range srv.Conversations() {
		if cv.Type == "phone" {
			want++
		}
	}
	if len(ids) != want || res.Count != int64(want) || res.Shortfall != nil {
		t.Errorf("read %d of count %d (shortfall %v), want %d phone conversations", len(ids), res.Count, res.Shortfall, want)
	}
	reqs := srv.Requests()
	if len(reqs) < 2 {
		t.Fatalf("requests = %d, want several pages", len(reqs))
	}
	for _, r := range reqs {
		if r.Query.Get("type") != "phone" || r.Query.Get("created_after") != "2020-01-01T00:00:00+01:00" || len(r.Query) != 4 {
			t.Errorf("request %d query = %v", r.N, r.Query)
		}
	}
	if reqs[0].Query.Encode() != "created_after=2020-01-01T00%3A00%3A00%2B01%3A00&limit=100&offset=0&type=phone" {
		t.Errorf("first query = %q", reqs[0].Query.Encode())
	}
	if query.Encode() != before {
		t.Errorf("the caller's query changed: %q, was %q", query.Encode(), before)
	}
}

func TestNoQuerySendsOnlyPaging(t *testing.T) {
	t.Parallel()
	srv, c := standIn(t, itellicotest.Options{}, func(c *Config) { c.PageSize = 25 })
	if _, _, err := readConversations(testCtx(t), c, nil, ListOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := srv.Requests()[0].Query.Encode(); got != "limit=25&offset=0" {
		t.Errorf("query = %q, want %q", got, "limit=25&offset=0")
	}
}

func TestAccountIDPath(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, base, account   string
		wantPath, wantEscaped string
		wantStatus            int
	}{
		{"id", "", account, "/v1/accounts/" + account + "/agents", "/v1/accounts/" + account + "/agents", 0},
		{"me", "", "me", "/v1/accounts/me/agents", "/v1/accounts/me/agents", 0},
		{"base path with trailing slash", "/api/", "me", "/api/v1/accounts/me/agents", "/api/v1/accounts/me/agents", 0},
		// An id with a slash, a space and a question mark stays one path
		// segment and is not escaped twice.
		{"escaped", "", "acc/1 x?y", "/v1/accounts/acc/1 x?y/agents", "/v1/accounts/acc%2F1%20x%3Fy/agents", http.StatusForbidden},
		{"percent", "", "50%", "/v1/accounts/50%/agents", "/v1/accounts/50%25/agents", http.StatusForbidden},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var mu sync.Mutex
			var gotPath, gotEscaped, gotQuery string
			_, c := frontClient(t, itellicotest.Options{}, func(w http.ResponseWriter, r *http.Request, next http.Handler) {
				mu.Lock()
				gotPath, gotEscaped, gotQuery = r.URL.Path, r.URL.EscapedPath(), r.URL.RawQuery
				mu.Unlock()
				if strings.HasPrefix(r.URL.Path, "/api/") {
					next = http.StripPrefix("/api", next)
				}
				next.ServeHTTP(w, r)
			}, func(c *Config) { c.BaseURL += tc.base })
			_, err := List(testCtx(t), c, Agents(tc.account), nil, ListOptions{}, func(a *Agent) string { return a.ID }, func(string) {})
			var apiErr *APIError
			switch {
			case tc.wantStatus == 0 && err != nil:
				t.Fatal(err)
			case tc.wantStatus != 0 && (!errors.As(err, &apiErr) || apiErr.StatusCode != tc.wantStatus):
				t.Fatalf("err = %v, want HTTP %d", err, tc.wantStatus)
			}
			mu.Lock()
			defer mu.Unlock()
			if gotEscaped != tc.wantEscaped {
				t.Errorf("escaped path = %q, want %q", gotEscaped, tc.wantEscaped)
			}
			if gotPath != tc.wantPath {
				t.Errorf("path = %q, want %q", gotPath, tc.wantPath)
			}
			if gotQuery != "limit=100&offset=0" {
				t.Errorf("query = %q (the account id must not leak into the query)", gotQuery)
			}
		})
	}
}

func TestParseBaseURL(t *testing.T) {
	t.Parallel()
	ok := []struct{ raw, want string }{
		{"https://api.itellico.ai", "https://api.itellico.ai"},
		{"https://api.itellico.ai/", "https://api.itellico.ai"},
		{"https://api.itellico.ai/base///", "https://api.itellico.ai/base"},
		{"https://example.com:8443/prefix", "https://example.com:8443/prefix"},
		{"http://localhost:8080", "http://localhost:8080"},
		{"http://LocalHost:8080/", "http://LocalHost:8080"},
		{"http://127.0.0.1:9000", "http://127.0.0.1:9000"},
		{"http://127.0.0.5", "http://127.0.0.5"},
		{"http://[::1]:8080/", "http://[::1]:8080"},
	}
	for _, tc := range ok {
		u, err := ParseBaseURL(tc.raw)
		if err != nil {
			t.Errorf("ParseBaseURL(%q): %v", tc.raw, err)
			continue
		}
		if u.String() != tc.want {
			t.Errorf("ParseBaseURL(%q) = %q, want %q", tc.raw, u.String(), tc.want)
		}
	}

	bad := []struct{ raw, wantMsg string }{
		{"http://api.itellico.ai", "clear text"},
		{"http://10.0.0.1:8080", "clear text"},
		{"http://0.0.0.0:8080", "clear text"},
		{"http://localhost.example.com", "clear text"},
		{"http://127.0.0.1.nip.io", "clear text"},
		{"/v1", "must be absolute"},
		{"api.itellico.ai", "must be absolute"},
		{"https://user:hunter2@api.itellico.ai", "must not contain credentials"},
		{"https://user@api.itellico.ai", "must not contain credentials"},
		{"ftp://api.itellico.ai", "must use https"},
		{"https://api.itellico.ai/?x=1", "must not have a query or fragment"},
		{"https://api.itellico.ai/#frag", "must not have a query or fragment"},
		{"https://api.itellico.ai/%zz", "is not a URL"},
	}
	for _, tc := range bad {
		u, err := ParseBaseURL(tc.raw)
		if err == nil {
			t.Errorf("ParseBaseURL(%q) = %v, want an error", tc.raw, u)
			continue
		}
		if !strings.Contains(err.Error(), tc.wantMsg) {
			t.Errorf("ParseBaseURL(%q) error = %q, want it to mention %q", tc.raw, err, tc.wantMsg)
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("ParseBaseURL(%q) error repeats the password: %q", tc.raw, err)
		}
	}
	_, err := ParseBaseURL("http://api.itellico.ai")
	for _, want := range []string{"plain http", "not loopback", "use https"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("plain-http error %q does not mention %q", err, want)
		}
	}
}

func TestIsLoopbackHost(t *testing.T) {
	t.Parallel()
	for host, want := range map[string]bool{
		"localhost": true, "LOCALHOST": true, "127.0.0.1": true, "127.255.255.254": true, "::1": true,
		"0.0.0.0": false, "10.1.2.3": false, "api.itellico.ai": false, "localhost.example": false, "": false,
	} {
		if got := IsLoopbackHost(host); got != want {
			t.Errorf("IsLoopbackHost(%q) = %v, want %v", host, got, want)
		}
	}
}

func TestNewValidatesConfig(t *testing.T) {
	t.Parallel()
	if _, err := New(Config{BaseURL: "https://api.itellico.ai"}); err == nil || err.Error() != "an API key is required" {
		t.Errorf("New without key: err = %v", err)
	}
	if _, err := New(Config{APIKey: testKey, MaxRetries: -1}); err == nil || !strings.Contains(err.Error(), "must not be negative, got -1") {
		t.Errorf("New with MaxRetries -1: err = %v", err)
	}
	if _, err := New(Config{APIKey: testKey, BaseURL: "http://api.itellico.ai"}); err == nil || !strings.Contains(err.Error(), "clear text") {
		t.Errorf("New with plain-http public URL: err = %v", err)
	}
	c, err := New(Config{APIKey: testKey})
	if err != nil {
		t.Fatal(err)
	}
	if c.baseURL.String() != DefaultBaseURL {
		t.Errorf("default base URL = %q", c.baseURL)
	}
	if c.maxInFlight != DefaultMaxConcurrentRequests || c.pageSize != DefaultPageSize || c.maxRateLimitWait != DefaultMaxRateLimitWait {
		t.Errorf("defaults: max in flight %d, page size %d, max rate-limit wait %v", c.maxInFlight, c.pageSize, c.maxRateLimitWait)
	}
	if c.retryWaitMin != 500*time.Millisecond || c.retryWaitMax != 8*time.Second {
		t.Errorf("default backoff %v to %v, want 500ms to 8s", c.retryWaitMin, c.retryWaitMax)
	}
	if got := limitOf(c.budget); got != initialInFlight {
		t.Errorf("initial in-flight limit = %v, want %d", got, initialInFlight)
	}
	if c.http.HTTPClient.Timeout != DefaultRequestTimeout {
		t.Errorf("default request timeout = %v", c.http.HTTPClient.Timeout)
	}
	if c.http.RetryMax != 0 {
		t.Errorf("MaxRetries 0 gave RetryMax %d, want 0 (no retries)", c.http.RetryMax)
	}
	if c.pageLimit("/v1/accounts/me/agents") != DefaultPageSize {
		t.Errorf("page limit of a list never read = %d", c.pageLimit("/v1/accounts/me/agents"))
	}
	// A limit below the adaptive start is the limit from the start.
	small, err := New(Config{APIKey: testKey, MaxConcurrentRequests: 2})
	if err != nil {
		t.Fatal(err)
	}
	if got := limitOf(small.budget); got != 2 {
		t.Errorf("in-flight limit with MaxConcurrentRequests 2 = %v", got)
	}
}

func TestZeroMaxRetriesMakesOneAttempt(t *testing.T) {
	t.Parallel()
	srv, c := standIn(t, itellicotest.Options{Faults: itellicotest.Always(itellicotest.Unavailable)},
		func(c *Config) { c.MaxRetries = 0 })
	_, err := c.CurrentAccount(testCtx(t))
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Attempts != 1 || apiErr.StatusCode != 503 {
		t.Fatalf("err = %v, want *APIError 503 after 1 attempt", err)
	}
	if n := len(srv.Requests()); n != 1 {
		t.Errorf("requests = %d, want 1", n)
	}
}

// Two reads of different lists learn their page sizes apart.
func TestPageLimitPerPath(t *testing.T) {
	t.Parallel()
	srv, c := standIn(t, itellicotest.Options{Conversations: generated(150), Agents: manyAgents(30), PageCap: 20},
		func(c *Config) { c.PageSize = 1000 })
	if _, _, err := readConversations(testCtx(t), c, nil, ListOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := c.pageLimit(Conversations(account).Path); got != 20 {
		t.Errorf("conversations page limit = %d, want 20", got)
	}
	if got := c.pageLimit(Agents(account).Path); got != 1000 {
		t.Errorf("agents page limit = %d, want 1000: nothing was learned of it", got)
	}
	srv.ResetRequests()
	if _, err := List(testCtx(t), c, Agents(account), nil, ListOptions{}, func(a *Agent) string { return a.ID }, func(string) {}); err != nil {
		t.Fatal(err)
	}
	if got := pagesAsked(srv); !slices.Equal(got[:1], []string{"0/1000"}) {
		t.Errorf("agents pages = %v, want 0/1000 first", got)
	}
}
