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
		respErr.Attempts = attempts
		return respErr
	}
	var netErr net.Error
	return &RequestError{
		Path:     path,
		Attempts: attempts,
		Canceled: errors.Is(err, context.Canceled) || ctx.Err() == context.Canceled,
		Timeout:  errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &netErr) && netErr.Timeout()),
		Err:      err,
	}
}

// errorText shows a transport error without repeating the URL that
// *url.Error prefixes to it.
func errorText(err error) string {
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
		e.Code = c.redact(wire.Code)
		e.Message = c.redact(wire.Message)
		switch d := wire.Detail.(type) {
		case nil:
		case string:
			e.Detail = c.redact(d)
		default:
			raw, _ := json.Marshal(d)
			e.Detail = c.redact(string(raw))
		}
		for _, f := range wire.Errors {
			e.Errors = append(e.Errors, FieldError{Field: c.redact(f.Field), Message: c.redact(f.Message)})
		}
		return e
	}
	e.Excerpt = c.excerpt(body)
	return e
}

// excerptLen bounds the part of an unexpected body shown to the user.
const excerptLen = 120

// excerpt returns a short, printable start of body with the API key removed,
// in case a server echoes request headers back. The key is removed before
// anything is cut, and a start of the key at the end of what was read is
// removed too.
func (c *Client) excerpt(body []byte) string {
	s := c.redact(strings.ToValidUTF8(string(body), "\uFFFD"))
	for k := len(c.apiKey) - 1; k >= 4; k-- {
		if strings.HasSuffix(s, c.apiKey[:k]) {
			s = s[:len(s)-k] + "[redacted]"
			break
		}
	}
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > excerptLen {
		s = string([]rune(s)[:excerptLen]) + "…"
	}
	return s
}

func (c *Client) redact(s string) string {
	if c.apiKey == "" {
		return s
	}
	return strings.ReplaceAll(s, c.apiKey, "[redacted]")
}

func ptr[T any](v T) *T { return &v }

// NotFoundError is an item the API does not have, found missing without a
// 404: a list filtered by its id that holds none.
type NotFoundError struct {
	What, ID string
	// In says where it was searched: `account "x" or its subaccounts`.
	In string
}

func (e *NotFoundError) Error() string { return fmt.Sprintf("no %s %s in %s", e.What, e.ID, e.In) }
