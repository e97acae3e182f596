package itellicotest

import (
	"slices"
	"strconv"
	"strings"
	"testing"
)

// lists are the paging endpoints of the key's account, with the number of items each holds.
func lists(s *Server) map[string]int {
	return map[string]int{
		accountPath("me", "conversations"): len(s.Conversations()),
		accountPath("me", "agents"):        4,
		accountPath("me", "subaccounts"):   len(s.Subaccounts()),
		accountPath("me", "phone-numbers"): 6,
		accountPath("me", "sip-trunks"):    len(s.SipTrunks()),
	}
}

func TestRepeatedParameterRefused(t *testing.T) {
	s := newSeeded(t, Options{})
	for _, p := range []string{
		accountPath("me", "agents?tags=support&tags=en"),
		accountPath("me", "conversations?status=failed&status=completed"),
		accountPath("me", "phone-numbers?limit=1&limit=2"),
		accountPath("me", "providers/voices?provider=azure&provider=azure"),
		accountPath("me", "analytics/usage?group_by=agent&group_by=type"),
	} {
		e := decodeError(t, get(t, s, p), 422, "validation_error")
		name := p[strings.Index(p, "?")+1 : strings.Index(p, "=")]
		if len(e.Errors) != 1 || e.Errors[0].Field != name || !strings.Contains(e.Errors[0].Message, "comma-joined") ||
			!strings.Contains(e.Errors[0].Message, "tags=support,en") {
			t.Errorf("%s: %+v", p, e.Errors)
		}
	}
	// A repeated parameter the endpoint does not read is ignored, like any unknown one.
	decodeList(t, get(t, s, accountPath("me", "sip-trunks?tags=a&tags=b")))
}

func TestPagingOfEveryList(t *testing.T) {
	s := newSeeded(t, Options{MaxLimit: 50})
	for p, n := range lists(s) {
		var walked []string
		for offset := 0; offset < n+2; offset += 2 {
			l := decodeList(t, get(t, s, p+"?limit=2&offset="+strconv.Itoa(offset)))
			if l.Count != n {
				t.Errorf("%s offset %d: count %d, want %d", p, offset, l.Count, n)
			}
			walked = append(walked, l.ids...)
		}
		if all := decodeList(t, get(t, s, p+"?limit=50")); !slices.Equal(walked, all.ids) || len(walked) != n {
			t.Errorf("%s: pages of 2 gave %v, one page %v", p, walked, all.ids)
		}
		e := decodeError(t, get(t, s, p+"?limit=51"), 422, "validation_error")
		if !slices.Equal(errorFields(e), []string{"limit"}) || !strings.Contains(e.Errors[0].Message, "50") {
			t.Errorf("%s limit=51: %+v", p, e.Errors)
		}
		e = decodeError(t, get(t, s, p+"?limit=0&offset=-1"), 422, "validation_error")
		if !slices.Equal(errorFields(e), []string{"limit", "offset"}) {
			t.Errorf("%s: %+v", p, e.Errors)
		}
	}
}

// TestPageCap: a server that caps pages answers fewer items than asked, silently, on every list;
// count stays the total, so a client reading count items by offset still gets them all.
func TestPageCap(t *testing.T) {
	s := newSeeded(t, Options{PageCap: 3})
	for p, n := range lists(s) {
		l := decodeList(t, get(t, s, p+"?limit=100"))
		if l.Count != n || len(l.ids) != min(3, n) {
			t.Errorf("%s: count %d, %d items; want %d and %d", p, l.Count, len(l.ids), n, min(3, n))
		}
		if l := decodeList(t, get(t, s, p+"?limit=2")); len(l.ids) != min(2, n) {
			t.Errorf("%s limit 2: %d items", p, len(l.ids))
		}
	}
	var walked []string
	for len(walked) < SeedSize {
		l := decodeList(t, get(t, s, conversationsPath+"?limit=1000&offset="+strconv.Itoa(len(walked))))
		if len(l.ids) == 0 {
			t.Fatal("empty page")
		}
		walked = append(walked, l.ids...)
	}
	assertIDs(t, list{Count: len(walked), ids: walked}, seedIDs(span(1, SeedSize)...))
	// Without a limit the page is the default's, capped too.
	if l := decodeList(t, get(t, s, conversationsPath)); len(l.ids) != 3 {
		t.Errorf("no limit: %d items", len(l.ids))
	}
}

func TestValidationCollectsEveryError(t *testing.T) {
	s := newSeeded(t, Options{})
	e := decodeError(t, get(t, s, conversationsPath+"?status=x&limit=0&type=y&tags=a&tags=b"), 422, "validation_error")
	if !slices.Equal(errorFields(e), []string{"type", "status", "limit"}) || !strings.Contains(e.Detail, "type, status, limit") {
		t.Errorf("%+v", e)
	}
}
