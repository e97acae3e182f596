package itellico

import (
	"context"
	"errors"
	"fmt"
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
//     the catalogs) for its life, errors included, so that every later
//     lookup of the plan answers from the same snapshot, and a failing API
//     fails the plan once rather than once per data source. A read that was
//     canceled, or a list the server did not let the client read whole, is
//     not kept.
//
// Conversations, their statistics and usage are never kept: they are the
// data pipelines report on, and each read of them asks the API.
type sharing struct {
	flights singleflight.Group
	mu      sync.Mutex
	kept    map[string]keptResult
}

type keptResult struct {
	v   any
	err error
}

// shared returns fn's result for the GET of path with query: what is kept
// for it, else the answer of the same read in flight, else fn's own. The
// result is kept when keep, given, says so, unless the read was canceled.
func shared[V any](ctx context.Context, c *Client, path string, query url.Values, keep func(V) bool,
	fn func(context.Context) (V, error)) (V, error) {
	key := fmt.Sprintf("%T %s?%s", *new(V), path, query.Encode())
	for {
		if v, err, ok := c.sharing.lookup(key); ok {
			return v.(V), err //nolint:forcetypeassert // key holds V's type
		}
		var led atomic.Bool // this caller's fn makes the read
		ch := c.sharing.flights.DoChan(key, func() (any, error) {
			led.Store(true)
			v, err := fn(ctx)
			if keep != nil && !canceled(err) && keep(v) {
				c.sharing.store(key, v, err)
			}
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

func (s *sharing) lookup(key string) (any, error, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.kept[key]
	return r.v, r.err, ok
}

func (s *sharing) store(key string, v any, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.kept == nil {
		s.kept = map[string]keptResult{}
	}
	s.kept[key] = keptResult{v, err}
}

func canceled(err error) bool {
	var reqErr *RequestError
	return errors.Is(err, context.Canceled) || errors.As(err, &reqErr) && reqErr.Canceled
}

// keepAlways keeps a result.
func keepAlways[V any](V) bool { return true }
