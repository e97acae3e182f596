package itellico

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// budget is the one request budget of a Client, shared by every read of a
// provider instance whatever data source it serves. Terraform reads up to ten
// data sources at once; if each kept its own requests in flight and its own
// retries, together they would hammer a rate-limited API until their retries
// ran out. Three things are shared instead:
//
//   - a limit on requests in flight, which adapts as TCP's congestion window
//     does: it doubles every round trip from a small start while the server
//     answers well (slow start), then grows by one per round trip, and halves
//     when the server limits, at most once per congestion event;
//   - a pause: a 429 (or a 503 with Retry-After) stops every request of the
//     client from being sent, not only the one that got it, for the time the
//     server asked and at least the backoff of the request's rate-limited
//     answers in a row, so that a Retry-After of 0 is not a loop;
//   - a pace: a server that limits the rate, not the concurrency, of its
//     clients answers a nearby client in milliseconds however few requests
//     are in flight, so a limit in flight alone would meet its limit again
//     the moment each pause ends. At each rate limit the budget therefore
//     measures the rate the server allowed since the one before (the answers
//     over the time they took, the pause included; with fewer than four
//     answers, a pause's worth of the requests that were in flight), and
//     from then on starts requests at least an interval apart that keeps
//     10 % under it; each answer shrinks the interval by a thirty-second, so
//     the rate creeps back up while the server allows it. A rate the
//     provider was given (max_requests_per_second) is the least interval
//     from the first request on, and no answer shrinks the pace below it.
type budget struct {
	mu       sync.Mutex
	limit    float64 // requests allowed in flight
	max      float64
	ssthresh float64 // below it, slow start
	inFlight int
	queue    []chan struct{} // requests waiting for a slot, first come first served
	// lastCut is when the limit was last halved; a limited answer to a
	// request sent before it belongs to the same congestion event.
	lastCut time.Time

	pausedUntil time.Time

	interval    time.Duration // between request starts; minInterval until a rate limit
	minInterval time.Duration // of the rate the provider was given; 0 when none
	nextStart   time.Time
	answered    int       // since the last rate limit
	since       time.Time // of the last rate limit, or the first request
}

// maxInterval bounds the pace, whatever the server says.
const maxInterval = 5 * time.Second

// initialInFlight is where the adaptive limit starts: low enough not to
// swamp a server we know nothing of, and doubled every round trip.
const initialInFlight = 8

// newBudget returns a budget of at most maxInFlight requests in flight and,
// when perSecond > 0, at most perSecond request starts a second.
func newBudget(maxInFlight int, perSecond float64) *budget {
	b := &budget{limit: float64(min(initialInFlight, maxInFlight)), max: float64(maxInFlight),
		ssthresh: float64(maxInFlight), since: time.Now()}
	if perSecond > 0 {
		b.minInterval = time.Duration(float64(time.Second) / perSecond)
		b.interval = b.minInterval
	}
	return b
}

// slot is a request's place in flight.
type slot struct{ sent time.Time }

// acquire waits for a place in flight.
func (b *budget) acquire(ctx context.Context) (slot, error) {
	b.mu.Lock()
	if len(b.queue) == 0 && b.inFlight < b.allowed() {
		b.inFlight++
		b.mu.Unlock()
		return slot{sent: time.Now()}, nil
	}
	ready := make(chan struct{})
	b.queue = append(b.queue, ready)
	b.mu.Unlock()

	select {
	case <-ready:
		return slot{sent: time.Now()}, nil
	case <-ctx.Done():
		b.mu.Lock()
		defer b.mu.Unlock()
		for i, q := range b.queue {
			if q == ready {
				b.queue = append(b.queue[:i], b.queue[i+1:]...)
				return slot{}, ctx.Err()
			}
		}
		// Granted while giving up: hand the place on.
		b.inFlight--
		b.grant()
		return slot{}, ctx.Err()
	}
}

// outcome is what a request's answer says about the server's load.
type outcome int

const (
	answered outcome = iota // a success
	limited                 // 429, or 503 with Retry-After
	failed                  // any other failure: says nothing about load
)

// release gives the place back and adapts the limit and the pace to how it
// went; pause is the wait a rate-limited answer asked for.
func (b *budget) release(s slot, o outcome, pause time.Duration) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.inFlight--
	switch o {
	case answered:
		if b.limit < b.ssthresh {
			b.limit++ // one more per answer: doubles each round trip
		} else {
			b.limit += 1 / b.limit // one more per round trip
		}
		b.limit = min(b.limit, b.max)
		b.answered++
		b.interval = max(b.minInterval, b.interval-b.interval/32)
	case limited:
		if s.sent.After(b.lastCut) {
			now := time.Now()
			allowed := pause / time.Duration(b.allowed())
			if b.answered >= 4 {
				allowed = now.Add(pause).Sub(b.since) / time.Duration(b.answered)
			}
			b.interval = max(b.minInterval, min(maxInterval, allowed+allowed/10))
			b.answered, b.since = 0, now.Add(pause)
			b.limit = max(1, b.limit/2)
			b.ssthresh = b.limit
			b.lastCut = now
		}
	}
	b.grant()
}

func (b *budget) allowed() int { return max(1, int(b.limit)) }

// grant lets waiting requests go while there is room. b.mu is held.
func (b *budget) grant() {
	for len(b.queue) > 0 && b.inFlight < b.allowed() {
		close(b.queue[0])
		b.queue = b.queue[1:]
		b.inFlight++
	}
}

// state is the current limit in flight and interval between starts, for
// logs and tests.
func (b *budget) state() (float64, time.Duration) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.limit, b.interval
}

// waitTurn waits until no pause holds requests back and the pace lets the
// request start.
func (b *budget) waitTurn(ctx context.Context, w *waitBudget) error {
	for {
		if err := b.waitPause(ctx, w); err != nil {
			return err
		}
		if err := b.pace(ctx); err != nil {
			return err
		}
		b.mu.Lock()
		paused := b.pausedUntil.After(time.Now())
		b.mu.Unlock()
		if !paused {
			return nil
		}
	}
}

// pace waits until the request may start, keeping the interval since the
// start before it.
func (b *budget) pace(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err // a canceled read starts nothing, even when its turn has come
	}
	b.mu.Lock()
	start := time.Now()
	if b.nextStart.After(start) {
		start = b.nextStart
	}
	b.nextStart = start.Add(b.interval)
	b.mu.Unlock()
	wait := time.Until(start)
	if wait <= 0 {
		return nil
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// pause holds back every request of the client until now+d (or later, if
// another pause already reaches further), and returns when it ends.
func (b *budget) pause(now time.Time, d time.Duration) time.Time {
	b.mu.Lock()
	defer b.mu.Unlock()
	if until := now.Add(d); until.After(b.pausedUntil) {
		b.pausedUntil = until
	}
	return b.pausedUntil
}

// waitPause returns once no pause holds requests back, charging the time it
// waits to w. It fails when that would exceed w's bound.
func (b *budget) waitPause(ctx context.Context, w *waitBudget) error {
	for {
		b.mu.Lock()
		until := b.pausedUntil
		b.mu.Unlock()
		now := time.Now()
		if !until.After(now) {
			return nil
		}
		if err := w.charge(now, until); err != nil {
			return err
		}
		t := time.NewTimer(until.Sub(now))
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		}
	}
}

// waitBudget bounds how long one read (every request it makes) may wait on
// rate limits in total, so that a read always ends. A pause is counted when
// one of the read's requests gets it and when a request of the read finds
// one running; waits that overlap in time are counted once.
type waitBudget struct {
	mu      sync.Mutex
	max     time.Duration
	waited  time.Duration
	covered time.Time // waits are counted up to here
	limited int       // rate-limited answers seen
}

// charge counts a wait from now to until; it fails, without counting it,
// when the read would then have waited longer than its bound.
func (w *waitBudget) charge(now, until time.Time) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	from := now
	if w.covered.After(from) {
		from = w.covered
	}
	if !until.After(from) {
		return nil
	}
	if w.waited+until.Sub(from) > w.max {
		return &RateLimitError{Waited: w.waited, Wanted: until.Sub(now), Max: w.max, Limited: w.limited}
	}
	w.waited += until.Sub(from)
	w.covered = until
	return nil
}

func (w *waitBudget) countLimited() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.limited++
	return w.limited
}

type waitBudgetKey struct{}

// withWaitBudget gives every request made with the returned context one
// shared wait budget; a list read uses it for all its pages.
func (c *Client) withWaitBudget(ctx context.Context) context.Context {
	if _, ok := ctx.Value(waitBudgetKey{}).(*waitBudget); ok {
		return ctx
	}
	return context.WithValue(ctx, waitBudgetKey{}, &waitBudget{max: c.maxRateLimitWait})
}

func waitBudgetOf(ctx context.Context) *waitBudget {
	w, _ := ctx.Value(waitBudgetKey{}).(*waitBudget)
	return w
}

// RateLimitError ends a read that the API kept rate-limiting for longer
// than the client may wait.
type RateLimitError struct {
	// Waited is how long the read had waited on rate limits.
	Waited time.Duration
	// Wanted is the further wait the API (or the shared pause) asked for.
	Wanted time.Duration
	// Max is the bound of the wait (max_rate_limit_wait).
	Max time.Duration
	// Limited counts the read's rate-limited answers.
	Limited int
}

func (e *RateLimitError) Error() string {
	return fmt.Sprintf("rate limited: %d answers were HTTP 429 or 503 with Retry-After; the read had waited %s "+
		"and was asked to wait %s more, beyond the bound of %s",
		e.Limited, e.Waited.Round(time.Millisecond), e.Wanted.Round(time.Millisecond), e.Max)
}
