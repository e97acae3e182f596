package itellico

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

// rel releases s with outcome o (and no rate-limit wait).
func rel(b *budget, s slot, o outcome) { b.release(s, o, 0) }

// acquireN takes n places, each of which must be free.
func acquireN(t *testing.T, b *budget, n int) []slot {
	t.Helper()
	slots := make([]slot, n)
	for i := range slots {
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		s, err := b.acquire(ctx)
		cancel()
		if err != nil {
			t.Fatalf("place %d of %d: %v", i+1, n, err)
		}
		slots[i] = s
	}
	return slots
}

// full reports whether every place is taken: a further acquire waits.
func full(t *testing.T, b *budget) bool {
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Millisecond)
	defer cancel()
	s, err := b.acquire(ctx)
	if err == nil {
		rel(b, s, failed)
		return false
	}
	return errors.Is(err, context.DeadlineExceeded)
}

func TestBudgetAdaptsInFlightLimit(t *testing.T) {
	t.Parallel()
	b := newBudget(32, 0)
	if got := limitOf(b); got != initialInFlight {
		t.Fatalf("initial limit = %v, want %d", got, initialInFlight)
	}
	slots := acquireN(t, b, initialInFlight)
	if !full(t, b) {
		t.Fatalf("a request got a place beyond the limit of %d", initialInFlight)
	}
	// Slow start: every answer adds one, so the limit doubles each round trip.
	for _, s := range slots {
		rel(b, s, answered)
	}
	if got := limitOf(b); got != 16 {
		t.Errorf("after 8 answers: limit = %v, want 16", got)
	}
	for _, s := range acquireN(t, b, 16) {
		rel(b, s, answered)
	}
	if got := limitOf(b); got != 32 {
		t.Errorf("after 16 more: limit = %v, want 32 (the maximum)", got)
	}
	slots = acquireN(t, b, 32)
	if !full(t, b) {
		t.Fatal("a request got a place beyond the maximum")
	}
	// A failure says nothing about load.
	rel(b, slots[0], failed)
	if got := limitOf(b); got != 32 {
		t.Errorf("after a failure: limit = %v, want 32", got)
	}
	// A rate limit halves the limit, once per congestion event: the other
	// answers to requests sent before the cut do not halve it again.
	rel(b, slots[1], limited)
	if got := limitOf(b); got != 16 {
		t.Errorf("after a rate limit: limit = %v, want 16", got)
	}
	rel(b, slots[2], limited)
	rel(b, slots[3], limited)
	if got := limitOf(b); got != 16 {
		t.Errorf("after two more limited answers of the same event: limit = %v, want 16", got)
	}
	for _, s := range slots[4:] {
		rel(b, s, failed)
	}
	// Past the cut, growth is one per round trip: 16 answers add about one.
	time.Sleep(time.Millisecond) // requests sent strictly after the cut
	for _, s := range acquireN(t, b, 16) {
		rel(b, s, answered)
	}
	if got := limitOf(b); got < 16.9 || got > 17.1 {
		t.Errorf("after a round trip of 16 answers past the cut: limit = %v, want about 17", got)
	}
	// A limited answer to a request sent after the cut is a new event.
	s := acquireN(t, b, 1)[0]
	rel(b, s, limited)
	if got := limitOf(b); got < 8.4 || got > 8.6 {
		t.Errorf("after a new rate limit: limit = %v, want about 8.5", got)
	}
	// The limit never goes below one request.
	for range 10 {
		time.Sleep(time.Millisecond)
		rel(b, acquireN(t, b, 1)[0], limited)
	}
	if got := limitOf(b); got != 1 {
		t.Errorf("after many rate limits: limit = %v, want 1", got)
	}
	acquireN(t, b, 1)
	if !full(t, b) {
		t.Error("two requests in flight with a limit of 1")
	}
}

func TestBudgetStartsAtMaxWhenSmaller(t *testing.T) {
	t.Parallel()
	b := newBudget(2, 0)
	acquireN(t, b, 2)
	if !full(t, b) {
		t.Error("three requests in flight with a maximum of 2")
	}
}

// Requests waiting for a place get one in the order they asked; one that
// gives up leaves the queue without taking a place.
func TestBudgetQueueIsFirstComeFirstServed(t *testing.T) {
	t.Parallel()
	b := newBudget(1, 0)
	held := acquireN(t, b, 1)[0]
	queued := func() int {
		b.mu.Lock()
		defer b.mu.Unlock()
		return len(b.queue)
	}
	var mu sync.Mutex
	var order []int
	var wg sync.WaitGroup
	got := make(chan slot, 4)
	giveUp, cancel := context.WithCancel(t.Context())
	for i := range 4 {
		ctx := t.Context()
		if i == 1 {
			ctx = giveUp
		}
		wg.Go(func() {
			s, err := b.acquire(ctx)
			if err != nil {
				return
			}
			mu.Lock()
			order = append(order, i)
			mu.Unlock()
			got <- s
		})
		if !waitFor(time.Second, func() bool { return queued() == i+1 }) {
			t.Fatalf("request %d did not queue", i)
		}
	}
	cancel()
	if !waitFor(time.Second, func() bool { return queued() == 3 }) {
		t.Fatal("the request that gave up is still queued")
	}
	rel(b, held, answered) // one place: the queue goes one by one
	for range 3 {
		s := <-got
		rel(b, s, failed)
	}
	wg.Wait()
	if !slices.Equal(order, []int{0, 2, 3}) {
		t.Errorf("places given in the order %v, want [0 2 3]", order)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.inFlight != 0 || len(b.queue) != 0 {
		t.Errorf("in flight %d, queued %d after every request is done", b.inFlight, len(b.queue))
	}
}

// Waits that overlap in time are counted once against a read's bound, and
// a wait that would pass the bound is refused, not counted.
func TestWaitBudgetCountsOverlapOnce(t *testing.T) {
	t.Parallel()
	w := &waitBudget{max: time.Second}
	now := time.Now()
	at := func(ms int) time.Time { return now.Add(time.Duration(ms) * time.Millisecond) }
	for _, c := range []struct {
		from, until int
		waited      time.Duration
	}{
		{0, 300, 300 * time.Millisecond},
		{100, 300, 300 * time.Millisecond}, // within what was counted
		{200, 500, 500 * time.Millisecond}, // 200 ms more
		{600, 600, 500 * time.Millisecond}, // nothing to wait
	} {
		if err := w.charge(at(c.from), at(c.until)); err != nil {
			t.Fatalf("charge(%d, %d): %v", c.from, c.until, err)
		}
		if w.waited != c.waited {
			t.Errorf("after charge(%d, %d): waited %v, want %v", c.from, c.until, w.waited, c.waited)
		}
	}
	w.countLimited()
	err := w.charge(at(500), at(1100)) // 600 ms more: 1.1 s in all
	var rl *RateLimitError
	if !errors.As(err, &rl) || rl.Waited != 500*time.Millisecond || rl.Wanted != 600*time.Millisecond || rl.Max != time.Second || rl.Limited != 1 {
		t.Fatalf("err = %#v, want a *RateLimitError: waited 500ms, wanted 600ms, max 1s, 1 limited", err)
	}
	if w.waited != 500*time.Millisecond {
		t.Errorf("the refused wait was counted: waited %v", w.waited)
	}
	want := "rate limited: 1 answers were HTTP 429 or 503 with Retry-After; the read had waited 500ms and was asked to wait 600ms more, beyond the bound of 1s"
	if rl.Error() != want {
		t.Errorf("Error() = %q, want %q", rl.Error(), want)
	}
}

func TestBudgetPauseKeepsTheLater(t *testing.T) {
	t.Parallel()
	b := newBudget(4, 0)
	long := b.pause(time.Now(), time.Hour)
	if short := b.pause(time.Now(), time.Millisecond); !short.Equal(long) {
		t.Errorf("a shorter pause moved the end from %v to %v", long, short)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
	defer cancel()
	err := b.waitPause(ctx, &waitBudget{max: 2 * time.Hour})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("waitPause = %v, want the context's end", err)
	}
	err = b.waitPause(t.Context(), &waitBudget{max: time.Minute})
	var rl *RateLimitError
	if !errors.As(err, &rl) {
		t.Errorf("waitPause beyond the bound = %v, want a *RateLimitError at once", err)
	}
	if err := newBudget(1, 0).waitPause(t.Context(), &waitBudget{}); err != nil {
		t.Errorf("waitPause without a pause = %v", err)
	}
}

// Two reads running at once draw from one budget: never more requests at
// the server than MaxConcurrentRequests, across both.
func TestBudgetSharedByConcurrentReads(t *testing.T) {
	t.Parallel()
	var tr tracker
	_, c := frontClient(t, itellicotest.Options{Conversations: generated(400), Agents: manyAgents(200), Latency: 2 * time.Millisecond},
		tr.serve, func(c *Config) { c.MaxConcurrentRequests = 2; c.PageSize = 20 })
	var wg sync.WaitGroup
	var convs []string
	var agents []string
	var errs [2]error
	wg.Go(func() { convs, _, errs[0] = readConversations(testCtx(t), c, nil, ListOptions{}) })
	wg.Go(func() {
		_, errs[1] = List(testCtx(t), c, Agents(account), nil, ListOptions{}, func(a *Agent) string { return a.ID },
			func(id string) { agents = append(agents, id) })
	})
	wg.Wait()
	if errs[0] != nil || errs[1] != nil {
		t.Fatal(errs)
	}
	if len(convs) != 400 || len(agents) != 200 {
		t.Errorf("read %d conversations and %d agents", len(convs), len(agents))
	}
	if m := tr.max(); m > 2 {
		t.Errorf("%d requests were at the server at once, want at most 2", m)
	}
	if n := len(tr.all()); n != 30 {
		t.Errorf("requests = %d, want 30", n)
	}
}

// A 429 pauses every request of the client, not only its own: a read that
// starts during the pause sends nothing before it ends.
func TestRateLimitPausesEveryRead(t *testing.T) {
	t.Parallel()
	var tr tracker
	paused := make(chan string, 1)
	srv, c := frontClient(t, itellicotest.Options{
		Faults:       itellicotest.ForPath("/agents", itellicotest.Sequence(itellicotest.RateLimit)),
		RetryAfterMS: "300",
	}, tr.serve, func(c *Config) {
		c.PageSize = 10
		c.Log = func(_ context.Context, msg string, f map[string]any) {
			if until, ok := f["paused_until"].(string); ok && strings.Contains(msg, "rate limit") {
				select {
				case paused <- until:
				default:
				}
			}
		}
	})
	agentsDone := make(chan error, 1)
	go func() {
		_, err := List(testCtx(t), c, Agents(account), nil, ListOptions{}, func(a *Agent) string { return a.ID }, func(string) {})
		agentsDone <- err
	}()
	var until time.Time
	select {
	case s := <-paused:
		var err error
		if until, err = time.Parse(time.RFC3339Nano, s); err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no rate limit logged")
	}
	start := time.Now()
	ids, _, err := readConversations(testCtx(t), c, nil, ListOptions{})
	if err != nil || len(ids) != itellicotest.SeedSize {
		t.Fatalf("conversations: %d, %v", len(ids), err)
	}
	if err := <-agentsDone; err != nil {
		t.Fatalf("agents: %v", err)
	}
	if d := until.Sub(start); d < 100*time.Millisecond {
		t.Fatalf("the conversations read started %v before the pause ended; want a read started during it", d)
	}
	arrivals := tr.all()
	if len(arrivals) != 2+5 {
		t.Errorf("requests = %d, want 2 for the agents and 5 for the conversations", len(arrivals))
	}
	for i, a := range arrivals[1:] {
		if a.at.Before(until.Add(-2 * time.Millisecond)) {
			t.Errorf("request %d (%s offset %s) arrived %v before the pause ended", i+2, a.path, a.offset, until.Sub(a.at))
		}
	}
	limited := 0
	for _, r := range srv.Requests() {
		if r.Fault == itellicotest.RateLimit {
			limited++
		}
	}
	if limited != 1 {
		t.Errorf("%d rate-limited answers, want 1", limited)
	}
}

// Rate limits are waited out, not retried under MaxRetries.
func TestRateLimitDoesNotCountAgainstMaxRetries(t *testing.T) {
	t.Parallel()
	srv, c := standIn(t, itellicotest.Options{
		Faults: itellicotest.Sequence(itellicotest.RateLimit, itellicotest.RateLimit, itellicotest.RateLimit),
	}, func(c *Config) { c.MaxRetries = 0 })
	if _, err := c.CurrentAccount(testCtx(t)); err != nil {
		t.Fatalf("three 429s, then success, with MaxRetries 0: %v", err)
	}
	if n := len(srv.Requests()); n != 4 {
		t.Errorf("requests = %d, want 4", n)
	}
}

// x-should-retry: false on a 429 ends the read at once.
func TestRateLimitShouldRetryFalse(t *testing.T) {
	t.Parallel()
	srv, c := frontClient(t, itellicotest.Options{Faults: itellicotest.Always(itellicotest.RateLimit), RetryAfter: "1"},
		func(w http.ResponseWriter, r *http.Request, next http.Handler) {
			w.Header().Set("x-should-retry", "false")
			next.ServeHTTP(w, r)
		}, nil)
	start := time.Now()
	_, err := c.CurrentAccount(testCtx(t))
	apiErr := wantAPIError(t, err, http.StatusTooManyRequests, "rate_limit_exceeded", nil)
	if apiErr.ShouldRetry == nil || *apiErr.ShouldRetry || !apiErr.HasRetryAfter || apiErr.RetryAfter != time.Second {
		t.Errorf("ShouldRetry %v, Retry-After %v %v", apiErr.ShouldRetry, apiErr.HasRetryAfter, apiErr.RetryAfter)
	}
	if n := len(srv.Requests()); n != 1 {
		t.Errorf("requests = %d, want 1", n)
	}
	if d := time.Since(start); d > 500*time.Millisecond {
		t.Errorf("took %v, want no wait", d)
	}
}

// A 503 that says when to come back is a rate limit: waited out without
// counting against MaxRetries. One that does not is a failure, retried
// under MaxRetries.
func TestServiceUnavailable(t *testing.T) {
	t.Parallel()
	t.Run("with Retry-After", func(t *testing.T) {
		t.Parallel()
		var logged []string
		var mu sync.Mutex
		srv, c := frontClient(t, itellicotest.Options{Faults: itellicotest.Sequence(itellicotest.Unavailable, itellicotest.Unavailable)},
			func(w http.ResponseWriter, r *http.Request, next http.Handler) {
				w.Header().Set("Retry-After", "0")
				next.ServeHTTP(w, r)
			}, func(c *Config) {
				c.MaxRetries = 0
				c.Log = func(_ context.Context, msg string, f map[string]any) {
					mu.Lock()
					defer mu.Unlock()
					if strings.Contains(msg, "rate limit") {
						logged = append(logged, msg)
						if f["status"] != 503 {
							t.Errorf("rate limit logged with status %v", f["status"])
						}
					}
				}
			})
		if _, err := c.CurrentAccount(testCtx(t)); err != nil {
			t.Fatalf("two 503s with Retry-After, then success, with MaxRetries 0: %v", err)
		}
		if n := len(srv.Requests()); n != 3 {
			t.Errorf("requests = %d, want 3", n)
		}
		mu.Lock()
		defer mu.Unlock()
		if len(logged) != 2 {
			t.Errorf("rate limits logged: %q, want 2", logged)
		}
	})
	t.Run("without", func(t *testing.T) {
		t.Parallel()
		srv, c := standIn(t, itellicotest.Options{Faults: itellicotest.Always(itellicotest.Unavailable)},
			func(c *Config) { c.MaxRetries = 1 })
		_, err := c.CurrentAccount(testCtx(t))
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 || apiErr.Attempts != 2 || apiErr.HasRetryAfter {
			t.Fatalf("err = %#v, want *APIError 503 after 2 attempts", err)
		}
		if n := len(srv.Requests()); n != 2 {
			t.Errorf("requests = %d, want 2", n)
		}
	})
}

// A Retry-After beyond what the read may wait fails at once with a
// *RateLimitError, without sleeping through it.
func TestRateLimitWaitBound(t *testing.T) {
	t.Parallel()
	srv, c := standIn(t, itellicotest.Options{Faults: itellicotest.Always(itellicotest.RateLimit), RetryAfter: "30"},
		func(c *Config) { c.MaxRateLimitWait = 200 * time.Millisecond })
	start := time.Now()
	_, _, err := readConversations(testCtx(t), c, nil, ListOptions{})
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v, want an error at once", d)
	}
	var rl *RateLimitError
	if !errors.As(err, &rl) {
		t.Fatalf("err = %T %v, want a *RateLimitError", err, err)
	}
	if rl.Max != 200*time.Millisecond || rl.Limited != 1 || rl.Waited != 0 || rl.Wanted < 29*time.Second || rl.Wanted > 30*time.Second {
		t.Errorf("RateLimitError = %+v", rl)
	}
	if !strings.Contains(err.Error(), "beyond the bound of 200ms") {
		t.Errorf("error = %q", err)
	}
	if n := len(srv.Requests()); n != 1 {
		t.Errorf("requests = %d, want 1", n)
	}
}

// The bound is on all the waits of one read: short waits add up, over
// every page of a list.
func TestRateLimitWaitBoundAddsUp(t *testing.T) {
	t.Parallel()
	t.Run("one request", func(t *testing.T) {
		t.Parallel()
		srv, c := standIn(t, itellicotest.Options{Faults: itellicotest.Always(itellicotest.RateLimit), RetryAfterMS: "100"},
			func(c *Config) { c.MaxRateLimitWait = 350 * time.Millisecond })
		_, err := c.CurrentAccount(testCtx(t))
		var rl *RateLimitError
		if !errors.As(err, &rl) || rl.Limited != 4 || rl.Waited < 250*time.Millisecond || rl.Waited > 300*time.Millisecond {
			t.Fatalf("err = %#v, want a *RateLimitError after 4 limited answers, about 300ms waited", err)
		}
		if n := len(srv.Requests()); n != 4 {
			t.Errorf("requests = %d, want 4", n)
		}
	})
	t.Run("every page", func(t *testing.T) {
		t.Parallel()
		// Every page is limited once, then answered: each wait is short, but
		// together they pass the read's bound.
		srv, c := standIn(t, itellicotest.Options{Conversations: generated(100),
			Faults: itellicotest.Cycle(itellicotest.RateLimit, itellicotest.None), RetryAfterMS: "100"},
			func(c *Config) {
				c.MaxRateLimitWait = 250 * time.Millisecond
				c.PageSize = 10
				c.MaxConcurrentRequests = 1
			})
		_, _, err := readConversations(testCtx(t), c, nil, ListOptions{})
		var rl *RateLimitError
		if !errors.As(err, &rl) || rl.Limited != 3 {
			t.Fatalf("err = %#v, want a *RateLimitError at the third limited page", err)
		}
		if got := pagesAsked(srv); len(got) != 5 {
			t.Errorf("pages = %v, want 5 requests (3 limited)", got)
		}
	})
}

// A server that limits the rate of requests: several reads at once all
// complete, and the 429s stay few, about one per pause rather than one per
// request, because every pause holds back the whole client.
func TestRateLimitedServerConcurrentReads(t *testing.T) {
	t.Parallel()
	srv, c := standIn(t, itellicotest.Options{Conversations: generated(200), Agents: manyAgents(200), RateLimit: 20},
		func(c *Config) { c.PageSize = 20; c.MaxConcurrentRequests = 8; c.MaxRateLimitWait = 30 * time.Second })
	var wg sync.WaitGroup
	var total atomic.Int64
	var errs = make(chan error, 4)
	start := time.Now()
	for i := range 4 {
		wg.Go(func() {
			var err error
			var n int
			if i%2 == 0 {
				var ids []string
				ids, _, err = readConversations(testCtx(t), c, url.Values{}, ListOptions{})
				n = len(ids)
			} else {
				_, err = List(testCtx(t), c, Agents(account), nil, ListOptions{}, func(a *Agent) string { return a.ID },
					func(string) { n++ })
			}
			if err != nil {
				errs <- err
			}
			total.Add(int64(n))
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if total.Load() != 800 {
		t.Errorf("read %d items, want 800", total.Load())
	}
	limited, all := 0, 0
	for _, r := range srv.Requests() {
		all++
		if r.Fault == itellicotest.RateLimit {
			limited++
		}
	}
	// Each pause is the limiter's whole second; the requests in flight when
	// it began may be limited too.
	bound := 8 * (int(elapsed.Seconds()) + 1)
	t.Logf("%d requests, %d limited, in %v", all, limited, elapsed)
	if limited > bound || limited > all/3 {
		t.Errorf("%d of %d requests were limited in %v, want at most %d", limited, all, elapsed, bound)
	}
}

func intervalOf(b *budget) time.Duration {
	_, interval := b.state()
	return interval
}

// After a rate limit, requests start at least an interval apart: what the
// server allowed, less 10 %; each answer shortens it by a thirty-second.
func TestBudgetPace(t *testing.T) {
	t.Parallel()
	b := newBudget(4, 0)
	for range 2 { // no pace before any rate limit
		if err := b.pace(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	if got := intervalOf(b); got != 0 {
		t.Fatalf("interval before a rate limit = %v", got)
	}
	// Fewer than four answers: a pause's worth of the places in flight.
	b.release(acquireN(t, b, 1)[0], limited, 400*time.Millisecond)
	if got := intervalOf(b); got != 110*time.Millisecond {
		t.Errorf("interval = %v, want 110ms: 400ms for 4 places, plus 10 %%", got)
	}
	rel(b, acquireN(t, b, 1)[0], answered)
	if got, want := intervalOf(b), 110*time.Millisecond-110*time.Millisecond/32; got != want {
		t.Errorf("after an answer: interval = %v, want %v", got, want)
	}
	// Starts are spaced by the interval.
	start := time.Now()
	for range 3 {
		if err := b.pace(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	if d := time.Since(start); d < 2*100*time.Millisecond {
		t.Errorf("three starts took %v, want at least two intervals", d)
	}
	// A canceled wait ends at once.
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := b.pace(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("pace with a canceled context = %v", err)
	}
	// Four answers or more: the rate measured since the last limit.
	b = newBudget(32, 0)
	for _, s := range acquireN(t, b, 8) {
		rel(b, s, answered)
	}
	b.release(acquireN(t, b, 1)[0], limited, 800*time.Millisecond)
	if got := intervalOf(b); got < 110*time.Millisecond || got > 130*time.Millisecond {
		t.Errorf("interval = %v, want about 110ms: 8 answers in 800ms, plus 10 %%", got)
	}
	// Whatever the server says, the pace is bounded.
	b = newBudget(1, 0)
	b.release(acquireN(t, b, 1)[0], limited, time.Hour)
	if got := intervalOf(b); got != maxInterval {
		t.Errorf("interval after an hour's pause = %v, want %v", got, maxInterval)
	}
}

// A rate the provider was given paces requests from the first on, and
// neither answers nor a rate limit ever shorten the interval below it.
func TestBudgetGivenRate(t *testing.T) {
	t.Parallel()
	b := newBudget(32, 20) // 20 a second: 50ms apart
	if got := intervalOf(b); got != 50*time.Millisecond {
		t.Fatalf("interval before any answer = %v, want 50ms", got)
	}
	start := time.Now()
	for range 4 {
		if err := b.pace(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	// The first starts at once: four starts span three intervals at least.
	if d := time.Since(start); d < 3*50*time.Millisecond {
		t.Errorf("four starts took %v, want at least 150ms", d)
	}
	for _, s := range acquireN(t, b, 8) {
		rel(b, s, answered)
	}
	if got := intervalOf(b); got != 50*time.Millisecond {
		t.Errorf("after eight answers: interval = %v, want 50ms still", got)
	}
	// A limit measured faster than the given rate keeps the given rate.
	b.release(acquireN(t, b, 1)[0], limited, 10*time.Millisecond)
	if got := intervalOf(b); got != 50*time.Millisecond {
		t.Errorf("after a short rate limit: interval = %v, want 50ms", got)
	}
	// A slower one is followed, as without a given rate.
	b.release(acquireN(t, b, 1)[0], limited, 2*time.Second)
	if got := intervalOf(b); got <= 50*time.Millisecond {
		t.Errorf("after a 2s rate limit: interval = %v, want more than 50ms", got)
	}
	// A rate below maxInterval's is kept, not cut to it.
	if got := intervalOf(newBudget(1, 0.1)); got != 10*time.Second {
		t.Errorf("interval at 0.1 a second = %v, want 10s", got)
	}
}

// The starts of a budget given a rate pass golang.org/x/time/rate's token
// bucket at that rate, an implementation this project did not write. Each
// start is at or after its slot, the slots are an interval apart, and a
// caller in sequence asks for the next slot only after the last start, so
// any window holds at most two starts more than the rate allows, however
// late the timers fire: a bucket holding three accepts every start.
func TestBudgetGivenRate_acceptedByATokenBucket(t *testing.T) {
	t.Parallel()
	const perSecond, starts = 100, 50
	b := newBudget(32, perSecond)
	bucket := rate.NewLimiter(perSecond, 3)
	for i := range starts {
		if err := b.pace(t.Context()); err != nil {
			t.Fatal(err)
		}
		if now := time.Now(); !bucket.AllowN(now, 1) {
			t.Fatalf("start %d of %d was refused by a token bucket of %d a second", i+1, starts, perSecond)
		}
	}
}

// pausesWithin is how many rate-limited answers in a row one request can
// wait out before the sum of their least pauses (RetryWaitMin doubling to
// RetryWaitMax) passes bound: the schedule's own count, computed here
// independently of rateLimitBackoff.
func pausesWithin(minWait, maxWait, bound time.Duration) int {
	n, sum, d := 0, time.Duration(0), minWait
	for sum+d <= bound {
		sum += d
		n++
		d = min(2*d, maxWait)
	}
	return n
}

// A server that answers every request 429 and asks to come back at once
// (Retry-After 0, or a date in the past) is not asked again at once: each
// pause is at least the backoff, and each is charged to the read, which
// ends with a *RateLimitError within max_rate_limit_wait, after few
// requests.
func TestRateLimitWithoutAWaitEnds(t *testing.T) {
	t.Parallel()
	const (
		minWait  = 500 * time.Millisecond // the defaults, as in the SDKs
		maxWait  = 8 * time.Second
		maxTotal = 3 * time.Second
		margin   = 2 * time.Second // one request on a busy machine, and more
	)
	schedule := func(c *Config) {
		c.RetryWaitMin, c.RetryWaitMax, c.MaxRateLimitWait = minWait, maxWait, maxTotal
	}
	for name, retryAfter := range map[string]string{
		"zero":      "0",
		"past date": time.Now().Add(-time.Hour).UTC().Format(http.TimeFormat),
	} {
		t.Run(name+", one request at a time", func(t *testing.T) {
			t.Parallel()
			srv, c := standIn(t, itellicotest.Options{Faults: itellicotest.Always(itellicotest.RateLimit), RetryAfter: retryAfter}, schedule)
			start := time.Now()
			_, _, err := readConversations(testCtx(t), c, nil, ListOptions{})
			elapsed := time.Since(start)
			n := len(srv.Requests())
			var rl *RateLimitError
			if !errors.As(err, &rl) {
				t.Fatalf("err = %T %v after %d requests in %v, want a *RateLimitError", err, err, n, elapsed)
			}
			// The first page is asked alone, so the read is one request
			// limited again and again: it waits 0.5 s, 1 s, then would
			// wait 2 s more, past 3 s.
			pauses := pausesWithin(minWait, maxWait, maxTotal)
			t.Logf("%d requests in %v: %v", n, elapsed, err)
			if n > pauses+1 || rl.Limited != n {
				t.Errorf("%d requests, %d limited; want at most %d: one, and one after each of %d pauses", n, rl.Limited, pauses+1, pauses)
			}
			if rl.Waited > maxTotal || rl.Waited < minWait {
				t.Errorf("waited %v, want between %v and %v", rl.Waited, minWait, maxTotal)
			}
			if elapsed > maxTotal+margin {
				t.Errorf("the read took %v, want at most %v", elapsed, maxTotal+margin)
			}
		})
		t.Run(name+", pages in flight", func(t *testing.T) {
			t.Parallel()
			// The first page is answered; every request after it is
			// limited, with MaxConcurrentRequests pages in flight.
			plan := func(n int64, _ *http.Request) itellicotest.FaultKind {
				if n == 1 {
					return itellicotest.None
				}
				return itellicotest.RateLimit
			}
			const inFlight = 4
			srv, c := standIn(t, itellicotest.Options{Conversations: generated(1000), Faults: plan, RetryAfter: retryAfter},
				func(c *Config) { schedule(c); c.MaxConcurrentRequests = inFlight; c.PageSize = 100 })
			start := time.Now()
			_, _, err := readConversations(testCtx(t), c, nil, ListOptions{})
			elapsed := time.Since(start)
			n := len(srv.Requests())
			var rl *RateLimitError
			if !errors.As(err, &rl) {
				t.Fatalf("err = %T %v after %d requests in %v, want a *RateLimitError", err, err, n, elapsed)
			}
			// Requests start only while no pause holds them back. A pause
			// is set before the limited request gives its place back, so
			// each stretch between pauses starts at most inFlight requests;
			// and each such stretch ends with a pause of at least
			// RetryWaitMin charged to the read, so there are at most
			// maxTotal/minWait of them before the bound, and one more
			// whose pause is refused.
			bound := 1 + inFlight*(int(maxTotal/minWait)+1)
			t.Logf("%d requests (%d limited) in %v: %v", n, rl.Limited, elapsed, err)
			if n > bound {
				t.Errorf("%d requests, want at most %d", n, bound)
			}
			if rl.Waited > maxTotal {
				t.Errorf("waited %v, beyond %v", rl.Waited, maxTotal)
			}
			if elapsed > maxTotal+margin {
				t.Errorf("the read took %v, want at most %v", elapsed, maxTotal+margin)
			}
		})
	}
}

// A pause is charged to the read whose request got it when it is set, not
// only to the requests that find it still running: two reads that take
// turns at one place in flight each spend every pause of the client held
// back (their own in the queue for the place, the other's waiting for it
// to end), and each is charged all of them.
func TestRateLimitPauseChargedToTheReadThatGotIt(t *testing.T) {
	t.Parallel()
	const (
		minWait  = 500 * time.Millisecond
		maxTotal = 3 * time.Second
	)
	_, c := standIn(t, itellicotest.Options{Faults: itellicotest.Always(itellicotest.RateLimit), RetryAfter: "0"},
		func(c *Config) {
			c.RetryWaitMin, c.RetryWaitMax, c.MaxRateLimitWait = minWait, 8*time.Second, maxTotal
			c.MaxConcurrentRequests = 1
		})
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		// Two reads that differ: identical ones in flight would be one.
		wg.Go(func() { _, errs[i] = c.GetAgent(testCtx(t), "me", fmt.Sprintf("agent-%d", i)) })
	}
	wg.Wait()
	// The reads' pauses come back to back, each read's n-th at least the
	// backoff of n: 0.5 s, 0.5 s, 1 s, 1 s, 2 s … A read ends at the first
	// that does not fit in 3 s, having been charged those before it: 3 s,
	// less what passes between a pause's start and the other read's
	// finding it.
	for i, err := range errs {
		var rl *RateLimitError
		if !errors.As(err, &rl) {
			t.Fatalf("read %d: err = %T %v, want a *RateLimitError", i, err, err)
		}
		t.Logf("read %d: %v", i, err)
		if rl.Waited < maxTotal-minWait || rl.Waited > maxTotal {
			t.Errorf("read %d was charged %v, want between %v and %v", i, rl.Waited, maxTotal-minWait, maxTotal)
		}
	}
}
