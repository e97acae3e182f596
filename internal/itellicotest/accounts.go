package itellicotest

import (
	"net/http"
	"slices"
	"strings"
	"time"
)

// Account is an account: the key's own, or one of its subaccounts. ParentAccountID is null for
// the key's account; the server sets it to the key's account for every subaccount.
type Account struct {
	ID              string      `json:"id"`
	Name            string      `json:"name"`
	IsActive        bool        `json:"is_active"`
	ParentAccountID Opt[string] `json:"parent_account_id,omitzero"`
	Created         time.Time   `json:"created"`
	Modified        time.Time   `json:"modified"`
}

var (
	accountCreated  = time.Date(2023, time.September, 1, 8, 0, 0, 0, time.UTC)
	accountModified = time.Date(2025, time.January, 15, 10, 30, 0, 0, time.UTC)
)

// Account returns the key's account as /v1/accounts/current sends it.
func (s *Server) Account() Account {
	return Account{ID: s.opts.AccountID, Name: s.opts.AccountName, IsActive: true,
		ParentAccountID: Null[string](), Created: accountCreated, Modified: accountModified}
}

// Subaccounts returns the subaccounts of the key's account, in the order the API lists them
// (the order of Options.Subaccounts).
func (s *Server) Subaccounts() []Account { return values(s.subaccounts) }

func (s *Server) setAccounts() {
	s.account = mustMarshal(s.Account())
	subs := slices.Clone(s.opts.Subaccounts)
	for i := range subs {
		subs[i].ParentAccountID = Some(s.opts.AccountID)
	}
	s.subaccounts = encodeRecords(subs, func(a *Account) string { return a.ID })
}

// resolveAccount reads the account_id of a path: "me" or the key's account id (in any case) is
// the key's account, a subaccount's id is that subaccount, and anything else is not the key's to
// read. It returns the id as the server stores it, so that comparisons need no case folding.
func (s *Server) resolveAccount(id string) (string, bool) {
	if id == "me" || strings.EqualFold(id, s.opts.AccountID) {
		return s.opts.AccountID, true
	}
	for _, sub := range s.subaccounts {
		if strings.EqualFold(id, sub.id) {
			return sub.id, true
		}
	}
	return "", false
}

// inScope reports whether data of account owner is served under the path's account: the path's
// own, and a subaccount's under the key's account. Subaccounts have no subaccounts of their own.
func (s *Server) inScope(path, owner string) bool {
	if strings.EqualFold(owner, path) {
		return true
	}
	return path == s.opts.AccountID && slices.ContainsFunc(s.subaccounts, func(r record[Account]) bool {
		return strings.EqualFold(owner, r.id)
	})
}

func (s *Server) currentAccount(c *call) (int, []byte) {
	return http.StatusOK, objectBody(s.account, c.fault)
}

func (s *Server) listSubaccounts(c *call) (int, []byte) {
	active := c.params.boolean("is_active")
	pg := s.pager(c)
	if c.params.errs != nil {
		return c.params.failure()
	}
	if c.account == s.opts.AccountID {
		for _, r := range s.subaccounts {
			if want, ok := active.Get(); !ok || r.v.IsActive == want {
				pg.add(r.raw, r.id)
			}
		}
	}
	return http.StatusOK, pg.body(c.fault)
}

func (s *Server) getSubaccount(c *call) (int, []byte) {
	return one(c, "subaccount_id", "subaccount", s.subaccounts, func(*Account) bool {
		return c.account == s.opts.AccountID
	})
}
