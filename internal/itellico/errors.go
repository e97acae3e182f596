package itellico

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// APIError is an error response of the API, in its documented format:
// {"code", "message", "detail", "errors": [{"field", "message"}]}.
type APIError struct {
	StatusCode int
	Code       string
	Message    string
	Detail     string
	Errors     []FieldError
	RequestID  string
	// Excerpt is a short, sanitized start of a body that was not in the
	// API's error format.
	Excerpt string
	// Attempts is how many requests were made before giving up.
	Attempts int
	// RetryAfter is the wait the response asked for (retry-after-ms or
	// Retry-After), when HasRetryAfter.
	RetryAfter    time.Duration
	HasRetryAfter bool
	// ShouldRetry is the response's x-should-retry header, when it has one.
	ShouldRetry *bool
}

// rateLimited reports an answer that announces a rate limit: a 429, or a
// 503 that says when to come back, unless x-should-retry forbids a retry.
func (e *APIError) rateLimited() bool {
	if e.ShouldRetry != nil && !*e.ShouldRetry {
		return false
	}
	return e.StatusCode == http.StatusTooManyRequests ||
		(e.StatusCode == http.StatusServiceUnavailable && e.HasRetryAfter)
}

// FieldError names one parameter that failed validation (status 422).
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Param is the parameter the field error names: the last element of Field,
// which may be a path to it ("query.limit", "filters[limit]": "limit").
func (f FieldError) Param() string {
	return strings.TrimSuffix(f.Field[strings.LastIndexAny(f.Field, ".[")+1:], "]")
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "HTTP %d %s", e.StatusCode, http.StatusText(e.StatusCode))
	if e.Code != "" {
		fmt.Fprintf(&b, " (%s)", e.Code)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	if e.Detail != "" {
		b.WriteString(": " + e.Detail)
	}
	for _, f := range e.Errors {
		fmt.Fprintf(&b, "; %s: %s", f.Field, f.Message)
	}
	if e.Excerpt != "" {
		fmt.Fprintf(&b, "; body starts %q", e.Excerpt)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " (after %d attempts)", e.Attempts)
	}
	return b.String()
}

// ResponseError is a successful status with a body the client cannot use:
// not JSON, the wrong shape, too large, or cut short.
type ResponseError struct {
	StatusCode  int
	ContentType string
	Reason      string
	Excerpt     string
	Attempts    int
	retryable   bool
	tooLarge    bool
	err         error
	cut         bool  // reading the body failed, with err
	read        int64 // bytes of the body read before it did
}

func (e *ResponseError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "unusable response (HTTP %d", e.StatusCode)
	if e.ContentType != "" {
		fmt.Fprintf(&b, ", Content-Type %s", e.ContentType)
	}
	fmt.Fprintf(&b, "): %s", e.Reason)
	if e.Excerpt != "" {
		fmt.Fprintf(&b, "; body starts %q", e.Excerpt)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " (after %d attempts)", e.Attempts)
	}
	return b.String()
}

func (e *ResponseError) Unwrap() error { return e.err }

// RequestError is a request that got no usable HTTP response: the
// connection failed, timed out, or was canceled.
type RequestError struct {
	Path     string
	Attempts int
	Timeout  bool
	Canceled bool
	Err      error
}

func (e *RequestError) Error() string {
	what := "failed"
	switch {
	case e.Canceled:
		what = "was canceled"
	case e.Timeout:
		what = "timed out"
	}
	s := fmt.Sprintf("GET %s %s", e.Path, what)
	if e.Attempts > 1 {
		s += fmt.Sprintf(" after %d attempts", e.Attempts)
	}
	return s + ": " + errorText(e.Err)
}

func (e *RequestError) Unwrap() error { return e.Err }

// wrapFailure gives a failed request's error its attempt count and kind.
func wrapFailure(ctx context.Context, path string, attempts int, err error) error {
	var rateErr *RateLimitError
	var redirErr *RedirectError
	switch {
	case errors.As(err, &rateErr):
		return rateErr
	case errors.As(err, &redirErr):
		return redirErr
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		apiErr.Attempts = attempts
		return apiErr
	}
	var respErr *ResponseError
	if errors.As(err, &respErr) {
		// A body that stopped arriving because the time allowed ran out,
		// or the read was canceled, is that, not an unusable response.
		if respErr.cut && (isTimeout(respErr.err) || isCanceled(ctx, respErr.err)) {
			return &RequestError{Path: path, Attempts: attempts, Canceled: isCanceled(ctx, respErr.err),
				Timeout: isTimeout(respErr.err),
				Err: fmt.Errorf("HTTP %d answered, but its body stopped after %d bytes: %w",
					respErr.StatusCode, respErr.read, respErr.err)}
		}
		respErr.Attempts = attempts
		return respErr
	}
	return &RequestError{Path: path, Attempts: attempts, Canceled: isCanceled(ctx, err), Timeout: isTimeout(err), Err: err}
}

func isCanceled(ctx context.Context, err error) bool {
	return errors.Is(err, context.Canceled) || ctx.Err() == context.Canceled
}

func isTimeout(err error) bool {
	var netErr net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &netErr) && netErr.Timeout())
}

// errorText shows a transport error without repeating the URL that
// *url.Error prefixes to it.
func errorText(err error) string {
	if r, ok := err.(*redactedError); ok {
		return r.short
	}
	var uerr *url.Error
	if errors.As(err, &uerr) {
		err = uerr.Err
	}
	return err.Error()
}

// maxErrorBody bounds how much of an error body is read.
const maxErrorBody = 64 << 10

// apiError reads an error response. A body in the API's format gives its
// fields; any other body gives a short excerpt.
func (c *Client) apiError(resp *http.Response) *APIError {
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	e := &APIError{StatusCode: resp.StatusCode, RequestID: resp.Header.Get("x-request-id")}
	e.RetryAfter, e.HasRetryAfter = retryAfter(resp, time.Now())
	switch resp.Header.Get("x-should-retry") {
	case "true":
		e.ShouldRetry = ptr(true)
	case "false":
		e.ShouldRetry = ptr(false)
	}
	var wire struct {
		Code    string       `json:"code"`
		Message string       `json:"message"`
		Detail  any          `json:"detail"`
		Errors  []FieldError `json:"errors"`
	}
	if json.Unmarshal(body, &wire) == nil && (wire.Code != "" || wire.Message != "") {
		// The key is removed from these in Client.refuse, with every
		// other text of an error.
		e.Code, e.Message, e.Errors = wire.Code, wire.Message, wire.Errors
		switch d := wire.Detail.(type) {
		case nil:
		case string:
			e.Detail = d
		default:
			raw, _ := json.Marshal(d)
			e.Detail = string(raw)
		}
		return e
	}
	e.Excerpt = c.excerpt(body)
	return e
}

// excerptLen bounds the part of an unexpected body shown to the user.
const excerptLen = 120

// excerpt returns a short, printable start of body with the API key removed,
// in case a server echoes request headers back. Client.refuse removes the
// key from every error later, but a key cut in two by the end of what was
// read, or by the excerpt's length, would no longer be found whole: so it is
// removed here before anything is cut, and so is a start of the key (4
// bytes or more, in any of its forms) at the end of what was read.
func (c *Client) excerpt(body []byte) string {
	s := c.redact(strings.ToValidUTF8(string(body), "\uFFFD"))
	if i := keyStartAtEnd(s, c.apiKey, 4); i >= 0 {
		s = s[:i] + redacted
	}
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > excerptLen {
		s = string([]rune(s)[:excerptLen]) + "…"
	}
	return s
}

// redact removes the API key, in any of its forms (see redactKey), from s.
func (c *Client) redact(s string) string { return redactKey(s, c.apiKey) }

// Redact removes the client's API key from s, in every form the client's
// errors are cleaned of: for a caller's own messages that quote what the
// API sent (names, ids), which a server echoing the key may fill with it.
func (c *Client) Redact(s string) string { return c.redact(s) }

// refuse is the one place every error the client returns passes through,
// and where the API key is removed from every text it carries, whatever
// part of an answer a server or proxy echoed it into: an API error's code,
// message, detail, field errors, excerpt and request id; an unusable
// response's Content-Type, reason and excerpt; a failed request's path and
// cause; a refused redirect's URLs. A cause is wrapped so that its Error()
// is redacted while errors.Is and errors.As still see it.
func (c *Client) refuse(err error) error {
	switch e := err.(type) {
	case nil:
		return nil
	case *APIError:
		e.Code, e.Message, e.Detail = c.redact(e.Code), c.redact(e.Message), c.redact(e.Detail)
		e.Excerpt, e.RequestID = c.redact(e.Excerpt), c.redact(e.RequestID)
		if e.Errors != nil {
			fields := make([]FieldError, len(e.Errors))
			for i, f := range e.Errors {
				fields[i] = FieldError{Field: c.redact(f.Field), Message: c.redact(f.Message)}
			}
			e.Errors = fields
		}
		return e
	case *ResponseError:
		e.ContentType, e.Reason, e.Excerpt = c.redact(e.ContentType), c.redact(e.Reason), c.redact(e.Excerpt)
		e.err = c.redactCause(e.err)
		return e
	case *RequestError:
		e.Path = c.redact(e.Path)
		e.Err = c.redactCause(e.Err)
		return e
	case *RedirectError:
		e.From, e.To = c.redact(e.From), c.redact(e.To)
		return e
	case *RateLimitError:
		return e // numbers only
	}
	return c.redactCause(err)
}

// redactCause wraps err so that its text has no key.
func (c *Client) redactCause(err error) error {
	if err == nil {
		return nil
	}
	if r, ok := err.(*redactedError); ok {
		return r
	}
	return &redactedError{err: err, text: c.redact(err.Error()), short: c.redact(errorText(err))}
}

// redactedError is an error whose text has had the API key removed. It
// unwraps to the error it stands for, so that errors.Is (a timeout, a
// cancellation) and errors.As keep working; only Error() and errorText are
// meant to be shown.
type redactedError struct {
	err   error
	text  string // Error() of err, redacted
	short string // errorText(err), redacted
}

func (e *redactedError) Error() string { return e.text }
func (e *redactedError) Unwrap() error { return e.err }

func ptr[T any](v T) *T { return &v }

// NotFoundError is an item the API does not have, found missing without a
// 404: a list filtered by its id that holds none.
type NotFoundError struct {
	What, ID string
	// In says where it was searched: `account "x" or its subaccounts`.
	In string
}

func (e *NotFoundError) Error() string { return fmt.Sprintf("no %s %s in %s", e.What, e.ID, e.In) }
