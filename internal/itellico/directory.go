package itellico

import (
	"context"
	"net/url"
)

// Listing is a list read whole: every item of a list endpoint that matches
// a query, in the API's order, without repeats. A Listing is shared between
// the readers of a client (see sharing), which must not change it.
type Listing[T any] struct {
	Items []*T
	// Count is the API's total number of matches.
	Count int64
	// Shortfall is set when the server did not let the client read every
	// item; such a listing is not kept.
	Shortfall *Shortfall
	byID      map[string]*T
}

// Find returns the item whose identifier is id, or nil.
func (l *Listing[T]) Find(id string) *T { return l.byID[id] }

func (l *Listing[T]) complete() bool { return l == nil || l.Shortfall == nil }

// ReadAll reads every item of the list at ep that matches query: the
// directory lists (agents, phone numbers, SIP trunks, subaccounts), which a
// plan looks things up in by name, number and id. The same read in flight
// is shared, and a read that ended whole (or failed finally, see final) is
// kept for the client's life: every lookup of a plan answers from one
// snapshot of the list, read once. A transient failure is not kept.
func ReadAll[T any](ctx context.Context, c *Client, ep ListEndpoint[T], query url.Values) (*Listing[T], error) {
	return shared(ctx, c, ep.Path, query, (*Listing[T]).complete, func(ctx context.Context) (*Listing[T], error) {
		l := &Listing[T]{byID: map[string]*T{}}
		res, err := List(ctx, c, ep, query, ListOptions{}, asDecoded[T], func(item *T) {
			l.Items = append(l.Items, item)
			l.byID[ep.Key(item)] = item
		})
		if err != nil {
			return nil, err
		}
		l.Count, l.Shortfall = res.Count, res.Shortfall
		return l, nil
	})
}
