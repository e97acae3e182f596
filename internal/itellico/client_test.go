package itellico

import (
	"errors"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
)

func TestRequestHeaders(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var got []http.Header
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r.Header.Clone())
		mu.Unlock()
		if r.Method != http.MethodGet {
			t.Errorf("method = %s, want GET", r.Method)
		}
		okPage(w, 1, "c-1")
	})
	c := newClient(t, srv.URL, nil)
	if _, err := c.ListConversations(testCtx(t), "acc_1", ConversationFilter{}, ListOptions{}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Fatalf("requests = %d, want 1", len(got))
	}
	h := got[0]
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
	var mu sync.Mutex
	var keys []string
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		keys = append(keys, r.Header.Get("X-API-Key")+"|"+r.Header.Get("User-Agent")+"|"+r.Header.Get("Accept"))
		n := len(keys)
		mu.Unlock()
		if n < 3 {
			writeJSON(w, http.StatusServiceUnavailable, []byte(`{"code":"service_unavailable","message":"busy"}`))
			return
		}
		okPage(w, 0)
	})
	c := newClient(t, srv.URL, nil)
	if _, err := c.ListConversations(testCtx(t), "acc_1", ConversationFilter{}, ListOptions{}); err != nil {
		t.Fatal(err)
	}
	want := testKey + "|" + testUserAgent + "|application/json"
	if len(keys) != 3 {
		t.Fatalf("requests = %d, want 3", len(keys))
	}
	for i, k := range keys {
		if k != want {
			t.Errorf("attempt %d headers = %q, want %q", i+1, k, want)
		}
	}
}

func TestOnlySetFiltersAreSent(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var queries []string
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		queries = append(queries, r.URL.RawQuery)
		mu.Unlock()
		okPage(w, 1, "c-1")
	})
	c := newClient(t, srv.URL, nil)
	f := ConversationFilter{
		AgentID:      "6f1c2a4e-3b5d-4c7e-9f10-123456789abc",
		Status:       "completed",
		CreatedAfter: "2024-01-01T00:00:00+01:00",
	}
	if _, err := c.ListConversations(testCtx(t), "acc_1", f, ListOptions{}); err != nil {
		t.Fatal(err)
	}
	want := "agent_id=6f1c2a4e-3b5d-4c7e-9f10-123456789abc&created_after=2024-01-01T00%3A00%3A00%2B01%3A00&limit=100&offset=0&status=completed"
	if len(queries) != 1 || queries[0] != want {
		t.Fatalf("queries = %q, want [%q]", queries, want)
	}
	q, _ := url.ParseQuery(queries[0])
	if got := q.Get("created_after"); got != "2024-01-01T00:00:00+01:00" {
		t.Errorf("created_after decoded = %q", got)
	}
}

func TestNoFiltersSendsOnlyPaging(t *testing.T) {
	t.Parallel()
	var raw string
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		raw = r.URL.RawQuery
		okPage(w, 0)
	})
	c := newClient(t, srv.URL, func(c *Config) { c.PageSize = 25 })
	if _, err := c.ListConversations(testCtx(t), "acc_1", ConversationFilter{}, ListOptions{}); err != nil {
		t.Fatal(err)
	}
	if raw != "limit=25&offset=0" {
		t.Errorf("query = %q, want %q", raw, "limit=25&offset=0")
	}
}

func TestConversationFilterValues(t *testing.T) {
	t.Parallel()
	if v := (ConversationFilter{}).Values(); v == nil || len(v) != 0 {
		t.Errorf("empty filter Values() = %#v, want an empty non-nil map", v)
	}
	full := ConversationFilter{
		ConversationID: "id1", AgentID: "ag1", Type: "phone", Status: "failed", Direction: "inbound",
		CreatedAfter: "ca", CreatedBefore: "cb", UpdatedAfter: "ua", UpdatedBefore: "ub",
	}
	want := url.Values{
		"conversation_id": {"id1"}, "agent_id": {"ag1"}, "type": {"phone"}, "status": {"failed"},
		"direction": {"inbound"}, "created_after": {"ca"}, "created_before": {"cb"},
		"updated_after": {"ua"}, "updated_before": {"ub"},
	}
	if got := full.Values(); !reflect.DeepEqual(got, want) {
		t.Errorf("Values() = %v, want %v", got, want)
	}
	if got := (ConversationFilter{Direction: "outbound"}).Values().Encode(); got != "direction=outbound" {
		t.Errorf("Values().Encode() = %q", got)
	}
}

func TestAccountIDPath(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, base, account   string
		wantPath, wantEscaped string
	}{
		{"plain", "", "acc_123", "/v1/accounts/acc_123/conversations", "/v1/accounts/acc_123/conversations"},
		{"me", "", "me", "/v1/accounts/me/conversations", "/v1/accounts/me/conversations"},
		{"base path with trailing slash", "/api/", "acc_123", "/api/v1/accounts/acc_123/conversations", "/api/v1/accounts/acc_123/conversations"},
		// An id with a slash, a space and a question mark must stay one
		// path segment and must not be escaped twice.
		{"escaped", "", "acc/1 x?y", "/v1/accounts/acc/1 x?y/conversations", "/v1/accounts/acc%2F1%20x%3Fy/conversations"},
		{"percent", "", "50%", "/v1/accounts/50%/conversations", "/v1/accounts/50%25/conversations"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var gotPath, gotEscaped, gotQuery string
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				gotPath, gotEscaped, gotQuery = r.URL.Path, r.URL.EscapedPath(), r.URL.RawQuery
				okPage(w, 0)
			})
			c := newClient(t, srv.URL+tc.base, nil)
			if _, err := c.ListConversations(testCtx(t), tc.account, ConversationFilter{}, ListOptions{}); err != nil {
				t.Fatal(err)
			}
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
	// The plain-http refusal must say why and what is allowed.
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
	if c.concurrency != DefaultConcurrency || c.pageSize != DefaultPageSize || c.maxBodyBytes != DefaultMaxBodyBytes {
		t.Errorf("defaults: concurrency %d, page size %d, max body %d", c.concurrency, c.pageSize, c.maxBodyBytes)
	}
	if c.http.HTTPClient.Timeout != DefaultRequestTimeout {
		t.Errorf("default request timeout = %v", c.http.HTTPClient.Timeout)
	}
	if c.http.RetryMax != 0 {
		t.Errorf("MaxRetries 0 gave RetryMax %d, want 0 (no retries)", c.http.RetryMax)
	}
}

func TestZeroMaxRetriesMakesOneAttempt(t *testing.T) {
	t.Parallel()
	var n int
	var mu sync.Mutex
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		n++
		mu.Unlock()
		writeJSON(w, http.StatusServiceUnavailable, []byte(`{"code":"service_unavailable","message":"down"}`))
	})
	c := newClient(t, srv.URL, func(c *Config) { c.MaxRetries = 0 })
	_, err := c.ListConversations(testCtx(t), "a", ConversationFilter{}, ListOptions{})
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Attempts != 1 || apiErr.StatusCode != 503 {
		t.Fatalf("err = %v, want *APIError 503 after 1 attempt", err)
	}
	if n != 1 {
		t.Errorf("requests = %d, want 1", n)
	}
}
