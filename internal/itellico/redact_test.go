package itellico

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// echoHeaders answers status with a body that repeats the request headers.
func echoHeaders(status int, asAPIError bool) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		if !asAPIError {
			// Not the API's error format: the key comes first, within the excerpt.
			b, _ := json.Marshal(map[string]any{"a_key": r.Header.Get("X-API-Key"), "echo": r.Header})
			writeJSON(w, status, b)
			return
		}
		key := r.Header.Get("X-API-Key")
		b, _ := json.Marshal(map[string]any{
			"code":    "unauthorized",
			"message": "API key " + key + " is not valid",
			"detail":  map[string]any{"received_headers": r.Header},
			"errors":  []map[string]string{{"field": "X-API-Key=" + key, "message": "unknown key " + key}},
		})
		writeJSON(w, status, b)
	}
}

func TestAPIKeyRedactedFromAPIError(t *testing.T) {
	t.Parallel()
	_, _, err := runScript(t, nil, echoHeaders(http.StatusUnauthorized, true))
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
		// The right status but not a page: the excerpt comes from the decoder.
		"JSON echo on 200": func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 200, []byte(`{"count": 1, "items": [{"conversation_id": "c-1", "x": "`+r.Header.Get("X-API-Key")+`"}] trailing`))
		},
		"HTML on 200": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte("<html><body><pre>X-API-Key: " + r.Header.Get("X-API-Key") + "</pre></body></html>"))
		},
		"HTML on 502": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(502)
			_, _ = w.Write([]byte("<html><body><pre>X-API-Key: " + r.Header.Get("X-API-Key") + "</pre></body></html>"))
		},
		"text on 404": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(404)
			_, _ = w.Write([]byte("no route for key=" + r.Header.Get("X-API-Key")))
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
			_, _, err := runScript(t, func(c *Config) { c.Log = logf }, h)
			if err == nil {
				t.Fatal("no error")
			}
			mustNotContainKey(t, "error", err.Error())
			if !strings.Contains(err.Error(), "[redacted]") {
				t.Errorf("error %q does not show the redaction", err)
			}
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
	body := func(r *http.Request) []byte {
		// 450 line breaks collapse to one space, then the key straddles
		// byte 480 of the body.
		return []byte(strings.Repeat("\n", 450) + "key=" + r.Header.Get("X-API-Key") + " end")
	}
	cases := map[string]func(http.ResponseWriter, *http.Request){
		"HTML on 200": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write(body(r))
		},
		"text on 401": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(401)
			_, _ = w.Write(body(r))
		},
		"not JSON on 200": func(w http.ResponseWriter, r *http.Request) {
			_, _ = w.Write(body(r))
		},
		"bad JSON on 200": func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 200, []byte(strings.Repeat(" ", 450)+`{"k":"`+r.Header.Get("X-API-Key")+`" oops}`))
		},
	}
	for name, h := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, _, err := runScript(t, nil, h)
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
