package itellico

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/singleflight"
)

// Reads shared across a provider process. Terraform starts the provider for
// one plan or one apply and reads many data sources at once, often the same
// thing: dozens of lookups by name through the same list of agents, or the
// account of the key for every data source without an account_id. A
// Client therefore
//
//   - sends identical reads in flight once, and hands their answer (or
//     error) to every caller waiting on it;
//   - keeps what it read of the account's directory (the account of the
//     key, the lists of agents, phone numbers, SIP trunks and subaccounts,
//     an item of them read by id, the catalogs) for its life, so that every
//     later lookup of the plan answers from the same snapshot: one answer
//     per read for the process. It keeps only what cannot change within a
//     plan (see final): a success, and an answer of the API that sending
//     the request again would get again. A read that was canceled, or a
//     list the server did not let the client read whole, is not kept.
//   - hands a transient failure (a 5xx, a timeout, a refused or reset
//     connection, a body cut short, a rate-limit wait used up, an
//     unusable answer) to the reads in flight with it, and does not keep
//     it: a later read asks the API again. So that an API that is down
//     still fails a plan in about the time of one read with its retries,
//     that later read makes a single attempt (no retries under
//     max_retries), and waits on rate limits only for what the failed
//     read's wait budget had left; the first of them that gets an answer
//     ends this, and the reads after it get their retries again.
//
// Conversations, their statistics and usage are never kept: they are the
// data pipelines report on, and each read of them asks the API.
type sharing struct {
	flights singleflight.Group
	mu      sync.Mutex
	kept    map[string]keptResult
	// failing holds, for each read whose last flight failed transiently,
	// that flight's wait budget; the next flight makes a single attempt
	// and waits on rate limits only for what the budget has left.
	failing map[string]*waitBudget
	// beforeFlight, set by tests only, runs between a caller's look at
	// what is kept and the start (or joining) of a flight.
	beforeFlight func(key string)
}

type keptResult struct {
	v   any
	err error
}

// shared returns fn's result for the GET of path with query: what is kept
// for it, else the answer of the same read in flight, else fn's own. When
// keep is nil nothing is kept; else a success is kept when keep says so,
// and a failure when it is final.
//
// Looking at what is kept and starting a flight are two steps, and a flight
// may end between them: the flight's function therefore looks again before
// it reads, so that a read ended meanwhile is not read again and stored
// over (which would give two answers for one read). A flight can begin
// only after the one before it has left the group, which is after its
// answer was kept, so the second look sees it.
func shared[V any](ctx context.Context, c *Client, path string, query url.Values, keep func(V) bool,
	fn func(context.Context) (V, error)) (V, error) {
	key := fmt.Sprintf("%T %s?%s", *new(V), path, query.Encode())
	s := &c.sharing
	for {
		if r, ok := s.lookup(key); ok {
			return r.v.(V), r.err //nolint:forcetypeassert // key holds V's type
		}
		if s.beforeFlight != nil {
			s.beforeFlight(key)
		}
		var led atomic.Bool // this caller's fn makes the read
		ch := s.flights.DoChan(key, func() (any, error) {
			if r, ok := s.lookup(key); ok {
				return r.v, r.err
			}
			led.Store(true)
			if keep == nil {
				return fn(ctx)
			}
			fctx, budget := s.flightContext(ctx, c, key)
			v, err := fn(fctx)
			s.settle(key, v, err, err == nil && keep(v), budget)
			return v, err
		})
		select {
		case res := <-ch:
			// The caller that made the request may have been canceled while
			// this one was not: this one asks again.
			if canceled(res.Err) && ctx.Err() == nil {
				continue
			}
			v, _ := res.Val.(V)
			return v, res.Err
		case <-ctx.Done():
			if led.Load() {
				// The read is this caller's own and ends promptly, with its
				// own account of what happened.
				res := <-ch
				v, _ := res.Val.(V)
				return v, res.Err
			}
			var zero V
			return zero, wrapFailure(ctx, path, 0, ctx.Err())
		}
	}
}

func (s *sharing) lookup(key string) (keptResult, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.kept[key]
	return r, ok
}

// flightContext is the context of a flight of key, with its wait budget:
// after a transient failure of the key, that failure's budget and a single
// attempt.
func (s *sharing) flightContext(ctx context.Context, c *Client, key string) (context.Context, *waitBudget) {
	s.mu.Lock()
	budget := s.failing[key]
	s.mu.Unlock()
	if budget == nil {
		ctx = c.withWaitBudget(ctx)
		return ctx, waitBudgetOf(ctx)
	}
	ctx = context.WithValue(ctx, waitBudgetKey{}, budget)
	return context.WithValue(ctx, singleAttemptKey{}, true), budget
}

// settle records what a flight of key learned: its answer, kept when keep
// (a success to keep) or when it is a final failure; else, for a transient
// failure, that the next flight makes a single attempt within budget.
func (s *sharing) settle(key string, v any, err error, keep bool, budget *waitBudget) {
	if canceled(err) {
		return // nothing was learned of the API
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case keep || err != nil && final(err):
		if s.kept == nil {
			s.kept = map[string]keptResult{}
		}
		s.kept[key] = keptResult{v, err}
		delete(s.failing, key)
	case err == nil: // answered, but not kept: a list read in part
		delete(s.failing, key)
	default:
		if s.failing == nil {
			s.failing = map[string]*waitBudget{}
		}
		s.failing[key] = budget
	}
}

// final reports whether a read's failure is an answer that cannot change
// within a plan, which is kept as a success is: an error status of the API
// that the client does not retry because sending the request again gets
// the same answer, as the SDKs do not either. These are
//
//   - 401, the key refused (Client also sends no request with it again);
//   - 403, the key not allowed for the account;
//   - 404, no such account, or no item with the id;
//   - and every other 4xx (400, 402 the plan lacks the feature, 422 a
//     refused filter value, …) except 408, 409 and 429, which are retried
//     or waited out, and an answer with x-should-retry: true.
//
// Everything else is transient: a 5xx (even with x-should-retry: false,
// which forbids a retry of that request, not a later read), 408, 409, a 429
// or a rate-limit wait used up, a timeout, a refused or reset connection, a
// body cut short, an answer the client cannot use (a proxy's HTML page), a
// redirect to another origin; and an id refused before sending
// (PathSegmentError) costs nothing to refuse again.
func final(err error) bool {
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		return false
	}
	switch code := apiErr.StatusCode; {
	case code < 400 || code > 499:
		return false
	case code == http.StatusRequestTimeout, code == http.StatusConflict, code == http.StatusTooManyRequests:
		return false
	}
	return apiErr.ShouldRetry == nil || !*apiErr.ShouldRetry
}

// singleAttemptKey marks the context of a flight that follows a transient
// failure of the same read: its request is not retried (see checkRetry).
type singleAttemptKey struct{}

func singleAttempt(ctx context.Context) bool {
	v, _ := ctx.Value(singleAttemptKey{}).(bool)
	return v
}

func canceled(err error) bool {
	var reqErr *RequestError
	return errors.Is(err, context.Canceled) || errors.As(err, &reqErr) && reqErr.Canceled
}

// keepAlways keeps a success.
func keepAlways[V any](V) bool { return true }

// getKept is Get shared with the same read in flight and kept for the
// client's life, as is a final failure (see sharing): the account of the
// key, an item of the directory, the catalogs.
func getKept[T any](ctx context.Context, c *Client, path string, query url.Values, validate func(*T) error) (*T, error) {
	return shared(ctx, c, path, query, keepAlways[*T], func(ctx context.Context) (*T, error) {
		return Get(ctx, c, path, query, validate)
	})
}
