package itellico

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"sync"
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

// A failed read is kept too: the plan fails once, in the time of one read.
func TestReadAll_aFailureIsKept(t *testing.T) {
	t.Parallel()
	srv, c := standIn(t, itellicotest.Options{Faults: itellicotest.Always(itellicotest.InternalError)}, nil)
	_, err := ReadAll(testCtx(t), c, Agents(srv.AccountID()), nil)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusInternalServerError {
		t.Fatalf("err = %v, want the API's 500", err)
	}
	asked := len(srv.Requests())
	if _, err2 := ReadAll(testCtx(t), c, Agents(srv.AccountID()), nil); !errors.Is(err2, err) {
		t.Errorf("the second read: %v, want the first's error", err2)
	}
	if n := len(srv.Requests()); n != asked {
		t.Errorf("the second read made %d requests, want none", n-asked)
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
// waiting on it: they ask again.
func TestShared_aCanceledReadIsNotHandedOn(t *testing.T) {
	t.Parallel()
	srv, c := standIn(t, itellicotest.Options{Latency: 300 * time.Millisecond}, nil)
	canceled, cancel := context.WithCancel(testCtx(t))
	done := make(chan error, 1)
	go func() {
		_, err := c.CurrentAccount(canceled)
		done <- err
	}()
	time.Sleep(50 * time.Millisecond) // the first caller's request is in flight
	second := make(chan error, 1)
	go func() {
		_, err := c.CurrentAccount(testCtx(t))
		second <- err
	}()
	time.Sleep(50 * time.Millisecond)
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

func TestCurrentAccount_readOnceAndKeptFailureIncluded(t *testing.T) {
	t.Parallel()
	srv, c := standIn(t, itellicotest.Options{Faults: itellicotest.Always(itellicotest.Stall)},
		func(c *Config) { c.RequestTimeout = 100 * time.Millisecond; c.MaxRetries = 1 })
	var wg sync.WaitGroup
	errs := make([]error, 8)
	started := time.Now()
	for i := range errs {
		wg.Go(func() { _, errs[i] = c.CurrentAccount(testCtx(t)) })
	}
	wg.Wait()
	for _, err := range errs {
		var reqErr *RequestError
		if !errors.As(err, &reqErr) || !reqErr.Timeout {
			t.Fatalf("err = %v, want a timeout", err)
		}
	}
	if _, err := c.CurrentAccount(testCtx(t)); !errors.Is(err, errs[0]) {
		t.Errorf("a later lookup: %v, want the kept failure", err)
	}
	if n := len(srv.Requests()); n != 2 {
		t.Errorf("%d requests, want 2: one lookup and its retry, for every caller", n)
	}
	if d := time.Since(started); d > 5*time.Second {
		t.Errorf("8 lookups against a hanging API took %v, the time of many reads", d)
	}
}

func TestGetConversation_identicalReadsInFlightAreSentOnceNotKept(t *testing.T) {
	t.Parallel()
	srv, c := standIn(t, itellicotest.Options{Latency: 50 * time.Millisecond}, nil)
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
