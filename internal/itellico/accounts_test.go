package itellico

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

// standInClient starts the stand-in API and returns a client for it, with
// the stand-in's key and fast retries.
func standInClient(t *testing.T, opts itellicotest.Options, mod func(*Config)) (*itellicotest.Server, *Client) {
	t.Helper()
	if opts.Conversations == nil {
		opts.Conversations = []itellicotest.Conversation{}
	}
	srv := itellicotest.NewHTTPTest(t, opts)
	return srv, newClient(t, srv.URL(), func(c *Config) {
		c.APIKey = srv.APIKey()
		if mod != nil {
			mod(c)
		}
	})
}

func TestCurrentAccount(t *testing.T) {
	t.Parallel()
	srv, c := standInClient(t, itellicotest.Options{AccountName: "Acme Support AG"}, nil)
	a, err := c.CurrentAccount(testCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	if a.ID != srv.AccountID() {
		t.Errorf("id = %q, want %q", a.ID, srv.AccountID())
	}
	if a.Name == nil || *a.Name != "Acme Support AG" {
		t.Errorf("name = %v, want Acme Support AG", a.Name)
	}
	if a.IsActive == nil || !*a.IsActive {
		t.Errorf("is_active = %v, want true", a.IsActive)
	}
	if a.ParentAccountID != nil {
		t.Errorf("parent_account_id = %q, want nil for null", *a.ParentAccountID)
	}
	if a.Created == nil || *a.Created != "2023-09-01T08:00:00Z" || a.Modified == nil || *a.Modified != "2025-01-15T10:30:00Z" {
		t.Errorf("created, modified = %v, %v", a.Created, a.Modified)
	}
	reqs := srv.Requests()
	if len(reqs) != 1 || reqs[0].Path != "/v1/accounts/current" || len(reqs[0].Query) != 0 {
		t.Errorf("requests = %+v, want one GET /v1/accounts/current without a query", reqs)
	}
}

func TestCurrentAccountAbsentFieldsAreNil(t *testing.T) {
	t.Parallel()
	for _, body := range []string{
		`{"id":"acc_1"}`,
		`{"id":"acc_1","name":null,"is_active":null,"parent_account_id":null,"created":null,"modified":null,"plan":"pro"}`,
	} {
		srv := newServer(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, http.StatusOK, []byte(body)) })
		a, err := newClient(t, srv.URL, nil).CurrentAccount(testCtx(t))
		if err != nil {
			t.Fatalf("%s: %v", body, err)
		}
		if *a != (Account{ID: "acc_1"}) {
			t.Errorf("%s decoded as %+v, want only the id", body, a)
		}
	}
}

func TestCurrentAccountParent(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, []byte(`{"id":"sub_1","name":"Sub","is_active":false,"parent_account_id":"acc_1"}`))
	})
	a, err := newClient(t, srv.URL, nil).CurrentAccount(testCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	if a.ParentAccountID == nil || *a.ParentAccountID != "acc_1" || a.IsActive == nil || *a.IsActive {
		t.Errorf("decoded %+v", a)
	}
}

func TestCurrentAccountWithoutIDRefused(t *testing.T) {
	t.Parallel()
	// The stand-in wraps the object in {"data": ...}: a body without "id".
	_, c := standInClient(t, itellicotest.Options{Faults: itellicotest.Always(itellicotest.WrongShape)}, nil)
	_, err := c.CurrentAccount(testCtx(t))
	var respErr *ResponseError
	if !errors.As(err, &respErr) || !strings.Contains(respErr.Reason, `no "id"`) {
		t.Fatalf("err = %v, want a *ResponseError saying the JSON has no id", err)
	}
}

func TestCurrentAccountErrorsAndRetries(t *testing.T) {
	t.Parallel()
	srv, c := standInClient(t, itellicotest.Options{Faults: itellicotest.Sequence(itellicotest.Unavailable)}, nil)
	if _, err := c.CurrentAccount(testCtx(t)); err != nil {
		t.Fatalf("a 503 then success: %v", err)
	}
	if n := len(srv.Requests()); n != 2 {
		t.Errorf("requests = %d, want 2", n)
	}

	_, bad := standInClient(t, itellicotest.Options{APIKey: "another-key"}, func(c *Config) { c.APIKey = testKey })
	_, err := bad.CurrentAccount(testCtx(t))
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusUnauthorized || apiErr.Code != "unauthorized" {
		t.Fatalf("wrong key: err = %v, want *APIError 401 unauthorized", err)
	}
	mustNotContainKey(t, "the error", err.Error())
}
