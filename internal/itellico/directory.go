package itellico

import (
	"context"
	"errors"
	"net/url"
)

// directory declares one collection of an account's directory, which a
// plan looks things up in by name, number and id: the paged list
// GET /v1/accounts/{account_id}/{collection}, and one item of it,
// GET /v1/accounts/{account_id}/{collection}/{id}. Both reads are kept for
// the client's life (see sharing): the list read whole (ReadAll), and an
// item read by id, as is a final failure such as a 404. Adding a
// collection is declaring one, with an exported list and get that call it.
type directory[T any] struct {
	collection string          // the path below the account: "agents"
	role       string          // the item's id, in errors: "agent id"
	id         func(*T) string // the item's identifier, which the API always sends
}

// The account's directory.
var (
	agents       = directory[Agent]{"agents", "agent id", func(a *Agent) string { return a.ID }}
	phoneNumbers = directory[PhoneNumber]{"phone-numbers", "phone number id", func(p *PhoneNumber) string { return p.ID }}
	sipTrunks    = directory[SipTrunk]{"sip-trunks", "SIP trunk id", func(t *SipTrunk) string { return t.ID }}
	subaccounts  = directory[Account]{"subaccounts", "subaccount id", accountID}
)

// list is the collection's list endpoint for account.
func (d directory[T]) list(account string) ListEndpoint[T] {
	return accountList(account, d.collection, d.id)
}

// get reads the item of account whose id is id, shared with the same read
// in flight and kept, as is a final failure: two lookups of one id get one
// answer.
func (d directory[T]) get(ctx context.Context, c *Client, account, id string) (*T, error) {
	p, err := itemPath(account, d.collection, d.role, id)
	if err != nil {
		return nil, c.refuse(err)
	}
	return getKept(ctx, c, p, nil, hasID(d.id))
}

// accountList is the list endpoint of account's collection, whose items
// key identifies.
func accountList[T any](account, collection string, key func(*T) string) ListEndpoint[T] {
	p, err := accountPath(account)
	return ListEndpoint[T]{Path: p + "/" + collection, Key: key, err: err}
}

// hasID refuses an object without the identifier the API always sends.
func hasID[T any](id func(*T) string) func(*T) error {
	return func(v *T) error {
		if id(v) == "" {
			return errors.New(`the JSON has no "id"`)
		}
		return nil
	}
}

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

// ReadAll reads every item of the list at ep that matches query: a list of
// the directory. The same read in flight is shared, and a read that ended
// whole (or failed finally, see final) is kept for the client's life: every
// lookup of a plan answers from one snapshot of the list, read once. A
// transient failure is not kept.
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
