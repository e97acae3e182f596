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
	}
}

func TestRepeatedParameterRefused(t *testing.T) {
	s := newSeeded(t, Options{})
	for _, p := range []string{
		accountPath("me", "agents?tags=support&tags=en"),
		accountPath("me", "conversations?status=failed&status=completed"),
		accountPath("me", "subaccounts?limit=1&limit=2"),
	} {
		e := decodeError(t, get(t, s, p), 422, "validation_error")
		name := p[strings.Index(p, "?")+1 : strings.Index(p, "=")]
		if len(e.Errors) != 1 || e.Errors[0].Field != name || !strings.Contains(e.Errors[0].Message, "comma-joined") ||
			!strings.Contains(e.Errors[0].Message, "tags=support,en") {
			t.Errorf("%s: %+v", p, e.Errors)
		}
	}
	// A repeated parameter the endpoint does not read is ignored, like any unknown one.
	decodeList(t, get(t, s, accountPath("me", "subaccounts?tags=a&tags=b")))
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

func TestValidationCollectsEveryError(t *testing.T) {
	s := newSeeded(t, Options{})
	e := decodeError(t, get(t, s, conversationsPath+"?status=x&limit=0&type=y&tags=a&tags=b"), 422, "validation_error")
	if !slices.Equal(errorFields(e), []string{"type", "status", "limit"}) || !strings.Contains(e.Detail, "type, status, limit") {
		t.Errorf("%+v", e)
	}
}
