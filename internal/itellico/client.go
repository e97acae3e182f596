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
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	"github.com/hashicorp/go-retryablehttp"
)

// Defaults equal to those of the official itellico SDKs.
const (
	DefaultBaseURL        = "https://api.itellico.ai"
	DefaultMaxRetries     = 2
	DefaultRequestTimeout = 60 * time.Second
	DefaultConcurrency    = 4
	DefaultPageSize       = 100

	// DefaultMaxBodyBytes bounds one response body. A page of 100
	// conversations with transcripts is well under a megabyte; the limit only
	// stops a broken or hostile server from exhausting memory.
	DefaultMaxBodyBytes int64 = 256 << 20

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
	// Concurrency bounds how many pages are fetched at once once the first
	// page has told the total; 1 reads page after page.
	Concurrency int
	// PageSize is the limit sent with every page request.
	PageSize int
	// MaxBodyBytes bounds one response body.
	MaxBodyBytes int64
	// RetryWaitMin and RetryWaitMax bound the exponential backoff between
	// attempts (defaults 0.5 s and 8 s, as in the SDKs).
	RetryWaitMin time.Duration
	RetryWaitMax time.Duration
	// MaxRetryAfter caps a server's Retry-After request (default 60 s).
	MaxRetryAfter time.Duration
	// Transport replaces the default pooled transport (tests only).
	Transport http.RoundTripper
	Log       LogFunc
}

// Client talks to one itellico API with one key. It is safe for concurrent use.
type Client struct {
	baseURL      *url.URL
	apiKey       string
	userAgent    string
	concurrency  int
	pageSize     int
	maxBodyBytes int64
	log          LogFunc
	http         *retryablehttp.Client
}

// New validates cfg and returns a client.
func New(cfg Config) (*Client, error) {
	if cfg.APIKey == "" {
		return nil, errors.New("an API key is required")
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
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = DefaultConcurrency
	}
	if cfg.PageSize <= 0 {
		cfg.PageSize = DefaultPageSize
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = DefaultMaxBodyBytes
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
		t.MaxIdleConnsPerHost = cfg.Concurrency
		transport = t
	}

	c := &Client{
		baseURL:      base,
		apiKey:       cfg.APIKey,
		userAgent:    cfg.UserAgent,
		concurrency:  cfg.Concurrency,
		pageSize:     cfg.PageSize,
		maxBodyBytes: cfg.MaxBodyBytes,
		log:          cfg.Log,
	}
	c.http = &retryablehttp.Client{
		// Timeout bounds each attempt, headers and body included.
		HTTPClient:     &http.Client{Transport: transport, Timeout: cfg.RequestTimeout},
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

// get performs one GET of path (already escaped) with retries. handle is called with every response
// that is not retried on its status; it decodes the body into its own result,
// and an I/O error it returns (a body cut short) makes the request retry.
func (c *Client) get(ctx context.Context, path string, query url.Values, handle func(*http.Response) error) error {
	u := *c.baseURL
	u.RawPath = c.baseURL.EscapedPath() + path
	unescaped, err := url.PathUnescape(u.RawPath)
	if err != nil {
		return fmt.Errorf("build request path %q: %w", path, err)
	}
	u.Path = unescaped
	u.RawQuery = query.Encode()

	state := &attemptState{}
	ctx = context.WithValue(ctx, attemptKey{}, state)
	req, err := retryablehttp.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return fmt.Errorf("build request: %w", err)
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
		fields["error"] = err.Error()
		c.log(ctx, "itellico API request failed", fields)
		return wrapFailure(ctx, u.Path, state.attempts, err)
	}
	c.log(ctx, "itellico API request", fields)
	return nil
}
