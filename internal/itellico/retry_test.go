package itellico

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// scripted answers the i-th request (from 0) with steps[i], and the last
// step for every request after; it records when each request arrived.
type scripted struct {
	mu    sync.Mutex
	steps []func(w http.ResponseWriter, r *http.Request)
	times []time.Time
}

func (s *scripted) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	i := len(s.times)
	s.times = append(s.times, time.Now())
	step := s.steps[min(i, len(s.steps)-1)]
	s.mu.Unlock()
	step(w, r)
}

func (s *scripted) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.times)
}

// firstGap is the time between the first two requests.
func (s *scripted) firstGap() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.times[1].Sub(s.times[0])
}

func status(code int, body string, headers ...string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		writeJSON(w, code, []byte(body))
	}
}

func okOne(w http.ResponseWriter, _ *http.Request) { okPage(w, 1, "c-1") }

// hijackClose drops the connection without any answer.
func hijackClose(w http.ResponseWriter, _ *http.Request) {
	conn := hijack(w)
	_ = conn.Close()
}

// runScript lists conversations against a server that follows steps.
func runScript(t *testing.T, mod func(*Config), steps ...func(http.ResponseWriter, *http.Request)) (*List[Conversation], *scripted, error) {
	t.Helper()
	s := &scripted{steps: steps}
	srv := newServer(t, s.serve)
	c := newClient(t, srv.URL, mod)
	list, err := c.ListConversations(testCtx(t), "acc_1", ConversationFilter{}, ListOptions{})
	return list, s, err
}

func wantOneItem(t *testing.T, list *List[Conversation], err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("err = %v", err)
	}
	if got := idsOf(list.Items); list.Count != 1 || !equalStrings(got, []string{"c-1"}) || list.Shortfall != nil {
		t.Fatalf("list = count %d, ids %v, shortfall %v", list.Count, got, list.Shortfall)
	}
}

const busy = `{"code":"service_unavailable","message":"try again"}`

func TestRetry503ThenSuccess(t *testing.T) {
	t.Parallel()
	list, s, err := runScript(t, nil, status(503, busy), status(503, busy), okOne)
	wantOneItem(t, list, err)
	if s.count() != 3 {
		t.Errorf("requests = %d, want 3", s.count())
	}
}

func TestRetriedStatuses(t *testing.T) {
	t.Parallel()
	for _, code := range []int{408, 409, 429, 500, 501, 502, 503, 504, 599} {
		t.Run(strconv.Itoa(code), func(t *testing.T) {
			t.Parallel()
			list, s, err := runScript(t, nil, status(code, `{"code":"x","message":"y"}`), okOne)
			wantOneItem(t, list, err)
			if s.count() != 2 {
				t.Errorf("requests = %d, want 2", s.count())
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
		{410, `{"code":"gone","message":"removed"}`, "HTTP 410 Gone (gone): removed"},
		{422, `{"code":"validation_error","message":"Invalid parameters","errors":[{"field":"agent_id","message":"not a uuid"},{"field":"type","message":"unknown"}]}`,
			"HTTP 422 Unprocessable Entity (validation_error): Invalid parameters; agent_id: not a uuid; type: unknown"},
	}
	for _, tc := range cases {
		t.Run(strconv.Itoa(tc.code), func(t *testing.T) {
			t.Parallel()
			_, s, err := runScript(t, nil, status(tc.code, tc.body), okOne)
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
			if s.count() != 1 {
				t.Errorf("requests = %d, want 1 (not retried)", s.count())
			}
		})
	}
}

func TestValidationErrorFields(t *testing.T) {
	t.Parallel()
	_, _, err := runScript(t, nil, status(422,
		`{"code":"validation_error","message":"Invalid parameters","errors":[{"field":"created_after","message":"not a date-time"}]}`,
		"x-request-id", "req-422"))
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v", err)
	}
	want := []FieldError{{Field: "created_after", Message: "not a date-time"}}
	if len(apiErr.Errors) != 1 || apiErr.Errors[0] != want[0] {
		t.Errorf("Errors = %+v, want %+v", apiErr.Errors, want)
	}
	if apiErr.Code != "validation_error" || apiErr.Message != "Invalid parameters" || apiErr.RequestID != "req-422" {
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
			_, s, err := runScript(t, func(c *Config) { c.MaxRetries = retries },
				status(503, body, "x-request-id", "req-42"))
			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %T %v, want *APIError", err, err)
			}
			if apiErr.Attempts != retries+1 || s.count() != retries+1 {
				t.Errorf("Attempts = %d, requests = %d, want %d", apiErr.Attempts, s.count(), retries+1)
			}
			if apiErr.StatusCode != 503 || apiErr.Code != "service_unavailable" || apiErr.Message != "Service unavailable" ||
				apiErr.Detail != "maintenance window" || apiErr.RequestID != "req-42" || apiErr.Excerpt != "" {
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

func TestRetryAfterZero(t *testing.T) {
	t.Parallel()
	list, s, err := runScript(t, func(c *Config) { c.RetryWaitMin, c.RetryWaitMax = time.Second, time.Second },
		status(429, `{"code":"rate_limit_exceeded","message":"slow down"}`, "Retry-After", "0"), okOne)
	wantOneItem(t, list, err)
	if s.count() != 2 {
		t.Fatalf("requests = %d, want 2", s.count())
	}
	// Retry-After: 0 replaces the (here one second) backoff.
	if g := s.firstGap(); g > 500*time.Millisecond {
		t.Errorf("waited %v despite Retry-After: 0", g)
	}
}

func TestRetryAfterMilliseconds(t *testing.T) {
	t.Parallel()
	list, s, err := runScript(t, nil,
		status(429, `{"code":"rate_limit_exceeded","message":"slow down"}`, "retry-after-ms", "60", "Retry-After", "30"), okOne)
	wantOneItem(t, list, err)
	if s.count() != 2 {
		t.Fatalf("requests = %d, want 2", s.count())
	}
	// retry-after-ms wins over Retry-After (30 s, capped at 1 s here).
	if g := s.firstGap(); g < 55*time.Millisecond || g > 900*time.Millisecond {
		t.Errorf("waited %v, want about 60ms", g)
	}
}

func TestRetryAfterHTTPDate(t *testing.T) {
	t.Parallel()
	t.Run("past", func(t *testing.T) {
		t.Parallel()
		past := time.Now().Add(-time.Hour).UTC().Format(http.TimeFormat)
		list, s, err := runScript(t, func(c *Config) { c.RetryWaitMin, c.RetryWaitMax = time.Second, time.Second },
			status(429, `{"code":"rate_limit_exceeded","message":"slow down"}`, "Retry-After", past), okOne)
		wantOneItem(t, list, err)
		if s.count() != 2 {
			t.Fatalf("requests = %d, want 2", s.count())
		}
		if g := s.firstGap(); g > 500*time.Millisecond {
			t.Errorf("waited %v for a date in the past", g)
		}
	})
	t.Run("future capped", func(t *testing.T) {
		t.Parallel()
		future := time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)
		list, s, err := runScript(t, func(c *Config) { c.MaxRetryAfter = 80 * time.Millisecond },
			status(503, busy, "Retry-After", future), okOne)
		wantOneItem(t, list, err)
		if s.count() != 2 {
			t.Fatalf("requests = %d, want 2", s.count())
		}
		// The date is honoured (backoff alone would be 1ms) and capped.
		if g := s.firstGap(); g < 75*time.Millisecond || g > 900*time.Millisecond {
			t.Errorf("waited %v, want about 80ms (the cap)", g)
		}
	})
}

func TestShouldRetryHeader(t *testing.T) {
	t.Parallel()
	t.Run("false on 503 stops at once", func(t *testing.T) {
		t.Parallel()
		_, s, err := runScript(t, nil, status(503, busy, "x-should-retry", "false"), okOne)
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 || apiErr.Attempts != 1 {
			t.Fatalf("err = %v, want *APIError 503 after 1 attempt", err)
		}
		if s.count() != 1 {
			t.Errorf("requests = %d, want 1", s.count())
		}
	})
	t.Run("false on 429 stops at once", func(t *testing.T) {
		t.Parallel()
		_, s, err := runScript(t, nil, status(429, `{"code":"rate_limit_exceeded","message":"no"}`, "x-should-retry", "false"), okOne)
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.Code != "rate_limit_exceeded" {
			t.Fatalf("err = %v", err)
		}
		if s.count() != 1 {
			t.Errorf("requests = %d, want 1", s.count())
		}
	})
	t.Run("true on 400 retries", func(t *testing.T) {
		t.Parallel()
		list, s, err := runScript(t, nil, status(400, `{"code":"bad_request","message":"flaky"}`, "x-should-retry", "true"), okOne)
		wantOneItem(t, list, err)
		if s.count() != 2 {
			t.Errorf("requests = %d, want 2", s.count())
		}
	})
	t.Run("true on 400 until exhausted", func(t *testing.T) {
		t.Parallel()
		_, s, err := runScript(t, nil, status(400, `{"code":"bad_request","message":"flaky"}`, "x-should-retry", "true"))
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 || apiErr.Attempts != 3 || apiErr.Message != "flaky" {
			t.Fatalf("err = %v, want *APIError 400 after 3 attempts", err)
		}
		if s.count() != 3 {
			t.Errorf("requests = %d, want 3", s.count())
		}
	})
	t.Run("other values ignored", func(t *testing.T) {
		t.Parallel()
		_, s, err := runScript(t, nil, status(404, `{"code":"not_found","message":"x"}`, "x-should-retry", "yes"), okOne)
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 404 {
			t.Fatalf("err = %v", err)
		}
		if s.count() != 1 {
			t.Errorf("requests = %d, want 1", s.count())
		}
	})
	// The SDKs consult x-should-retry only for error responses: a successful
	// page is used, whatever the header says.
	t.Run("true on 200 is a success", func(t *testing.T) {
		t.Parallel()
		list, s, err := runScript(t, nil, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("x-should-retry", "true")
			okOne(w, r)
		})
		if err != nil {
			t.Fatalf("a 200 page with x-should-retry: true failed after %d requests: %v", s.count(), err)
		}
		wantOneItem(t, list, err)
		if s.count() != 1 {
			t.Errorf("requests = %d, want 1", s.count())
		}
	})
}

func TestConnectionResetRetried(t *testing.T) {
	t.Parallel()
	list, s, err := runScript(t, nil, hijackClose, hijackClose, okOne)
	wantOneItem(t, list, err)
	if s.count() != 3 {
		t.Errorf("requests = %d, want 3", s.count())
	}
}

func TestConnectionResetExhausted(t *testing.T) {
	t.Parallel()
	_, s, err := runScript(t, nil, hijackClose)
	var reqErr *RequestError
	if !errors.As(err, &reqErr) {
		t.Fatalf("err = %T %v, want *RequestError", err, err)
	}
	if reqErr.Attempts != 3 || reqErr.Timeout || reqErr.Canceled {
		t.Errorf("RequestError = %+v", reqErr)
	}
	if reqErr.Path != "/v1/accounts/acc_1/conversations" {
		t.Errorf("Path = %q", reqErr.Path)
	}
	if !strings.HasPrefix(reqErr.Error(), "GET /v1/accounts/acc_1/conversations failed after 3 attempts: ") {
		t.Errorf("Error() = %q", reqErr.Error())
	}
	if strings.Contains(reqErr.Error(), "http://") {
		t.Errorf("Error() repeats the URL: %q", reqErr.Error())
	}
	if s.count() != 3 {
		t.Errorf("requests = %d, want 3", s.count())
	}
}

// cutShort declares a long body, sends part of it and drops the connection.
func cutShort(w http.ResponseWriter, _ *http.Request) {
	body := pageBody(1, []string{"c-1"})
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)+500))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body[:len(body)/2])
	http.NewResponseController(w).Flush()
	conn := hijack(w)
	_ = conn.Close()
}

func TestBodyCutShortRetried(t *testing.T) {
	t.Parallel()
	list, s, err := runScript(t, nil, cutShort, okOne)
	wantOneItem(t, list, err)
	if s.count() != 2 {
		t.Errorf("requests = %d, want 2", s.count())
	}
}

func TestBodyCutShortExhausted(t *testing.T) {
	t.Parallel()
	_, s, err := runScript(t, nil, cutShort)
	var respErr *ResponseError
	if !errors.As(err, &respErr) {
		t.Fatalf("err = %T %v, want *ResponseError", err, err)
	}
	if respErr.Attempts != 3 || s.count() != 3 {
		t.Errorf("Attempts = %d, requests = %d, want 3", respErr.Attempts, s.count())
	}
	if !strings.HasPrefix(respErr.Reason, "the body was cut short after ") {
		t.Errorf("Reason = %q", respErr.Reason)
	}
}

// A body that arrived whole but is truncated JSON is the server's answer,
// not a network fault: it is not retried.
func TestTruncatedJSONNotRetried(t *testing.T) {
	t.Parallel()
	_, s, err := runScript(t, nil, status(200, `{"count":1,"items":[{"conversation_id":"c-1"`), okOne)
	var respErr *ResponseError
	if !errors.As(err, &respErr) {
		t.Fatalf("err = %T %v, want *ResponseError", err, err)
	}
	if respErr.Reason != "the JSON ends early, after 44 bytes" {
		t.Errorf("Reason = %q", respErr.Reason)
	}
	if s.count() != 1 {
		t.Errorf("requests = %d, want 1", s.count())
	}
}

const htmlPage = `<!DOCTYPE html>
<html>
  <head>
    <title>Service maintenance</title>
    <style>body { font-family: sans-serif; margin: 4em; } h1 { color: #333; }</style>
  </head>
  <body>
    <h1>We'll be back soon</h1>
    <p>Sorry for the inconvenience. We are performing some maintenance at the moment and will be back online shortly.
    If you need to you can always contact us, otherwise we'll be back online shortly!</p>
    <p>&mdash; The Team</p>
  </body>
</html>`

func TestHTMLPageIsResponseError(t *testing.T) {
	t.Parallel()
	_, s, err := runScript(t, nil, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(htmlPage))
	}, okOne)
	var respErr *ResponseError
	if !errors.As(err, &respErr) {
		t.Fatalf("err = %T %v, want *ResponseError", err, err)
	}
	if s.count() != 1 {
		t.Errorf("requests = %d, want 1 (not retried)", s.count())
	}
	if respErr.StatusCode != 200 || respErr.ContentType != "text/html; charset=utf-8" || respErr.Reason != "expected a JSON body" {
		t.Errorf("ResponseError = %+v", respErr)
	}
	if !strings.HasPrefix(respErr.Excerpt, "<!DOCTYPE html> <html> <head> <title>Service maintenance</title>") {
		t.Errorf("Excerpt = %q", respErr.Excerpt)
	}
	if n := len([]rune(respErr.Excerpt)); n > 121 {
		t.Errorf("Excerpt has %d runes, want at most 121", n)
	}
	if !strings.HasSuffix(respErr.Excerpt, "…") {
		t.Errorf("Excerpt %q does not show that it was shortened", respErr.Excerpt)
	}
	if strings.ContainsAny(respErr.Excerpt, "\n\t") {
		t.Errorf("Excerpt keeps line breaks: %q", respErr.Excerpt)
	}
	want := `unusable response (HTTP 200, Content-Type text/html; charset=utf-8): expected a JSON body; body starts "<!DOCTYPE html>`
	if !strings.HasPrefix(err.Error(), "read page at offset 0: "+want) {
		t.Errorf("error = %q", err)
	}
}

func TestHTMLErrorPageRetriedThenExcerpt(t *testing.T) {
	t.Parallel()
	_, s, err := runScript(t, nil, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = w.Write([]byte("<html><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>"))
	})
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %T %v, want *APIError", err, err)
	}
	if apiErr.StatusCode != 502 || apiErr.Attempts != 3 || apiErr.Code != "" ||
		apiErr.Excerpt != "<html><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>" {
		t.Errorf("APIError = %+v", apiErr)
	}
	if s.count() != 3 {
		t.Errorf("requests = %d, want 3", s.count())
	}
}

func TestWrongContentTypeRefused(t *testing.T) {
	t.Parallel()
	_, s, err := runScript(t, nil, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write(pageBody(1, []string{"c-1"}))
	})
	var respErr *ResponseError
	if !errors.As(err, &respErr) || respErr.Reason != "expected a JSON body" {
		t.Fatalf("err = %v", err)
	}
	if s.count() != 1 {
		t.Errorf("requests = %d, want 1", s.count())
	}
}

func TestJSONMediaTypesAccepted(t *testing.T) {
	t.Parallel()
	for _, ct := range []string{"application/json", "application/json; charset=utf-8", "application/vnd.itellico+json", ""} {
		t.Run(ct, func(t *testing.T) {
			t.Parallel()
			list, _, err := runScript(t, nil, func(w http.ResponseWriter, _ *http.Request) {
				w.Header()["Content-Type"] = []string{ct}
				_, _ = w.Write(pageBody(1, []string{"c-1"}))
			})
			wantOneItem(t, list, err)
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
		{`{"count":2,"items":null}`, `the JSON has no "items" list`},
		{`{"count":-1,"items":[]}`, `"count" is negative (-1)`},
		{`{"count":1,"items":[{"type":"phone"}]}`, `item 0 has no id`},
		{`{"count":2,"items":[{"conversation_id":"a"},{"conversation_id":""}]}`, `item 1 has no id`},
		{`{"count":1,"items":{"conversation_id":"a"}}`, `the JSON does not have the documented shape: field "items" should be []itellico.Conversation, got a JSON object`},
		{`{"count":"1","items":[]}`, `the JSON does not have the documented shape: field "count" should be int64, got a JSON string`},
		{`{"count":1.5,"items":[]}`, `the JSON does not have the documented shape: field "count" should be int64, got a JSON number 1.5`},
		{`[]`, `the JSON does not have the documented shape: expected itellico.page[github.com/itellicoai/terraform-provider-itellico/internal/itellico.Conversation], got a JSON array`},
		{`not json`, `the body is not valid JSON: invalid character 'o' in literal null (expecting 'u')`},
		{``, `the body is empty`},
		{`{"count":0,"items":[]} {"count":0,"items":[]}`, `the body is not valid JSON: unexpected data after the JSON value`},
	}
	for _, tc := range cases {
		t.Run(tc.body, func(t *testing.T) {
			t.Parallel()
			_, s, err := runScript(t, nil, status(200, tc.body), okOne)
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
			if s.count() != 1 {
				t.Errorf("requests = %d, want 1 (not retried)", s.count())
			}
		})
	}
}

func TestOversizedBody(t *testing.T) {
	t.Parallel()
	var ids []string
	for i := range 100 {
		ids = append(ids, convID(i))
	}
	big := pageBody(100, ids) // about 10 KB
	_, s, err := runScript(t, func(c *Config) { c.MaxBodyBytes = 1024 }, status(200, string(big)), okOne)
	var respErr *ResponseError
	if !errors.As(err, &respErr) {
		t.Fatalf("err = %T %v, want *ResponseError", err, err)
	}
	if respErr.Reason != "the body exceeds the limit of 1 KiB" {
		t.Errorf("Reason = %q", respErr.Reason)
	}
	if !strings.Contains(err.Error(), "exceeds the limit of 1 KiB") {
		t.Errorf("error = %q", err)
	}
	if s.count() != 1 {
		t.Errorf("requests = %d, want 1", s.count())
	}
	// The same body is accepted when the limit is exactly its size.
	list, _, err := runScript(t, func(c *Config) { c.MaxBodyBytes = int64(len(big)) }, status(200, string(big)))
	if err != nil || len(list.Items) != 100 {
		t.Fatalf("body of exactly MaxBodyBytes: err = %v", err)
	}
}

func TestStallTimesOut(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	start := time.Now()
	_, s, err := runScript(t, func(c *Config) { c.RequestTimeout = 100 * time.Millisecond; c.MaxRetries = 1 },
		func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-release:
			}
		})
	elapsed := time.Since(start)
	var reqErr *RequestError
	if !errors.As(err, &reqErr) {
		t.Fatalf("err = %T %v, want *RequestError", err, err)
	}
	if !reqErr.Timeout || reqErr.Canceled || reqErr.Attempts != 2 {
		t.Errorf("RequestError = %+v", reqErr)
	}
	if !strings.HasPrefix(reqErr.Error(), "GET /v1/accounts/acc_1/conversations timed out after 2 attempts: ") {
		t.Errorf("Error() = %q", reqErr.Error())
	}
	if s.count() != 2 {
		t.Errorf("requests = %d, want 2", s.count())
	}
	if elapsed > 2*time.Second {
		t.Errorf("took %v", elapsed)
	}
}

func TestContextCancelInFlight(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	t.Cleanup(func() { close(release) })
	c := newClient(t, srv.URL, func(c *Config) { c.RequestTimeout = 30 * time.Second })
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.ListConversations(ctx, "acc_1", ConversationFilter{}, ListOptions{})
	elapsed := time.Since(start)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want it to wrap context.Canceled", err)
	}
	var reqErr *RequestError
	if !errors.As(err, &reqErr) || !reqErr.Canceled || reqErr.Timeout {
		t.Errorf("err = %T %v, want *RequestError with Canceled", err, err)
	} else if !strings.Contains(reqErr.Error(), "was canceled") {
		t.Errorf("Error() = %q", reqErr.Error())
	}
	if elapsed > time.Second {
		t.Errorf("returned after %v, want promptly", elapsed)
	}
}

func TestContextCancelDuringBackoff(t *testing.T) {
	t.Parallel()
	s := &scripted{steps: []func(http.ResponseWriter, *http.Request){
		status(429, `{"code":"rate_limit_exceeded","message":"wait"}`, "Retry-After", "30"),
	}}
	srv := newServer(t, s.serve)
	c := newClient(t, srv.URL, func(c *Config) { c.MaxRetryAfter = time.Minute })
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.ListConversations(ctx, "acc_1", ConversationFilter{}, ListOptions{})
	if elapsed := time.Since(start); elapsed > time.Second {
		t.Errorf("returned after %v, want promptly", elapsed)
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want it to wrap context.Canceled", err)
	}
	if s.count() != 1 {
		t.Errorf("requests = %d, want 1", s.count())
	}
}

func TestContextDeadline(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	t.Cleanup(func() { close(release) })
	c := newClient(t, srv.URL, func(c *Config) { c.RequestTimeout = 30 * time.Second })
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := c.ListConversations(ctx, "acc_1", ConversationFilter{}, ListOptions{})
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
	_, _, err := runScript(t, func(c *Config) { c.Log = logf }, status(503, busy), okOne)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"retrying itellico API request", "itellico API request"}
	if !equalStrings(lines, want) {
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
