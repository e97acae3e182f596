package itellico

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// attemptState follows one logical request through its attempts, so that
// the retry log and the final error can say how many were made and why.
type attemptState struct {
	attempts   int
	lastReason string
}

type attemptKey struct{}

func stateOf(ctx context.Context) *attemptState {
	if s, ok := ctx.Value(attemptKey{}).(*attemptState); ok {
		return s
	}
	return &attemptState{}
}

// checkRetry follows the official SDKs: connection errors, 408, 409, 429 and
// every 5xx are retried, and a response header x-should-retry overrides the
// decision. A response body cut short on the wire is retried too; a body
// that arrived whole but is not what the API sends is not.
func (c *Client) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if singleAttempt(ctx) {
		return false, nil // a read after a transient failure of the same read (see sharing)
	}
	state := stateOf(ctx)
	if err != nil {
		var apiErr *APIError
		var respErr *ResponseError
		var redirErr *RedirectError
		switch {
		case errors.As(err, &apiErr), errors.As(err, &redirErr):
			return false, nil
		case errors.As(err, &respErr):
			state.lastReason = respErr.Error()
			return respErr.retryable, nil
		}
		retry, _ := retryablehttp.ErrorPropagatedRetryPolicy(ctx, nil, err)
		state.lastReason = "connection error: " + errorText(err)
		return retry, nil
	}
	state.lastReason = "HTTP " + strconv.Itoa(resp.StatusCode)
	if resp.StatusCode < 400 {
		return false, nil // success: x-should-retry concerns errors only, as in the SDKs
	}
	if announcesRateLimit(resp) {
		return false, nil // Client.get pauses every request, then sends it again
	}
	switch resp.Header.Get("x-should-retry") {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	switch code := resp.StatusCode; {
	case code == http.StatusRequestTimeout, code == http.StatusConflict,
		code == http.StatusTooManyRequests, code >= 500:
		return true, nil
	}
	return false, nil
}

// announcesRateLimit reports a 429, or a 503 with Retry-After, that
// x-should-retry does not forbid to retry: a rate limit that Client.get
// waits out without counting it against MaxRetries.
func announcesRateLimit(resp *http.Response) bool {
	if resp.Header.Get("x-should-retry") == "false" {
		return false
	}
	_, hasRetryAfter := retryAfter(resp, time.Now())
	return resp.StatusCode == http.StatusTooManyRequests ||
		(resp.StatusCode == http.StatusServiceUnavailable && hasRetryAfter)
}

// backoff honours the server's retry-after-ms, then Retry-After (seconds or
// an HTTP date), each capped at maxRetryAfter; otherwise it waits a random
// time between zero and the exponential step ("full jitter"), so that many
// clients throttled together do not come back together.
func backoff(maxRetryAfter time.Duration) retryablehttp.Backoff {
	return func(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
		if wait, ok := retryAfter(resp, time.Now()); ok {
			return min(wait, maxRetryAfter)
		}
		step := maxWait // minWait doubled attempt times, without overflowing
		if attempt >= 0 && attempt < 63 && minWait <= maxWait>>attempt {
			step = minWait << attempt
		}
		if step <= 0 {
			return 0
		}
		return rand.N(step + 1)
	}
}

// retryAfter reads the server's requested wait, if any.
func retryAfter(resp *http.Response, now time.Time) (time.Duration, bool) {
	if resp == nil {
		return 0, false
	}
	if v := resp.Header.Get("retry-after-ms"); v != "" {
		if ms, err := strconv.ParseFloat(v, 64); err == nil && ms >= 0 && ms < 1e12 {
			return time.Duration(ms * float64(time.Millisecond)), true
		}
	}
	v := resp.Header.Get("Retry-After")
	if v == "" {
		return 0, false
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil && s >= 0 && s < 1e9 {
		return time.Duration(s * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// logAttempt runs before every attempt; from the second on it logs why the
// previous one is being retried.
func (c *Client) logAttempt(_ retryablehttp.Logger, req *http.Request, retry int) {
	state := stateOf(req.Context())
	state.attempts = retry + 1
	if retry == 0 {
		return
	}
	c.log(req.Context(), "retrying itellico API request", map[string]any{
		"path": req.URL.Path, "query": req.URL.RawQuery, "attempt": retry + 1, "reason": c.redact(state.lastReason),
	})
}

// giveUp runs when retryablehttp stops: after the last allowed attempt, or
// after a response that is not retried. It turns a final error response into
// an *APIError so that the caller sees the API's own explanation.
func (c *Client) giveUp(resp *http.Response, err error, _ int) (*http.Response, error) {
	if resp == nil {
		return nil, err
	}
	defer resp.Body.Close()
	if err == nil {
		err = c.apiError(resp)
	}
	return nil, err
}
