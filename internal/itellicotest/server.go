package itellicotest

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Options configure a Server. The zero value serves the seed (Seed(time.Now()), SeedAgents() and
// the other Seed* functions) to the key "test-api-key" of account DefaultAccountID. For each data
// field, nil means the seed and an empty slice means none.
type Options struct {
	APIKey      string           // the key X-API-Key must equal; default "test-api-key"
	AccountID   string           // the key's account; default DefaultAccountID
	AccountName string           // default "Acme Support GmbH"
	Now         func() time.Time // the clock of the default seed and of usage's default window; default time.Now

	Conversations []Conversation        // default Seed(Now())
	Agents        []Agent               // default SeedAgents()
	Subaccounts   []Account             // the key account's subaccounts; default SeedSubaccounts()
	PhoneNumbers  []PhoneNumber         // default SeedPhoneNumbers()
	SipTrunks     []SipTrunk            // default SeedSipTrunks()
	Models        []ModelProvider       // default SeedModels()
	Transcribers  []TranscriberProvider // default SeedTranscribers()
	Voices        []Voice               // default SeedVoices()

	DefaultLimit int           // page size when no limit is sent; default 100
	MaxLimit     int           // largest accepted limit; default 1000, larger is a 422
	PageCap      int           // when > 0, a page holds at most PageCap items whatever limit asks
	RateLimit    float64       // when > 0, requests per second per key, with a burst of one second's worth
	Latency      time.Duration // added to every request
	Faults       FaultPlan     // nil means no faults
	RetryAfter   string        // Retry-After of a RateLimit fault, sent as given (seconds, or an HTTP date, past or future); default "0", "-" leaves it out
	RetryAfterMS string        // retry-after-ms of a RateLimit fault; default none

}

// Request is a request the server received.
type Request struct {
	Method string
	Path   string
	Query  url.Values
	Header http.Header
	Fault  FaultKind // what the FaultPlan (or the rate limiter) chose for it
	N      int64     // 1-based number in arrival order
}

// ErrorBody is the API's error format.
type ErrorBody struct {
	Code    string       `json:"code"`
	Message string       `json:"message"`
	Detail  string       `json:"detail,omitempty"`
	Errors  []FieldError `json:"errors,omitempty"`
}

// FieldError names one invalid parameter of a 422 answer.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// TB is what NewHTTPTest needs of a *testing.T or *testing.B. It is an interface so that the
// itellico-standin command does not link the testing package.
type TB interface {
	Helper()
	Cleanup(func())
}

// Server is the stand-in API, an http.Handler.
type Server struct {
	opts    Options
	mux     *http.ServeMux
	limiter *limiter // nil without Options.RateLimit

	mu     sync.RWMutex // guards what the Set and Add methods change, and url
	convs  []record[Conversation]
	agents []record[Agent]
	url    string

	account      []byte // the key's account, as /v1/accounts/current sends it
	subaccounts  []record[Account]
	phoneNumbers []record[PhoneNumber]
	sipTrunks    []record[SipTrunk]
	models       []byte
	transcribers []byte

	n     atomic.Int64
	reqMu sync.Mutex
	reqs  []Request

	closing   chan struct{}
	closeOnce sync.Once
	ts        *httptest.Server
}

// stallBound is how long a Stall fault holds a request at most.
const stallBound = 2 * time.Minute

// New returns a server that is not listening yet; use it as an http.Handler, or see NewHTTPTest
// and Serve. It panics on data that cannot be served: a conversation without CreatedAt or
// UpdatedAt, or a json.RawMessage that is not valid JSON.
func New(opts Options) *Server {
	opts.APIKey = cmp.Or(opts.APIKey, "test-api-key")
	opts.AccountID = cmp.Or(opts.AccountID, DefaultAccountID)
	opts.AccountName = cmp.Or(opts.AccountName, "Acme Support GmbH")
	opts.DefaultLimit = cmp.Or(max(opts.DefaultLimit, 0), 100)
	opts.MaxLimit = cmp.Or(max(opts.MaxLimit, 0), 1000)
	opts.RetryAfter = cmp.Or(opts.RetryAfter, "0")
	if opts.Now == nil {
		opts.Now = time.Now
	}
	seed(&opts.Conversations, func() []Conversation { return Seed(opts.Now()) })
	seed(&opts.Agents, SeedAgents)
	seed(&opts.Subaccounts, SeedSubaccounts)
	seed(&opts.PhoneNumbers, SeedPhoneNumbers)
	seed(&opts.SipTrunks, SeedSipTrunks)
	seed(&opts.Models, SeedModels)
	seed(&opts.Transcribers, SeedTranscribers)
	seed(&opts.Voices, SeedVoices)

	s := &Server{opts: opts, closing: make(chan struct{})}
	if opts.RateLimit > 0 {
		s.limiter = &limiter{rate: opts.RateLimit, keys: map[string]*tokenBucket{}}
	}
	s.setAccounts()
	s.SetConversations(opts.Conversations)
	s.SetAgents(opts.Agents)
	s.setTelephony()
	s.setCatalogs()
	// The server's copies, which the Set methods change, are the truth from here on.
	s.opts.Conversations, s.opts.Agents, s.opts.Subaccounts, s.opts.PhoneNumbers, s.opts.SipTrunks = nil, nil, nil, nil, nil
	s.routes()
	return s
}

func seed[T any](data *[]T, def func() []T) {
	if *data == nil {
		*data = def()
	}
}

func (s *Server) routes() {
	s.mux = http.NewServeMux()
	s.route("GET /v1/accounts/current", s.currentAccount)
	s.route("GET /v1/accounts/{account_id}/subaccounts", s.listSubaccounts)
	s.route("GET /v1/accounts/{account_id}/subaccounts/{subaccount_id}", s.getSubaccount)
	s.route("GET /v1/accounts/{account_id}/conversations", s.listConversations)
	s.route("GET /v1/accounts/{account_id}/agents", s.listAgents)
	s.route("GET /v1/accounts/{account_id}/agents/{agent_id}", s.getAgent)
	s.route("GET /v1/accounts/{account_id}/phone-numbers", s.listPhoneNumbers)
	s.route("GET /v1/accounts/{account_id}/phone-numbers/{phone_number_id}", s.getPhoneNumber)
	s.route("GET /v1/accounts/{account_id}/sip-trunks", s.listSipTrunks)
	s.route("GET /v1/accounts/{account_id}/sip-trunks/{sip_trunk_id}", s.getSipTrunk)
	s.route("GET /v1/accounts/{account_id}/providers/models", s.modelCatalog)
	s.route("GET /v1/accounts/{account_id}/providers/transcribers", s.transcriberCatalog)
	s.route("GET /v1/accounts/{account_id}/providers/voices", s.voiceCatalog)
	s.route("GET /v1/accounts/{account_id}/analytics/usage", s.usage)
	s.mux.HandleFunc("/", s.unrouted)
}

// call is one request to an endpoint, its account resolved and its query parsed.
type call struct {
	r       *http.Request
	params  params
	fault   FaultKind
	account string // the path's account_id: the key's account or one of its subaccounts, as stored
}

// endpoint answers a call with a status and a body, which a fault may still spoil.
type endpoint func(c *call) (int, []byte)

// faultKey carries the fault ServeHTTP chose, before routing, to the endpoint through the mux.
type faultKey struct{}

// route registers an endpoint.
func (s *Server) route(pattern string, e endpoint) {
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		fault, _ := r.Context().Value(faultKey{}).(FaultKind)
		status, body := s.answer(&call{r: r, fault: fault}, e)
		if status == http.StatusOK {
			switch fault {
			case Truncated:
				truncate(w, body)
				return
			case Trickle:
				s.trickle(w, r, body)
				return
			}
		}
		writeJSON(w, status, body)
	})
}

// answer resolves the call's account and query, then asks the endpoint. The account comes first,
// as at the service: another account's path is a 403 whatever its query.
func (s *Server) answer(c *call, e endpoint) (int, []byte) {
	if id := c.r.PathValue("account_id"); id != "" {
		var ok bool
		if c.account, ok = s.resolveAccount(id); !ok {
			return errorJSON(http.StatusForbidden, "forbidden", "Access to this account is not allowed.",
				"The API key may not access account "+id+".", nil)
		}
	}
	q, err := url.ParseQuery(c.r.URL.RawQuery)
	if err != nil {
		return errorJSON(http.StatusBadRequest, "bad_request", "Malformed query string.", err.Error(), nil)
	}
	c.params.q = q
	return e(c)
}

// unrouted answers what no endpoint matches: 405 for a path that GET would reach, else 404.
func (s *Server) unrouted(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		probe := r.Clone(r.Context())
		probe.Method = http.MethodGet
		if _, pattern := s.mux.Handler(probe); pattern != "/" {
			w.Header().Set("Allow", http.MethodGet)
			writeError(w, http.StatusMethodNotAllowed, "method_not_allowed", "Method "+r.Method+" not allowed.",
				"This endpoint only answers GET.")
			return
		}
	}
	writeError(w, http.StatusNotFound, "not_found", "Not found.", "No endpoint at "+r.URL.Path+".")
}

// NewHTTPTest starts the server on a loopback port for the duration of a test or benchmark.
func NewHTTPTest(t TB, opts Options) *Server {
	t.Helper()
	s := New(opts)
	s.ts = httptest.NewServer(s)
	s.setURL(s.ts.URL)
	t.Cleanup(s.Close)
	return s
}

// URL is the base URL, such as http://127.0.0.1:41234, once the server listens; else "".
func (s *Server) URL() string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.url
}

func (s *Server) setURL(u string) {
	s.mu.Lock()
	s.url = u
	s.mu.Unlock()
}

// AccountID is the account of the server's key.
func (s *Server) AccountID() string { return s.opts.AccountID }

// APIKey is the key the server accepts.
func (s *Server) APIKey() string { return s.opts.APIKey }

// Close releases stalled requests and stops the server started by NewHTTPTest or Serve.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.closing)
		if s.ts != nil {
			s.ts.Close()
		}
	})
}

// ListenLoopback listens on addr, which must name a loopback address (127.0.0.1:0, [::1]:8080,
// localhost:0): the stand-in accepts any request that has the demo key and must not be reachable
// from other machines.
func ListenLoopback(addr string) (net.Listener, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("listen address %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil, fmt.Errorf("listen address %q is not a loopback address; use 127.0.0.1, [::1] or localhost", addr)
	}
	return net.Listen("tcp", addr)
}

// Serve answers requests on l until ctx is done or Close is called, then shuts down gracefully.
func (s *Server) Serve(ctx context.Context, l net.Listener) error {
	s.setURL("http://" + l.Addr().String())
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(l) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	case <-s.closing:
	}
	s.Close()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(shutdownCtx)
}

// Requests returns the requests received so far, in arrival order.
func (s *Server) Requests() []Request {
	s.reqMu.Lock()
	rs := slices.Clone(s.reqs)
	s.reqMu.Unlock()
	slices.SortFunc(rs, func(x, y Request) int { return cmp.Compare(x.N, y.N) })
	return rs
}

// ResetRequests forgets the requests received so far. Request numbers keep counting, and so does
// the FaultPlan.
func (s *Server) ResetRequests() {
	s.reqMu.Lock()
	s.reqs = nil
	s.reqMu.Unlock()
}

// ServeHTTP answers one request: it records it, waits the configured latency, applies the rate
// limit and the fault the plan chooses, authenticates it, and otherwise answers as the API does.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := s.n.Add(1)
	fault := None
	if s.opts.Faults != nil {
		fault = s.opts.Faults(n, r)
	}
	retryAfter, retryAfterMS := s.opts.RetryAfter, s.opts.RetryAfterMS
	if s.limiter != nil {
		// The limiter stands in front of everything else, so it overrides the plan.
		if wait, ok := s.limiter.take(r.Header.Get("X-API-Key"), time.Now()); !ok {
			fault = RateLimit
			retryAfter, retryAfterMS = strconv.Itoa(max(1, int(math.Ceil(wait.Seconds())))), ""
		}
	}
	req := Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Header: r.Header.Clone(), Fault: fault, N: n}
	s.reqMu.Lock()
	s.reqs = append(s.reqs, req)
	s.reqMu.Unlock()
	w.Header().Set("X-Request-Id", fmt.Sprintf("req_%08d", n))

	if s.opts.Latency > 0 && !s.wait(r.Context(), s.opts.Latency) {
		return
	}
	if s.failEarly(w, r, fault, retryAfter, retryAfterMS) {
		return
	}
	switch key := r.Header.Get("X-API-Key"); {
	case key == "":
		writeError(w, http.StatusUnauthorized, "unauthorized", "Missing API key.",
			"Send your API key in the X-API-Key header.")
		return
	case key != s.opts.APIKey:
		writeError(w, http.StatusUnauthorized, "unauthorized", "Invalid API key.",
			"The API key is unknown, revoked or expired.")
		return
	}
	// ServeMux would redirect such paths to their clean form; an API answers 404.
	if p := r.URL.Path; path.Clean(p) != strings.TrimSuffix(p, "/") {
		writeError(w, http.StatusNotFound, "not_found", "Not found.", "No endpoint at "+p+".")
		return
	}
	s.mux.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), faultKey{}, fault)))
}

// limiter is a token bucket per API key (whatever key a request sends, so before
// authentication): rate tokens a second, holding at most one second's worth.
type limiter struct {
	rate float64
	mu   sync.Mutex
	keys map[string]*tokenBucket
}

type tokenBucket struct {
	tokens float64
	at     time.Time
}

// take spends a token of key's bucket, or reports how long until there is one.
func (l *limiter) take(key string, now time.Time) (time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	burst := max(l.rate, 1)
	b := l.keys[key]
	if b == nil {
		b = &tokenBucket{tokens: burst, at: now}
		l.keys[key] = b
	}
	b.tokens = min(burst, b.tokens+now.Sub(b.at).Seconds()*l.rate)
	b.at = now
	if b.tokens >= 1 {
		b.tokens--
		return 0, true
	}
	return time.Duration((1 - b.tokens) / l.rate * float64(time.Second)), false
}

// wait sleeps d, or less if the server closes; it reports false if the client went away.
func (s *Server) wait(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-s.closing:
	case <-ctx.Done():
		return false
	}
	return true
}

// failEarly answers with the faults that come before authentication and reports whether it did.
func (s *Server) failEarly(w http.ResponseWriter, r *http.Request, fault FaultKind, retryAfter, retryAfterMS string) bool {
	switch fault {
	case RateLimit:
		if retryAfter != "-" {
			w.Header().Set("Retry-After", retryAfter)
		}
		if retryAfterMS != "" {
			w.Header().Set("retry-after-ms", retryAfterMS)
		}
		writeError(w, http.StatusTooManyRequests, "rate_limit_exceeded", "Rate limit exceeded.",
			"Too many requests for this API key; retry with exponential backoff.")
	case RequestTimeout:
		writeError(w, http.StatusRequestTimeout, "request_timeout", "Request timeout.", "")
	case Conflict:
		writeError(w, http.StatusConflict, "conflict", "Conflicting state; try again.", "")
	case Unavailable:
		writeError(w, http.StatusServiceUnavailable, "service_unavailable", "Service temporarily unavailable.", "")
	case ShouldRetryFalse:
		w.Header().Set("x-should-retry", "false")
		writeError(w, http.StatusServiceUnavailable, "service_unavailable", "Service unavailable for this request.",
			"Retrying will not help.")
	case InternalError:
		writeError(w, http.StatusInternalServerError, "internal_error", "Internal server error.", "")
	case BadGateway:
		writeError(w, http.StatusBadGateway, "bad_gateway", "Bad gateway.", "")
	case GatewayTimeout:
		writeError(w, http.StatusGatewayTimeout, "gateway_timeout", "Gateway timeout.", "")
	case ConnReset:
		resetConnection(w)
	case Stall:
		t := time.NewTimer(stallBound)
		defer t.Stop()
		select {
		case <-r.Context().Done():
		case <-s.closing:
			writeError(w, http.StatusServiceUnavailable, "service_unavailable", "Server shutting down.", "")
		case <-t.C:
			writeError(w, http.StatusGatewayTimeout, "gateway_timeout", "Gateway timeout.", "")
		}
	case HTML:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(maintenancePage))
	case RedirectWithKey:
		redirectWithKey(w, r)
	case EchoKeyError:
		echoKeyError(w, r)
	case EchoKeyHTML:
		echoKeyHTML(w, r)
	case EchoKeyPage:
		echoKeyPage(w, r)
	case EchoKeyGarbage:
		echoKeyGarbage(w, r)
	default:
		return false
	}
	return true
}

const maintenancePage = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>itellico — scheduled maintenance</title></head>
<body><h1>We'll be back soon</h1><p>api.itellico.ai is undergoing scheduled maintenance.</p></body></html>
`

// resetConnection closes the connection with SO_LINGER 0, so the client reads a reset (or EOF)
// where it expects a status line.
func resetConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}

// truncate declares the whole body but sends half of it, then closes the connection.
func truncate(w http.ResponseWriter, body []byte) {
	hj, ok := w.(http.Hijacker)
	if !ok { // an httptest.ResponseRecorder: show the half that was sent
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		_, _ = w.Write(body[:len(body)/2])
		return
	}
	conn, rw, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	defer conn.Close()
	fmt.Fprintf(rw, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", len(body))
	_, _ = rw.Write(body[:len(body)/2])
	_ = rw.Flush()
}

func errorJSON(status int, code, message, detail string, fields []FieldError) (int, []byte) {
	return status, mustMarshal(ErrorBody{Code: code, Message: message, Detail: detail, Errors: fields})
}

// writeError answers with an error of the API's format and no field errors.
func writeError(w http.ResponseWriter, status int, code, message, detail string) {
	_, body := errorJSON(status, code, message, detail, nil)
	writeJSON(w, status, body)
}

func writeJSON(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
