package itellicotest

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Options configure a Server. The zero value serves Seed(time.Now()) and SeedAgents() to the key
// "test-api-key" of account DefaultAccountID.
type Options struct {
	APIKey        string         // the key X-API-Key must equal; default "test-api-key"
	AccountID     string         // the key's account; default DefaultAccountID
	AccountName   string         // default "Acme Support GmbH"
	Conversations []Conversation // nil means Seed(time.Now()); an empty slice means none
	Agents        []Agent        // nil means SeedAgents()
	DefaultLimit  int            // page size when no limit is sent; default 100
	MaxLimit      int            // largest accepted limit; default 1000, larger is a 422
	Latency       time.Duration  // added to every request
	Faults        FaultPlan      // nil means no faults
	RetryAfter    string         // Retry-After of a RateLimit fault; default "0", "-" leaves it out
	RetryAfterMS  string         // retry-after-ms of a RateLimit fault; default none
}

// Request is a request the server received.
type Request struct {
	Method string
	Path   string
	Query  url.Values
	Header http.Header
	Fault  FaultKind // what the FaultPlan chose for it
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

// Server is the stand-in API, an http.Handler.
type Server struct {
	opts Options

	mu     sync.RWMutex
	convs  []storedConversation // start_timestamp descending, then conversation_id ascending
	agents []storedAgent        // created ascending, then id ascending
	url    string

	n     atomic.Int64
	reqMu sync.Mutex
	reqs  []Request

	closing   chan struct{}
	closeOnce sync.Once
	ts        *httptest.Server
}

// storedConversation keeps the JSON of a conversation, written once, so that a page is a copy.
type storedConversation struct {
	c   Conversation
	raw []byte
}

type storedAgent struct {
	a   Agent
	raw []byte
}

// stallBound is how long a Stall fault holds a request at most.
const stallBound = 2 * time.Minute

var (
	accountCreated  = time.Date(2023, time.September, 1, 8, 0, 0, 0, time.UTC)
	accountModified = time.Date(2025, time.January, 15, 10, 30, 0, 0, time.UTC)
)

// New returns a server that is not listening yet; use it as an http.Handler, or see NewHTTPTest
// and Serve.
func New(opts Options) *Server {
	if opts.APIKey == "" {
		opts.APIKey = "test-api-key"
	}
	if opts.AccountID == "" {
		opts.AccountID = DefaultAccountID
	}
	if opts.AccountName == "" {
		opts.AccountName = "Acme Support GmbH"
	}
	if opts.Conversations == nil {
		opts.Conversations = Seed(time.Now())
	}
	if opts.Agents == nil {
		opts.Agents = SeedAgents()
	}
	if opts.DefaultLimit <= 0 {
		opts.DefaultLimit = 100
	}
	if opts.MaxLimit <= 0 {
		opts.MaxLimit = 1000
	}
	if opts.RetryAfter == "" {
		opts.RetryAfter = "0"
	}
	s := &Server{opts: opts, closing: make(chan struct{})}
	s.SetConversations(opts.Conversations)
	s.SetAgents(opts.Agents)
	s.opts.Conversations, s.opts.Agents = nil, nil // the server's copies are the truth from here on
	return s
}

// TB is what NewHTTPTest needs of a *testing.T or *testing.B. It is an interface so that the
// itellico-standin command does not link the testing package.
type TB interface {
	Helper()
	Cleanup(func())
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

// SetConversations replaces the data served. Each Result and Extra value must be valid JSON.
func (s *Server) SetConversations(cs []Conversation) {
	stored := encodeConversations(cs)
	s.mu.Lock()
	s.convs = stored
	s.mu.Unlock()
}

// AddConversations adds conversations to the data served, for instance between two pages of a
// listing, as a live account does.
func (s *Server) AddConversations(cs ...Conversation) {
	added := encodeConversations(cs)
	s.mu.Lock()
	s.convs = append(s.convs, added...)
	sortConversations(s.convs)
	s.mu.Unlock()
}

// Conversations returns the data served, in the order the API lists it. The values share their
// transcripts with the server: read them, do not modify them.
func (s *Server) Conversations() []Conversation {
	s.mu.RLock()
	defer s.mu.RUnlock()
	cs := make([]Conversation, len(s.convs))
	for i := range s.convs {
		cs[i] = s.convs[i].c
	}
	return cs
}

// SetAgents replaces the agents served.
func (s *Server) SetAgents(as []Agent) {
	stored := make([]storedAgent, len(as))
	for i, a := range as {
		if a.Tags == nil {
			a.Tags = []string{}
		}
		stored[i] = storedAgent{a: a, raw: mustMarshal(a)}
	}
	slices.SortStableFunc(stored, func(x, y storedAgent) int {
		if c := x.a.Created.Compare(y.a.Created); c != 0 {
			return c
		}
		return strings.Compare(x.a.ID, y.a.ID)
	})
	s.mu.Lock()
	s.agents = stored
	s.mu.Unlock()
}

func encodeConversations(cs []Conversation) []storedConversation {
	stored := make([]storedConversation, len(cs))
	for i := range cs {
		mustBeJSON(cs[i].Extra, "conversation "+cs[i].ConversationID)
		if ms, ok := cs[i].Messages.Get(); ok {
			for j := range ms {
				mustBeJSON(ms[j].Extra, "conversation "+cs[i].ConversationID+" message "+strconv.Itoa(j))
				if r, ok := ms[j].Result.Get(); ok && !json.Valid(r) {
					panic(fmt.Sprintf("itellicotest: conversation %s message %d: result is not valid JSON: %q", cs[i].ConversationID, j, r))
				}
			}
		}
	}
	// Writing 50,000 conversations takes a while on one core; spread it.
	workers := min(runtime.GOMAXPROCS(0), 1+len(cs)/2000)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(cs); i += workers {
				stored[i] = storedConversation{c: cs[i], raw: encodeConversation(cs[i])}
			}
		})
	}
	wg.Wait()
	sortConversations(stored)
	return stored
}

func mustBeJSON(extra map[string]json.RawMessage, what string) {
	for k, v := range extra {
		if !json.Valid(v) {
			panic(fmt.Sprintf("itellicotest: %s: extra field %q is not valid JSON: %q", what, k, v))
		}
	}
}

func sortConversations(cs []storedConversation) {
	slices.SortFunc(cs, func(x, y storedConversation) int {
		if c := y.c.StartTimestamp.Compare(x.c.StartTimestamp); c != 0 {
			return c
		}
		return strings.Compare(x.c.ConversationID, y.c.ConversationID)
	})
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

// ServeHTTP answers one request: it records it, waits the configured latency, applies the fault
// the plan chooses, and otherwise answers as the API does.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := s.n.Add(1)
	fault := None
	if s.opts.Faults != nil {
		fault = s.opts.Faults(n, r)
	}
	s.reqMu.Lock()
	s.reqs = append(s.reqs, Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(),
		Header: r.Header.Clone(), Fault: fault, N: n})
	s.reqMu.Unlock()
	w.Header().Set("X-Request-Id", fmt.Sprintf("req_%08d", n))

	if s.opts.Latency > 0 && !s.wait(r.Context(), s.opts.Latency) {
		return
	}
	if s.failEarly(w, r, fault) {
		return
	}
	status, body := s.answer(r, fault)
	if fault == Truncated && status == http.StatusOK {
		truncate(w, body)
		return
	}
	if status == http.StatusMethodNotAllowed {
		w.Header().Set("Allow", http.MethodGet)
	}
	writeJSON(w, status, body)
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
func (s *Server) failEarly(w http.ResponseWriter, r *http.Request, fault FaultKind) bool {
	switch fault {
	case RateLimit:
		if s.opts.RetryAfter != "-" {
			w.Header().Set("Retry-After", s.opts.RetryAfter)
		}
		if s.opts.RetryAfterMS != "" {
			w.Header().Set("retry-after-ms", s.opts.RetryAfterMS)
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

// answer is the API itself: authentication, routing, validation and data.
func (s *Server) answer(r *http.Request, fault FaultKind) (int, []byte) {
	switch key := r.Header.Get("X-API-Key"); {
	case key == "":
		return errorJSON(http.StatusUnauthorized, "unauthorized", "Missing API key.",
			"Send your API key in the X-API-Key header.", nil)
	case key != s.opts.APIKey:
		return errorJSON(http.StatusUnauthorized, "unauthorized", "Invalid API key.",
			"The API key is unknown, revoked or expired.", nil)
	}

	segs := strings.Split(r.URL.Path, "/")
	if len(segs) < 4 || segs[0] != "" || segs[1] != "v1" || segs[2] != "accounts" || slices.Contains(segs[3:], "") {
		return notFound(r)
	}
	segs = segs[3:] // account id or "current", then the collection
	var handle func(url.Values, FaultKind) (int, []byte)
	switch {
	case len(segs) == 1 && segs[0] == "current":
		handle = s.currentAccount
	case len(segs) == 2 && segs[1] == "conversations":
		if !strings.EqualFold(segs[0], s.opts.AccountID) {
			return forbidden(segs[0])
		}
		handle = s.listConversations
	case len(segs) == 2 && segs[1] == "agents":
		if !s.ownAccount(segs[0]) {
			return forbidden(segs[0])
		}
		handle = s.listAgents
	case len(segs) == 3 && segs[1] == "agents":
		if !s.ownAccount(segs[0]) {
			return forbidden(segs[0])
		}
		handle = func(_ url.Values, fault FaultKind) (int, []byte) { return s.getAgent(segs[2], fault) }
	default:
		return notFound(r)
	}
	if r.Method != http.MethodGet {
		return errorJSON(http.StatusMethodNotAllowed, "method_not_allowed", "Method "+r.Method+" not allowed.",
			"This endpoint only answers GET.", nil)
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return errorJSON(http.StatusBadRequest, "bad_request", "Malformed query string.", err.Error(), nil)
	}
	return handle(q, fault)
}

func (s *Server) ownAccount(id string) bool {
	return id == "me" || strings.EqualFold(id, s.opts.AccountID)
}

func notFound(r *http.Request) (int, []byte) {
	return errorJSON(http.StatusNotFound, "not_found", "Not found.", "No endpoint at "+r.URL.Path+".", nil)
}

func forbidden(account string) (int, []byte) {
	return errorJSON(http.StatusForbidden, "forbidden", "Access to this account is not allowed.",
		"The API key may not access account "+account+".", nil)
}

func (s *Server) currentAccount(_ url.Values, fault FaultKind) (int, []byte) {
	body := mustMarshal(struct {
		ID              string    `json:"id"`
		Name            string    `json:"name"`
		IsActive        bool      `json:"is_active"`
		ParentAccountID *string   `json:"parent_account_id"`
		Created         time.Time `json:"created"`
		Modified        time.Time `json:"modified"`
	}{s.opts.AccountID, s.opts.AccountName, true, nil, accountCreated, accountModified})
	return http.StatusOK, objectBody(body, fault)
}

// conversationFilter is the parsed query of the conversations endpoint; empty strings and zero
// times are filters not given.
type conversationFilter struct {
	conversationID, agentID, typ, status, direction          string
	createdAfter, createdBefore, updatedAfter, updatedBefore time.Time
}

func (f *conversationFilter) match(c *Conversation) bool {
	if f.conversationID != "" && !strings.EqualFold(c.ConversationID, f.conversationID) {
		return false
	}
	if f.agentID != "" {
		if id, ok := c.AgentID.Get(); !ok || !strings.EqualFold(id, f.agentID) {
			return false
		}
	}
	if f.typ != "" && c.Type != f.typ || f.status != "" && c.Status != f.status {
		return false
	}
	if f.direction != "" {
		if d, ok := c.Direction.Get(); !ok || d != f.direction {
			return false
		}
	}
	created, updated := c.created(), c.updated()
	return (f.createdAfter.IsZero() || !created.Before(f.createdAfter)) &&
		(f.createdBefore.IsZero() || created.Before(f.createdBefore)) &&
		(f.updatedAfter.IsZero() || !updated.Before(f.updatedAfter)) &&
		(f.updatedBefore.IsZero() || updated.Before(f.updatedBefore))
}

func (s *Server) listConversations(q url.Values, fault FaultKind) (int, []byte) {
	p := params{q: q}
	f := conversationFilter{
		conversationID: p.uuid("conversation_id"),
		agentID:        p.uuid("agent_id"),
		typ:            p.enum("type", ConversationTypes),
		status:         p.enum("status", ConversationStatuses),
		direction:      p.enum("direction", Directions),
		createdAfter:   p.time("created_after"),
		createdBefore:  p.time("created_before"),
		updatedAfter:   p.time("updated_after"),
		updatedBefore:  p.time("updated_before"),
	}
	limit, offset := s.paging(&p, fault)
	if p.errs != nil {
		return p.failure()
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	count := 0
	var page [][]byte
	var ids []string
	for i := range s.convs {
		if !f.match(&s.convs[i].c) {
			continue
		}
		if count >= offset && count < offset+limit {
			page = append(page, s.convs[i].raw)
			ids = append(ids, s.convs[i].c.ConversationID)
		}
		count++
	}
	return http.StatusOK, listBody(count, page, ids, fault)
}

func (s *Server) listAgents(q url.Values, fault FaultKind) (int, []byte) {
	p := params{q: q}
	name, _ := p.given("name")
	name = strings.ToLower(name)
	archived := p.boolean("is_archived")
	var tags []string
	for _, v := range q["tags"] {
		for t := range strings.SplitSeq(v, ",") {
			if t = strings.TrimSpace(t); t != "" {
				tags = append(tags, t)
			}
		}
	}
	createdAfter, createdBefore := p.time("created_after"), p.time("created_before")
	modifiedAfter, modifiedBefore := p.time("modified_after"), p.time("modified_before")
	limit, offset := s.paging(&p, fault)
	if p.errs != nil {
		return p.failure()
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	count := 0
	var page [][]byte
	var ids []string
	for _, sa := range s.agents {
		a := &sa.a
		switch {
		case !strings.Contains(strings.ToLower(a.Name), name),
			archived != nil && a.IsArchived != *archived,
			slices.ContainsFunc(tags, func(t string) bool { return !slices.Contains(a.Tags, t) }),
			!createdAfter.IsZero() && a.Created.Before(createdAfter),
			!createdBefore.IsZero() && !a.Created.Before(createdBefore),
			!modifiedAfter.IsZero() && a.Modified.Before(modifiedAfter),
			!modifiedBefore.IsZero() && !a.Modified.Before(modifiedBefore):
			continue
		}
		if count >= offset && count < offset+limit {
			page = append(page, sa.raw)
			ids = append(ids, a.ID)
		}
		count++
	}
	return http.StatusOK, listBody(count, page, ids, fault)
}

func (s *Server) getAgent(id string, fault FaultKind) (int, []byte) {
	if !isUUID(id) {
		return errorJSON(http.StatusUnprocessableEntity, "validation_error", "Invalid path parameter.", "",
			[]FieldError{{Field: "agent_id", Message: fmt.Sprintf("must be a UUID; got %q", id)}})
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, sa := range s.agents {
		if strings.EqualFold(sa.a.ID, id) {
			return http.StatusOK, objectBody(sa.raw, fault)
		}
	}
	return errorJSON(http.StatusNotFound, "not_found", "Agent not found.", "No agent "+id+" in this account.", nil)
}

// paging reads limit and offset; IgnorePaging makes the server behave as if they were absent.
func (s *Server) paging(p *params, fault FaultKind) (limit, offset int) {
	limit = p.integer("limit", s.opts.DefaultLimit, 1, s.opts.MaxLimit)
	offset = p.integer("offset", 0, 0, -1)
	if fault == IgnorePaging {
		return s.opts.DefaultLimit, 0
	}
	return limit, offset
}

// listBody writes {"count": n, "items": [...]}, or the shape a fault asks for.
func listBody(count int, items [][]byte, ids []string, fault FaultKind) []byte {
	if fault == CountMismatch {
		count += 5
	}
	opening, closing := `{"count":`+strconv.Itoa(count)+`,"items":[`, `]}`
	switch fault {
	case WrongShape:
		opening, closing = `{"data":[`, `],"total":`+strconv.Itoa(count)+`}`
	case ItemsObject:
		opening, closing = `{"count":`+strconv.Itoa(count)+`,"items":{`, `}}`
	}
	size := len(opening) + len(closing)
	for i, it := range items {
		size += len(it) + len(ids[i]) + 4
	}
	b := append(make([]byte, 0, size), opening...)
	for i, it := range items {
		if i > 0 {
			b = append(b, ',')
		}
		if fault == ItemsObject {
			b = append(append(b, mustMarshal(ids[i])...), ':')
		}
		b = append(b, it...)
	}
	return append(b, closing...)
}

// objectBody is one object, or {"data": object} under WrongShape.
func objectBody(obj []byte, fault FaultKind) []byte {
	if fault != WrongShape {
		return obj
	}
	return slices.Concat([]byte(`{"data":`), obj, []byte(`}`))
}

// params validates query parameters, collecting every error for one 422 answer. A repeated
// parameter counts with its last value, as in the real service.
type params struct {
	q    url.Values
	errs []FieldError
}

func (p *params) given(name string) (string, bool) {
	v, ok := p.q[name]
	if !ok || len(v) == 0 {
		return "", false
	}
	return v[len(v)-1], true
}

func (p *params) fail(name, format string, args ...any) {
	p.errs = append(p.errs, FieldError{Field: name, Message: fmt.Sprintf(format, args...)})
}

func (p *params) uuid(name string) string {
	v, ok := p.given(name)
	if ok && !isUUID(v) {
		p.fail(name, "must be a UUID such as %s; got %q", DefaultAccountID, clip(v))
		return ""
	}
	return v
}

func (p *params) enum(name string, allowed []string) string {
	v, ok := p.given(name)
	if ok && !slices.Contains(allowed, v) {
		p.fail(name, "must be one of %s; got %q", strings.Join(allowed, ", "), clip(v))
		return ""
	}
	return v
}

func (p *params) time(name string) time.Time {
	v, ok := p.given(name)
	if !ok {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		p.fail(name, "must be an RFC 3339 date-time with a time zone, such as 2025-01-31T23:59:59Z; got %q", clip(v))
		return time.Time{}
	}
	return t
}

func (p *params) boolean(name string) *bool {
	v, ok := p.given(name)
	if !ok {
		return nil
	}
	if v != "true" && v != "false" {
		p.fail(name, "must be true or false; got %q", clip(v))
		return nil
	}
	b := v == "true"
	return &b
}

// integer reads an integer from lo to hi (hi < 0: no upper bound), def when absent.
func (p *params) integer(name string, def, lo, hi int) int {
	v, ok := p.given(name)
	if !ok {
		return def
	}
	n, err := strconv.Atoi(v)
	switch {
	case err == nil && n >= lo && (hi < 0 || n <= hi):
		return n
	case hi < 0:
		p.fail(name, "must be an integer of %d or more; got %q", lo, clip(v))
	default:
		p.fail(name, "must be an integer from %d to %d; got %q", lo, hi, clip(v))
	}
	return def
}

func (p *params) failure() (int, []byte) {
	names := make([]string, len(p.errs))
	for i, e := range p.errs {
		names[i] = e.Field
	}
	return errorJSON(http.StatusUnprocessableEntity, "validation_error", "Invalid query parameters.",
		"Check "+strings.Join(names, ", ")+".", p.errs)
}

func clip(v string) string {
	if len(v) > 80 {
		return v[:80] + "…"
	}
	return v
}

// isUUID accepts the 8-4-4-4-12 hex form, in either case.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := range len(s) {
		c := s[i]
		switch {
		case i == 8 || i == 13 || i == 18 || i == 23:
			if c != '-' {
				return false
			}
		case '0' <= c && c <= '9', 'a' <= c && c <= 'f', 'A' <= c && c <= 'F':
		default:
			return false
		}
	}
	return true
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

// encodeConversation writes a conversation. Its MarshalJSON is asked directly: the result is compact
// already, and encoding/json would only scan it once more to check.
func encodeConversation(c Conversation) []byte {
	b, err := c.MarshalJSON()
	if err != nil {
		panic(fmt.Sprintf("itellicotest: conversation %s: %v", c.ConversationID, err))
	}
	return b
}

// PageBody is the body the API sends for one page of conversations:
// {"count": count, "items": [...]}. Benchmarks and fuzz seeds use it to
// get exactly the server's bytes without a server.
func PageBody(count int, cs []Conversation) []byte {
	items := make([][]byte, len(cs))
	ids := make([]string, len(cs))
	for i := range cs {
		items[i], ids[i] = encodeConversation(cs[i]), cs[i].ConversationID
	}
	return listBody(count, items, ids, None)
}
