package itellicotest

import (
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
)

// FaultKind is a way a request can go wrong. The first group answers before authentication, the
// way a proxy or an overloaded front end does; the second changes the answer the API would give.
// The third is a hostile or broken front, for tests that the client never shows the key and that
// every read ends: all but Trickle answer before authentication, whatever key the request sends,
// and echo that key back; Trickle spoils the API's answer as the second group does.
type FaultKind int

const (
	None FaultKind = iota // the request is answered normally

	RateLimit        // 429 rate_limit_exceeded with Retry-After (and retry-after-ms when set)
	RequestTimeout   // 408 request_timeout
	Conflict         // 409 conflict
	Unavailable      // 503 service_unavailable
	InternalError    // 500 internal_error
	BadGateway       // 502 bad_gateway
	GatewayTimeout   // 504 gateway_timeout
	ShouldRetryFalse // 503 service_unavailable with x-should-retry: false
	ConnReset        // the connection is reset (SO_LINGER 0) before any byte of the answer
	Stall            // no answer until the client gives up, the server closes, or 2 minutes pass (then 504)
	HTML             // 200 with a text/html maintenance page

	Truncated     // a 200 answer declares its full Content-Length, sends half, and closes
	WrongShape    // 200 with another JSON shape: {"data": [...], "total": n}, or {"data": {...}} for one object
	ItemsObject   // 200 list whose items is an object keyed by id instead of an array
	IgnorePaging  // a list answered as if limit and offset were absent: the first page, default size
	CountMismatch // a list whose count is 5 more than the matches; items are right

	RedirectWithKey // 302 to another origin (http://127.0.0.2 on the same port), the request's key in the Location's path and query
	EchoKeyError    // 403 in the API's error format, the request's key in message, detail, a field error and X-Request-Id
	EchoKeyHTML     // 400 text/html error page of a proxy that shows the request's key
	EchoKeyPage     // 200 text/html sign-in page of a proxy whose link carries the request's key
	EchoKeyGarbage  // a status line, then the request's X-API-Key header line without its colon; then the connection closes
	Trickle         // a 200 answer whose body is sent one byte every 50 ms; it stops when the client goes or the server closes
)

var faultNames = [...]string{"None", "RateLimit", "RequestTimeout", "Conflict", "Unavailable",
	"InternalError", "BadGateway", "GatewayTimeout", "ShouldRetryFalse", "ConnReset", "Stall", "HTML",
	"Truncated", "WrongShape", "ItemsObject", "IgnorePaging", "CountMismatch",
	"RedirectWithKey", "EchoKeyError", "EchoKeyHTML", "EchoKeyPage", "EchoKeyGarbage", "Trickle"}

func (k FaultKind) String() string {
	if k >= 0 && int(k) < len(faultNames) {
		return faultNames[k]
	}
	return "FaultKind(" + strconv.Itoa(int(k)) + ")"
}

// FaultPlan chooses the fault of each request; n is the request's 1-based number (Request.N).
// It is called once per request, possibly from several goroutines at once.
type FaultPlan func(n int64, r *http.Request) FaultKind

// Sequence gives request n kinds[n-1], and None once the kinds run out.
func Sequence(kinds ...FaultKind) FaultPlan {
	return func(n int64, _ *http.Request) FaultKind {
		if n >= 1 && n <= int64(len(kinds)) {
			return kinds[n-1]
		}
		return None
	}
}

// Cycle repeats kinds forever: request n gets kinds[(n-1) % len(kinds)].
func Cycle(kinds ...FaultKind) FaultPlan {
	return func(n int64, _ *http.Request) FaultKind {
		if len(kinds) == 0 || n < 1 {
			return None
		}
		return kinds[(n-1)%int64(len(kinds))]
	}
}

// Always gives every request k.
func Always(k FaultKind) FaultPlan {
	return func(int64, *http.Request) FaultKind { return k }
}

// EveryNth gives k to requests nth, 2·nth, 3·nth, ….
func EveryNth(k FaultKind, nth int) FaultPlan {
	return func(n int64, _ *http.Request) FaultKind {
		if nth > 0 && n%int64(nth) == 0 {
			return k
		}
		return None
	}
}

// ForPath applies plan only to requests whose path contains part (for instance "/conversations").
// plan counts those requests alone: its n is 1 for the first matching request.
func ForPath(part string, plan FaultPlan) FaultPlan {
	var matched atomic.Int64
	return func(_ int64, r *http.Request) FaultKind {
		if !strings.Contains(r.URL.Path, part) {
			return None
		}
		return plan(matched.Add(1), r)
	}
}
