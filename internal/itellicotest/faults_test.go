package itellicotest

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
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

// hostileKey is a key whose forms differ: as sent, url.PathEscape'd and url.QueryEscape'd.
const hostileKey = "itk/7f3c+9a1e=5b2d 4c6a8e0f"

// keyForms are hostileKey as sent, path-escaped and query-escaped.
var keyForms = []string{hostileKey, url.PathEscape(hostileKey), url.QueryEscape(hostileKey)}

// noRedirects is a client that shows a redirect instead of following it.
var noRedirects = &http.Client{
	Timeout:       10 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

func TestRedirectWithKey(t *testing.T) {
	s := newSeeded(t, Options{Faults: Sequence(RedirectWithKey)})
	r := getWith(t, noRedirects, s, hostileKey, conversationsPath+"?limit=5")
	if r.status != http.StatusFound {
		t.Fatalf("status %d, want 302", r.status)
	}
	loc, err := url.Parse(r.header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	base, _ := url.Parse(s.URL())
	if loc.Scheme != "http" || loc.Hostname() != "127.0.0.2" || loc.Port() != base.Port() {
		t.Errorf("Location %s: want http://127.0.0.2:%s, another origin", loc, base.Port())
	}
	if want := "/keys/" + url.PathEscape(hostileKey) + conversationsPath; loc.EscapedPath() != want {
		t.Errorf("Location path %s, want %s", loc.EscapedPath(), want)
	}
	if q := loc.Query(); q.Get("api_key") != hostileKey || q.Get("limit") != "5" {
		t.Errorf("Location query %s, want the key and the request's query", loc.RawQuery)
	}
	// Nothing listens there: a client that followed would fail to connect.
	if resp, err := http.Get(loc.String()); err == nil {
		resp.Body.Close()
		t.Errorf("something answers at %s", loc.Host)
	}
	decodeList(t, get(t, s, conversationsPath))
}

func TestEchoKeyError(t *testing.T) {
	s := newSeeded(t, Options{Faults: Sequence(EchoKeyError)})
	r := getWith(t, noKeepAlive, s, hostileKey, conversationsPath)
	body := decodeError(t, r, http.StatusForbidden, "forbidden")
	if !strings.Contains(body.Message, hostileKey) {
		t.Errorf("message %q does not echo the key", body.Message)
	}
	if !strings.Contains(body.Detail, url.PathEscape(hostileKey)) {
		t.Errorf("detail %q does not echo the key path-escaped", body.Detail)
	}
	if len(body.Errors) != 1 || !strings.Contains(body.Errors[0].Field, hostileKey) ||
		!strings.Contains(body.Errors[0].Message, url.QueryEscape(hostileKey)) {
		t.Errorf("field errors %+v do not echo the key, as sent and query-escaped", body.Errors)
	}
	if id := r.header.Get("X-Request-Id"); id != "req_00000001/"+hostileKey {
		t.Errorf("X-Request-Id %q", id)
	}
	decodeList(t, get(t, s, conversationsPath))
}

// echoedPage checks a page that echoes hostileKey in every form, the query-escaped one within
// its first 120 bytes, where a client's excerpt of it would show it.
func echoedPage(t *testing.T, r response, status int) {
	t.Helper()
	if r.status != status || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
		t.Fatalf("%d %q, want %d text/html", r.status, r.header.Get("Content-Type"), status)
	}
	for _, form := range keyForms {
		if !strings.Contains(string(r.body), form) {
			t.Errorf("the page does not show %q: %s", form, r.body)
		}
	}
	if i := strings.Index(string(r.body), url.QueryEscape(hostileKey)); i < 0 || i+len(url.QueryEscape(hostileKey)) > 120 {
		t.Errorf("the query-escaped key is at byte %d, want it within the first 120: %s", i, r.body)
	}
}

func TestEchoKeyHTML(t *testing.T) {
	s := newSeeded(t, Options{Faults: Sequence(EchoKeyHTML)})
	echoedPage(t, getWith(t, noKeepAlive, s, hostileKey, conversationsPath), http.StatusBadRequest)
	decodeList(t, get(t, s, conversationsPath))
}

func TestEchoKeyPage(t *testing.T) {
	s := newSeeded(t, Options{Faults: Sequence(EchoKeyPage)})
	echoedPage(t, getWith(t, noKeepAlive, s, hostileKey, conversationsPath), http.StatusOK)
	decodeList(t, get(t, s, conversationsPath))
}

func TestEchoKeyGarbage(t *testing.T) {
	s := newSeeded(t, Options{Faults: Sequence(EchoKeyGarbage)})
	req, _ := http.NewRequest(http.MethodGet, s.URL()+conversationsPath, nil)
	req.Header.Set("X-API-Key", hostileKey)
	resp, err := noKeepAlive.Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("got %d, want a malformed answer", resp.StatusCode)
	}
	// Go says "malformed MIME header: missing colon" and quotes the line (older versions:
	// "malformed MIME header line:").
	if line := "X-API-Key " + hostileKey; !strings.Contains(err.Error(), "malformed MIME header") || !strings.Contains(err.Error(), line) {
		t.Errorf("error %q, want a malformed header, quoted: %s", err, line)
	}
	decodeList(t, getWith(t, noKeepAlive, s, testKey, conversationsPath))

	// Served without a connection to hijack, the line is the body.
	rec := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodGet, "/v1/accounts/current", nil)
	r.Header.Set("X-API-Key", hostileKey)
	New(Options{Faults: Always(EchoKeyGarbage)}).ServeHTTP(rec, r)
	if rec.Body.String() != "X-API-Key "+hostileKey+"\r\n" {
		t.Errorf("recorded answer %q", rec.Body)
	}
}

func TestTrickle(t *testing.T) {
	s := newSeeded(t, Options{Faults: Always(Trickle)})
	read := func(timeout time.Duration) (int, int64, error) {
		c := &http.Client{Timeout: timeout, Transport: &http.Transport{DisableKeepAlives: true}}
		req, _ := http.NewRequest(http.MethodGet, s.URL()+"/v1/accounts/current", nil)
		req.Header.Set("X-API-Key", testKey)
		resp, err := c.Do(req)
		if err != nil {
			t.Fatalf("the status and headers come at once: %v", err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 || resp.ContentLength <= int64(len(body)) {
			t.Errorf("status %d, Content-Length %d, %d bytes read", resp.StatusCode, resp.ContentLength, len(body))
		}
		return len(body), resp.ContentLength, err
	}

	// A client that allows a second gets a few bytes, one every 50 ms at
	// most (fewer when the machine is busy), then times out. The second
	// leaves the first byte time to arrive on a loaded machine.
	const allowed = time.Second
	start := time.Now()
	n, whole, err := read(allowed)
	var netErr net.Error
	if !errors.As(err, &netErr) || !netErr.Timeout() {
		t.Errorf("read %d of %d bytes, then %v; want a timeout", n, whole, err)
	}
	if most := int(allowed / trickleInterval); n < 1 || n > most {
		t.Errorf("read %d bytes in %v, want 1 to %d", n, allowed, most)
	}
	if d := time.Since(start); d > allowed+2*time.Second {
		t.Errorf("took %v", d)
	}

	// Close ends a trickle at once; the client reads a body cut short.
	done := make(chan error, 1)
	go func() { _, _, err := read(time.Minute); done <- err }()
	for len(s.Requests()) < 2 {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond) // a byte or two on the way
	start = time.Now()
	s.Close()
	select {
	case err := <-done:
		if !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("after Close the read ended with %v, want a body cut short", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the trickle outlived Close")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Close took %v", d)
	}

	// A client that goes away ends its trickle: the test server, closed without closing the
	// stand-in first, waits for its handlers, and a page of conversations would take minutes.
	s = newSeeded(t, Options{Faults: Always(Trickle)})
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.URL()+conversationsPath, nil)
	req.Header.Set("X-API-Key", testKey)
	resp, err := noKeepAlive.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	cancel()
	resp.Body.Close()
	closed := make(chan struct{})
	go func() { s.ts.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(2 * time.Second):
		// The cleanup's Close ends the trickle, and the test with it.
		t.Error("the trickle went on for 2 s after the client went away")
	}

	// Error answers are not trickled.
	decodeError(t, getWith(t, noKeepAlive, newSeeded(t, Options{Faults: Always(Trickle)}), "", conversationsPath), 401, "unauthorized")
}

// Options.RetryAfter is sent as given: an HTTP date in the past, too.
func TestRateLimitRetryAfterDate(t *testing.T) {
	past := time.Date(2020, time.January, 2, 3, 4, 5, 0, time.UTC).Format(http.TimeFormat)
	s := newSeeded(t, Options{Faults: Always(RateLimit), RetryAfter: past})
	if r := get(t, s, conversationsPath); r.status != 429 || r.header.Get("Retry-After") != "Thu, 02 Jan 2020 03:04:05 GMT" {
		t.Errorf("%d Retry-After %q", r.status, r.header.Get("Retry-After"))
	}
}

// Every kind has its name, and the names end with the kinds.
func TestFaultNames(t *testing.T) {
	for k := None; k <= Trickle; k++ {
		if name := k.String(); strings.HasPrefix(name, "FaultKind(") {
			t.Errorf("kind %d has no name", int(k))
		}
	}
	if name := (Trickle + 1).String(); name != "FaultKind(23)" {
		t.Errorf("the kind after Trickle is named %q", name)
	}
	if RedirectWithKey.String() != "RedirectWithKey" || EchoKeyGarbage.String() != "EchoKeyGarbage" || Trickle.String() != "Trickle" {
		t.Error("FaultKind.String of the hostile faults")
	}
}
