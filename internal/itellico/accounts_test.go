package itellico

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

// The helpers below turn the stand-in's values (Opt: absent, null or a
// value) into what the client should decode from them (a pointer, nil for
// absent and null), field by field, so that a wrong json tag in the client
// shows as a difference.

func optPtr[T any](o itellicotest.Opt[T]) *T {
	if v, ok := o.Get(); ok {
		return &v
	}
	return nil
}

func ptrTo[T any](v T) *T { return &v }

// optTime is a date-time as the stand-in writes it.
func optTime(o itellicotest.Opt[time.Time]) *string {
	if v, ok := o.Get(); ok {
		return ptrTo(v.Format(time.RFC3339Nano))
	}
	return nil
}

// optRaw is free-form JSON: nil when absent, the literal null when null.
func optRaw(t *testing.T, o itellicotest.Opt[json.RawMessage]) json.RawMessage {
	t.Helper()
	switch o.State {
	case itellicotest.Absent:
		return nil
	case itellicotest.NullState:
		return json.RawMessage("null")
	}
	var b bytes.Buffer
	if err := json.Compact(&b, o.V); err != nil {
		t.Fatalf("seed JSON %q: %v", o.V, err)
	}
	return b.Bytes()
}

// optSlice is a list: nil when absent or null, else the values.
func optSlice[T, U any](o itellicotest.Opt[[]T], conv func(T) U) []U {
	v, ok := o.Get()
	if !ok {
		return nil
	}
	out := make([]U, len(v))
	for i := range v {
		out[i] = conv(v[i])
	}
	return out
}

func same[T any](v T) T { return v }

// optObj is a nested object: nil when absent or null.
func optObj[T, U any](o itellicotest.Opt[T], conv func(T) U) *U {
	if v, ok := o.Get(); ok {
		u := conv(v)
		return &u
	}
	return nil
}

// checkDecoded compares got with want and shows both as JSON on a difference.
func checkDecoded(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", " ")
		w, _ := json.MarshalIndent(want, "", " ")
		t.Errorf("%s decoded as\n%s\nwant\n%s", what, g, w)
	}
}

func wantAccount(a itellicotest.Account) Account {
	return Account{ID: a.ID, Name: ptrTo(a.Name), IsActive: ptrTo(a.IsActive),
		Created:  ptrTo(a.Created.Format(time.RFC3339Nano)),
		Modified: ptrTo(a.Modified.Format(time.RFC3339Nano)), ParentAccountID: optPtr(a.ParentAccountID)}
}

func TestCurrentAccount(t *testing.T) {
	t.Parallel()
	srv, c := standIn(t, itellicotest.Options{AccountName: "Acme Support AG"}, nil)
	a, err := c.CurrentAccount(testCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	checkDecoded(t, "the current account", *a, wantAccount(srv.Account()))
	if a.Name == nil || *a.Name != "Acme Support AG" || a.ParentAccountID != nil {
		t.Errorf("name %v, parent %v: want Acme Support AG and nil for null", a.Name, a.ParentAccountID)
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
		_, c := frontClient(t, itellicotest.Options{}, script(reply(http.StatusOK, body)), nil)
		a, err := c.CurrentAccount(testCtx(t))
		if err != nil {
			t.Fatalf("%s: %v", body, err)
		}
		if *a != (Account{ID: "acc_1"}) {
			t.Errorf("%s decoded as %+v, want only the id", body, a)
		}
	}
}

func TestCurrentAccountWithoutIDRefused(t *testing.T) {
	t.Parallel()
	// The stand-in wraps the object in {"data": ...}: a body without "id".
	srv, c := standIn(t, itellicotest.Options{Faults: itellicotest.Always(itellicotest.WrongShape)}, nil)
	_, err := c.CurrentAccount(testCtx(t))
	var respErr *ResponseError
	if !errors.As(err, &respErr) || respErr.Reason != `the JSON has no "id"` {
		t.Fatalf("err = %v, want a *ResponseError saying the JSON has no id", err)
	}
	if n := len(srv.Requests()); n != 1 {
		t.Errorf("requests = %d, want 1: a wrong shape is not retried", n)
	}
}

func TestCurrentAccountErrorsAndRetries(t *testing.T) {
	t.Parallel()
	srv, c := standIn(t, itellicotest.Options{Faults: itellicotest.Sequence(itellicotest.Unavailable, itellicotest.Truncated)}, nil)
	if _, err := c.CurrentAccount(testCtx(t)); err != nil {
		t.Fatalf("a 503 and a body cut short, then success: %v", err)
	}
	if n := len(srv.Requests()); n != 3 {
		t.Errorf("requests = %d, want 3", n)
	}

	_, bad := standIn(t, itellicotest.Options{APIKey: "another-key"}, nil)
	_, err := bad.CurrentAccount(testCtx(t))
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusUnauthorized || apiErr.Code != "unauthorized" ||
		apiErr.Message != "Invalid API key." || apiErr.Attempts != 1 {
		t.Fatalf("wrong key: err = %#v, want *APIError 401 unauthorized after one attempt", err)
	}
	mustNotContainKey(t, "the error", err.Error())
}

func TestSubaccounts(t *testing.T) {
	t.Parallel()
	srv, c := standIn(t, itellicotest.Options{}, nil)
	var got []Account
	res, err := List(testCtx(t), c, Subaccounts("me"), nil, ListOptions{}, func(a *Account) Account { return *a },
		func(a Account) { got = append(got, a) })
	if err != nil {
		t.Fatal(err)
	}
	var want []Account
	for _, a := range srv.Subaccounts() {
		want = append(want, wantAccount(a))
	}
	if len(want) != 2 || res.Count != 2 || res.Read != 2 || res.Shortfall != nil {
		t.Errorf("result %+v, %d seeded subaccounts", res, len(want))
	}
	checkDecoded(t, "the subaccounts", got, want)
	if got[0].ParentAccountID == nil || *got[0].ParentAccountID != account {
		t.Errorf("parent_account_id = %v, want %s", got[0].ParentAccountID, account)
	}

	one, err := c.GetSubaccount(testCtx(t), account, itellicotest.SubaccountOesterreichID)
	if err != nil {
		t.Fatal(err)
	}
	checkDecoded(t, "GetSubaccount", *one, want[1])

	_, err = c.GetSubaccount(testCtx(t), account, "00000000-0000-4000-8000-000000000000")
	wantAPIError(t, err, http.StatusNotFound, "not_found", nil)
}

// wantAPIError checks that err is an *APIError of status and code, with
// the field errors named by fields (nil: none), and returns a copy.
func wantAPIError(t *testing.T, err error, status int, code string, fields []string) APIError {
	t.Helper()
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %T %v, want an *APIError", err, err)
	}
	var got []string
	for _, f := range apiErr.Errors {
		if f.Message == "" {
			t.Errorf("field error %q without a message", f.Field)
		}
		got = append(got, f.Field)
	}
	if apiErr.StatusCode != status || apiErr.Code != code || fmt.Sprint(got) != fmt.Sprint(fields) ||
		apiErr.Message == "" || apiErr.Attempts != 1 || !strings.HasPrefix(apiErr.RequestID, "req_") {
		t.Errorf("APIError = %+v, want HTTP %d %s with field errors %v after one attempt, and the request id", apiErr, status, code, fields)
	}
	return *apiErr
}
