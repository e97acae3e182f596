package itellicotest

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

// reads are a request of every read of the API, under account (an id or "me"); the single
// objects are the key account's.
func reads(account string) []string {
	return []string{
		accountPath(account, "conversations"),
		accountPath(account, "subaccounts"),
		accountPath(account, "subaccounts/"+SubaccountSchweizID),
		accountPath(account, "agents"),
		accountPath(account, "agents/"+AgentSupportDEID),
		accountPath(account, "phone-numbers"),
		accountPath(account, "phone-numbers/"+PhoneNumberSupportDEID),
		accountPath(account, "sip-trunks"),
		accountPath(account, "sip-trunks/"+SipTrunkBerlinID),
		accountPath(account, "providers/models"),
		accountPath(account, "providers/transcribers"),
		accountPath(account, "providers/voices?provider=azure"),
		accountPath(account, "analytics/usage"),
	}
}

func TestAuthentication(t *testing.T) {
	s := newSeeded(t, Options{})
	for _, p := range append(reads(DefaultAccountID), "/v1/accounts/current", "/nowhere") {
		e := decodeError(t, getWith(t, http.DefaultClient, s, "", p), 401, "unauthorized")
		if e.Detail == "" {
			t.Errorf("%s: 401 without detail", p)
		}
		decodeError(t, getWith(t, http.DefaultClient, s, "wrong-key", p), 401, "unauthorized")
	}
}

// TestAccountInPath reads every endpoint as the key's account by id (in any case) and as "me",
// as a subaccount, and as an account that is not the key's.
func TestAccountInPath(t *testing.T) {
	s := newSeeded(t, Options{})
	for _, account := range []string{"me", DefaultAccountID, strings.ToUpper(DefaultAccountID)} {
		for _, p := range reads(account) {
			if r := get(t, s, p); r.status != http.StatusOK {
				t.Errorf("%s: %d %s", p, r.status, r.body)
			}
		}
	}
	for _, p := range reads(SubaccountSchweizID) {
		want := http.StatusOK
		if strings.Count(p, "/") == 5 && !strings.Contains(p, "/providers/") && !strings.Contains(p, "/analytics/") {
			want = http.StatusNotFound // the single objects are the parent's
		}
		if r := get(t, s, p); r.status != want {
			t.Errorf("%s: %d, want %d: %s", p, r.status, want, r.body)
		}
	}
	for _, other := range []string{"7d444840-9dc0-41d5-8d3a-2b7e6c1c5b1e", "ME", "current", "not-an-id"} {
		for _, p := range reads(other) {
			decodeError(t, get(t, s, p), 403, "forbidden")
		}
	}
	// 403 comes before the query is looked at.
	decodeError(t, get(t, s, accountPath("7d444840-9dc0-41d5-8d3a-2b7e6c1c5b1e", "conversations?limit=x&status=%zz")), 403, "forbidden")
}

func TestRouting(t *testing.T) {
	s := newSeeded(t, Options{})
	for _, p := range []string{"/", "/v1", "/v1/accounts", "/v1/accounts/", "/v2/accounts/current", "/v1/accounts/me",
		conversationsPath + "/", "/v1/accounts/current/", "/v1/accounts/me/agents/" + AgentSupportDEID + "/x",
		"/v1/accounts/me/agent", "/v1/accounts/me/conversations/" + ConversationGerman, "/v1/accounts/me/phone_numbers",
		"/v1/accounts/me/providers", "/v1/accounts/me/analytics",
		"/v1/accounts/me//agents", "/v1/accounts/me/./agents", "/v1/accounts/x/../me/agents"} {
		e := decodeError(t, get(t, s, p), 404, "not_found")
		if !strings.Contains(e.Detail, "No endpoint") {
			t.Errorf("%s: detail %q", p, e.Detail)
		}
	}

	for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch} {
		for _, p := range append(reads("me"), "/v1/accounts/current") {
			req, _ := http.NewRequest(method, s.URL()+p, strings.NewReader("{}"))
			req.Header.Set("X-API-Key", testKey)
			r := do(t, req)
			decodeError(t, r, 405, "method_not_allowed")
			if r.header.Get("Allow") != "GET" {
				t.Errorf("%s %s: Allow %q", method, p, r.header.Get("Allow"))
			}
		}
	}
	req, _ := http.NewRequest(http.MethodPost, s.URL()+"/v1/accounts/me/nothing", nil)
	req.Header.Set("X-API-Key", testKey)
	decodeError(t, do(t, req), 404, "not_found")

	req, _ = http.NewRequest(http.MethodHead, s.URL()+conversationsPath, nil)
	req.Header.Set("X-API-Key", testKey)
	if r := do(t, req); r.status != 200 || len(r.body) != 0 {
		t.Errorf("HEAD: %d, %d bytes", r.status, len(r.body))
	}

	decodeError(t, get(t, s, conversationsPath+"?status=%zz"), 400, "bad_request")
}

// TestRateLimit: at 4 requests a second, the fifth request within a second is refused, before
// authentication, and a second later requests pass again.
func TestRateLimit(t *testing.T) {
	s := newSeeded(t, Options{RateLimit: 4, RetryAfter: "7"})
	for i := range 4 {
		if r := get(t, s, "/v1/accounts/current"); r.status != 200 {
			t.Fatalf("request %d: %d %s", i+1, r.status, r.body)
		}
	}
	r := get(t, s, "/v1/accounts/current")
	decodeError(t, r, 429, "rate_limit_exceeded")
	if got := r.header.Get("Retry-After"); got != "1" {
		t.Errorf("Retry-After %q, want 1", got)
	}
	// Another key has a bucket of its own, and a wrong key is limited too: the limit comes first.
	for range 4 {
		decodeError(t, getWith(t, http.DefaultClient, s, "wrong-key", "/v1/accounts/current"), 401, "unauthorized")
	}
	decodeError(t, getWith(t, http.DefaultClient, s, "wrong-key", "/v1/accounts/current"), 429, "rate_limit_exceeded")
	rs := s.Requests()
	if rs[4].Fault != RateLimit || rs[3].Fault != None || rs[9].Fault != RateLimit {
		t.Errorf("recorded faults %v %v %v", rs[3].Fault, rs[4].Fault, rs[9].Fault)
	}

	time.Sleep(time.Second)
	for i := range 4 {
		if r := get(t, s, "/v1/accounts/current"); r.status != 200 {
			t.Errorf("after a second, request %d: %d", i+1, r.status)
		}
	}
}

func TestRateLimitBelowOnePerSecond(t *testing.T) {
	s := newSeeded(t, Options{RateLimit: 0.25})
	get(t, s, "/v1/accounts/current")
	r := get(t, s, "/v1/accounts/current")
	if r.status != 429 || r.header.Get("Retry-After") != "4" {
		t.Errorf("%d Retry-After %q, want 429 and 4", r.status, r.header.Get("Retry-After"))
	}
}

func TestRequestsAreRecorded(t *testing.T) {
	s := newSeeded(t, Options{})
	get(t, s, conversationsPath+"?status=failed&limit=5")
	getWith(t, http.DefaultClient, s, "", "/v1/accounts/current")
	rs := s.Requests()
	if len(rs) != 2 || rs[0].N != 1 || rs[1].N != 2 {
		t.Fatalf("requests %+v", rs)
	}
	if rs[0].Method != "GET" || rs[0].Path != conversationsPath || rs[0].Query.Get("limit") != "5" ||
		rs[0].Header.Get("X-API-Key") != testKey || rs[0].Fault != None {
		t.Errorf("first request %+v", rs[0])
	}
	if rs[1].Header.Get("X-API-Key") != "" {
		t.Errorf("second request %+v", rs[1])
	}
	s.ResetRequests()
	get(t, s, "/v1/accounts/current")
	if rs := s.Requests(); len(rs) != 1 || rs[0].N != 3 {
		t.Errorf("after reset: %+v", rs)
	}
}

func TestLatency(t *testing.T) {
	s := newSeeded(t, Options{Latency: 60 * time.Millisecond})
	start := time.Now()
	get(t, s, "/v1/accounts/current")
	if d := time.Since(start); d < 60*time.Millisecond {
		t.Errorf("answered in %v", d)
	}
}

func TestListenLoopbackAndServe(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "192.0.2.1:0", "example.com:80", "127.0.0.1"} {
		if l, err := ListenLoopback(addr); err == nil {
			l.Close()
			t.Errorf("ListenLoopback(%q) accepted", addr)
		}
	}
	l, err := ListenLoopback("localhost:0")
	if err != nil {
		t.Fatal(err)
	}
	s := New(Options{})
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, l) }()
	for s.URL() == "" {
		time.Sleep(time.Millisecond)
	}
	if r := get(t, s, "/v1/accounts/me/agents"); r.status != 200 {
		t.Errorf("status %d", r.status)
	}
	cancel()
	if err := <-served; err != nil {
		t.Errorf("Serve: %v", err)
	}
}
