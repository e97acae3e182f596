// Package itellicotest is a stand-in for the itellico API: an in-memory HTTP server that answers
// the endpoints the provider reads (accounts/current, conversations, agents) the way the real
// service does, with its authentication, filters, paging, validation and error format.
//
// It is strict on purpose, because it is how the provider is proven correct: unknown filter values,
// bad UUIDs and bad dates are rejected with 422, a wrong key with 401, another account with 403.
// Its data can hold every shape the real API may send (a field absent, JSON null or a value; enum
// values and message roles the provider does not know yet), and a FaultPlan makes chosen requests
// fail the way networks and overloaded services do (429, 5xx, resets, stalls, truncated or
// misshapen bodies, servers that ignore paging).
//
// Acceptance tests start it with NewHTTPTest, benchmarks feed it Generate'd data, and the
// itellico-standin command serves it for `make demo`.
package itellicotest
