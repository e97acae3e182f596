package itellico

import (
	"errors"
	"net/http"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

func listAll(t *testing.T, s *pageServer, mod func(*Config), opts ListOptions) (*List[Conversation], error) {
	t.Helper()
	srv := s.start()
	c := newClient(t, srv.URL, mod)
	return c.ListConversations(testCtx(t), "acc_1", ConversationFilter{}, opts)
}

func concurrency(n int) func(*Config) { return func(c *Config) { c.Concurrency = n } }

func sortedOffsets(s *pageServer) []int {
	o := s.offsets()
	sort.Ints(o)
	return o
}

func TestList250InPagesOf100(t *testing.T) {
	t.Parallel()
	for _, conc := range []int{1, 4} {
		t.Run("concurrency "+strconv.Itoa(conc), func(t *testing.T) {
			t.Parallel()
			s := &pageServer{t: t, n: 250}
			list, err := listAll(t, s, concurrency(conc), ListOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if list.Count != 250 || list.Shortfall != nil {
				t.Errorf("Count = %d, Shortfall = %v", list.Count, list.Shortfall)
			}
			if got := idsOf(list.Items); !equalStrings(got, seqIDs(250)) {
				t.Errorf("ids = %d items %v..., want c-0000..c-0249 in order", len(got), got[:min(len(got), 5)])
			}
			reqs := s.requests()
			if len(reqs) != 3 {
				t.Fatalf("requests = %+v, want 3", reqs)
			}
			if got := sortedOffsets(s); !reflect.DeepEqual(got, []int{0, 100, 200}) {
				t.Errorf("offsets = %v, want [0 100 200]", got)
			}
			if reqs[0].RawQuery != "limit=100&offset=0" {
				t.Errorf("first query = %q", reqs[0].RawQuery)
			}
			for _, r := range reqs {
				if r.Limit < 50 || r.Limit > 100 {
					t.Errorf("limit %d at offset %d", r.Limit, r.Offset)
				}
				if r.RawQuery != "limit="+strconv.Itoa(r.Limit)+"&offset="+strconv.Itoa(r.Offset) {
					t.Errorf("query %q", r.RawQuery)
				}
			}
		})
	}
}

func TestFiltersSentOnEveryPage(t *testing.T) {
	t.Parallel()
	s := &pageServer{t: t, n: 120}
	srv := s.start()
	c := newClient(t, srv.URL, func(c *Config) { c.PageSize = 50 })
	list, err := c.ListConversations(testCtx(t), "acc_1", ConversationFilter{Type: "web", Direction: "inbound"}, ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Items) != 120 {
		t.Fatalf("items = %d", len(list.Items))
	}
	reqs := s.requests()
	if len(reqs) != 3 {
		t.Fatalf("requests = %d, want 3", len(reqs))
	}
	for _, r := range reqs {
		want := "direction=inbound&limit=" + strconv.Itoa(r.Limit) + "&offset=" + strconv.Itoa(r.Offset) + "&type=web"
		if r.RawQuery != want {
			t.Errorf("query = %q, want %q", r.RawQuery, want)
		}
	}
}

func TestConcurrencyGivesIdenticalResults(t *testing.T) {
	t.Parallel()
	var lists []*List[Conversation]
	for _, conc := range []int{1, 2, 4, 16} {
		s := &pageServer{t: t, n: 1234}
		list, err := listAll(t, s, func(c *Config) { c.Concurrency = conc; c.PageSize = 100 }, ListOptions{})
		if err != nil {
			t.Fatalf("concurrency %d: %v", conc, err)
		}
		if n := len(s.requests()); n != 13 {
			t.Errorf("concurrency %d: requests = %d, want 13", conc, n)
		}
		lists = append(lists, list)
	}
	if got := idsOf(lists[0].Items); !equalStrings(got, seqIDs(1234)) {
		t.Fatalf("concurrency 1: %d ids, not c-0000..c-1233 in order", len(got))
	}
	for i := 1; i < len(lists); i++ {
		if !reflect.DeepEqual(lists[0], lists[i]) {
			t.Errorf("list %d differs from the sequential list", i)
		}
	}
}

func TestConcurrencyOverlapsRequests(t *testing.T) {
	t.Parallel()
	run := func(conc int) (maxInflight, requests int) {
		s := &pageServer{t: t, n: 250}
		// Pages after the first wait (up to a second) until conc of them are
		// in flight, so the overlap is certain rather than likely.
		s.override = func(w http.ResponseWriter, r *http.Request, offset, limit, _ int) bool {
			if offset == 0 {
				return false
			}
			deadline := time.Now().Add(time.Second)
			for time.Now().Before(deadline) {
				s.mu.Lock()
				n := s.inflight
				s.mu.Unlock()
				if n >= conc {
					break
				}
				time.Sleep(time.Millisecond)
			}
			time.Sleep(5 * time.Millisecond)
			return false
		}
		list, err := listAll(t, s, func(c *Config) { c.Concurrency = conc; c.PageSize = 50 }, ListOptions{})
		if err != nil {
			t.Fatalf("concurrency %d: %v", conc, err)
		}
		if got := idsOf(list.Items); !equalStrings(got, seqIDs(250)) {
			t.Errorf("concurrency %d: ids not in order", conc)
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.maxInflight, len(s.reqs)
	}
	if m, n := run(4); m != 4 || n != 5 {
		t.Errorf("concurrency 4: max in flight = %d, requests = %d; want 4 and 5", m, n)
	}
	if m, n := run(2); m != 2 || n != 5 {
		t.Errorf("concurrency 2: max in flight = %d, requests = %d; want 2 and 5", m, n)
	}
	if m, n := run(1); m != 1 || n != 5 {
		t.Errorf("concurrency 1: max in flight = %d, requests = %d; want 1 and 5", m, n)
	}
}

func TestMaxItems(t *testing.T) {
	t.Parallel()
	for _, conc := range []int{1, 4} {
		t.Run("concurrency "+strconv.Itoa(conc), func(t *testing.T) {
			t.Parallel()
			s := &pageServer{t: t, n: 250}
			list, err := listAll(t, s, concurrency(conc), ListOptions{MaxItems: 150})
			if err != nil {
				t.Fatal(err)
			}
			if list.Count != 250 || list.Shortfall != nil {
				t.Errorf("Count = %d (want 250), Shortfall = %v", list.Count, list.Shortfall)
			}
			if got := idsOf(list.Items); !equalStrings(got, seqIDs(150)) {
				t.Errorf("ids = %d items, want c-0000..c-0149", len(got))
			}
			reqs := s.requests()
			if len(reqs) != 2 || reqs[0].Limit != 100 || reqs[0].Offset != 0 || reqs[1].Offset != 100 {
				t.Errorf("requests = %+v, want offsets 0 (limit 100) and 100", reqs)
			}
		})
	}
	t.Run("below page size", func(t *testing.T) {
		t.Parallel()
		s := &pageServer{t: t, n: 250}
		list, err := listAll(t, s, nil, ListOptions{MaxItems: 30})
		if err != nil {
			t.Fatal(err)
		}
		if list.Count != 250 || !equalStrings(idsOf(list.Items), seqIDs(30)) || list.Shortfall != nil {
			t.Errorf("Count %d, %d items, shortfall %v", list.Count, len(list.Items), list.Shortfall)
		}
		if reqs := s.requests(); len(reqs) != 1 || reqs[0].RawQuery != "limit=30&offset=0" {
			t.Errorf("requests = %+v, want one with limit=30&offset=0", reqs)
		}
	})
	t.Run("more than exist", func(t *testing.T) {
		t.Parallel()
		s := &pageServer{t: t, n: 120}
		list, err := listAll(t, s, nil, ListOptions{MaxItems: 1000})
		if err != nil {
			t.Fatal(err)
		}
		if list.Count != 120 || len(list.Items) != 120 || list.Shortfall != nil {
			t.Errorf("Count %d, %d items, shortfall %v", list.Count, len(list.Items), list.Shortfall)
		}
	})
	t.Run("server returns more than asked", func(t *testing.T) {
		t.Parallel()
		s := &pageServer{t: t, n: 250, ignorePaging: true}
		list, err := listAll(t, s, nil, ListOptions{MaxItems: 10})
		if err != nil {
			t.Fatal(err)
		}
		if !equalStrings(idsOf(list.Items), seqIDs(10)) || list.Shortfall != nil || len(s.requests()) != 1 {
			t.Errorf("%d items, shortfall %v, %d requests", len(list.Items), list.Shortfall, len(s.requests()))
		}
	})
}

func TestServerIgnoringPaging(t *testing.T) {
	t.Parallel()
	for _, conc := range []int{1, 4} {
		t.Run("concurrency "+strconv.Itoa(conc), func(t *testing.T) {
			t.Parallel()
			s := &pageServer{t: t, n: 250, ignorePaging: true}
			list, err := listAll(t, s, concurrency(conc), ListOptions{})
			if err != nil {
				t.Fatalf("err = %v, want a Shortfall and no error", err)
			}
			if list.Shortfall == nil {
				t.Fatalf("no Shortfall; %d items", len(list.Items))
			}
			if list.Shortfall.Read != 100 || list.Shortfall.Expected != 250 || list.Count != 250 {
				t.Errorf("Shortfall = %+v, Count = %d; want read 100 of 250", list.Shortfall, list.Count)
			}
			if !strings.Contains(list.Shortfall.String(), "read 100 of 250 items: ") ||
				!strings.Contains(list.Shortfall.Reason, "limit/offset") {
				t.Errorf("Shortfall.String() = %q", list.Shortfall.String())
			}
			if got := idsOf(list.Items); !equalStrings(got, seqIDs(100)) {
				t.Errorf("items = %d, want the first page's 100 in order", len(got))
			}
			if n := len(s.requests()); n > 1+conc+1 {
				t.Errorf("requests = %d, want at most %d", n, 1+conc+1)
			}
		})
	}
}

// A server that ignores paging and reports a large count must still be
// given up on after a few pages that bring nothing new, not after
// count/pageSize requests.
func TestServerIgnoringPagingLargeCountIsBounded(t *testing.T) {
	t.Parallel()
	s := &pageServer{t: t, n: 100, count: 10_000, ignorePaging: true}
	list, err := listAll(t, s, concurrency(4), ListOptions{})
	if err != nil {
		t.Fatalf("err = %v", err)
	}
	if list.Shortfall == nil || list.Shortfall.Read != 100 || list.Shortfall.Expected != 10_000 {
		t.Errorf("Shortfall = %+v, want read 100 of 10000", list.Shortfall)
	}
	if n := len(s.requests()); n > 20 {
		t.Errorf("requests = %d for a server that never sends a new item, want a handful (at most 20)", n)
	}
}

func TestCountLargerThanData(t *testing.T) {
	t.Parallel()
	for _, conc := range []int{1, 4} {
		t.Run("concurrency "+strconv.Itoa(conc), func(t *testing.T) {
			t.Parallel()
			s := &pageServer{t: t, n: 250, count: 255}
			list, err := listAll(t, s, concurrency(conc), ListOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if list.Count != 255 || list.Shortfall == nil || list.Shortfall.Read != 250 || list.Shortfall.Expected != 255 {
				t.Fatalf("Count %d, Shortfall %+v; want read 250 of 255", list.Count, list.Shortfall)
			}
			if !equalStrings(idsOf(list.Items), seqIDs(250)) {
				t.Errorf("items not c-0000..c-0249 in order")
			}
			if n := len(s.requests()); n != 4 {
				t.Errorf("requests = %d (%v), want 4", n, s.offsets())
			}
		})
	}
}

func TestCountSmallerThanData(t *testing.T) {
	t.Parallel()
	s := &pageServer{t: t, n: 250, count: 120}
	list, err := listAll(t, s, nil, ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if list.Count != 120 || list.Shortfall != nil || !equalStrings(idsOf(list.Items), seqIDs(120)) {
		t.Errorf("Count %d, %d items, Shortfall %v", list.Count, len(list.Items), list.Shortfall)
	}
}

func TestDuplicatesAcrossPagesDropped(t *testing.T) {
	t.Parallel()
	for _, conc := range []int{1, 4} {
		t.Run("concurrency "+strconv.Itoa(conc), func(t *testing.T) {
			t.Parallel()
			// A new conversation arrives between the reads: every page after
			// the first starts one item early and repeats the previous page's
			// last item.
			s := &pageServer{t: t}
			s.override = func(w http.ResponseWriter, _ *http.Request, offset, limit, _ int) bool {
				all := []string{"a", "b", "c", "d", "e", "f"}
				lo := max(offset-1, 0)
				hi := min(lo+limit, len(all))
				okPage(w, 6, all[min(lo, len(all)):hi]...)
				return true
			}
			list, err := listAll(t, s, func(c *Config) { c.Concurrency = conc; c.PageSize = 3 }, ListOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if got := idsOf(list.Items); !equalStrings(got, []string{"a", "b", "c", "d", "e", "f"}) || list.Shortfall != nil {
				t.Errorf("ids = %v, shortfall %v; want [a b c d e f]", got, list.Shortfall)
			}
			if got := s.offsets(); !reflect.DeepEqual(got, []int{0, 3, 6}) {
				t.Errorf("offsets = %v, want [0 3 6]", got)
			}
		})
	}
	t.Run("within a page", func(t *testing.T) {
		t.Parallel()
		s := &pageServer{t: t, ids: []string{"x", "y", "x", "z", "y"}, count: 3}
		list, err := listAll(t, s, nil, ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if got := idsOf(list.Items); !equalStrings(got, []string{"x", "y", "z"}) || list.Shortfall != nil {
			t.Errorf("ids = %v, shortfall %v", got, list.Shortfall)
		}
	})
}

func TestServerCapsPageSize(t *testing.T) {
	t.Parallel()
	for _, conc := range []int{1, 4} {
		t.Run("concurrency "+strconv.Itoa(conc), func(t *testing.T) {
			t.Parallel()
			s := &pageServer{t: t, n: 250, capLimit: 50}
			list, err := listAll(t, s, concurrency(conc), ListOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if list.Shortfall != nil || !equalStrings(idsOf(list.Items), seqIDs(250)) {
				t.Fatalf("%d items, Shortfall %v", len(list.Items), list.Shortfall)
			}
			if got := sortedOffsets(s); !reflect.DeepEqual(got, []int{0, 50, 100, 150, 200}) {
				t.Errorf("offsets = %v, want [0 50 100 150 200]", got)
			}
		})
	}
}

func TestEmptyResult(t *testing.T) {
	t.Parallel()
	s := &pageServer{t: t, ids: []string{}}
	list, err := listAll(t, s, nil, ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if list.Count != 0 || list.Items == nil || len(list.Items) != 0 || list.Shortfall != nil {
		t.Errorf("list = %+v, want count 0 and an empty non-nil list", list)
	}
	if reqs := s.requests(); len(reqs) != 1 || reqs[0].RawQuery != "limit=100&offset=0" {
		t.Errorf("requests = %+v, want one", reqs)
	}
}

func TestEmptyFirstPageWithCount(t *testing.T) {
	t.Parallel()
	s := &pageServer{t: t, ids: []string{}, count: 10}
	list, err := listAll(t, s, nil, ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if list.Shortfall == nil || list.Shortfall.Read != 0 || list.Shortfall.Expected != 10 || list.Items == nil {
		t.Errorf("list = %+v, Shortfall %+v; want read 0 of 10", list, list.Shortfall)
	}
	if n := len(s.requests()); n > 2 {
		t.Errorf("requests = %d, want at most 2", n)
	}
}

func TestPageErrorNamesOffset(t *testing.T) {
	t.Parallel()
	for _, conc := range []int{1, 4} {
		t.Run("concurrency "+strconv.Itoa(conc), func(t *testing.T) {
			t.Parallel()
			s := &pageServer{t: t, n: 250}
			s.override = func(w http.ResponseWriter, _ *http.Request, offset, _, _ int) bool {
				if offset != 100 {
					return false
				}
				writeJSON(w, http.StatusForbidden, []byte(`{"code":"forbidden","message":"Access denied"}`))
				return true
			}
			list, err := listAll(t, s, concurrency(conc), ListOptions{})
			if err == nil {
				t.Fatalf("no error; %d items", len(list.Items))
			}
			if list != nil {
				t.Errorf("list = %+v alongside an error", list)
			}
			want := "read page at offset 100: HTTP 403 Forbidden (forbidden): Access denied"
			if err.Error() != want {
				t.Errorf("err = %q, want %q", err, want)
			}
			var apiErr *APIError
			if !errors.As(err, &apiErr) || apiErr.StatusCode != 403 || apiErr.Attempts != 1 {
				t.Errorf("err = %#v", err)
			}
			if n := s.attempts(100); n != 1 {
				t.Errorf("page 100 requested %d times, want 1", n)
			}
		})
	}
}

func TestRetryMidListResumes(t *testing.T) {
	t.Parallel()
	for _, conc := range []int{1, 4} {
		t.Run("concurrency "+strconv.Itoa(conc), func(t *testing.T) {
			t.Parallel()
			s := &pageServer{t: t, n: 250}
			s.override = func(w http.ResponseWriter, _ *http.Request, offset, _, attempt int) bool {
				if offset == 100 && attempt == 1 {
					writeJSON(w, http.StatusServiceUnavailable, []byte(busy))
					return true
				}
				return false
			}
			list, err := listAll(t, s, concurrency(conc), ListOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if !equalStrings(idsOf(list.Items), seqIDs(250)) || list.Shortfall != nil {
				t.Errorf("%d items, shortfall %v", len(list.Items), list.Shortfall)
			}
			if conc == 1 {
				if got := s.offsets(); !reflect.DeepEqual(got, []int{0, 100, 100, 200}) {
					t.Errorf("offsets = %v, want [0 100 100 200]", got)
				}
			} else if got := sortedOffsets(s); !reflect.DeepEqual(got, []int{0, 100, 100, 200}) {
				t.Errorf("offsets = %v, want 0 once, 100 twice, 200 once", got)
			}
		})
	}
}

func TestListCancelMidWay(t *testing.T) {
	t.Parallel()
	s := &pageServer{t: t, n: 1000, delay: 20 * time.Millisecond}
	srv := s.start()
	c := newClient(t, srv.URL, concurrency(1))
	ctx, cancel := contextWithCancelAfter(70 * time.Millisecond)
	defer cancel()
	start := time.Now()
	list, err := c.ListConversations(ctx, "acc_1", ConversationFilter{}, ListOptions{})
	if err == nil {
		t.Fatalf("no error; %d items", len(list.Items))
	}
	var reqErr *RequestError
	if !errors.As(err, &reqErr) || !reqErr.Canceled {
		t.Errorf("err = %v, want *RequestError with Canceled", err)
	}
	if !strings.HasPrefix(err.Error(), "read page at offset ") {
		t.Errorf("err = %q", err)
	}
	if time.Since(start) > time.Second {
		t.Errorf("took %v", time.Since(start))
	}
}
