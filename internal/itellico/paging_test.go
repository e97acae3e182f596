package itellico

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

func inFlight(n int) func(*Config) { return func(c *Config) { c.MaxConcurrentRequests = n } }

// sorted returns a sorted copy of pages asked, whose order a window of
// requests makes arbitrary.
func sorted(pages []string) []string {
	s := slices.Clone(pages)
	slices.SortFunc(s, func(a, b string) int {
		ao, _ := strconv.Atoi(strings.Split(a, "/")[0])
		bo, _ := strconv.Atoi(strings.Split(b, "/")[0])
		return ao - bo
	})
	return s
}

func TestList250InPagesOf100(t *testing.T) {
	t.Parallel()
	for _, conc := range []int{1, 4} {
		t.Run("in flight "+strconv.Itoa(conc), func(t *testing.T) {
			t.Parallel()
			srv, c := standIn(t, itellicotest.Options{Conversations: generated(250)}, inFlight(conc))
			ids, res, err := readConversations(testCtx(t), c, nil, ListOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(ids, generatedIDs(250)) {
				t.Errorf("read %d ids, want the 250 in the API's order", len(ids))
			}
			if *res != (ListResult{Count: 250, Read: 250}) {
				t.Errorf("result = %+v", res)
			}
			pages := pagesAsked(srv)
			if len(pages) != 3 || pages[0] != "0/100" {
				t.Fatalf("pages = %v, want 0/100 first, 3 in all", pages)
			}
			if got := sorted(pages); !slices.Equal(got, []string{"0/100", "100/100", "200/50"}) {
				t.Errorf("pages = %v, want 0/100, 100/100 and 200/50", got)
			}
		})
	}
}

// With several requests in flight at the server, the window keeps exactly
// MaxConcurrentRequests of them there. Each page after the first waits at
// the server until that many are in flight (or every page has been asked
// for), so the overlap is certain rather than likely. A window that keeps
// them in flight meets the condition however slowly its goroutines run;
// the bound on the wait is for one that does not, and far above any
// scheduling delay.
func TestListWindowKeepsRequestsInFlight(t *testing.T) {
	t.Parallel()
	const n, pageSize, limit = 210, 10, 4
	total := n / pageSize
	var tr tracker
	var arrived atomic.Int32
	_, c := frontClient(t, itellicotest.Options{Conversations: generated(n)}, func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		tr.enter(r)
		defer tr.leave()
		arrived.Add(1)
		if r.URL.Query().Get("offset") != "0" {
			waitFor(10*time.Second, func() bool { return tr.current() >= limit || int(arrived.Load()) == total })
		}
		next.ServeHTTP(w, r)
	}, func(c *Config) { c.MaxConcurrentRequests = limit; c.PageSize = pageSize })
	ids, res, err := readConversations(testCtx(t), c, nil, ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ids, generatedIDs(n)) || res.Shortfall != nil {
		t.Errorf("read %d ids (shortfall %v), want the %d in order", len(ids), res.Shortfall, n)
	}
	if got := len(tr.all()); got != total {
		t.Errorf("requests = %d, want %d", got, total)
	}
	if m := tr.max(); m != limit {
		t.Errorf("at most %d requests were in flight at once, want %d", m, limit)
	}
}

// The window slides: while one page is held at the server, the other
// places in flight keep turning, so every other page is asked for before
// the held one is answered. A client reading in waves would wait for the
// held page with the rest of its wave and never ask for the others.
func TestListWindowSlidesPastASlowPage(t *testing.T) {
	t.Parallel()
	const n, pageSize = 210, 10
	total := int32(n / pageSize)
	var arrived, before atomic.Int32 // before: requests that arrived before the held one was released
	_, c := frontClient(t, itellicotest.Options{Conversations: generated(n), Latency: time.Millisecond},
		func(w http.ResponseWriter, r *http.Request, next http.Handler) {
			arrived.Add(1)
			if r.URL.Query().Get("offset") == "10" {
				waitFor(10*time.Second, func() bool { return arrived.Load() == total }) // bounded for a client that waits for it
				before.Store(arrived.Load())
			}
			next.ServeHTTP(w, r)
		}, func(c *Config) { c.MaxConcurrentRequests = 4; c.PageSize = pageSize })
	ids, _, err := readConversations(testCtx(t), c, nil, ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ids, generatedIDs(n)) {
		t.Errorf("read %d ids, want the %d in order", len(ids), n)
	}
	if got := before.Load(); got != total {
		t.Errorf("the held page was answered when %d of %d requests had arrived: the others waited for it", got, total)
	}
}

// A server that caps its pages: the client asks for 1000, gets 100, adopts
// 100 and asks for exactly what was left out, reading every item once; a
// later read of the same list asks for 100 from the start.
func TestListAdoptsPageCap(t *testing.T) {
	t.Parallel()
	for _, conc := range []int{1, 4} {
		t.Run("in flight "+strconv.Itoa(conc), func(t *testing.T) {
			t.Parallel()
			srv, c := standIn(t, itellicotest.Options{Conversations: generated(250), PageCap: 100},
				func(c *Config) { c.PageSize = 1000; c.MaxConcurrentRequests = conc })
			for read := 1; read <= 2; read++ {
				srv.ResetRequests()
				ids, res, err := readConversations(testCtx(t), c, nil, ListOptions{})
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(ids, generatedIDs(250)) || *res != (ListResult{Count: 250, Read: 250}) {
					t.Errorf("read %d: %d ids, result %+v; want the 250 in order", read, len(ids), res)
				}
				first := "0/1000"
				if read == 2 {
					first = "0/100"
				}
				if got := pagesAsked(srv); len(got) != 3 || got[0] != first ||
					!slices.Equal(sorted(got)[1:], []string{"100/100", "200/50"}) {
					t.Errorf("read %d: pages = %v, want %s, 100/100, 200/50", read, got, first)
				}
			}
		})
	}
}

// A server that refuses the page size with a 422 naming limit is asked for
// the documented 100, and the size is kept for later reads.
func TestListShrinksOnRefusedLimit(t *testing.T) {
	t.Parallel()
	srv, c := standIn(t, itellicotest.Options{Conversations: generated(250), MaxLimit: 100}, func(c *Config) { c.PageSize = 1000 })
	ids, res, err := readConversations(testCtx(t), c, nil, ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ids, generatedIDs(250)) || res.Shortfall != nil {
		t.Errorf("%d ids, result %+v", len(ids), res)
	}
	if got := pagesAsked(srv); len(got) != 4 || got[0] != "0/1000" || got[1] != "0/100" ||
		!slices.Equal(sorted(got[2:]), []string{"100/100", "200/50"}) {
		t.Errorf("pages = %v, want 0/1000 (refused), 0/100, 100/100, 200/50", got)
	}
	srv.ResetRequests()
	if _, _, err := readConversations(testCtx(t), c, nil, ListOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := pagesAsked(srv); len(got) != 3 || got[0] != "0/100" {
		t.Errorf("second read: pages = %v, want 0/100 first and no refusal", got)
	}
}

// A 422 about something else than limit is the read's error, not a reason
// to shrink.
func TestListDoesNotShrinkOnOtherValidationErrors(t *testing.T) {
	t.Parallel()
	srv, c := standIn(t, itellicotest.Options{}, func(c *Config) { c.PageSize = 1000 })
	_, _, err := readConversations(testCtx(t), c, map[string][]string{"status": {"done"}}, ListOptions{})
	wantAPIError(t, err, http.StatusUnprocessableEntity, "validation_error", []string{"status"})
	if got := pagesAsked(srv); !slices.Equal(got, []string{"0/1000"}) {
		t.Errorf("pages = %v, want one", got)
	}
	if got := c.pageLimit(Conversations(account).Path); got != 1000 {
		t.Errorf("page limit = %d after an unrelated 422", got)
	}
}

// A page larger than the client may hold for the size asked (each item is
// large) makes it ask for half as many items.
func TestListShrinksOnPageTooLarge(t *testing.T) {
	t.Parallel()
	convs := generated(4)
	big := strings.Repeat("x", 1100<<10) // four of these exceed pageBodyLimit(4)
	for i := range convs {
		convs[i].Messages = itellicotest.Some([]itellicotest.Message{{Role: "user", Message: itellicotest.Some(big)}})
	}
	srv, c := standIn(t, itellicotest.Options{Conversations: convs}, func(c *Config) { c.PageSize = 4 })
	ids, res, err := readConversations(testCtx(t), c, nil, ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ids, generatedIDs(4)) || res.Shortfall != nil {
		t.Errorf("%d ids, result %+v", len(ids), res)
	}
	if got := pagesAsked(srv); !slices.Equal(got, []string{"0/4", "0/2", "2/2"}) {
		t.Errorf("pages = %v, want 0/4 (too large), 0/2, 2/2", got)
	}
	if got := c.pageLimit(Conversations(account).Path); got != 2 {
		t.Errorf("learned page limit = %d, want 2", got)
	}
}

// The sizes tried after a page too large: the documented 100, then halves.
func TestShrinkSteps(t *testing.T) {
	t.Parallel()
	c := newClient(t, "http://127.0.0.1:1", func(c *Config) { c.PageSize = 1000 })
	p := &pager[Conversation, string]{c: c, ep: Conversations(account), limit: 1000}
	tooLarge := &ResponseError{tooLarge: true}
	refused := &APIError{StatusCode: http.StatusUnprocessableEntity, Errors: []FieldError{{Field: "query.limit", Message: "too big"}}}
	var steps []int64
	for limit := int64(1000); ; {
		err := error(tooLarge)
		if limit%2 == 0 {
			err = fmt.Errorf("read page at offset 0: %w", refused)
		}
		if !p.shrink(limit, err) {
			break
		}
		limit = p.limit
		steps = append(steps, limit)
	}
	if want := []int64{100, 50, 25, 12, 6, 3, 1}; !slices.Equal(steps, want) {
		t.Errorf("sizes = %v, want %v", steps, want)
	}
	for _, err := range []error{
		&APIError{StatusCode: http.StatusUnprocessableEntity, Errors: []FieldError{{Field: "offset", Message: "x"}}},
		&APIError{StatusCode: http.StatusUnprocessableEntity, Errors: []FieldError{{Field: "limits", Message: "x"}}},
		&APIError{StatusCode: http.StatusBadRequest, Errors: []FieldError{{Field: "limit", Message: "x"}}},
		&ResponseError{Reason: "not JSON"},
	} {
		if p.shrink(100, err) {
			t.Errorf("shrank on %v", err)
		}
	}
	for _, field := range []string{"limit", "query.limit", "params[limit]"} {
		if !pageTooLarge(&APIError{StatusCode: http.StatusUnprocessableEntity, Errors: []FieldError{{Field: field}}}) {
			t.Errorf("a 422 on %q is not a refused page size", field)
		}
	}
}

func TestListMaxItems(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		n        int
		maxItems int64
		conc     int
		wantRead int
		pages    []string
	}{
		{"across pages", 250, 150, 1, 150, []string{"0/100", "100/50"}},
		{"across pages, in flight 4", 250, 150, 4, 150, []string{"0/100", "100/50"}},
		{"below the page size", 250, 30, 4, 30, []string{"0/30"}},
		{"more than exist", 120, 1000, 4, 120, []string{"0/100", "100/20"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, c := standIn(t, itellicotest.Options{Conversations: generated(tc.n)}, inFlight(tc.conc))
			ids, res, err := readConversations(testCtx(t), c, nil, ListOptions{MaxItems: tc.maxItems})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(ids, generatedIDs(tc.n)[:tc.wantRead]) {
				t.Errorf("read %d ids, want the first %d in order", len(ids), tc.wantRead)
			}
			if *res != (ListResult{Count: int64(tc.n), Read: int64(tc.wantRead)}) {
				t.Errorf("result = %+v", res)
			}
			if got := pagesAsked(srv); !slices.Equal(got, tc.pages) {
				t.Errorf("pages = %v, want %v", got, tc.pages)
			}
		})
	}
}

// A conversation that arrives during a read shifts the pages after the
// first by one: the item that slides onto the next page is read once, and
// the one that slides past the first page's count is read too.
func TestListDuplicatesAcrossPagesDropped(t *testing.T) {
	t.Parallel()
	for _, conc := range []int{1, 4} {
		t.Run("in flight "+strconv.Itoa(conc), func(t *testing.T) {
			t.Parallel()
			newest := itellicotest.Generate(1, 1, genNow.Add(time.Hour))[0]
			newest.ConversationID = "ffffffff-0000-4000-8000-000000000000"
			var once sync.Once
			var srv *itellicotest.Server
			var c *Client
			srv, c = frontClient(t, itellicotest.Options{Conversations: generated(250)}, func(w http.ResponseWriter, r *http.Request, next http.Handler) {
				if r.URL.Query().Get("offset") != "0" {
					once.Do(func() { srv.AddConversations(newest) })
				}
				next.ServeHTTP(w, r)
			}, inFlight(conc))
			ids, res, err := readConversations(testCtx(t), c, nil, ListOptions{})
			if err != nil {
				t.Fatal(err)
			}
			seen := map[string]bool{}
			for _, id := range ids {
				if seen[id] {
					t.Errorf("%s read twice", id)
				}
				seen[id] = true
			}
			if !slices.Equal(ids, generatedIDs(250)) || res.Shortfall != nil {
				t.Errorf("read %d ids, result %+v (shortfall %v); want the 250 there were when the read began, in order",
					len(ids), res, res.Shortfall)
			}
			if got := sorted(pagesAsked(srv)); len(got) < 3 || len(got) > 4 || !slices.Equal(got[:2], []string{"0/100", "100/100"}) {
				t.Errorf("pages = %v, want 0/100, 100/100 and one or two for the rest", got)
			}
		})
	}
}

func TestListDuplicatesWithinAPage(t *testing.T) {
	t.Parallel()
	item := func(id string) string { return `{"conversation_id":"` + id + `"}` }
	body := `{"count":3,"items":[` + strings.Join([]string{item("x"), item("y"), item("x"), item("z"), item("y")}, ",") + `]}`
	_, c := frontClient(t, itellicotest.Options{}, script(reply(http.StatusOK, body)), nil)
	ids, res, err := readConversations(testCtx(t), c, nil, ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ids, []string{"x", "y", "z"}) || *res != (ListResult{Count: 3, Read: 3}) {
		t.Errorf("ids %v, result %+v", ids, res)
	}
}

// A server that ignores limit and offset answers the first page again and
// again: the read ends with a Shortfall after a few requests, never a loop.
func TestListServerIgnoringPaging(t *testing.T) {
	t.Parallel()
	for _, conc := range []int{1, 4} {
		t.Run("in flight "+strconv.Itoa(conc), func(t *testing.T) {
			t.Parallel()
			srv, c := standIn(t, itellicotest.Options{Conversations: generated(300), Faults: itellicotest.Always(itellicotest.IgnorePaging)},
				inFlight(conc))
			ids, res, err := readConversations(testCtx(t), c, nil, ListOptions{})
			if err != nil {
				t.Fatalf("err = %v, want a Shortfall and no error", err)
			}
			if res.Shortfall == nil || *res.Shortfall != (Shortfall{Read: 100, Expected: 300, Reason: noProgress}) || res.Count != 300 {
				t.Fatalf("result %+v, shortfall %+v; want read 100 of 300", res, res.Shortfall)
			}
			if !slices.Equal(ids, generatedIDs(100)) {
				t.Errorf("read %d ids, want the first page's 100 in order", len(ids))
			}
			if n := len(srv.Requests()); n > 3 {
				t.Errorf("requests = %d, want at most 3", n)
			}
		})
	}
}

// With a count far larger than what the server ever sends, the read still
// ends after a handful of requests, not count/page requests. The pages
// past the cursor are held at the server until the read cancels them, so
// the window cannot slide before the answer at the cursor ends the read:
// the first page and at most one window of four requests. (Unheld, each
// answer of a page past the cursor that came first would send another
// request, as many as scheduling let come first.)
func TestListServerIgnoringPagingLargeCountIsBounded(t *testing.T) {
	t.Parallel()
	const window = 4
	var arrived atomic.Int32
	_, c := frontClient(t, itellicotest.Options{Conversations: generated(5000), Faults: itellicotest.Always(itellicotest.IgnorePaging)},
		func(w http.ResponseWriter, r *http.Request, next http.Handler) {
			arrived.Add(1)
			if o := r.URL.Query().Get("offset"); o != "0" && o != "100" {
				select {
				case <-r.Context().Done():
					return
				case <-time.After(10 * time.Second): // bounded, for a read that waits for them
				}
			}
			next.ServeHTTP(w, r)
		}, func(c *Config) { c.MaxConcurrentRequests = window })
	_, res, err := readConversations(testCtx(t), c, nil, ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Shortfall == nil || res.Shortfall.Read != 100 || res.Shortfall.Expected != 5000 {
		t.Errorf("shortfall = %+v, want read 100 of 5000", res.Shortfall)
	}
	if n := arrived.Load(); n < 2 || n > 1+window {
		t.Errorf("requests = %d for a server that never sends a new item, want 2 to %d", n, 1+window)
	}
}

// The outcome of a read does not depend on the order in which the answers
// of its window arrive. Here the server ignores paging and the last page,
// asked for 50 items, gets 100 (the surplus is dropped): the page at the
// cursor, all repeats, ends the read with a Shortfall, and the last page,
// which a reader going page by page would never have asked for, must not
// turn that into an error because its answer happened to arrive first.
func TestListOutcomeIndependentOfAnswerOrder(t *testing.T) {
	t.Parallel()
	lastAnswered := make(chan struct{})
	var once sync.Once
	srv, c := frontClient(t, itellicotest.Options{Conversations: generated(250), Faults: itellicotest.Always(itellicotest.IgnorePaging)},
		func(w http.ResponseWriter, r *http.Request, next http.Handler) {
			switch r.URL.Query().Get("offset") {
			case "100":
				select { // the page at the cursor is answered last
				case <-lastAnswered:
					time.Sleep(20 * time.Millisecond) // for the client to take in that answer
				case <-time.After(2 * time.Second):
				case <-r.Context().Done():
					return
				}
			case "200":
				defer once.Do(func() { close(lastAnswered) })
			}
			next.ServeHTTP(w, r)
		}, nil)
	ids, res, err := readConversations(testCtx(t), c, nil, ListOptions{})
	if err != nil {
		t.Fatalf("err = %v after pages %v; want the Shortfall a page-by-page read ends with", err, pagesAsked(srv))
	}
	if res.Shortfall == nil || res.Shortfall.Read != 100 || res.Shortfall.Expected != 250 || len(ids) != 100 {
		t.Errorf("result %+v, shortfall %+v, %d ids; want read 100 of 250", res, res.Shortfall, len(ids))
	}
}

// A count larger than the data: the client asks where the count says items
// are, gets none, and ends with a Shortfall; what it saw does not make it
// believe the server caps pages.
func TestListCountLargerThanData(t *testing.T) {
	t.Parallel()
	for _, conc := range []int{1, 4} {
		t.Run("in flight "+strconv.Itoa(conc), func(t *testing.T) {
			t.Parallel()
			var mismatch atomic.Bool
			mismatch.Store(true)
			srv, c := standIn(t, itellicotest.Options{Conversations: generated(250),
				Faults: func(int64, *http.Request) itellicotest.FaultKind {
					if mismatch.Load() {
						return itellicotest.CountMismatch
					}
					return itellicotest.None
				}}, inFlight(conc))
			ids, res, err := readConversations(testCtx(t), c, nil, ListOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if res.Count != 255 || res.Shortfall == nil || res.Shortfall.Read != 250 || res.Shortfall.Expected != 255 {
				t.Fatalf("result %+v, shortfall %+v; want read 250 of 255", res, res.Shortfall)
			}
			if !slices.Equal(ids, generatedIDs(250)) {
				t.Errorf("read %d ids, want the 250 in order", len(ids))
			}
			if got := sorted(pagesAsked(srv)); !slices.Equal(got, []string{"0/100", "100/100", "200/55", "250/5"}) {
				t.Errorf("pages = %v, want 0/100, 100/100, 200/55, 250/5", got)
			}

			// The short page at the end of the data was not a cap.
			mismatch.Store(false)
			srv.ResetRequests()
			ids, res, err = readConversations(testCtx(t), c, nil, ListOptions{})
			if err != nil || len(ids) != 250 || res.Shortfall != nil {
				t.Fatalf("second read: %d ids, %+v, %v", len(ids), res, err)
			}
			if got := sorted(pagesAsked(srv)); !slices.Equal(got, []string{"0/100", "100/100", "200/50"}) {
				t.Errorf("second read: pages = %v, want 0/100, 100/100, 200/50: the page size the client was given", got)
			}
		})
	}
}

func TestListCountSmallerThanData(t *testing.T) {
	t.Parallel()
	item := `{"conversation_id":"%s"}`
	var items []string
	for i := range 5 {
		items = append(items, fmt.Sprintf(item, strconv.Itoa(i)))
	}
	_, c := frontClient(t, itellicotest.Options{},
		script(reply(http.StatusOK, `{"count":3,"items":[`+strings.Join(items, ",")+`]}`)), nil)
	ids, res, err := readConversations(testCtx(t), c, nil, ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ids, []string{"0", "1", "2"}) || *res != (ListResult{Count: 3, Read: 3}) {
		t.Errorf("ids %v, result %+v", ids, res)
	}
}

func TestListEmpty(t *testing.T) {
	t.Parallel()
	srv, c := standIn(t, itellicotest.Options{Conversations: []itellicotest.Conversation{}}, nil)
	ids, res, err := readConversations(testCtx(t), c, nil, ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 0 || *res != (ListResult{}) {
		t.Errorf("ids %v, result %+v; want nothing and no shortfall", ids, res)
	}
	if got := pagesAsked(srv); !slices.Equal(got, []string{"0/100"}) {
		t.Errorf("pages = %v, want one", got)
	}
}

func TestListEmptyFirstPageWithCount(t *testing.T) {
	t.Parallel()
	srv, c := standIn(t, itellicotest.Options{Conversations: []itellicotest.Conversation{},
		Faults: itellicotest.Always(itellicotest.CountMismatch)}, nil)
	_, res, err := readConversations(testCtx(t), c, nil, ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Shortfall == nil || *res.Shortfall != (Shortfall{Read: 0, Expected: 5, Reason: noProgress}) {
		t.Errorf("shortfall %+v, want read 0 of 5", res.Shortfall)
	}
	if n := len(srv.Requests()); n > 2 {
		t.Errorf("requests = %d, want at most 2", n)
	}
}

// An error in the middle of a read names the page's offset, ends the read
// and cancels the requests still in flight (which would otherwise stall
// for half a minute).
func TestListErrorNamesOffsetAndCancelsTheRest(t *testing.T) {
	t.Parallel()
	for _, conc := range []int{1, 4} {
		t.Run("in flight "+strconv.Itoa(conc), func(t *testing.T) {
			t.Parallel()
			plan := func(_ int64, r *http.Request) itellicotest.FaultKind {
				switch r.URL.Query().Get("offset") {
				case "0":
					return itellicotest.None
				case "100":
					return itellicotest.ShouldRetryFalse
				}
				return itellicotest.Stall
			}
			srv, c := standIn(t, itellicotest.Options{Conversations: generated(1000), Faults: plan},
				func(c *Config) { c.MaxConcurrentRequests = conc; c.RequestTimeout = 30 * time.Second })
			start := time.Now()
			ids, res, err := readConversations(testCtx(t), c, nil, ListOptions{})
			if elapsed := time.Since(start); elapsed > 5*time.Second {
				t.Errorf("the read took %v: the stalled requests were not canceled", elapsed)
			}
			if res != nil {
				t.Errorf("result %+v alongside an error", res)
			}
			want := "read page at offset 100: HTTP 503 Service Unavailable (service_unavailable): Service unavailable for this request.: Retrying will not help."
			if err == nil || err.Error() != want {
				t.Fatalf("err = %v, want %q", err, want)
			}
			var apiErr *APIError
			if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 || apiErr.Attempts != 1 {
				t.Errorf("err = %#v", err)
			}
			if len(ids) > 100 {
				t.Errorf("%d items handed on past the failed page", len(ids))
			}
			asked := 0
			for _, p := range pagesAsked(srv) {
				if strings.HasPrefix(p, "100/") {
					asked++
				}
			}
			if asked != 1 {
				t.Errorf("page 100 asked %d times, want 1", asked)
			}
		})
	}
}

// Canceling a read in its middle ends it at once, with a *RequestError
// that says it was canceled and names the page.
func TestListCancelMidRead(t *testing.T) {
	t.Parallel()
	for i := range 20 {
		ctx, cancel := context.WithCancel(t.Context())
		var arrived atomic.Int32
		_, c := frontClient(t, itellicotest.Options{Conversations: generated(200), Latency: 5 * time.Millisecond},
			func(w http.ResponseWriter, r *http.Request, next http.Handler) {
				if arrived.Add(1) == 4 {
					cancel()
				}
				next.ServeHTTP(w, r)
			}, func(c *Config) { c.PageSize = 10 })
		start := time.Now()
		ids, res, err := readConversations(ctx, c, nil, ListOptions{})
		elapsed := time.Since(start)
		cancel()
		if err == nil {
			t.Fatalf("run %d: no error; %d items, %+v", i, len(ids), res)
		}
		var reqErr *RequestError
		if !errors.Is(err, context.Canceled) || !errors.As(err, &reqErr) || !reqErr.Canceled ||
			!strings.HasPrefix(err.Error(), "read page at offset ") {
			t.Fatalf("run %d: err = %T %v, want a *RequestError, canceled, naming the page", i, err, err)
		}
		if elapsed > 2*time.Second {
			t.Errorf("run %d: returned after %v", i, elapsed)
		}
	}
}

// List hands items to yield on the caller's goroutine, one at a time, in
// order, while pages are converted where they are read.
func TestListYieldsInOrderOnOneGoroutine(t *testing.T) {
	t.Parallel()
	_, c := standIn(t, itellicotest.Options{Conversations: generated(500), Latency: time.Millisecond},
		func(c *Config) { c.PageSize = 20; c.MaxConcurrentRequests = 8 })
	var converted atomic.Int32
	var got []string
	inYield := false
	_, err := List(testCtx(t), c, Conversations(account), nil, ListOptions{},
		func(cv *Conversation) string { converted.Add(1); return cv.ConversationID },
		func(id string) {
			if inYield {
				t.Error("yield called while running")
			}
			inYield = true
			got = append(got, id) // no lock: a race here fails under -race
			inYield = false
		})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, generatedIDs(500)) || converted.Load() != 500 {
		t.Errorf("%d ids, %d converted", len(got), converted.Load())
	}
}
