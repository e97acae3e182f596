package itellico

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

// hostileKey is a key whose forms differ: as sent, url.PathEscape'd and
// url.QueryEscape'd ('/', '+', '=' and a space are escaped differently).
const hostileKey = "itk/Zq7+Wm3=Rv9 Xk2Lp8/Hd4Jn6=="

// keyForms are the forms of hostileKey a server may echo.
var keyForms = []string{hostileKey, url.PathEscape(hostileKey), url.QueryEscape(hostileKey)}

// withHostileKey has the client and the stand-in use hostileKey; logs,
// when given, receives every log line's fields.
func withHostileKey(logs *logRecorder) func(*Config) {
	return func(c *Config) {
		c.APIKey = hostileKey
		if logs != nil {
			c.Log = logs.log
		}
	}
}

// logRecorder keeps every string a client logged.
type logRecorder struct {
	mu    sync.Mutex
	texts []string
}

func (l *logRecorder) log(_ context.Context, msg string, fields map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.texts = append(l.texts, msg)
	for _, v := range fields {
		l.texts = append(l.texts, fmt.Sprint(v))
	}
}

// exportedTexts collects every string an error shows: the text of every
// exported field, within structs, pointers and slices, and Error() of an
// error-typed field.
func exportedTexts(v reflect.Value) []string {
	switch v.Kind() {
	case reflect.String:
		return []string{v.String()}
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		if e, ok := v.Interface().(error); ok && v.Kind() == reflect.Interface {
			return []string{e.Error()}
		}
		return exportedTexts(v.Elem())
	case reflect.Slice:
		var out []string
		for i := range v.Len() {
			out = append(out, exportedTexts(v.Index(i))...)
		}
		return out
	case reflect.Struct:
		var out []string
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				out = append(out, exportedTexts(v.Field(i))...)
			}
		}
		return out
	}
	return nil
}

// mustNotShowHostileKey fails when text holds hostileKey in any of its
// forms, or 6 characters in a row of one.
func mustNotShowHostileKey(t *testing.T, what, text string) {
	t.Helper()
	const piece = 6
	for _, form := range keyForms {
		for i := 0; i+piece <= len(form); i++ {
			if strings.Contains(text, form[i:i+piece]) {
				t.Errorf("%s shows the key (%q of %q): %s", what, form[i:i+piece], form, text)
				return
			}
		}
	}
}

// mustHideKey checks err's text, every exported field of the error
// itself (found with errors.As as target), and everything logged.
func mustHideKey[E error](t *testing.T, err error, target *E, logs *logRecorder) {
	t.Helper()
	if !errors.As(err, target) {
		t.Fatalf("err = %T %v, want a %T", err, err, *target)
	}
	mustNotShowHostileKey(t, "the error", err.Error())
	for _, s := range exportedTexts(reflect.ValueOf(*target)) {
		mustNotShowHostileKey(t, fmt.Sprintf("a field of the %T", *target), s)
	}
	if logs != nil {
		logs.mu.Lock()
		defer logs.mu.Unlock()
		for _, s := range logs.texts {
			mustNotShowHostileKey(t, "a log line", s)
		}
	}
}

func TestKeyRemovedFromAPIError(t *testing.T) {
	t.Parallel()
	t.Run("echoed in the API's error format", func(t *testing.T) {
		t.Parallel()
		var logs logRecorder
		_, c := standIn(t, itellicotest.Options{APIKey: hostileKey, Faults: itellicotest.Always(itellicotest.EchoKeyError)},
			withHostileKey(&logs))
		_, err := c.CurrentAccount(testCtx(t))
		var apiErr *APIError
		mustHideKey(t, err, &apiErr, &logs)
		if apiErr.StatusCode != http.StatusForbidden || apiErr.Message != "The API key [redacted] may not read this account." ||
			apiErr.Detail != "See /keys/[redacted] for what it may read." || apiErr.RequestID != "req_00000001/[redacted]" ||
			len(apiErr.Errors) != 1 || apiErr.Errors[0] != (FieldError{Field: "X-API-Key: [redacted]", Message: "api_key=[redacted] is not allowed here"}) {
			t.Errorf("APIError = %#v", apiErr)
		}
	})
	t.Run("echoed in an HTML page", func(t *testing.T) {
		t.Parallel()
		var logs logRecorder
		_, c := standIn(t, itellicotest.Options{APIKey: hostileKey, Faults: itellicotest.Always(itellicotest.EchoKeyHTML)},
			withHostileKey(&logs))
		_, _, err := readConversations(testCtx(t), c, nil, ListOptions{})
		var apiErr *APIError
		mustHideKey(t, err, &apiErr, &logs)
		if apiErr.StatusCode != http.StatusBadRequest || !strings.HasPrefix(apiErr.Excerpt, "<html><body><h1>400 Bad Request</h1><p>api_key=[redacted] refused") {
			t.Errorf("APIError = %#v", apiErr)
		}
	})
	t.Run("echoed in the code", func(t *testing.T) {
		t.Parallel()
		_, c := frontClient(t, itellicotest.Options{APIKey: hostileKey}, always(func(w http.ResponseWriter, r *http.Request) {
			writeBody(w, http.StatusBadRequest, `{"code":"bad_key_`+url.PathEscape(r.Header.Get("X-API-Key"))+`","message":"no"}`)
		}), withHostileKey(nil))
		_, err := c.CurrentAccount(testCtx(t))
		var apiErr *APIError
		mustHideKey(t, err, &apiErr, nil)
		if apiErr.Code != "bad_key_[redacted]" {
			t.Errorf("Code = %q", apiErr.Code)
		}
	})
}

func TestKeyRemovedFromResponseError(t *testing.T) {
	t.Parallel()
	t.Run("echoed in a page", func(t *testing.T) {
		t.Parallel()
		var logs logRecorder
		_, c := standIn(t, itellicotest.Options{APIKey: hostileKey, Faults: itellicotest.Always(itellicotest.EchoKeyPage)},
			withHostileKey(&logs))
		_, _, err := readConversations(testCtx(t), c, nil, ListOptions{})
		var respErr *ResponseError
		mustHideKey(t, err, &respErr, &logs)
		if respErr.StatusCode != http.StatusOK || !strings.HasPrefix(respErr.Excerpt, `<html><body><a href="/sso/login?api_key=[redacted]&next=`) {
			t.Errorf("ResponseError = %#v", respErr)
		}
	})
	t.Run("echoed in the Content-Type", func(t *testing.T) {
		t.Parallel()
		var logs logRecorder
		_, c := frontClient(t, itellicotest.Options{APIKey: hostileKey}, always(func(w http.ResponseWriter, r *http.Request) {
			writeBody(w, http.StatusOK, "{}", "Content-Type", `text/plain; key="`+r.Header.Get("X-API-Key")+`"`)
		}), withHostileKey(&logs))
		_, err := c.CurrentAccount(testCtx(t))
		var respErr *ResponseError
		mustHideKey(t, err, &respErr, &logs)
		if respErr.ContentType != `text/plain; key="[redacted]"` {
			t.Errorf("ContentType = %q", respErr.ContentType)
		}
	})
}

func TestKeyRemovedFromRequestError(t *testing.T) {
	t.Parallel()
	var logs logRecorder
	srv, c := standIn(t, itellicotest.Options{APIKey: hostileKey, Faults: itellicotest.Always(itellicotest.EchoKeyGarbage)},
		withHostileKey(&logs))
	_, err := c.CurrentAccount(testCtx(t))
	var reqErr *RequestError
	mustHideKey(t, err, &reqErr, &logs)
	if reqErr.Timeout || reqErr.Canceled || reqErr.Attempts != 3 || len(srv.Requests()) != 3 {
		t.Errorf("RequestError = %#v after %d requests, want a failure after the usual 3 attempts", reqErr, len(srv.Requests()))
	}
	if !strings.Contains(err.Error(), "malformed MIME header") || !strings.Contains(err.Error(), "X-API-Key [redacted]") {
		t.Errorf("error %q does not say what came back", err)
	}
	// The cause is still there for errors.Is and errors.As.
	if errors.Unwrap(reqErr.Err) == nil {
		t.Errorf("the cause %T does not unwrap", reqErr.Err)
	}
}

func TestKeyRemovedFromRedirectError(t *testing.T) {
	t.Parallel()
	t.Run("to another origin", func(t *testing.T) {
		t.Parallel()
		var logs logRecorder
		srv, c := standIn(t, itellicotest.Options{APIKey: hostileKey, Faults: itellicotest.Always(itellicotest.RedirectWithKey)},
			withHostileKey(&logs))
		_, _, err := readConversations(testCtx(t), c, nil, ListOptions{})
		var redirErr *RedirectError
		mustHideKey(t, err, &redirErr, &logs)
		port := strings.TrimPrefix(srv.URL(), "http://127.0.0.1:")
		if redirErr.TooMany || redirErr.Status != http.StatusFound ||
			redirErr.To != "http://127.0.0.2:"+port+"/keys/[redacted]/v1/accounts/"+account+"/conversations" {
			t.Errorf("RedirectError = %#v", redirErr)
		}
		if n := len(srv.Requests()); n != 1 {
			t.Errorf("%d requests, want 1", n)
		}
	})
	t.Run("every byte escaped", func(t *testing.T) {
		t.Parallel()
		_, c := frontClient(t, itellicotest.Options{APIKey: hostileKey}, always(func(w http.ResponseWriter, r *http.Request) {
			var escaped strings.Builder
			for _, b := range []byte(r.Header.Get("X-API-Key")) {
				fmt.Fprintf(&escaped, "%%%02x", b)
			}
			w.Header().Set("Location", "http://127.0.0.2:1/k/"+escaped.String())
			w.WriteHeader(http.StatusFound)
		}), withHostileKey(nil))
		_, err := c.CurrentAccount(testCtx(t))
		var redirErr *RedirectError
		mustHideKey(t, err, &redirErr, nil)
		if redirErr.To != "http://127.0.0.2:1/k/[redacted]" {
			t.Errorf("To = %q", redirErr.To)
		}
		// Checked here, since mustNotShowHostileKey knows three forms only.
		if strings.Contains(strings.ToLower(err.Error()), "%69%74%6b") {
			t.Errorf("error shows the escaped key: %s", err)
		}
	})
	t.Run("too many within the origin", func(t *testing.T) {
		t.Parallel()
		_, c := frontClient(t, itellicotest.Options{APIKey: hostileKey}, always(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Location", "/again/"+url.PathEscape(r.Header.Get("X-API-Key"))+r.URL.Path)
			w.WriteHeader(http.StatusFound)
		}), withHostileKey(nil))
		_, err := c.CurrentAccount(testCtx(t))
		var redirErr *RedirectError
		mustHideKey(t, err, &redirErr, nil)
		if !redirErr.TooMany {
			t.Errorf("RedirectError = %#v, want too many", redirErr)
		}
	})
}

// The key is removed in every form, and only the key.
func TestRedactKey(t *testing.T) {
	t.Parallel()
	const k = "a/b+c= d"
	for in, want := range map[string]string{
		"":                           "",
		"no key here":                "no key here",
		"x a/b+c= d y":               "x [redacted] y",
		"x " + url.PathEscape(k):     "x [redacted]",
		"x " + url.QueryEscape(k):    "x [redacted]",
		"a%2fb%2bc%3d%20d":           "[redacted]",
		"%61%2F%62%2B%63%3D%20%64!":  "[redacted]!",
		"a/b+c= da/b+c= d":           "[redacted][redacted]",
		"a/b+c=":                     "a/b+c=", // a start of the key, not cut: left
		"a/b+c= e":                   "a/b+c= e",
		"a%2Gb+c= d":                 "a%2Gb+c= d",
		"%a/b+c= d%":                 "%[redacted]%",
		strings.Repeat("a/b", 3) + k: "a/ba/ba/b[redacted]",
	} {
		if got := redactKey(in, k); got != want {
			t.Errorf("redactKey(%q) = %q, want %q", in, got, want)
		}
	}
	if got := redactKey("anything", ""); got != "anything" {
		t.Errorf("without a key: %q", got)
	}
	for in, want := range map[string]int{
		"x a/b+":        2,
		"x a%2Fb%2B":    2,
		"x a%2Fb%2Bc%3": 2, // cut inside an escape
		"x a%2Fb%2Bc%":  2,
		"x a%2Fb%2":     -1, // 3 bytes of the key, then cut
		"x a/b":         -1, // 3 bytes of the key: too short to tell
		"x a/b+c= dy":   -1,
	} {
		if got := keyStartAtEnd(in, k, 4); got != want {
			t.Errorf("keyStartAtEnd(%q) = %d, want %d", in, got, want)
		}
	}
}

// A body that trickles in slower than the request timeout allows is a
// timeout, after the usual retries; one whose read is canceled is a
// cancellation.
func TestTrickleIsATimeout(t *testing.T) {
	t.Parallel()
	reads := map[string]func(context.Context, *Client) error{
		"object": func(ctx context.Context, c *Client) error { _, err := c.CurrentAccount(ctx); return err },
		"list": func(ctx context.Context, c *Client) error {
			_, _, err := readConversations(ctx, c, nil, ListOptions{})
			return err
		},
	}
	for name, read := range reads {
		t.Run(name+", timed out", func(t *testing.T) {
			t.Parallel()
			const timeout = 300 * time.Millisecond
			srv, c := standIn(t, itellicotest.Options{Faults: itellicotest.Always(itellicotest.Trickle)},
				func(c *Config) { c.RequestTimeout = timeout })
			start := time.Now()
			err := read(testCtx(t), c)
			elapsed := time.Since(start)
			var reqErr *RequestError
			if !errors.As(err, &reqErr) {
				t.Fatalf("err = %T %v, want a *RequestError", err, err)
			}
			var respErr *ResponseError
			if !reqErr.Timeout || reqErr.Canceled || errors.As(err, &respErr) || !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("err = %#v, want a timeout only", reqErr)
			}
			if reqErr.Attempts != 3 || len(srv.Requests()) != 3 {
				t.Errorf("%d attempts, %d requests; want 3", reqErr.Attempts, len(srv.Requests()))
			}
			if !strings.Contains(err.Error(), "timed out after 3 attempts: HTTP 200 answered, but its body stopped after") {
				t.Errorf("error = %q", err)
			}
			if elapsed > 3*timeout+2*time.Second {
				t.Errorf("took %v", elapsed)
			}
		})
		t.Run(name+", canceled", func(t *testing.T) {
			t.Parallel()
			srv, c := standIn(t, itellicotest.Options{Faults: itellicotest.Always(itellicotest.Trickle)}, nil)
			ctx, cancel := context.WithCancel(testCtx(t))
			go func() {
				// Cancel once some of the body has arrived.
				waitFor(5*time.Second, func() bool { return len(srv.Requests()) > 0 })
				time.Sleep(200 * time.Millisecond)
				cancel()
			}()
			err := read(ctx, c)
			var reqErr *RequestError
			if !errors.As(err, &reqErr) || !reqErr.Canceled || reqErr.Timeout || !errors.Is(err, context.Canceled) {
				t.Fatalf("err = %T %v, want a *RequestError that was canceled", err, err)
			}
			if n := len(srv.Requests()); n != 1 {
				t.Errorf("%d requests, want 1", n)
			}
		})
	}
}
