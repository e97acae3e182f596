// Package itellico is a small client for the parts of the itellico API that
// the Terraform provider reads. It owns everything that is HTTP: the base URL,
// authentication, retries, timeouts, paging, the API's error format and the
// wire types. It imports nothing from Terraform so that it can be tested,
// benchmarked and fuzzed on its own.
package itellico

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	"github.com/hashicorp/go-retryablehttp"
)

// Defaults. Retries and the timeout are those of the official itellico SDKs.
const (
	DefaultBaseURL        = "https://api.itellico.ai"
	DefaultMaxRetries     = 2
	DefaultRequestTimeout = 60 * time.Second
	// DefaultMaxConcurrentRequests bounds the requests of a client in
	// flight at once; within it the number adapts to how the server
	// answers.
	DefaultMaxConcurrentRequests = 32
	// DefaultPageSize is the limit asked for with every page: large, since
	// the SDKs document no maximum and round trips to a distant API cost
	// more than bytes; a server that caps or refuses it is asked for less.
	DefaultPageSize = 1000
	// DocumentedPageSize is the API's documented default page, the first
	// size tried when a larger one is refused.
	DocumentedPageSize = 100
	// DefaultMaxRateLimitWait bounds how long one read waits, in total, on
	// the rate limits the API announces.
	DefaultMaxRateLimitWait = 5 * time.Minute

	connectTimeout = 5 * time.Second
)

// LogFunc receives the client's debug log lines. The provider passes a
// function that writes through terraform-plugin-log, which masks the API key.
type LogFunc func(ctx context.Context, msg string, fields map[string]any)

// Config configures a Client. Zero values mean the defaults above, except
// MaxRetries, where zero means a single attempt.
type Config struct {
	BaseURL        string
	APIKey         string
	UserAgent      string
	MaxRetries     int
	RequestTimeout time.Duration
	// MaxConcurrentRequests bounds the requests in flight, across every
	// read of the client.
	MaxConcurrentRequests int
	// MaxRequestsPerSecond bounds how many requests the client starts a
	// second, across every read; 0 means no bound beyond what the server's
	// rate limits teach the budget.
	MaxRequestsPerSecond float64
	// PageSize is the limit first asked for with every page.
	PageSize int64
	// MaxRateLimitWait bounds how long one read waits on rate limits.
	MaxRateLimitWait time.Duration
	// RetryWaitMin and RetryWaitMax bound the exponential backoff between
	// attempts (defaults 0.5 s and 8 s, as in the SDKs). The same doubling,
	// without jitter, is the least pause after a rate limit.
	RetryWaitMin time.Duration
	RetryWaitMax time.Duration
	// MaxRetryAfter caps a server's Retry-After on a failure retried under
	// MaxRetries (default 60 s); waits on rate limits are bounded by
	// MaxRateLimitWait instead.
	MaxRetryAfter time.Duration
	// Transport replaces the default pooled transport (tests only).
	Transport http.RoundTripper
	Log       LogFunc
}

// Client talks to one itellico API with one key. It is safe for concurrent
// use, and every request it makes draws from one budget (see budget).
type Client struct {
	baseURL          *url.URL
	apiKey           string
	userAgent        string
	maxInFlight      int
	pageSize         int64
	maxRateLimitWait time.Duration
	retryWaitMin     time.Duration
	retryWaitMax     time.Duration
	log              LogFunc
	http             *retryablehttp.Client
	budget           *budget

	// pageLimits holds, per list path, the page size the server accepted
	// when it capped or refused a larger one.
	pageLimits sync.Map
	sharing    sharing
	// keyRefused is the API's answer 401 to the key: it is missing,
	// revoked or expired, so the client sends no further request with it
	// and every read fails at once with that answer.
	keyRefused atomic.Pointer[APIError]
}

// New validates cfg and returns a client.
func New(cfg Config) (*Client, error) {
	if err := CheckAPIKey(cfg.APIKey); err != nil {
		return nil, err
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	base, err := ParseBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	if cfg.MaxRetries < 0 {
		return nil, fmt.Errorf("max retries must not be negative, got %d", cfg.MaxRetries)
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	if cfg.MaxConcurrentRequests <= 0 {
		cfg.MaxConcurrentRequests = DefaultMaxConcurrentRequests
	}
	if cfg.MaxRequestsPerSecond < 0 || math.IsNaN(cfg.MaxRequestsPerSecond) || math.IsInf(cfg.MaxRequestsPerSecond, 0) {
		return nil, fmt.Errorf("max requests per second must be a positive number, got %v", cfg.MaxRequestsPerSecond)
	}
	if cfg.PageSize <= 0 {
		cfg.PageSize = DefaultPageSize
	}
	if cfg.MaxRateLimitWait <= 0 {
		cfg.MaxRateLimitWait = DefaultMaxRateLimitWait
	}
	if cfg.RetryWaitMin <= 0 {
		cfg.RetryWaitMin = 500 * time.Millisecond
	}
	if cfg.RetryWaitMax <= 0 {
		cfg.RetryWaitMax = 8 * time.Second
	}
	if cfg.MaxRetryAfter <= 0 {
		cfg.MaxRetryAfter = 60 * time.Second
	}
	if cfg.Log == nil {
		cfg.Log = func(context.Context, string, map[string]any) {}
	}

	transport := cfg.Transport
	if transport == nil {
		t := cleanhttp.DefaultPooledTransport()
		t.DialContext = (&net.Dialer{Timeout: connectTimeout, KeepAlive: 30 * time.Second}).DialContext
		t.MaxIdleConnsPerHost = cfg.MaxConcurrentRequests
		transport = t
	}

	c := &Client{
		baseURL:          base,
		apiKey:           cfg.APIKey,
		userAgent:        cfg.UserAgent,
		maxInFlight:      cfg.MaxConcurrentRequests,
		pageSize:         cfg.PageSize,
		maxRateLimitWait: cfg.MaxRateLimitWait,
		retryWaitMin:     cfg.RetryWaitMin,
		retryWaitMax:     cfg.RetryWaitMax,
		log:              cfg.Log,
		budget:           newBudget(cfg.MaxConcurrentRequests, cfg.MaxRequestsPerSecond),
	}
	c.http = &retryablehttp.Client{
		// Timeout bounds each attempt, headers and body included.
		HTTPClient: &http.Client{Transport: transport, Timeout: cfg.RequestTimeout,
			CheckRedirect: checkRedirect},
		Logger:         nil, // the hooks below log through LogFunc instead
		RetryWaitMin:   cfg.RetryWaitMin,
		RetryWaitMax:   cfg.RetryWaitMax,
		RetryMax:       cfg.MaxRetries,
		CheckRetry:     c.checkRetry,
		Backoff:        backoff(cfg.MaxRetryAfter),
		RequestLogHook: c.logAttempt,
		ErrorHandler:   c.giveUp,
	}
	return c, nil
}

// ParseBaseURL accepts an absolute http(s) URL. Plain http is accepted only
// for loopback hosts, because the API key would otherwise cross the network
// in clear text.
func ParseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("base URL %q is not a URL: %w", raw, err)
	}
	if !u.IsAbs() || u.Host == "" {
		return nil, fmt.Errorf("base URL %q must be absolute, such as %q", raw, DefaultBaseURL)
	}
	if u.User != nil {
		return nil, fmt.Errorf("base URL must not contain credentials; set the API key instead")
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("base URL %q must not have a query or fragment", raw)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !IsLoopbackHost(u.Hostname()) {
			return nil, fmt.Errorf("base URL %q uses plain http to a host that is not loopback; "+
				"the API key would travel in clear text, use https (http is allowed only for localhost, 127.0.0.0/8 and ::1)", raw)
		}
	default:
		return nil, fmt.Errorf("base URL %q must use https (or http to a loopback host)", raw)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	return u, nil
}

// IsLoopbackHost reports whether host is localhost or a loopback IP address.
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// pageLimit is the page size to ask of the list at path.
func (c *Client) pageLimit(path string) int64 {
	if v, ok := c.pageLimits.Load(path); ok {
		if limit, ok := v.(int64); ok {
			return limit
		}
	}
	return c.pageSize
}

func (c *Client) setPageLimit(path string, limit int64) { c.pageLimits.Store(path, limit) }

// get performs one GET of path (already escaped). handle is called with
// every response that is not retried on its status; it decodes the body
// into its own result, and an I/O error it returns (a body cut short) makes
// the request retry.
//
// Each attempt waits for the client's budget: for a place in flight, then
// for the end of any pause a rate limit imposed. A rate-limited answer pauses every
// request of the client, for the time it asks and at least the backoff, and
// is sent again once the pause is over, without counting against
// MaxRetries, for as long as the read's wait budget lasts.
func (c *Client) get(ctx context.Context, path string, query url.Values, handle func(*http.Response) error) error {
	if err := checkPath(path); err != nil {
		return c.refuse(err)
	}
	u := *c.baseURL
	u.RawPath = c.baseURL.EscapedPath() + path
	unescaped, err := url.PathUnescape(u.RawPath)
	if err != nil {
		return c.refuse(fmt.Errorf("build request path %q: %w", path, err))
	}
	u.Path = unescaped
	u.RawQuery = query.Encode()
	if refused := c.keyRefused.Load(); refused != nil {
		return refused // every request with this key would get the same answer
	}
	ctx = c.withWaitBudget(ctx)
	wait := waitBudgetOf(ctx)

	for limitedInARow := 0; ; limitedInARow++ {
		s, err := c.budget.acquire(ctx)
		if err != nil {
			return c.failed(ctx, &u, 0, err)
		}
		// A pause may have begun while the request waited for its place,
		// or for its turn.
		if err = c.budget.waitTurn(ctx, wait); err != nil {
			c.budget.release(s, failed, 0)
			return c.failed(ctx, &u, 0, err)
		}
		s.sent = time.Now()
		attempts, err := c.do(ctx, &u, handle)
		var apiErr *APIError
		if !errors.As(err, &apiErr) || !apiErr.rateLimited() {
			o := answered
			if err != nil {
				o = failed
			}
			c.budget.release(s, o, 0)
			if err != nil {
				err = c.failed(ctx, &u, attempts, err)
				if errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusUnauthorized {
					c.keyRefused.CompareAndSwap(nil, apiErr)
				}
				return err
			}
			return nil
		}
		// A Retry-After of 0, a date in the past or a tiny value would
		// bring the request back at once, and add nothing to the read's
		// waits: a server that answers so to every request would be asked
		// again and again without end. The backoff is therefore the least
		// pause, and the server's wait is honoured beyond it.
		d := max(apiErr.RetryAfter, c.rateLimitBackoff(limitedInARow))
		// The pause is set before the place is given back, so that no
		// request waiting for that place starts before it.
		now := time.Now()
		until := c.budget.pause(now, d)
		c.budget.release(s, limited, d)
		n := wait.countLimited()
		inFlight, interval := c.budget.state()
		c.log(ctx, "itellico API rate limit: pausing every request", map[string]any{
			"path": u.Path, "query": u.RawQuery, "status": apiErr.StatusCode, "retry_after_ms": d.Milliseconds(),
			"announced": apiErr.HasRetryAfter, "announced_ms": apiErr.RetryAfter.Milliseconds(),
			"paused_until": until.Format(time.RFC3339Nano), "limited_answers": n,
			"max_in_flight": inFlight, "min_interval_ms": interval.Milliseconds()})
		// The read that got the answer is charged its whole pause now, not
		// only what is left of it when the request next reaches waitPause:
		// time spent meanwhile in the queue for a place would otherwise go
		// uncounted, and a pause too long for the bound ends the read at
		// once.
		if err := wait.charge(now, until); err != nil {
			return c.failed(ctx, &u, attempts, err)
		}
	}
}

// Get reads the JSON value at path (already escaped). validate, when given,
// checks what the API documents as required. A missing resource is an
// *APIError with StatusCode 404.
func Get[T any](ctx context.Context, c *Client, path string, query url.Values, validate func(*T) error) (*T, error) {
	var v *T
	err := c.get(ctx, path, query, func(resp *http.Response) error {
		var fresh T // every attempt decodes afresh
		if err := c.decodeResponse(resp, func(body io.Reader) *decodeFailure {
			if f := decodeValue(body, MaxItemBytes, &fresh); f != nil {
				return f
			}
			if validate != nil {
				if err := validate(&fresh); err != nil {
					return &decodeFailure{reason: err.Error(), err: err}
				}
			}
			return nil
		}); err != nil {
			return err
		}
		v = &fresh
		return nil
	})
	return v, err
}

// rateLimitBackoff is the least pause after the n-th rate-limited answer in
// a row of one request (from 0): the SDKs' exponential backoff, without
// jitter since one pause holds every request anyway.
func (c *Client) rateLimitBackoff(inARow int) time.Duration {
	d := c.retryWaitMin
	for range inARow {
		if d >= c.retryWaitMax/2 {
			return c.retryWaitMax
		}
		d *= 2
	}
	return min(d, c.retryWaitMax)
}

// do makes one request, with retryablehttp's retries for failures, and
// reports how many attempts it made.
func (c *Client) do(ctx context.Context, u *url.URL, handle func(*http.Response) error) (int, error) {
	state := &attemptState{}
	ctx = context.WithValue(ctx, attemptKey{}, state)
	req, err := retryablehttp.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return 0, fmt.Errorf("build request: %w", err)
	}
	req.Header.Set("X-API-Key", c.apiKey)
	req.Header.Set("Accept", "application/json")
	if c.userAgent != "" {
		req.Header.Set("User-Agent", c.userAgent)
	}
	req.SetResponseHandler(func(resp *http.Response) error {
		defer resp.Body.Close()
		if resp.StatusCode < 200 || resp.StatusCode > 299 {
			return c.apiError(resp)
		}
		return handle(resp)
	})

	started := time.Now()
	resp, err := c.http.Do(req)
	fields := map[string]any{"method": http.MethodGet, "path": u.Path, "query": u.RawQuery,
		"attempts": state.attempts, "duration_ms": time.Since(started).Milliseconds()}
	if resp != nil {
		fields["status"] = resp.StatusCode
	}
	if err != nil {
		fields["error"] = c.redact(err.Error())
		c.log(ctx, "itellico API request failed", fields)
		return state.attempts, err
	}
	c.log(ctx, "itellico API request", fields)
	return state.attempts, nil
}

// failed gives a failed request's error its attempt count and kind.
func (c *Client) failed(ctx context.Context, u *url.URL, attempts int, err error) error {
	return c.refuse(wrapFailure(ctx, u.Path, attempts, err))
}
