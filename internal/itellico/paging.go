package itellico

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"golang.org/x/sync/errgroup"
)

// page is the API's list response: the total number of matches and one page.
type page[T any] struct {
	Count *int64 `json:"count"`
	Items []T    `json:"items"`
}

// validatePage checks the fields the API documents as required.
func validatePage[T any](p *page[T], key func(*T) string) error {
	if p.Count == nil {
		return errors.New(`the JSON has no "count"`)
	}
	if *p.Count < 0 {
		return fmt.Errorf(`"count" is negative (%d)`, *p.Count)
	}
	if p.Items == nil {
		return errors.New(`the JSON has no "items" list`)
	}
	for i := range p.Items {
		if key(&p.Items[i]) == "" {
			return fmt.Errorf("item %d has no id", i)
		}
	}
	return nil
}

// List is every item of a paged list that could be read.
type List[T any] struct {
	// Count is the API's total number of matches, which can be more than
	// len(Items) when a maximum was asked for.
	Count int64
	Items []T
	// Shortfall is set when the server stopped making progress before the
	// list was complete; Items then holds what was read.
	Shortfall *Shortfall
}

// Shortfall describes a list that the server did not let us read whole.
type Shortfall struct {
	Read, Expected int64
	Reason         string
}

func (s *Shortfall) String() string {
	return fmt.Sprintf("read %d of %d items: %s", s.Read, s.Expected, s.Reason)
}

// lister reads every page of one list endpoint.
type lister[T any] struct {
	c        *Client
	path     string
	query    url.Values
	key      func(*T) string
	maxItems int64
}

func (l *lister[T]) fetch(ctx context.Context, offset, limit int64) (*page[T], error) {
	q := make(url.Values, len(l.query)+2)
	for k, v := range l.query {
		q[k] = v
	}
	q.Set("limit", strconv.FormatInt(limit, 10))
	q.Set("offset", strconv.FormatInt(offset, 10))
	var p *page[T]
	err := l.c.get(ctx, l.path, q, func(resp *http.Response) error {
		var fresh page[T] // every attempt decodes afresh
		if err := l.c.decodeResponse(resp, &fresh, func() error { return validatePage(&fresh, l.key) }); err != nil {
			return err
		}
		p = &fresh
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read page at offset %d: %w", offset, err)
	}
	return p, nil
}

// collector keeps items in the API's order, drops repeats, and stops at the
// target number.
type collector[T any] struct {
	key    func(*T) string
	seen   map[string]struct{}
	items  []T
	target int64
}

func (c *collector[T]) add(items []T) (added int) {
	for i := range items {
		if c.done() {
			break
		}
		k := c.key(&items[i])
		if _, dup := c.seen[k]; dup {
			continue
		}
		c.seen[k] = struct{}{}
		c.items = append(c.items, items[i])
		added++
	}
	return added
}

func (c *collector[T]) done() bool { return int64(len(c.items)) >= c.target }

// preallocMax bounds what a server's count can make us allocate up front.
const preallocMax = 100_000

// all reads pages until it holds count items (or maxItems). The first page
// gives the total; the remaining pages are then read concurrently, up to
// the client's concurrency, and put together in the API's order. Whatever is
// still missing after that (the server answered shorter pages than asked
// for, or the data moved) is read page after page, and a server that stops
// making progress ends the read with a Shortfall instead of a loop.
func (l *lister[T]) all(ctx context.Context) (*List[T], error) {
	limit := int64(l.c.pageSize)
	if l.maxItems > 0 {
		limit = min(limit, l.maxItems)
	}
	first, err := l.fetch(ctx, 0, limit)
	if err != nil {
		return nil, err
	}
	count := *first.Count
	col := &collector[T]{key: l.key, target: count}
	if l.maxItems > 0 {
		col.target = min(count, l.maxItems)
	}
	col.seen = make(map[string]struct{}, min(col.target, preallocMax))
	col.items = make([]T, 0, min(col.target, preallocMax))
	col.add(first.Items)
	next := int64(len(first.Items))

	if !col.done() && l.c.concurrency > 1 && len(first.Items) > 0 {
		if next, err = l.concurrent(ctx, col, next, int64(len(first.Items))); err != nil {
			return nil, err
		}
	}
	if err := l.sequential(ctx, col, next, limit); err != nil {
		return nil, err
	}

	list := &List[T]{Count: count, Items: col.items}
	if !col.done() {
		list.Shortfall = &Shortfall{Read: int64(len(col.items)), Expected: col.target,
			Reason: "the server returned no new items (an empty page, or a page already read); it may not support limit/offset paging, or the data changed while it was read"}
	}
	return list, nil
}

// concurrent reads the pages after the first at fixed offsets, step apart
// (the size of the first page, in case the server caps the limit), in
// waves of as many pages as the client may fetch at once, and returns the
// offset from which reading must go on. Pages are added in order up to the
// first one shorter than asked for; what follows it is read again. A wave
// that brings nothing new ends the concurrent phase, so a server that
// ignores paging costs one wave, whatever count it claims. Each page has its
// own retries, so a failure here is final.
func (l *lister[T]) concurrent(ctx context.Context, col *collector[T], from, step int64) (int64, error) {
	next := from
	for next < col.target {
		var offsets []int64
		for off := next; off < col.target && len(offsets) < l.c.concurrency; off += step {
			offsets = append(offsets, off)
			if step > col.target-off {
				break // the last page; off += step could overflow
			}
		}
		pages := make([]*page[T], len(offsets))
		g, gctx := errgroup.WithContext(ctx)
		for i, off := range offsets {
			g.Go(func() (err error) {
				pages[i], err = l.fetch(gctx, off, min(step, col.target-off))
				return err
			})
		}
		if err := g.Wait(); err != nil {
			return 0, err
		}
		added := 0
		for i, p := range pages {
			added += col.add(p.Items)
			next = offsets[i] + int64(len(p.Items))
			if int64(len(p.Items)) < min(step, col.target-offsets[i]) {
				return next, nil
			}
		}
		if added == 0 {
			return next, nil
		}
	}
	return next, nil
}

// sequential reads page after page from offset until the collector is full
// or the server makes no progress.
func (l *lister[T]) sequential(ctx context.Context, col *collector[T], offset, limit int64) error {
	for !col.done() {
		p, err := l.fetch(ctx, offset, min(limit, col.target-int64(len(col.items))))
		if err != nil {
			return err
		}
		if col.add(p.Items) == 0 {
			return nil
		}
		offset += int64(len(p.Items))
	}
	return nil
}
