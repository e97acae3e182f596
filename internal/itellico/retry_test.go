package itellico

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

// gap is the time between the first two requests tr saw.
func gap(t *testing.T, tr *tracker) time.Duration {
	t.Helper()
	a := tr.all()
	if len(a) < 2 {
		t.Fatalf("%d requests, want 2", len(a))
	}
	return a[1].at.Sub(a[0].at)
}

func TestRetry503ThenSuccess(t *testing.T) {
	t.Parallel()
	srv, c := standIn(t, itellicotest.Options{Faults: itellicotest.Sequence(itellicotest.Unavailable, itellicotest.Unavailable)}, nil)
	if _, err := c.CurrentAccount(testCtx(t)); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.Requests()); n != 3 {
		t.Errorf("requests = %d, want 3", n)
	}
}

func TestRetriedStatuses(t *testing.T) {
	t.Parallel()
	for _, f := range []itellicotest.FaultKind{itellicotest.RequestTimeout, itellicotest.Conflict, itellicotest.InternalError,
		itellicotest.BadGateway, itellicotest.Unavailable, itellicotest.GatewayTimeout} {
		t.Run(f.String(), func(t *testing.T) {
			t.Parallel()
			srv, c := standIn(t, itellicotest.Options{Faults: itellicotest.Sequence(f)}, func(c *Config) { c.MaxRetries = 1 })
			ids, _, err := readConversations(testCtx(t), c, nil, ListOptions{})
			if err != nil || len(ids) != itellicotest.SeedSize {
				t.Fatalf("%d ids, err %v", len(ids), err)
			}
			if n := len(srv.Requests()); n != 2 {
				t.Errorf("requests = %d, want 2", n)
			}
		})
	}
	for _, code := range []int{501, 599} {
		t.Run(strconv.Itoa(code), func(t *testing.T) {
			t.Parallel()
			srv, c := frontClient(t, itellicotest.Options{}, script(reply(code, `{"code":"x","message":"y"}`)), nil)
			if _, err := c.CurrentAccount(testCtx(t)); err != nil {
				t.Fatal(err)
			}
			if n := len(srv.Requests()); n != 1 {
				t.Errorf("requests at the stand-in = %d, want 1 after the retry", n)
			}
		})
	}
}

func TestNotRetriedStatuses(t *testing.T) {
	t.Parallel()
	cases := []struct {
		code    int
		body    string
		wantErr string
	}{
		{400, `{"code":"bad_request","message":"malformed"}`, "HTTP 400 Bad Request (bad_request): malformed"},
		{401, `{"code":"unauthorized","message":"Invalid API key"}`, "HTTP 401 Unauthorized (unauthorized): Invalid API key"},
		{403, `{"code":"forbidden","message":"not yours"}`, "HTTP 403 Forbidden (forbidden): not yours"},
		{404, `{"code":"not_found","message":"Account not found","detail":"acc_1"}`, "HTTP 404 Not Found (not_found): Account not found: acc_1"},
		{404, `{"code":"not_found","message":"Gone","detail":{"id":"acc_1","hint":["a",1]}}`, `HTTP 404 Not Found (not_found): Gone: {"hint":["a",1],"id":"acc_1"}`},
		{410, `{"code":"gone","message":"removed"}`, "HTTP 410 Gone (gone): removed"},
		{422, `{"code":"validation_error","message":"Invalid parameters","errors":[{"field":"agent_id","message":"not a uuid"},{"field":"type","message":"unknown"}]}`,
			"HTTP 422 Unprocessable Entity (validation_error): Invalid parameters; agent_id: not a uuid; type: unknown"},
		{418, `I'm a teapot`, `HTTP 418 I'm a teapot; body starts "I'm a teapot"`},
	}
	for _, tc := range cases {
		t.Run(strconv.Itoa(tc.code), func(t *testing.T) {
			t.Parallel()
			var tr tracker
			_, c := frontClient(t, itellicotest.Options{}, func(w http.ResponseWriter, r *http.Request, next http.Handler) {
				tr.enter(r)
				defer tr.leave()
				writeBody(w, tc.code, tc.body)
			}, nil)
			_, _, err := readConversations(testCtx(t), c, nil, ListOptions{})
			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %T %v, want *APIError", err, err)
			}
			if apiErr.StatusCode != tc.code || apiErr.Attempts != 1 {
				t.Errorf("status %d attempts %d", apiErr.StatusCode, apiErr.Attempts)
			}
			if apiErr.Error() != tc.wantErr {
				t.Errorf("Error() = %q, want %q", apiErr.Error(), tc.wantErr)
			}
			if err.Error() != "read page at offset 0: "+tc.wantErr {
				t.Errorf("wrapped error = %q", err)
			}
			if n := len(tr.all()); n != 1 {
				t.Errorf("requests = %d, want 1 (not retried)", n)
			}
		})
	}
}

func TestValidationErrorFields(t *testing.T) {
	t.Parallel()
	_, c := standIn(t, itellicotest.Options{}, nil)
	_, _, err := readConversations(testCtx(t), c, map[string][]string{"created_after": {"yesterday"}}, ListOptions{})
	apiErr := wantAPIError(t, err, http.StatusUnprocessableEntity, "validation_error", []string{"created_after"})
	if apiErr.RequestID != "req_00000001" || apiErr.Message != "Invalid query parameters." || apiErr.Detail != "Check created_after." {
		t.Errorf("APIError = %+v", apiErr)
	}
}

func TestRetriesExhausted(t *testing.T) {
	t.Parallel()
	body := `{"code":"service_unavailable","message":"Service unavailable","detail":"maintenance window",` +
		`"errors":[{"field":"region","message":"eu-1 down"}]}`
	for _, retries := range []int{0, 1, 3} {
		t.Run(strconv.Itoa(retries), func(t *testing.T) {
			t.Parallel()
			var n atomic.Int32
			_, c := frontClient(t, itellicotest.Options{}, func(w http.ResponseWriter, _ *http.Request, _ http.Handler) {
				n.Add(1)
				writeBody(w, 503, body, "x-request-id", "req-42")
			}, func(c *Config) { c.MaxRetries = retries })
			_, _, err := readConversations(testCtx(t), c, nil, ListOptions{})
			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %T %v, want *APIError", err, err)
			}
			if apiErr.Attempts != retries+1 || int(n.Load()) != retries+1 {
				t.Errorf("Attempts = %d, requests = %d, want %d", apiErr.Attempts, n.Load(), retries+1)
			}
			if apiErr.StatusCode != 503 || apiErr.Code != "service_unavailable" || apiErr.Message != "Service unavailable" ||
				apiErr.Detail != "maintenance window" || apiErr.RequestID != "req-42" || apiErr.Excerpt != "" || apiErr.HasRetryAfter {
				t.Errorf("APIError = %+v", apiErr)
			}
			if len(apiErr.Errors) != 1 || apiErr.Errors[0] != (FieldError{Field: "region", Message: "eu-1 down"}) {
				t.Errorf("Errors = %+v", apiErr.Errors)
			}
			want := "HTTP 503 Service Unavailable (service_unavailable): Service unavailable: maintenance window; region: eu-1 down"
			if retries > 0 {
				want += " (after " + strconv.Itoa(retries+1) + " attempts)"
			}
			if apiErr.Error() != want {
				t.Errorf("Error() = %q, want %q", apiErr.Error(), want)
			}
		})
	}
}

// A failure retried under MaxRetries honours the server's wait
// (retry-after-ms, then Retry-After in seconds or as a date), capped by
// MaxRetryAfter, instead of the backoff. The wait that would be wrong is
// always a minute or more, which testCtx ends after 15 s: the upper bound
// of 10 s leaves a loaded machine room without letting it pass.
func TestRetryAfterOnFailure(t *testing.T) {
	t.Parallel()
	const failure = `{"code":"internal_error","message":"oops"}`
	const most = 10 * time.Second
	minuteBackoff := func(c *Config) { c.RetryWaitMin, c.RetryWaitMax = time.Minute, time.Minute }
	cases := []struct {
		name     string
		headers  []string
		mod      func(*Config)
		min, max time.Duration
	}{
		{"zero replaces the backoff", []string{"Retry-After", "0"}, minuteBackoff, 0, most},
		{"past date replaces the backoff", []string{"Retry-After", time.Now().Add(-time.Hour).UTC().Format(http.TimeFormat)},
			minuteBackoff, 0, most},
		{"future date capped", []string{"Retry-After", time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)},
			func(c *Config) { c.MaxRetryAfter = 80 * time.Millisecond }, 75 * time.Millisecond, most},
		{"seconds capped", []string{"Retry-After", "90"},
			func(c *Config) { c.MaxRetryAfter = 80 * time.Millisecond }, 75 * time.Millisecond, most},
		{"milliseconds win", []string{"retry-after-ms", "60", "Retry-After", "90"},
			func(c *Config) { c.MaxRetryAfter = 2 * time.Minute }, 55 * time.Millisecond, most},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var tr tracker
			steps := script(reply(http.StatusInternalServerError, failure, tc.headers...))
			_, c := frontClient(t, itellicotest.Options{}, func(w http.ResponseWriter, r *http.Request, next http.Handler) {
				tr.enter(r)
				defer tr.leave()
				steps(w, r, next)
			}, tc.mod)
			if _, err := c.CurrentAccount(testCtx(t)); err != nil {
				t.Fatal(err)
			}
			if g := gap(t, &tr); g < tc.min || g > tc.max {
				t.Errorf("waited %v, want between %v and %v", g, tc.min, tc.max)
			}
		})
	}
}

// A rate limit's wait is the server's too: retry-after-ms first, then
// Retry-After; without either, the backoff. The backoff is also the least
// wait: a Retry-After of 0, a date in the past or a tiny value does not
// bring the request back at once.
func TestRateLimitWaits(t *testing.T) {
	t.Parallel()
	backoff70ms := func(c *Config) { c.RetryWaitMin, c.RetryWaitMax = 70*time.Millisecond, time.Second }
	cases := []struct {
		name     string
		opts     itellicotest.Options
		mod      func(*Config)
		min, max time.Duration
	}{
		{"zero: the backoff", itellicotest.Options{RetryAfter: "0"}, backoff70ms, 65 * time.Millisecond, 2 * time.Second},
		{"milliseconds win", itellicotest.Options{RetryAfterMS: "60", RetryAfter: "30"}, nil, 55 * time.Millisecond, 2 * time.Second},
		{"seconds", itellicotest.Options{RetryAfter: "0.1"}, nil, 95 * time.Millisecond, 2 * time.Second},
		{"past date: the backoff", itellicotest.Options{RetryAfter: time.Now().Add(-time.Hour).UTC().Format(http.TimeFormat)},
			backoff70ms, 65 * time.Millisecond, 2 * time.Second},
		{"tiny: the backoff", itellicotest.Options{RetryAfterMS: "1"}, backoff70ms, 65 * time.Millisecond, 2 * time.Second},
		{"beyond the backoff: the server's", itellicotest.Options{RetryAfter: "0.2"}, backoff70ms, 195 * time.Millisecond, 2 * time.Second},
		{"none: backoff", itellicotest.Options{RetryAfter: "-"},
			func(c *Config) { c.RetryWaitMin, c.RetryWaitMax = 70*time.Millisecond, time.Second }, 65 * time.Millisecond, 2 * time.Second},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var tr tracker
			tc.opts.Faults = itellicotest.Sequence(itellicotest.RateLimit)
			_, c := frontClient(t, tc.opts, tr.serve, tc.mod)
			if _, err := c.CurrentAccount(testCtx(t)); err != nil {
				t.Fatal(err)
			}
			if g := gap(t, &tr); g < tc.min || g > tc.max {
				t.Errorf("waited %v, want between %v and %v", g, tc.min, tc.max)
			}
		})
	}
}

// Without a Retry-After, rate limits in a row wait longer each time,
// doubling from RetryWaitMin up to RetryWaitMax.
func TestRateLimitBackoffSteps(t *testing.T) {
	t.Parallel()
	c := newClient(t, "http://127.0.0.1:1", func(c *Config) { c.RetryWaitMin, c.RetryWaitMax = 500*time.Millisecond, 3*time.Second })
	var got []time.Duration
	for i := range 6 {
		got = append(got, c.rateLimitBackoff(i))
	}
	want := []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 3 * time.Second, 3 * time.Second, 3 * time.Second}
	if !slicesEqual(got, want) {
		t.Errorf("waits = %v, want %v", got, want)
	}
	if d := c.rateLimitBackoff(1000); d != 3*time.Second {
		t.Errorf("wait after 1000 limits = %v", d)
	}
}

func slicesEqual[T comparable](a, b []T) bool {
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

func TestShouldRetryHeader(t *testing.T) {
	t.Parallel()
	t.Run("false on 503 stops at once", func(t *testing.T) {
		t.Parallel()
		srv, c := standIn(t, itellicotest.Options{Faults: itellicotest.Sequence(itellicotest.ShouldRetryFalse)}, nil)
		_, err := c.CurrentAccount(testCtx(t))
		apiErr := wantAPIError(t, err, 503, "service_unavailable", nil)
		if apiErr.ShouldRetry == nil || *apiErr.ShouldRetry {
			t.Errorf("ShouldRetry = %v", apiErr.ShouldRetry)
		}
		if n := len(srv.Requests()); n != 1 {
			t.Errorf("requests = %d, want 1", n)
		}
	})
	t.Run("true on 400 retries", func(t *testing.T) {
		t.Parallel()
		srv, c := frontClient(t, itellicotest.Options{},
			script(reply(400, `{"code":"bad_request","message":"flaky"}`, "x-should-retry", "true")), nil)
		if _, err := c.CurrentAccount(testCtx(t)); err != nil {
			t.Fatal(err)
		}
		if n := len(srv.Requests()); n != 1 {
			t.Errorf("requests at the stand-in = %d, want 1 after the retry", n)
		}
	})
	t.Run("true on 400 until exhausted", func(t *testing.T) {
		t.Parallel()
		flaky := reply(400, `{"code":"bad_request","message":"flaky"}`, "x-should-retry", "true")
		_, c := frontClient(t, itellicotest.Options{}, script(flaky, flaky, flaky), nil)
		_, err := c.CurrentAccount(testCtx(t))
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 || apiErr.Attempts != 3 || apiErr.Message != "flaky" ||
			apiErr.ShouldRetry == nil || !*apiErr.ShouldRetry {
			t.Fatalf("err = %#v, want *APIError 400 after 3 attempts", err)
		}
	})
	t.Run("other values ignored", func(t *testing.T) {
		t.Parallel()
		var n atomic.Int32
		_, c := frontClient(t, itellicotest.Options{}, func(w http.ResponseWriter, r *http.Request, next http.Handler) {
			n.Add(1)
			w.Header().Set("x-should-retry", "yes")
			next.ServeHTTP(w, r)
		}, nil)
		_, err := c.GetAgent(testCtx(t), account, "00000000-0000-4000-8000-000000000000")
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 404 || apiErr.ShouldRetry != nil {
			t.Fatalf("err = %#v", err)
		}
		if n.Load() != 1 {
			t.Errorf("requests = %d, want 1", n.Load())
		}
	})
	// The SDKs consult x-should-retry only for errors: a successful answer
	// is used, whatever the header says.
	t.Run("true on 200 is a success", func(t *testing.T) {
		t.Parallel()
		srv, c := frontClient(t, itellicotest.Options{}, func(w http.ResponseWriter, r *http.Request, next http.Handler) {
			w.Header().Set("x-should-retry", "true")
			next.ServeHTTP(w, r)
		}, nil)
		if _, err := c.CurrentAccount(testCtx(t)); err != nil {
			t.Fatal(err)
		}
		if n := len(srv.Requests()); n != 1 {
			t.Errorf("requests = %d, want 1", n)
		}
	})
}

func TestConnectionResetRetried(t *testing.T) {
	t.Parallel()
	srv, c := standIn(t, itellicotest.Options{Faults: itellicotest.Sequence(itellicotest.ConnReset, itellicotest.ConnReset)}, nil)
	if _, err := c.CurrentAccount(testCtx(t)); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.Requests()); n != 3 {
		t.Errorf("requests = %d, want 3", n)
	}
}

func TestConnectionResetExhausted(t *testing.T) {
	t.Parallel()
	srv, c := standIn(t, itellicotest.Options{Faults: itellicotest.Always(itellicotest.ConnReset)}, nil)
	_, _, err := readConversations(testCtx(t), c, nil, ListOptions{})
	var reqErr *RequestError
	if !errors.As(err, &reqErr) {
		t.Fatalf("err = %T %v, want *RequestError", err, err)
	}
	path := "/v1/accounts/" + account + "/conversations"
	if reqErr.Attempts != 3 || reqErr.Timeout || reqErr.Canceled || reqErr.Path != path {
		t.Errorf("RequestError = %+v", reqErr)
	}
	if !strings.HasPrefix(err.Error(), "read page at offset 0: GET "+path+" failed after 3 attempts: ") {
		t.Errorf("Error() = %q", err)
	}
	if strings.Contains(err.Error(), "http://") {
		t.Errorf("Error() repeats the URL: %q", err)
	}
	if n := len(srv.Requests()); n != 3 {
		t.Errorf("requests = %d, want 3", n)
	}
}

// A body cut short on the wire is retried like a reset connection, and the
// retry decodes afresh: nothing of the cut attempt is kept.
func TestBodyCutShortRetried(t *testing.T) {
	t.Parallel()
	srv, c := standIn(t, itellicotest.Options{Conversations: generated(250),
		Faults: itellicotest.Sequence(itellicotest.None, itellicotest.Truncated, itellicotest.Truncated)},
		func(c *Config) { c.MaxConcurrentRequests = 1 })
	ids, res, err := readConversations(testCtx(t), c, nil, ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !slicesEqual(ids, generatedIDs(250)) || res.Shortfall != nil {
		t.Errorf("%d ids, result %+v", len(ids), res)
	}
	if got := pagesAsked(srv); !slicesEqual(got, []string{"0/100", "100/100", "100/100", "100/100", "200/50"}) {
		t.Errorf("pages = %v", got)
	}
}

func TestBodyCutShortExhausted(t *testing.T) {
	t.Parallel()
	srv, c := standIn(t, itellicotest.Options{Faults: itellicotest.Always(itellicotest.Truncated)}, nil)
	_, _, err := readConversations(testCtx(t), c, nil, ListOptions{})
	var respErr *ResponseError
	if !errors.As(err, &respErr) {
		t.Fatalf("err = %T %v, want *ResponseError", err, err)
	}
	if respErr.Attempts != 3 || len(srv.Requests()) != 3 {
		t.Errorf("Attempts = %d, requests = %d, want 3", respErr.Attempts, len(srv.Requests()))
	}
	if !strings.HasPrefix(respErr.Reason, "the body was cut short after ") {
		t.Errorf("Reason = %q", respErr.Reason)
	}
	_, err = c.CurrentAccount(testCtx(t))
	if !errors.As(err, &respErr) || respErr.Attempts != 3 || !strings.HasPrefix(respErr.Reason, "the body was cut short after ") {
		t.Errorf("one object: err = %v", err)
	}
}

// A body that arrived whole but is truncated JSON is the server's answer,
// not a network fault: it is not retried.
func TestTruncatedJSONNotRetried(t *testing.T) {
	t.Parallel()
	srv, c := frontClient(t, itellicotest.Options{},
		script(reply(http.StatusOK, `{"count":1,"items":[{"conversation_id":"c-1"`)), nil)
	_, _, err := readConversations(testCtx(t), c, nil, ListOptions{})
	var respErr *ResponseError
	if !errors.As(err, &respErr) || respErr.Reason != "the JSON ends early, after 44 bytes" || respErr.Attempts != 1 {
		t.Fatalf("err = %#v", err)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("requests at the stand-in = %d, want 0 (not retried)", n)
	}
}

func TestHTMLPageIsResponseError(t *testing.T) {
	t.Parallel()
	srv, c := standIn(t, itellicotest.Options{Faults: itellicotest.Sequence(itellicotest.HTML)}, nil)
	_, _, err := readConversations(testCtx(t), c, nil, ListOptions{})
	var respErr *ResponseError
	if !errors.As(err, &respErr) {
		t.Fatalf("err = %T %v, want *ResponseError", err, err)
	}
	if n := len(srv.Requests()); n != 1 {
		t.Errorf("requests = %d, want 1 (not retried)", n)
	}
	if respErr.StatusCode != 200 || respErr.ContentType != "text/html; charset=utf-8" || respErr.Reason != "expected a JSON body" {
		t.Errorf("ResponseError = %+v", respErr)
	}
	if !strings.HasPrefix(respErr.Excerpt, `<!DOCTYPE html> <html lang="en"><head><meta charset="utf-8"><title>itellico — scheduled maintenance</title>`) {
		t.Errorf("Excerpt = %q", respErr.Excerpt)
	}
	if n := len([]rune(respErr.Excerpt)); n > excerptLen+1 || !strings.HasSuffix(respErr.Excerpt, "…") {
		t.Errorf("Excerpt has %d runes, want at most %d, shortened with …: %q", n, excerptLen+1, respErr.Excerpt)
	}
	if strings.ContainsAny(respErr.Excerpt, "\n\t") {
		t.Errorf("Excerpt keeps line breaks: %q", respErr.Excerpt)
	}
	want := `read page at offset 0: unusable response (HTTP 200, Content-Type text/html; charset=utf-8): expected a JSON body; body starts "<!DOCTYPE html>`
	if !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error = %q", err)
	}
}

func TestHTMLErrorPageRetriedThenExcerpt(t *testing.T) {
	t.Parallel()
	page := reply(http.StatusBadGateway, "<html><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>", "Content-Type", "text/html")
	_, c := frontClient(t, itellicotest.Options{}, script(page, page, page), nil)
	_, err := c.CurrentAccount(testCtx(t))
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %T %v, want *APIError", err, err)
	}
	if apiErr.StatusCode != 502 || apiErr.Attempts != 3 || apiErr.Code != "" ||
		apiErr.Excerpt != "<html><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>" {
		t.Errorf("APIError = %+v", apiErr)
	}
}

// contentType makes the stand-in's answers say ct.
func contentType(ct string) frontFunc {
	return func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		next.ServeHTTP(&typedWriter{ResponseWriter: w, ct: ct}, r)
	}
}

type typedWriter struct {
	http.ResponseWriter
	ct string
}

func (w *typedWriter) WriteHeader(code int) {
	w.Header()["Content-Type"] = []string{w.ct}
	w.ResponseWriter.WriteHeader(code)
}

func TestWrongContentTypeRefused(t *testing.T) {
	t.Parallel()
	srv, c := frontClient(t, itellicotest.Options{}, contentType("text/plain"), nil)
	_, _, err := readConversations(testCtx(t), c, nil, ListOptions{})
	var respErr *ResponseError
	if !errors.As(err, &respErr) || respErr.Reason != "expected a JSON body" || respErr.ContentType != "text/plain" ||
		!strings.HasPrefix(respErr.Excerpt, `{"count":44,"items":[`) {
		t.Fatalf("err = %#v", err)
	}
	if n := len(srv.Requests()); n != 1 {
		t.Errorf("requests = %d, want 1", n)
	}
}

func TestJSONMediaTypesAccepted(t *testing.T) {
	t.Parallel()
	for _, ct := range []string{"application/json", "application/json; charset=utf-8", "application/vnd.itellico+json", "APPLICATION/JSON", ""} {
		t.Run(ct, func(t *testing.T) {
			t.Parallel()
			_, c := frontClient(t, itellicotest.Options{}, contentType(ct), nil)
			ids, _, err := readConversations(testCtx(t), c, nil, ListOptions{})
			if err != nil || len(ids) != itellicotest.SeedSize {
				t.Fatalf("%d ids, err %v", len(ids), err)
			}
		})
	}
}

func TestWrongShapeIsResponseError(t *testing.T) {
	t.Parallel()
	cases := []struct{ body, reason string }{
		{`{"data":[]}`, `the JSON has no "count"`},
		{`{"items":[]}`, `the JSON has no "count"`},
		{`{"count":null,"items":[]}`, `the JSON has no "count"`},
		{`{"count":2}`, `the JSON has no "items" list`},
		{`{"count":2,"items":null}`, `the JSON does not have the documented shape: expected "items" as a list, got null`},
		{`{"count":-1,"items":[]}`, `"count" is negative (-1)`},
		{`{"count":1,"items":[{"type":"phone"}]}`, `item 0 has no id`},
		{`{"count":2,"items":[{"conversation_id":"a"},{"conversation_id":""}]}`, `item 1 has no id`},
		{`{"count":1,"items":{"conversation_id":"a"}}`, `the JSON does not have the documented shape: expected "items" as a list, got an object`},
		{`{"count":1,"items":["a"]}`, `the JSON does not have the documented shape: item 0: expected itellico.Conversation, got a JSON string`},
		{`{"count":"1","items":[]}`, `the JSON does not have the documented shape: field "count" should be an integer, got a JSON string`},
		{`{"count":1.5,"items":[]}`, `the JSON does not have the documented shape: field "count" should be an integer, got a JSON number 1.5`},
		{`[]`, `the JSON does not have the documented shape: expected a JSON object, got a list`},
		{`"page"`, `the JSON does not have the documented shape: expected a JSON object, got a string`},
		{`not json`, `the body is not valid JSON: invalid character 'o' in literal null (expecting 'u')`},
		{``, `the body is empty`},
		{`{"count":0,"items":[]} {"count":0,"items":[]}`, `the body is not valid JSON: unexpected data after the JSON value`},
	}
	for _, tc := range cases {
		t.Run(tc.body, func(t *testing.T) {
			t.Parallel()
			srv, c := frontClient(t, itellicotest.Options{}, script(reply(http.StatusOK, tc.body)), nil)
			_, _, err := readConversations(testCtx(t), c, nil, ListOptions{})
			var respErr *ResponseError
			if !errors.As(err, &respErr) {
				t.Fatalf("err = %T %v, want *ResponseError", err, err)
			}
			if respErr.Reason != tc.reason {
				t.Errorf("Reason = %q, want %q", respErr.Reason, tc.reason)
			}
			if !strings.Contains(err.Error(), tc.reason) {
				t.Errorf("error %q does not name the problem", err)
			}
			if n := len(srv.Requests()); n != 0 {
				t.Errorf("requests at the stand-in = %d, want 0 (not retried)", n)
			}
		})
	}
	// The stand-in's own wrong shapes.
	for _, f := range []itellicotest.FaultKind{itellicotest.WrongShape, itellicotest.ItemsObject} {
		srv, c := standIn(t, itellicotest.Options{Faults: itellicotest.Always(f)}, nil)
		_, _, err := readConversations(testCtx(t), c, nil, ListOptions{})
		var respErr *ResponseError
		if !errors.As(err, &respErr) || len(srv.Requests()) != 1 {
			t.Errorf("%v: err = %v after %d requests, want a *ResponseError after 1", f, err, len(srv.Requests()))
		}
	}
}

// RequestTimeout bounds each attempt, not the whole request: an attempt
// that stalls times out and the next one may succeed.
func TestRequestTimeoutPerAttempt(t *testing.T) {
	t.Parallel()
	t.Run("headers", func(t *testing.T) {
		t.Parallel()
		srv, c := standIn(t, itellicotest.Options{Faults: itellicotest.Sequence(itellicotest.Stall)},
			func(c *Config) { c.RequestTimeout = 200 * time.Millisecond; c.MaxRetries = 1 })
		if _, err := c.CurrentAccount(testCtx(t)); err != nil {
			t.Fatalf("a stalled attempt, then success: %v", err)
		}
		if n := len(srv.Requests()); n != 2 {
			t.Errorf("requests = %d, want 2", n)
		}
	})
	t.Run("body", func(t *testing.T) {
		t.Parallel()
		// Headers and half a body, then nothing: the timeout covers the body.
		stallInBody := func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write([]byte(`{"count":1,"items":[{"conversation_id":`))
			http.NewResponseController(w).Flush()
			<-r.Context().Done()
		}
		srv, c := frontClient(t, itellicotest.Options{}, script(stallInBody),
			func(c *Config) { c.RequestTimeout = 200 * time.Millisecond; c.MaxRetries = 1 })
		ids, _, err := readConversations(testCtx(t), c, nil, ListOptions{})
		if err != nil || len(ids) != itellicotest.SeedSize {
			t.Fatalf("%d ids, err %v", len(ids), err)
		}
		if n := len(srv.Requests()); n != 1 {
			t.Errorf("requests at the stand-in = %d, want 1 after the retry", n)
		}
	})
}

func TestStallTimesOut(t *testing.T) {
	t.Parallel()
	srv, c := standIn(t, itellicotest.Options{Faults: itellicotest.Always(itellicotest.Stall)},
		func(c *Config) { c.RequestTimeout = 100 * time.Millisecond; c.MaxRetries = 1 })
	start := time.Now()
	_, _, err := readConversations(testCtx(t), c, nil, ListOptions{})
	elapsed := time.Since(start)
	var reqErr *RequestError
	if !errors.As(err, &reqErr) {
		t.Fatalf("err = %T %v, want *RequestError", err, err)
	}
	if !reqErr.Timeout || reqErr.Canceled || reqErr.Attempts != 2 {
		t.Errorf("RequestError = %+v", reqErr)
	}
	if !strings.HasPrefix(reqErr.Error(), "GET /v1/accounts/"+account+"/conversations timed out after 2 attempts: ") {
		t.Errorf("Error() = %q", reqErr.Error())
	}
	if n := len(srv.Requests()); n != 2 {
		t.Errorf("requests = %d, want 2", n)
	}
	if elapsed > 2*time.Second {
		t.Errorf("took %v", elapsed)
	}
}

// cancelOnArrival cancels ctx when the first request arrives, then lets the
// stand-in answer.
func cancelOnArrival(cancel context.CancelFunc) frontFunc {
	var once sync.Once
	return func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		once.Do(cancel)
		next.ServeHTTP(w, r)
	}
}

func TestContextCancelInFlight(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	_, c := frontClient(t, itellicotest.Options{Faults: itellicotest.Always(itellicotest.Stall)}, cancelOnArrival(cancel),
		func(c *Config) { c.RequestTimeout = 30 * time.Second })
	start := time.Now()
	_, err := c.CurrentAccount(ctx)
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("returned after %v, want promptly", elapsed)
	}
	var reqErr *RequestError
	if !errors.Is(err, context.Canceled) || !errors.As(err, &reqErr) || !reqErr.Canceled || reqErr.Timeout {
		t.Fatalf("err = %T %v, want *RequestError with Canceled, wrapping context.Canceled", err, err)
	}
	if !strings.Contains(reqErr.Error(), "was canceled") {
		t.Errorf("Error() = %q", reqErr.Error())
	}
}

// Canceling ends a wait for a retry or for the end of a rate limit's
// pause at once.
func TestContextCancelWhileWaiting(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		fault itellicotest.FaultKind
	}{
		{"retry of a failure", itellicotest.InternalError},
		{"pause of a rate limit", itellicotest.RateLimit},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			srv, c := frontClient(t, itellicotest.Options{Faults: itellicotest.Always(tc.fault), RetryAfter: "30"},
				func(w http.ResponseWriter, r *http.Request, next http.Handler) {
					w.Header().Set("Retry-After", "30")
					next.ServeHTTP(w, r)
					time.AfterFunc(50*time.Millisecond, cancel)
				}, func(c *Config) { c.MaxRetryAfter = time.Minute; c.MaxRateLimitWait = time.Minute })
			start := time.Now()
			_, _, err := readConversations(ctx, c, nil, ListOptions{})
			if elapsed := time.Since(start); elapsed > 2*time.Second {
				t.Errorf("returned after %v, want promptly", elapsed)
			}
			if !errors.Is(err, context.Canceled) {
				t.Errorf("err = %v, want it to wrap context.Canceled", err)
			}
			if n := len(srv.Requests()); n != 1 {
				t.Errorf("requests = %d, want 1", n)
			}
		})
	}
}

func TestContextDeadline(t *testing.T) {
	t.Parallel()
	_, c := standIn(t, itellicotest.Options{Faults: itellicotest.Always(itellicotest.Stall)},
		func(c *Config) { c.RequestTimeout = 30 * time.Second })
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	_, err := c.CurrentAccount(ctx)
	var reqErr *RequestError
	if !errors.As(err, &reqErr) || !reqErr.Timeout || reqErr.Canceled || reqErr.Attempts != 1 {
		t.Errorf("err = %T %+v, want *RequestError with Timeout after 1 attempt", err, err)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want it to wrap context.DeadlineExceeded", err)
	}
}

func TestRetryLog(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var lines []string
	var fields []map[string]any
	logf := func(_ context.Context, msg string, f map[string]any) {
		mu.Lock()
		defer mu.Unlock()
		lines = append(lines, msg)
		fields = append(fields, f)
	}
	_, c := standIn(t, itellicotest.Options{Faults: itellicotest.Sequence(itellicotest.Unavailable)}, func(c *Config) { c.Log = logf })
	if _, _, err := readConversations(testCtx(t), c, nil, ListOptions{}); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if want := []string{"retrying itellico API request", "itellico API request"}; !slicesEqual(lines, want) {
		t.Fatalf("log = %q, want %q", lines, want)
	}
	if fields[0]["attempt"] != 2 || fields[0]["reason"] != "HTTP 503" {
		t.Errorf("retry fields = %v", fields[0])
	}
	if fields[1]["attempts"] != 2 || fields[1]["status"] != 200 || fields[1]["query"] != "limit=100&offset=0" {
		t.Errorf("request fields = %v", fields[1])
	}
	for i, f := range fields {
		for k, v := range f {
			if s, ok := v.(string); ok {
				mustNotContainKey(t, "log field "+strconv.Itoa(i)+" "+k, s)
			}
		}
	}
}
