package itellicotest

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestStatusFaults(t *testing.T) {
	for _, tc := range []struct {
		fault  FaultKind
		status int
		code   string
	}{
		{RateLimit, 429, "rate_limit_exceeded"},
		{RequestTimeout, 408, "request_timeout"},
		{Conflict, 409, "conflict"},
		{Unavailable, 503, "service_unavailable"},
		{ShouldRetryFalse, 503, "service_unavailable"},
		{InternalError, 500, "internal_error"},
		{BadGateway, 502, "bad_gateway"},
		{GatewayTimeout, 504, "gateway_timeout"},
	} {
		t.Run(tc.fault.String(), func(t *testing.T) {
			s := newSeeded(t, Options{Faults: Sequence(tc.fault)})
			r := getWith(t, noKeepAlive, s, "not-even-the-right-key", conversationsPath)
			decodeError(t, r, tc.status, tc.code) // before authentication, like a front end
			if got := r.header.Get("Retry-After"); (tc.fault == RateLimit) != (got == "0") {
				t.Errorf("Retry-After %q", got)
			}
			if got := r.header.Get("x-should-retry"); (tc.fault == ShouldRetryFalse) != (got == "false") {
				t.Errorf("x-should-retry %q", got)
			}
			if r.header.Get("retry-after-ms") != "" {
				t.Errorf("retry-after-ms %q", r.header.Get("retry-after-ms"))
			}
			decodeList(t, get(t, s, conversationsPath)) // the second request is served
			if rs := s.Requests(); rs[0].Fault != tc.fault || rs[1].Fault != None {
				t.Errorf("recorded faults %v, %v", rs[0].Fault, rs[1].Fault)
			}
		})
	}
}

func TestRateLimitHeaders(t *testing.T) {
	s := newSeeded(t, Options{Faults: Always(RateLimit), RetryAfter: "2", RetryAfterMS: "1500"})
	r := get(t, s, conversationsPath)
	if r.status != 429 || r.header.Get("Retry-After") != "2" || r.header.Get("Retry-After-Ms") != "1500" {
		t.Errorf("%d Retry-After %q retry-after-ms %q", r.status, r.header.Get("Retry-After"), r.header.Get("retry-after-ms"))
	}
	s = newSeeded(t, Options{Faults: Always(RateLimit), RetryAfter: "-"})
	if r := get(t, s, conversationsPath); r.status != 429 || r.header.Values("Retry-After") != nil {
		t.Errorf("%d Retry-After %q", r.status, r.header.Values("Retry-After"))
	}
}

func TestConnReset(t *testing.T) {
	s := newSeeded(t, Options{Faults: Sequence(ConnReset)})
	req, _ := http.NewRequest(http.MethodGet, s.URL()+conversationsPath, nil)
	req.Header.Set("X-API-Key", testKey)
	if resp, err := noKeepAlive.Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("got %d, want a connection error", resp.StatusCode)
	}
	decodeList(t, getWith(t, noKeepAlive, s, testKey, conversationsPath))
}

func TestStall(t *testing.T) {
	s := newSeeded(t, Options{Faults: Sequence(Stall)})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.URL()+conversationsPath, nil)
	req.Header.Set("X-API-Key", testKey)
	start := time.Now()
	if resp, err := noKeepAlive.Do(req); !errors.Is(err, context.DeadlineExceeded) {
		if err == nil {
			resp.Body.Close()
		}
		t.Fatalf("stalled request: %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("gave up after %v", d)
	}
	decodeList(t, getWith(t, noKeepAlive, s, testKey, conversationsPath))
}

func TestCloseReleasesStalledRequests(t *testing.T) {
	s := NewHTTPTest(t, Options{Faults: Always(Stall)})
	status := make(chan int, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodGet, s.URL()+"/v1/accounts/current", nil)
		req.Header.Set("X-API-Key", testKey)
		resp, err := noKeepAlive.Do(req)
		if err != nil {
			status <- 0
			return
		}
		resp.Body.Close()
		status <- resp.StatusCode
	}()
	for len(s.Requests()) == 0 {
		time.Sleep(time.Millisecond)
	}
	start := time.Now()
	s.Close()
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Close took %v", d)
	}
	if got := <-status; got != 503 && got != 0 {
		t.Errorf("stalled request ended with %d", got)
	}
}

func TestTruncated(t *testing.T) {
	s := newSeeded(t, Options{Faults: Sequence(Truncated)})
	req, _ := http.NewRequest(http.MethodGet, s.URL()+conversationsPath, nil)
	req.Header.Set("X-API-Key", testKey)
	resp, err := noKeepAlive.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !errors.Is(err, io.ErrUnexpectedEOF) || resp.ContentLength != int64(2*len(body)) && resp.ContentLength != int64(2*len(body)+1) {
		t.Errorf("status %d, Content-Length %d, read %d bytes, err %v", resp.StatusCode, resp.ContentLength, len(body), err)
	}

	// Served without a connection to break, the half body is all there is.
	rec := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodGet, "/v1/accounts/current", nil)
	r.Header.Set("X-API-Key", testKey)
	New(Options{Faults: Always(Truncated)}).ServeHTTP(rec, r)
	if json.Valid(rec.Body.Bytes()) || rec.Header().Get("Content-Length") == "" {
		t.Errorf("recorded truncated answer: %s", rec.Body)
	}

	// Truncated leaves error answers alone.
	decodeError(t, getWith(t, noKeepAlive, newSeeded(t, Options{Faults: Always(Truncated)}), "", conversationsPath), 401, "unauthorized")
}

func TestHTML(t *testing.T) {
	s := newSeeded(t, Options{Faults: Always(HTML)})
	r := get(t, s, "/v1/accounts/current")
	if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") || !strings.HasPrefix(string(r.body), "<!DOCTYPE html>") {
		t.Errorf("%d %q %s", r.status, r.header.Get("Content-Type"), r.body)
	}
}

func TestShapeFaults(t *testing.T) {
	s := newSeeded(t, Options{Faults: Sequence(WrongShape, ItemsObject, CountMismatch, WrongShape, WrongShape)})

	var wrong map[string]json.RawMessage
	if err := json.Unmarshal(get(t, s, conversationsPath+"?limit=3").body, &wrong); err != nil {
		t.Fatal(err)
	}
	var data []json.RawMessage
	if err := json.Unmarshal(wrong["data"], &data); err != nil || len(data) != 3 || string(wrong["total"]) != "44" || wrong["items"] != nil {
		t.Errorf("WrongShape: %v (%v)", keys(wrong), err)
	}

	var object struct {
		Count int                        `json:"count"`
		Items map[string]json.RawMessage `json:"items"`
	}
	if err := json.Unmarshal(get(t, s, conversationsPath+"?limit=3").body, &object); err != nil {
		t.Fatal(err)
	}
	if object.Count != SeedSize || !slices.Equal(keys(object.Items), slices.Sorted(slices.Values(seedIDs(1, 2, 3)))) {
		t.Errorf("ItemsObject: %+v", object)
	}

	l := decodeList(t, get(t, s, conversationsPath+"?status=failed"))
	if l.Count != 14 || len(l.ids) != 9 {
		t.Errorf("CountMismatch: count %d with %d items", l.Count, len(l.ids))
	}

	for _, p := range []string{"/v1/accounts/current", "/v1/accounts/me/agents/" + AgentSalesENID} {
		var wrapped map[string]map[string]any
		if err := json.Unmarshal(get(t, s, p).body, &wrapped); err != nil || wrapped["data"]["id"] == nil {
			t.Errorf("WrongShape %s: %v %v", p, wrapped, err)
		}
	}
}

func TestIgnorePaging(t *testing.T) {
	gen := Generate(250, 1, now)
	s := newSeeded(t, Options{Conversations: gen, Faults: Always(IgnorePaging)})
	l := decodeList(t, get(t, s, conversationsPath+"?limit=5&offset=10"))
	if l.Count != 250 || len(l.ids) != 100 || l.ids[0] != gen[0].ConversationID {
		t.Errorf("count %d, %d items, first %s", l.Count, len(l.ids), l.ids[0])
	}
	// Validation still applies.
	decodeError(t, get(t, s, conversationsPath+"?limit=-5"), 422, "validation_error")
}

func TestFaultsTargetOnePath(t *testing.T) {
	s := newSeeded(t, Options{Faults: ForPath("/agents", Sequence(InternalError, BadGateway))})
	decodeList(t, get(t, s, conversationsPath))
	decodeError(t, get(t, s, "/v1/accounts/me/agents"), 500, "internal_error")
	decodeList(t, get(t, s, conversationsPath))
	decodeError(t, get(t, s, "/v1/accounts/me/agents/"+AgentSupportDEID), 502, "bad_gateway")
	decodeList(t, get(t, s, "/v1/accounts/me/agents"))
	var faults []FaultKind
	for _, r := range s.Requests() {
		faults = append(faults, r.Fault)
	}
	if !slices.Equal(faults, []FaultKind{None, InternalError, None, BadGateway, None}) {
		t.Errorf("recorded %v", faults)
	}
}

func TestPlans(t *testing.T) {
	r := httptest.NewRequest(http.MethodGet, "/v1/accounts/current", nil)
	run := func(p FaultPlan, n int) []FaultKind {
		var ks []FaultKind
		for i := 1; i <= n; i++ {
			ks = append(ks, p(int64(i), r))
		}
		return ks
	}
	for name, tc := range map[string]struct {
		got, want []FaultKind
	}{
		"Sequence":     {run(Sequence(RateLimit, Stall), 4), []FaultKind{RateLimit, Stall, None, None}},
		"Cycle":        {run(Cycle(RateLimit, None, HTML), 7), []FaultKind{RateLimit, None, HTML, RateLimit, None, HTML, RateLimit}},
		"Cycle()":      {run(Cycle(), 2), []FaultKind{None, None}},
		"Always":       {run(Always(Truncated), 3), []FaultKind{Truncated, Truncated, Truncated}},
		"EveryNth":     {run(EveryNth(Unavailable, 3), 7), []FaultKind{None, None, Unavailable, None, None, Unavailable, None}},
		"ForPath miss": {run(ForPath("/agents", Always(HTML)), 2), []FaultKind{None, None}},
		"ForPath hit":  {run(ForPath("/current", Sequence(None, HTML)), 3), []FaultKind{None, HTML, None}},
	} {
		if !slices.Equal(tc.got, tc.want) {
			t.Errorf("%s: %v, want %v", name, tc.got, tc.want)
		}
	}
	if CountMismatch.String() != "CountMismatch" || FaultKind(99).String() != "FaultKind(99)" {
		t.Error("FaultKind.String")
	}
}

func TestPagingFaultsOnEveryList(t *testing.T) {
	s := newSeeded(t, Options{Faults: Cycle(IgnorePaging, CountMismatch), DefaultLimit: 2})
	for p, n := range lists(s) {
		l := decodeList(t, get(t, s, p+"?limit=1&offset=1"))
		if l.Count != n || len(l.ids) != min(2, n) {
			t.Errorf("IgnorePaging %s: count %d, %d items; want %d and the first page of 2", p, l.Count, len(l.ids), n)
		}
		l = decodeList(t, get(t, s, p+"?limit=1&offset=1"))
		if l.Count != n+5 || len(l.ids) != min(1, n-1) {
			t.Errorf("CountMismatch %s: count %d, %d items", p, l.Count, len(l.ids))
		}
	}
	// PageCap applies to a page that ignores paging too.
	capped := newSeeded(t, Options{Faults: Always(IgnorePaging), PageCap: 3})
	if l := decodeList(t, get(t, capped, conversationsPath+"?limit=1000&offset=7")); len(l.ids) != 3 || l.ids[0] != SeedConversationID(1) {
		t.Errorf("IgnorePaging with PageCap: %v", l.ids)
	}
}

func TestWrongShapeOfObjects(t *testing.T) {
	s := newSeeded(t, Options{Faults: Always(WrongShape)})
	for _, p := range []string{"providers/models", "providers/transcribers", "providers/voices?provider=azure",
		"analytics/usage", "phone-numbers/" + PhoneNumberIVRID, "sip-trunks/" + SipTrunkBerlinID, "subaccounts/" + SubaccountSchweizID} {
		var wrapped map[string]json.RawMessage
		decode(t, get(t, s, accountPath("me", p)), &wrapped)
		if len(wrapped) != 1 || wrapped["data"] == nil {
			t.Errorf("%s: %v", p, keys(wrapped))
		}
	}
}
