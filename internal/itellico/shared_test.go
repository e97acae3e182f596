package itellico

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

// Reads shared within a client are counted at the stand-in: a test fails
// when a read that should be shared or kept reaches the server again.

func TestReadAll_keptForTheClientsLife(t *testing.T) {
	t.Parallel()
	srv, c := standIn(t, itellicotest.Options{Agents: manyAgents(250)}, nil)
	account := srv.AccountID()
	first, err := ReadAll(testCtx(t), c, Agents(account), nil)
	if err != nil {
		t.Fatal(err)
	}
	asked := len(srv.Requests())
	if want := 3; asked != want { // pages of 100
		t.Fatalf("the first read made %d requests, want %d", asked, want)
	}
	again, err := ReadAll(testCtx(t), c, Agents(account), url.Values{})
	if err != nil || again != first {
		t.Fatalf("the second read: %v, %p, want the first listing %p", err, again, first)
	}
	if n := len(srv.Requests()); n != asked {
		t.Errorf("the second read made %d requests, want none", n-asked)
	}
	if len(first.Items) != 250 || first.Count != 250 || first.Find(first.Items[249].ID) != first.Items[249] {
		t.Errorf("the listing holds %d items of %d, and finds by id: %v", len(first.Items), first.Count,
			first.Find(first.Items[249].ID) != nil)
	}
	// Another query is another read.
	if _, err := ReadAll(testCtx(t), c, Agents(account), url.Values{"tags": {"bulk"}}); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.Requests()); n == asked {
		t.Error("a read with another query was answered from the first")
	}
}

func TestReadAll_identicalReadsInFlightAreSentOnce(t *testing.T) {
	t.Parallel()
	srv, c := standIn(t, itellicotest.Options{Agents: manyAgents(250), Latency: 50 * time.Millisecond}, nil)
	var wg sync.WaitGroup
	listings := make([]*Listing[Agent], 20)
	errs := make([]error, len(listings))
	for i := range listings {
		wg.Go(func() { listings[i], errs[i] = ReadAll(testCtx(t), c, Agents(srv.AccountID()), nil) })
	}
	wg.Wait()
	for i := range listings {
		if errs[i] != nil || listings[i] != listings[0] {
			t.Fatalf("reader %d: %v, a listing of its own: %v", i, errs[i], listings[i] != listings[0])
		}
	}
	if n := len(srv.Requests()); n != 3 {
		t.Errorf("20 readers made %d requests, want 3: one read of 3 pages", n)
	}
}

// A transient failure is handed to the reads in flight with it, and not
// kept: a later read asks again, with a single attempt while the read keeps
// failing, and with its retries again once it was answered.
func TestReadAll_aTransientFailureIsNotKept(t *testing.T) {
	t.Parallel()
	// Two more 500s than the first read's three attempts: the second read's
	// single attempt fails too, the third is answered.
	fail := itellicotest.InternalError
	srv, c := standIn(t, itellicotest.Options{Faults: itellicotest.Sequence(fail, fail, fail, fail)}, nil)
	var apiErr *APIError
	_, err := ReadAll(testCtx(t), c, Agents(srv.AccountID()), nil)
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusInternalServerError || apiErr.Attempts != 3 {
		t.Fatalf("err = %v, want the API's 500 after 3 attempts", err)
	}
	if n := len(srv.Requests()); n != 3 {
		t.Fatalf("the first read made %d requests, want 3: max_retries is 2", n)
	}
	_, err2 := ReadAll(testCtx(t), c, Agents(srv.AccountID()), nil)
	if !errors.As(err2, &apiErr) || apiErr.StatusCode != http.StatusInternalServerError || errors.Is(err2, err) {
		t.Fatalf("the second read: %v, want a 500 of its own", err2)
	}
	if n := len(srv.Requests()); n != 4 {
		t.Errorf("the second read made %d requests, want 1: a single attempt after a failure", n-3)
	}
	third, err := ReadAll(testCtx(t), c, Agents(srv.AccountID()), nil)
	if err != nil || len(third.Items) == 0 {
		t.Fatalf("the third read: %v, want the agents", err)
	}
	if n := len(srv.Requests()); n != 5 {
		t.Errorf("the third read made %d requests, want 1", n-4)
	}
	if again, err := ReadAll(testCtx(t), c, Agents(srv.AccountID()), nil); err != nil || again != third {
		t.Errorf("a read after the success: %v, another listing: %v; want the kept one", err, again != third)
	}
	if n := len(srv.Requests()); n != 5 {
		t.Errorf("a read after the success made %d requests, want none: it is kept", n-5)
	}
}

// An answer that cannot change within a plan is kept as a success is; any
// other failure is not (see final).
func TestShared_finalFailuresAreKeptOthersNot(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		status  int
		headers []string
		body    string
		kept    bool
	}{
		{"401", http.StatusUnauthorized, nil, `{"code":"unauthorized","message":"Invalid API key."}`, true},
		{"403", http.StatusForbidden, nil, `{"code":"forbidden","message":"Not your account."}`, true},
		{"404", http.StatusNotFound, nil, `{"code":"not_found","message":"Not found."}`, true},
		{"422", http.StatusUnprocessableEntity, nil, `{"code":"validation_error","message":"Bad."}`, true},
		{"404 that may be retried", http.StatusNotFound, []string{"x-should-retry", "true"}, `{"code":"not_found"}`, false},
		{"500", http.StatusInternalServerError, nil, `{"code":"internal_error"}`, false},
		{"503 not to be retried", http.StatusServiceUnavailable, []string{"x-should-retry", "false"}, `{"code":"service_unavailable"}`, false},
		{"408", http.StatusRequestTimeout, nil, `{"code":"request_timeout"}`, false},
		{"409", http.StatusConflict, nil, `{"code":"conflict"}`, false},
		{"200 HTML", http.StatusOK, []string{"Content-Type", "text/html"}, "<!DOCTYPE html><p>Maintenance</p>", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var requests atomic.Int64
			ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				requests.Add(1)
				writeBody(w, tc.status, tc.body, tc.headers...)
			}))
			t.Cleanup(ts.Close)
			c := newClient(t, ts.URL, func(c *Config) { c.MaxRetries = 1 })
			_, err := c.CurrentAccount(testCtx(t))
			if err == nil {
				t.Fatal("the first read succeeded")
			}
			first := requests.Load()
			_, err2 := c.CurrentAccount(testCtx(t))
			asked := requests.Load() - first
			switch {
			case tc.kept && (asked != 0 || err2 != err):
				t.Errorf("a later read made %d requests and got %v; want none, and the kept %v", asked, err2, err)
			case !tc.kept && (asked != 1 || err2 == err):
				t.Errorf("a later read made %d requests and got the first's error: %v; want one request of its own",
					asked, err2 == err)
			}
		})
	}
}

// A list the server would not let the client read whole is not kept: the
// next read may get it whole.
func TestReadAll_anIncompleteListIsNotKept(t *testing.T) {
	t.Parallel()
	srv, c := standIn(t, itellicotest.Options{Agents: manyAgents(250),
		Faults: itellicotest.Sequence(itellicotest.IgnorePaging, itellicotest.IgnorePaging, itellicotest.IgnorePaging)}, nil)
	first, err := ReadAll(testCtx(t), c, Agents(srv.AccountID()), nil)
	if err != nil || first.Shortfall == nil {
		t.Fatalf("the first read: %v, shortfall %v; want a shortfall", err, first.Shortfall)
	}
	second, err := ReadAll(testCtx(t), c, Agents(srv.AccountID()), nil)
	if err != nil || second.Shortfall != nil || len(second.Items) != 250 {
		t.Fatalf("the second read: %v, %d items, shortfall %v; want all 250", err, len(second.Items), second.Shortfall)
	}
}

// A reader canceled while it made the read does not cancel the others
// waiting on it: they ask again. The server holds the first request until
// the client gives it up; the second reader joins the read before the first
// is canceled, or, if it comes late, reads alone: two requests either way,
// and the second reader gets the account.
func TestShared_aCanceledReadIsNotHandedOn(t *testing.T) {
	t.Parallel()
	arrived := make(chan struct{})
	var first sync.Once
	srv, c := frontClient(t, itellicotest.Options{}, func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		held := false
		first.Do(func() { held = true })
		if !held {
			next.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(httptest.NewRecorder(), r) // counted, not answered
		close(arrived)
		select {
		case <-r.Context().Done(): // the client gave the request up
		case <-time.After(10 * time.Second):
		}
	}, nil)
	canceled, cancel := context.WithCancel(testCtx(t))
	done := make(chan error, 1)
	go func() {
		_, err := c.CurrentAccount(canceled)
		done <- err
	}()
	<-arrived // the first caller's request is in flight
	joining := make(chan struct{})
	var once sync.Once
	c.sharing.beforeFlight = func(string) { once.Do(func() { close(joining) }) }
	second := make(chan error, 1)
	go func() {
		_, err := c.CurrentAccount(testCtx(t))
		second <- err
	}()
	<-joining
	time.Sleep(20 * time.Millisecond) // time to join the read; the test holds if it does not
	cancel()
	var reqErr *RequestError
	if err := <-done; !errors.As(err, &reqErr) || !reqErr.Canceled {
		t.Errorf("the canceled caller: %v, want a cancellation", err)
	}
	if err := <-second; err != nil {
		t.Errorf("the caller that was not canceled: %v", err)
	}
	if _, err := c.CurrentAccount(testCtx(t)); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.Requests()); n != 2 {
		t.Errorf("%d requests, want 2: the canceled one, and one kept since", n)
	}
}

// Against an API that hangs, a lookup fails after its retries, and a later
// one asks again with a single attempt: it fails in the time of one
// request, not of max_retries + 1.
func TestCurrentAccount_aHangingAPIIsAskedOnceMore(t *testing.T) {
	t.Parallel()
	const timeout = 200 * time.Millisecond
	srv, c := standIn(t, itellicotest.Options{Faults: itellicotest.Always(itellicotest.Stall)},
		func(c *Config) { c.RequestTimeout = timeout; c.MaxRetries = 2 })
	_, err := c.CurrentAccount(testCtx(t))
	var reqErr *RequestError
	if !errors.As(err, &reqErr) || !reqErr.Timeout || reqErr.Attempts != 3 {
		t.Fatalf("err = %v, want a timeout after 3 attempts", err)
	}
	started := time.Now()
	_, err2 := c.CurrentAccount(testCtx(t))
	took := time.Since(started)
	if !errors.As(err2, &reqErr) || !reqErr.Timeout || errors.Is(err2, err) {
		t.Errorf("a later lookup: %v, want a timeout of its own", err2)
	}
	if n := len(srv.Requests()); n != 4 {
		t.Errorf("%d requests, want 4: 3 attempts, then a single one", n)
	}
	if took < timeout {
		t.Errorf("the later lookup took %v, less than one request_timeout: it asked nothing", took)
	}
}

func TestGetConversation_identicalReadsInFlightAreSentOnceNotKept(t *testing.T) {
	t.Parallel()
	// The server holds the first request until every reader has come to
	// the read (beforeFlight), and a little more for the last to join it.
	all := make(chan struct{})
	var came atomic.Int64
	var first sync.Once
	srv, c := frontClient(t, itellicotest.Options{}, func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		first.Do(func() {
			select {
			case <-all:
				time.Sleep(100 * time.Millisecond)
			case <-time.After(10 * time.Second):
			}
		})
		next.ServeHTTP(w, r)
	}, nil)
	c.sharing.beforeFlight = func(string) {
		if came.Add(1) == 5 {
			close(all)
		}
	}
	id := itellicotest.ConversationWithToolResults
	var wg sync.WaitGroup
	for range 5 {
		wg.Go(func() {
			if cv, err := c.GetConversation(testCtx(t), srv.AccountID(), id); err != nil || cv.ConversationID != id {
				t.Errorf("GetConversation: %v", err)
			}
		})
	}
	wg.Wait()
	if n := len(srv.Requests()); n != 1 {
		t.Errorf("5 identical reads in flight made %d requests, want 1", n)
	}
	if _, err := c.GetConversation(testCtx(t), srv.AccountID(), id); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.Requests()); n != 2 {
		t.Errorf("a later read made %d requests, want 1: conversations are not kept", n-1)
	}
}

// A key the API refused once is not sent again.
func TestClient_aRefusedKeyIsNotSentAgain(t *testing.T) {
	t.Parallel()
	srv := itellicotest.NewHTTPTest(t, withKey(itellicotest.Options{}))
	c := newClient(t, srv.URL(), func(c *Config) { c.APIKey = "revoked-key" })
	_, err := c.CurrentAccount(testCtx(t))
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusUnauthorized {
		t.Fatalf("err = %v, want a 401", err)
	}
	_, err = ReadAll(testCtx(t), c, Agents(srv.AccountID()), nil)
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusUnauthorized {
		t.Fatalf("a later read: %v, want the 401", err)
	}
	if n := len(srv.Requests()); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

// Looking at what is kept and starting a flight are two steps; a read that
// ends between them must not be read again and stored over. The test holds
// a reader between the two steps (beforeFlight) while another reads the
// account and keeps it, then lets it go on: one request, one answer, though
// the server would answer a second request otherwise.
func TestShared_oneAnswerWhenAReadEndsBetweenLookingAndStarting(t *testing.T) {
	t.Parallel()
	var requests atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		writeBody(w, http.StatusOK, fmt.Sprintf(`{"id": "account-%d"}`, requests.Add(1)))
	}))
	t.Cleanup(ts.Close)
	c := newClient(t, ts.URL, nil)
	held, release := make(chan struct{}), make(chan struct{})
	var calls atomic.Int64
	c.sharing.beforeFlight = func(string) {
		if calls.Add(1) == 1 { // the late reader
			close(held)
			<-release
		}
	}
	type result struct {
		a   *Account
		err error
	}
	late := make(chan result, 1)
	go func() {
		a, err := c.CurrentAccount(testCtx(t))
		late <- result{a, err}
	}()
	<-held // the late reader found nothing kept, and has not started a flight
	first, err := c.CurrentAccount(testCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	close(release)
	second := <-late
	if second.err != nil {
		t.Fatal(second.err)
	}
	if n := requests.Load(); n != 1 || second.a != first {
		t.Errorf("%d requests; the readers got %q and %q: want one request and one answer", n, first.ID, second.a.ID)
	}
	if again, err := c.CurrentAccount(testCtx(t)); err != nil || again != first {
		t.Errorf("a third read: %v, %v; want the first answer", err, again)
	}
}

// A read that used up its wait on rate limits is not kept, but the next read
// of the same thing waits only for what that wait had left: against an API
// that keeps rate-limiting, it fails at once rather than wait the whole
// bound again.
func TestShared_aRateLimitWaitUsedUpIsNotWaitedAgain(t *testing.T) {
	t.Parallel()
	var requests atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		requests.Add(1)
		writeBody(w, http.StatusTooManyRequests, `{"code":"rate_limit_exceeded"}`, "retry-after-ms", "100")
	}))
	t.Cleanup(ts.Close)
	// Pauses of 100 ms: two fit in 250 ms, a third does not.
	c := newClient(t, ts.URL, func(c *Config) { c.MaxRateLimitWait = 250 * time.Millisecond })
	var rateErr *RateLimitError
	if _, err := ReadAll(testCtx(t), c, Agents(account), nil); !errors.As(err, &rateErr) {
		t.Fatalf("err = %v, want a rate-limit wait used up", err)
	}
	first := requests.Load()
	if first != 3 {
		t.Errorf("the first read made %d requests, want 3", first)
	}
	if _, err := ReadAll(testCtx(t), c, Agents(account), nil); !errors.As(err, &rateErr) {
		t.Fatalf("the second read: %v, want a rate-limit wait used up", err)
	}
	// It sends nothing while the last pause runs, else one request
	// (without the first read's budget, it would wait and send two).
	if n := requests.Load() - first; n > 1 {
		t.Errorf("the second read made %d requests, want at most 1", n)
	}
}
