package itellico

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
)

// ListEndpoint is a paged list of the API: GET Path answers
// {"count": total, "items": [...]} for limit/offset.
type ListEndpoint[T any] struct {
	Path string
	// Key identifies an item, to drop repeats; an item without one is refused.
	Key func(*T) string
	// err is set by a constructor given a value the path cannot hold (see
	// PathSegmentError); List refuses the endpoint before sending anything.
	err error
}

// ListOptions bounds a list read.
type ListOptions struct {
	// MaxItems stops the read after that many items; 0 reads every match.
	MaxItems int64
}

// ListResult says what a list read covered.
type ListResult struct {
	// Count is the API's total number of matches, which can be more than
	// Read when a maximum was asked for.
	Count int64
	// Read is how many distinct items were handed on.
	Read int64
	// Shortfall is set when the server stopped making progress before the
	// list was complete.
	Shortfall *Shortfall
}

// Shortfall describes a list that the server did not let us read whole.
type Shortfall struct {
	Read, Expected int64
	Reason         string
}

const noProgress = "the server returned no new items (an empty page, or a page already read); it may not " +
	"support limit/offset paging, or the data changed while it was read"

// List reads every item of a paged list that matches query, and hands each
// to yield once, in the API's order, without repeats.
//
// Items are decoded one at a time straight from each response, and convert
// turns each into what the caller keeps (R), in the goroutine that reads
// the page, so that converting runs in parallel and no page is held as wire
// structs; yield then receives the converted items in order, on the
// caller's goroutine.
//
// The first page tells the total. The pages after it are read through a
// sliding window: as soon as one answer arrives the next request leaves,
// up to the client's limit of requests in flight, rather than in waves.
// Pages are asked for in the client's page size. A server that answers
// fewer items than asked while more remain caps its pages: the client
// adopts that size and asks for what was left out. A server that refuses
// the size with a 422 naming limit is asked again with smaller pages. What
// was learned holds for the client's later reads of the same list.
//
// When the server stops making progress (a page at the position reached is
// empty or brings only items already read), the read ends with what it
// has and a Shortfall, never a loop.
func List[T, R any](ctx context.Context, c *Client, ep ListEndpoint[T], query url.Values, opts ListOptions,
	convert func(*T) R, yield func(R)) (*ListResult, error) {
	if ep.err != nil {
		return nil, c.refuse(ep.err)
	}
	ctx = c.withWaitBudget(ctx)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	p := &pager[T, R]{c: c, ep: ep, query: query, convert: convert, limit: c.pageLimit(ep.Path)}

	// The first page, alone: it tells the total.
	first, err := p.fetchFitting(ctx, 0, p.ask(opts.MaxItems))
	if err != nil {
		return nil, err
	}
	target := first.count
	if opts.MaxItems > 0 {
		target = min(target, opts.MaxItems)
	}
	r := &reader[T, R]{pager: p, target: target, yield: yield,
		seen: make(map[string]struct{}, min(target, preallocMax)), done: map[int64]*page[R]{}}
	p.learnCap(first)
	if r.consume(first) {
		if err := r.window(ctx); err != nil {
			return nil, err
		}
	}
	res := r.result(first.count)
	// A cap learned in a read that ended short may be a short last page of
	// a count that was wrong: only a whole read teaches later ones.
	if p.learned && res.Shortfall == nil {
		c.setPageLimit(ep.Path, p.limit)
	}
	return res, nil
}

// preallocMax bounds what a server's count can make us allocate up front.
const preallocMax = 100_000

// pager fetches the pages of one read.
type pager[T, R any] struct {
	c       *Client
	ep      ListEndpoint[T]
	query   url.Values
	convert func(*T) R
	limit   int64 // page size asked for
	learned bool  // limit is a cap learned in this read
}

// page is one answer: the items at [offset, offset+len(items)).
type page[R any] struct {
	offset, asked int64
	count         int64
	keys          []string
	items         []R
}

// ask is the limit of the first page.
func (p *pager[T, R]) ask(maxItems int64) int64 {
	if maxItems > 0 {
		return min(p.limit, maxItems)
	}
	return p.limit
}

// fetch reads the page at offset. Each attempt decodes afresh, so a body
// cut short and retried leaves nothing behind.
func (p *pager[T, R]) fetch(ctx context.Context, offset, limit int64) (*page[R], error) {
	q := make(url.Values, len(p.query)+2)
	for k, v := range p.query {
		q[k] = v
	}
	q.Set("limit", strconv.FormatInt(limit, 10))
	q.Set("offset", strconv.FormatInt(offset, 10))
	var got *page[R]
	err := p.c.get(ctx, p.ep.Path, q, func(resp *http.Response) error {
		pg := &page[R]{offset: offset, asked: limit}
		err := p.c.decodeResponse(resp, func(body io.Reader) *decodeFailure {
			count, f := decodeList(body, pageBodyLimit(limit), limit, p.ep.Key, func(key string, item *T) {
				pg.keys = append(pg.keys, key)
				pg.items = append(pg.items, p.convert(item))
			})
			pg.count = count
			return f
		})
		if err == nil {
			got = pg
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read page at offset %d: %w", offset, err)
	}
	return got, nil
}

// fetchFitting reads the page at offset, with smaller pages while the
// server refuses the page size (a 422 naming limit) or the page is larger
// than the client may hold.
func (p *pager[T, R]) fetchFitting(ctx context.Context, offset, limit int64) (*page[R], error) {
	for {
		pg, err := p.fetch(ctx, offset, limit)
		if err == nil || !p.shrink(limit, err) {
			return pg, err
		}
		limit = min(limit, p.limit)
	}
}

// shrink lowers the page size after err, an answer to a page of limit
// items, when err says the page was too large; it reports whether it did.
// The documented default page, 100, is tried first, then halves.
func (p *pager[T, R]) shrink(limit int64, err error) bool {
	if !pageTooLarge(err) || limit <= 1 {
		return false
	}
	next := limit / 2
	if limit > DocumentedPageSize {
		next = DocumentedPageSize
	}
	if next < p.limit {
		p.limit = next
		p.c.setPageLimit(p.ep.Path, next)
		p.c.log(context.Background(), "itellico API refused the page size: asking for smaller pages", map[string]any{
			"path": p.ep.Path, "limit": limit, "new_limit": next, "reason": err.Error()})
	}
	return true
}

// pageTooLarge reports an answer that says a page of the size asked is too
// large: the API refused the limit, or the body exceeded the client's bound.
func pageTooLarge(err error) bool {
	var apiErr *APIError
	if errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusUnprocessableEntity {
		for _, f := range apiErr.Errors {
			if f.Param() == "limit" {
				return true
			}
		}
	}
	var respErr *ResponseError
	return errors.As(err, &respErr) && respErr.tooLarge
}

// learnCap adopts the page size of a server that answered fewer items than
// asked while more remain.
func (p *pager[T, R]) learnCap(pg *page[R]) {
	n := int64(len(pg.items))
	if n == 0 || n >= pg.asked || pg.offset+n >= pg.count || n >= p.limit {
		return
	}
	p.c.log(context.Background(), "itellico API caps its pages: asking for that size", map[string]any{
		"path": p.ep.Path, "limit": p.limit, "cap": n})
	p.limit = n
	p.learned = true
}

// reader puts pages together in the API's order.
type reader[T, R any] struct {
	*pager[T, R]
	target  int64 // items wanted: the count, or fewer with MaxItems
	yield   func(R)
	seen    map[string]struct{}
	read    int64
	repeats int64 // items dropped as repeats: the list shifted by as many
	cursor  int64 // the offset up to which pages have been consumed

	done      map[int64]*page[R] // answered, not yet consumed, by offset
	requested map[int64]int64    // offset -> end of each page asked for or answered, not yet consumed
	stalled   bool               // a page at the cursor brought nothing new
}

// consume hands on the new items of pg, a page at the cursor, and reports
// whether the read goes on.
func (r *reader[T, R]) consume(pg *page[R]) bool {
	added := 0
	for i, key := range pg.keys {
		if r.read >= r.target {
			break
		}
		if _, dup := r.seen[key]; dup {
			r.repeats++
			continue
		}
		r.seen[key] = struct{}{}
		r.yield(pg.items[i])
		r.read++
		added++
	}
	r.cursor = pg.offset + int64(len(pg.items))
	if r.read >= r.target {
		return false
	}
	if added == 0 {
		r.stalled = true
		return false
	}
	return true
}

func (r *reader[T, R]) result(count int64) *ListResult {
	res := &ListResult{Count: count, Read: r.read}
	if r.read < r.target {
		res.Shortfall = &Shortfall{Read: r.read, Expected: r.target, Reason: noProgress}
	}
	return res
}

// answer is a page, or the error of the request for the page at offset.
type answer[R any] struct {
	offset, limit int64
	page          *page[R]
	err           error
}

// window reads the rest of the list through a sliding window of requests.
func (r *reader[T, R]) window(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	answers := make(chan answer[R])
	inFlight := 0
	defer func() {
		cancel()
		for ; inFlight > 0; inFlight-- {
			<-answers
		}
	}()
	r.requested = map[int64]int64{}
	for {
		for inFlight < r.c.maxInFlight {
			offset, limit, ok := r.nextHole()
			if !ok {
				break
			}
			r.requested[offset] = offset + limit
			inFlight++
			go func() {
				pg, err := r.fetch(ctx, offset, limit)
				answers <- answer[R]{offset: offset, limit: limit, page: pg, err: err}
			}()
		}
		if inFlight == 0 {
			return nil // unreachable while the cursor is short of the target: it lies in a hole or a request
		}
		a := <-answers // every fetch returns promptly once ctx is done, with its page named
		inFlight--
		if a.err != nil {
			delete(r.requested, a.offset)
			if r.shrink(a.limit, a.err) {
				continue // the offset is a hole again, asked for with the smaller size
			}
			return a.err
		}
		pg := a.page
		r.learnCap(pg)
		// A short page covers only what it holds; the rest is a hole to
		// ask for, unless the list ends there.
		r.requested[pg.offset] = pg.offset + int64(len(pg.items))
		r.done[pg.offset] = pg
		for {
			next, ok := r.done[r.cursor]
			if !ok {
				break
			}
			delete(r.done, r.cursor)
			delete(r.requested, r.cursor)
			if !r.consume(next) {
				return nil
			}
		}
	}
}

// nextHole finds the first stretch at or after the cursor, short of the
// target, that no request covers, and the size of page to ask for there.
func (r *reader[T, R]) nextHole() (offset, limit int64, ok bool) {
	offset = r.cursor
	for {
		if offset >= r.target+r.repeats {
			return 0, 0, false
		}
		end, covered := r.requested[offset]
		if !covered {
			break
		}
		if end <= offset { // an empty page answered there: the cursor stalls on it
			return 0, 0, false
		}
		offset = end
	}
	limit = min(r.limit, r.target+r.repeats-offset)
	for start := range r.requested { // do not overlap a request further on
		if start > offset && start-offset < limit {
			limit = start - offset
		}
	}
	return offset, limit, true
}
