package itellicotest

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/itellicoai/terraform-provider-itellico/internal/calendar"
)

// params validates the query parameters an endpoint reads, collecting every error for one 422
// answer. Parameters the endpoint does not read are ignored, as the service does.
type params struct {
	q    url.Values
	errs []FieldError
}

// given returns the parameter's value. A repeated parameter is refused: the official SDKs send
// arrays comma-joined, so a client that repeats a parameter would otherwise see only one value
// honoured without noticing.
func (p *params) given(name string) (string, bool) {
	vs, ok := p.q[name]
	if !ok {
		return "", false
	}
	if len(vs) > 1 {
		p.fail(name, "is sent %d times; send it once, with an array comma-joined, such as tags=support,en", len(vs))
		return "", false
	}
	return vs[0], true
}

func (p *params) fail(name, format string, args ...any) {
	p.errs = append(p.errs, FieldError{Field: name, Message: fmt.Sprintf(format, args...)})
}

func (p *params) str(name string) Opt[string] {
	v, ok := p.given(name)
	if !ok {
		return Opt[string]{}
	}
	return Some(v)
}

func (p *params) uuid(name string) Opt[string] {
	v, ok := p.given(name)
	if !ok {
		return Opt[string]{}
	}
	if !isUUID(v) {
		p.fail(name, "must be a UUID such as %s; got %q", DefaultAccountID, clip(v))
		return Opt[string]{}
	}
	return Some(v)
}

func (p *params) enum(name string, allowed []string) Opt[string] {
	v, ok := p.given(name)
	if !ok {
		return Opt[string]{}
	}
	if !slices.Contains(allowed, v) {
		p.fail(name, "must be one of %s; got %q", strings.Join(allowed, ", "), clip(v))
		return Opt[string]{}
	}
	return Some(v)
}

// list reads a comma-joined array, ignoring empty elements; allowed, when not nil, are the only
// values accepted.
func (p *params) list(name string, allowed []string) []string {
	v, ok := p.given(name)
	if !ok {
		return nil
	}
	var vs []string
	for e := range strings.SplitSeq(v, ",") {
		if e = strings.TrimSpace(e); e == "" {
			continue
		}
		if allowed != nil && !slices.Contains(allowed, e) {
			p.fail(name, "must be a comma-joined list of %s; got %q", strings.Join(allowed, ", "), clip(e))
			return nil
		}
		vs = append(vs, e)
	}
	return vs
}

func (p *params) time(name string) Opt[time.Time] {
	v, ok := p.given(name)
	if !ok {
		return Opt[time.Time]{}
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		p.fail(name, "must be an RFC 3339 date-time with a time zone, such as 2025-01-31T23:59:59Z; got %q", clip(v))
		return Opt[time.Time]{}
	}
	return Some(t)
}

func (p *params) boolean(name string) Opt[bool] {
	v, ok := p.given(name)
	if !ok {
		return Opt[bool]{}
	}
	if v != "true" && v != "false" {
		p.fail(name, "must be true or false; got %q", clip(v))
		return Opt[bool]{}
	}
	return Some(v == "true")
}

// integer reads an integer from lo to hi (hi < 0: no upper bound), def when absent.
func (p *params) integer(name string, def, lo, hi int) int {
	v, ok := p.given(name)
	if !ok {
		return def
	}
	n, err := strconv.Atoi(v)
	switch {
	case err == nil && n >= lo && (hi < 0 || n <= hi):
		return n
	case hi < 0:
		p.fail(name, "must be an integer of %d or more; got %q", lo, clip(v))
	default:
		p.fail(name, "must be an integer from %d to %d; got %q", lo, hi, clip(v))
	}
	return def
}

// zone reads an IANA time zone name, def when absent, from the zone database the provider
// embeds (package calendar), so that the stand-in accepts the names the provider does.
func (p *params) zone(name, def string) (*time.Location, string) {
	v, ok := p.given(name)
	if !ok {
		v = def
	}
	loc, err := calendar.LoadZone(v)
	if err != nil {
		p.fail(name, "must be an IANA time zone name such as Europe/Berlin or UTC; got %q", clip(v))
		return time.UTC, v
	}
	return loc, v
}

func (p *params) failure() (int, []byte) {
	names := make([]string, len(p.errs))
	for i, e := range p.errs {
		names[i] = e.Field
	}
	return errorJSON(http.StatusUnprocessableEntity, "validation_error", "Invalid query parameters.",
		"Check "+strings.Join(names, ", ")+".", p.errs)
}

func clip(v string) string {
	if len(v) > 80 {
		return v[:80] + "…"
	}
	return v
}

// isUUID accepts the 8-4-4-4-12 hex form, in either case.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := range len(s) {
		c := s[i]
		switch {
		case i == 8 || i == 13 || i == 18 || i == 23:
			if c != '-' {
				return false
			}
		case '0' <= c && c <= '9', 'a' <= c && c <= 'f', 'A' <= c && c <= 'F':
		default:
			return false
		}
	}
	return true
}
