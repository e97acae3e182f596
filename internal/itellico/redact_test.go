package itellico

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

// echoHeaders answers status with a body that repeats the request headers:
// in the API's error format, or not.
func echoHeaders(status int, asAPIError bool) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		key := r.Header.Get("X-API-Key")
		var b []byte
		if !asAPIError {
			// The key comes first, within the excerpt.
			b, _ = json.Marshal(map[string]any{"a_key": key, "echo": r.Header})
		} else {
			b, _ = json.Marshal(map[string]any{
				"code":    "unauthorized",
				"message": "API key " + key + " is not valid",
				"detail":  map[string]any{"received_headers": r.Header},
				"errors":  []map[string]string{{"field": "X-API-Key=" + key, "message": "unknown key " + key}},
			})
		}
		writeBody(w, status, string(b))
	}
}

// always answers every request with h.
func always(h func(http.ResponseWriter, *http.Request)) frontFunc {
	return func(w http.ResponseWriter, r *http.Request, _ http.Handler) { h(w, r) }
}

func TestAPIKeyRedactedFromAPIError(t *testing.T) {
	t.Parallel()
	_, c := frontClient(t, itellicotest.Options{}, always(echoHeaders(http.StatusUnauthorized, true)), nil)
	_, _, err := readConversations(testCtx(t), c, nil, ListOptions{})
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %T %v", err, err)
	}
	mustNotContainKey(t, "error", err.Error())
	mustNotContainKey(t, "Message", apiErr.Message)
	mustNotContainKey(t, "Detail", apiErr.Detail)
	for _, f := range apiErr.Errors {
		mustNotContainKey(t, "field error", f.Field+" "+f.Message)
	}
	if apiErr.Message != "API key [redacted] is not valid" {
		t.Errorf("Message = %q", apiErr.Message)
	}
	if len(apiErr.Errors) != 1 || apiErr.Errors[0] != (FieldError{Field: "X-API-Key=[redacted]", Message: "unknown key [redacted]"}) {
		t.Errorf("Errors = %+v", apiErr.Errors)
	}
	if !strings.Contains(apiErr.Detail, `"X-Api-Key":["[redacted]"]`) {
		t.Errorf("Detail = %q", apiErr.Detail)
	}
}

func TestAPIKeyRedactedFromEchoedBody(t *testing.T) {
	t.Parallel()
	cases := map[string]func(http.ResponseWriter, *http.Request){
		// Not the API's error format: the error shows an excerpt.
		"JSON echo on 400": echoHeaders(http.StatusBadRequest, false),
		"JSON echo on 503": echoHeaders(http.StatusServiceUnavailable, false),
		"JSON echo on 429": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("x-should-retry", "false")
			echoHeaders(http.StatusTooManyRequests, false)(w, r)
		},
		// The right status but not a page: the excerpt comes from the decoder.
		"JSON echo on 200": func(w http.ResponseWriter, r *http.Request) {
			writeBody(w, 200, `{"count": 1, "items": [{"conversation_id": "c-1", "x": "`+r.Header.Get("X-API-Key")+`"}] trailing`)
		},
		"HTML on 200": func(w http.ResponseWriter, r *http.Request) {
			writeBody(w, 200, "<html><body><pre>X-API-Key: "+r.Header.Get("X-API-Key")+"</pre></body></html>", "Content-Type", "text/html")
		},
		"HTML on 502": func(w http.ResponseWriter, r *http.Request) {
			writeBody(w, 502, "<html><body><pre>X-API-Key: "+r.Header.Get("X-API-Key")+"</pre></body></html>", "Content-Type", "text/html")
		},
		"text on 404": func(w http.ResponseWriter, r *http.Request) {
			writeBody(w, 404, "no route for key="+r.Header.Get("X-API-Key"), "Content-Type", "text/plain")
		},
	}
	for name, h := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var logged []string
			var mu sync.Mutex
			logf := func(_ context.Context, _ string, f map[string]any) {
				mu.Lock()
				defer mu.Unlock()
				if e, ok := f["error"].(string); ok {
					logged = append(logged, e)
				}
			}
			_, c := frontClient(t, itellicotest.Options{}, always(h), func(c *Config) { c.Log = logf })
			_, _, err := readConversations(testCtx(t), c, nil, ListOptions{})
			if err == nil {
				t.Fatal("no error")
			}
			mustNotContainKey(t, "error", err.Error())
			if !strings.Contains(err.Error(), "[redacted]") {
				t.Errorf("error %q does not show the redaction", err)
			}
			mu.Lock()
			defer mu.Unlock()
			for _, l := range logged {
				mustNotContainKey(t, "logged error", l)
			}
		})
	}
}

// The excerpt is cut from the first bytes of the body before the key is
// looked for; a key that straddles that cut must not leak in part either.
func TestAPIKeyRedactedAtExcerptBoundary(t *testing.T) {
	t.Parallel()
	body := func(r *http.Request) string {
		// 490 line breaks collapse to one space, then the key straddles
		// byte 512 of the body, where the kept head ends.
		return strings.Repeat("\n", 490) + "key=" + r.Header.Get("X-API-Key") + " end"
	}
	cases := map[string]func(http.ResponseWriter, *http.Request){
		"HTML on 200": func(w http.ResponseWriter, r *http.Request) {
			writeBody(w, 200, body(r), "Content-Type", "text/html")
		},
		"text on 401": func(w http.ResponseWriter, r *http.Request) {
			writeBody(w, 401, body(r), "Content-Type", "text/plain")
		},
		"not JSON on 200": func(w http.ResponseWriter, r *http.Request) {
			writeBody(w, 200, body(r))
		},
		"bad JSON on 200": func(w http.ResponseWriter, r *http.Request) {
			writeBody(w, 200, strings.Repeat(" ", 490)+`{"k":"`+r.Header.Get("X-API-Key")+`" oops}`)
		},
	}
	for name, h := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, c := frontClient(t, itellicotest.Options{}, always(h), nil)
			_, _, err := readConversations(testCtx(t), c, nil, ListOptions{})
			if err == nil {
				t.Fatal("no error")
			}
			mustNotContainKey(t, "error", err.Error())
		})
	}
}

func TestExcerpt(t *testing.T) {
	t.Parallel()
	c := &Client{apiKey: testKey}
	cases := []struct{ in, want string }{
		{"", ""},
		{"  hello \n\t world  ", "hello world"},
		{"key " + testKey + " end", "key [redacted] end"},
		{"cut " + testKey[:20], "cut [redacted]"},
		{"bad \xff\xfe utf8", "bad \uFFFD utf8"},
		{strings.Repeat("ä", 200), strings.Repeat("ä", 120) + "…"},
		{strings.Repeat("x", 10_000), strings.Repeat("x", 120) + "…"},
	}
	for _, tc := range cases {
		if got := c.excerpt([]byte(tc.in)); got != tc.want {
			t.Errorf("excerpt(%.30q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := (&Client{}).redact("anything"); got != "anything" {
		t.Errorf("redact without key = %q", got)
	}
}
