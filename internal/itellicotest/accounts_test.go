package itellicotest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
)

func TestAccountCurrent(t *testing.T) {
	s := newSeeded(t, Options{AccountID: "0b6a4d1e-2f39-4c8b-a7e5-9d13c2f0e8b4", AccountName: "Müller & Söhne KG", APIKey: "k2"})
	r := getWith(t, http.DefaultClient, s, "k2", "/v1/accounts/current")
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(r.body, &raw); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"id":                `"0b6a4d1e-2f39-4c8b-a7e5-9d13c2f0e8b4"`,
		"name":              `"Müller & Söhne KG"`,
		"is_active":         `true`,
		"parent_account_id": `null`,
		"created":           `"2023-09-01T08:00:00Z"`,
		"modified":          `"2025-01-15T10:30:00Z"`,
	}
	for k, v := range want {
		if string(raw[k]) != v {
			t.Errorf("%s = %s, want %s", k, raw[k], v)
		}
	}
	if len(raw) != len(want) {
		t.Errorf("fields %v", raw)
	}
	// The account of a non-default key owns its conversations; the default account is another's.
	decodeList(t, getWith(t, http.DefaultClient, s, "k2", "/v1/accounts/0b6a4d1e-2f39-4c8b-a7e5-9d13c2f0e8b4/conversations"))
	// The seeded subaccounts follow the key: they are the subaccounts of its account.
	decodeList(t, getWith(t, http.DefaultClient, s, "k2", accountPath(SubaccountSchweizID, "agents")))
	var sub Account
	decode(t, getWith(t, http.DefaultClient, s, "k2", accountPath("me", "subaccounts/"+SubaccountSchweizID)), &sub)
	if p, _ := sub.ParentAccountID.Get(); p != "0b6a4d1e-2f39-4c8b-a7e5-9d13c2f0e8b4" {
		t.Errorf("parent of the subaccount: %q", p)
	}
	decodeError(t, getWith(t, http.DefaultClient, s, "k2", conversationsPath), 403, "forbidden")
}

func TestSubaccounts(t *testing.T) {
	s := newSeeded(t, Options{})
	schweiz, oesterreich := SubaccountSchweizID, SubaccountOesterreichID
	for _, tc := range []struct {
		path string
		want []string
	}{
		{accountPath("me", "subaccounts"), []string{schweiz, oesterreich}},
		{accountPath(DefaultAccountID, "subaccounts?is_active=true"), []string{schweiz}},
		{accountPath(DefaultAccountID, "subaccounts?is_active=false"), []string{oesterreich}},
		{accountPath("me", "subaccounts?limit=1&offset=1"), []string{oesterreich}},
		{accountPath(schweiz, "subaccounts"), nil}, // subaccounts have none
	} {
		l := decodeList(t, get(t, s, tc.path))
		if !slices.Equal(l.ids, tc.want) {
			t.Errorf("%s: ids %v, want %v", tc.path, l.ids, tc.want)
		}
	}
	if l := decodeList(t, get(t, s, accountPath("me", "subaccounts?limit=1&offset=1"))); l.Count != 2 {
		t.Errorf("count %d", l.Count)
	}

	var subs []Account
	for _, raw := range decodeList(t, get(t, s, accountPath("me", "subaccounts"))).Items {
		var a Account
		if err := json.Unmarshal(raw, &a); err != nil {
			t.Fatal(err)
		}
		subs = append(subs, a)
	}
	if !slices.EqualFunc(subs, s.Subaccounts(), sameAccount) {
		t.Errorf("listed %+v\nserved %+v", subs, s.Subaccounts())
	}
	for _, a := range subs {
		if p, ok := a.ParentAccountID.Get(); !ok || p != DefaultAccountID {
			t.Errorf("%s: parent_account_id %v", a.ID, a.ParentAccountID)
		}
	}
	if subs[0].Name != "Acme Schweiz AG" || !subs[0].IsActive || subs[1].Name != "Acme Österreich GmbH" || subs[1].IsActive {
		t.Errorf("subaccounts %+v", subs)
	}

	f := fields(t, get(t, s, accountPath("me", "subaccounts/"+strings.ToUpper(oesterreich))))
	if string(f["id"]) != `"`+oesterreich+`"` || string(f["is_active"]) != "false" || len(f) != 6 {
		t.Errorf("one subaccount: %v", f)
	}
	decodeError(t, get(t, s, accountPath("me", "subaccounts/5b0e8a44-2c7d-4f5e-9a61-0d3c8b7e2f19")), 404, "not_found")
	decodeError(t, get(t, s, accountPath(schweiz, "subaccounts/"+oesterreich)), 404, "not_found")
	e := decodeError(t, get(t, s, accountPath("me", "subaccounts/schweiz")), 422, "validation_error")
	if !slices.Equal(errorFields(e), []string{"subaccount_id"}) {
		t.Errorf("errors %+v", e.Errors)
	}
	e = decodeError(t, get(t, s, accountPath("me", "subaccounts?is_active=yes&limit=0&offset=-1")), 422, "validation_error")
	if !slices.Equal(errorFields(e), []string{"is_active", "limit", "offset"}) {
		t.Errorf("errors %+v", e.Errors)
	}

	none := newSeeded(t, Options{Subaccounts: []Account{}})
	if l := decodeList(t, get(t, none, accountPath("me", "subaccounts"))); l.Count != 0 {
		t.Errorf("without subaccounts: %+v", l)
	}
	decodeError(t, get(t, none, accountPath(schweiz, "agents")), 403, "forbidden")
}

func sameAccount(a, b Account) bool {
	return a.ID == b.ID && a.Name == b.Name && a.IsActive == b.IsActive && a.ParentAccountID == b.ParentAccountID &&
		a.Created.Equal(b.Created) && a.Modified.Equal(b.Modified)
}
