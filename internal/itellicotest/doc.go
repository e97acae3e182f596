// Package itellicotest is a stand-in for the itellico API: an in-memory HTTP server that answers
// every read of the API (the key's account and its subaccounts, agents, conversations, phone
// numbers, SIP trunks, the model, transcriber and voice catalogs, usage analytics) the way the
// real service does, with its authentication, filters, paging, validation and error format.
//
// It is strict on purpose, because it is how the provider is proven correct: unknown filter values,
// bad UUIDs, bad dates and repeated parameters are rejected with 422, a wrong key with 401, an
// account that is neither the key's (nor "me") nor one of its subaccounts with 403. Its data can
// hold every shape the real API may send (a field absent, JSON null or a value; enum values and
// message roles the provider does not know yet), and a FaultPlan makes chosen requests fail the
// way networks and overloaded services do (429, 5xx, resets, stalls, truncated, trickling or
// misshapen bodies, servers that ignore paging), or the way a hostile or broken front does
// (a redirect to another origin, error answers and pages that echo the API key, a garbled
// answer). Options.PageCap and Options.RateLimit make it a server that caps pages or limits
// requests per key.
//
// Each API area has its file: server.go (options, routing, authentication, rate limit, faults,
// errors), faults.go (the kinds of fault and the plans that choose them), hostile.go (the faults
// of a hostile front), params.go (query validation), pages.go (the {count, items} answer), accounts.go,
// agents.go, conversations.go, telephony.go, catalog.go and analytics.go, with the seeded data in
// seed.go and a seed_*.go per area. Every record is encoded once, when it is set, so that an
// answer is a copy of bytes.
//
// Acceptance tests start it with NewHTTPTest, benchmarks feed it Generate'd data, and the
// itellico-standin command serves it for `make demo`. Tests compute their expectations from the
// served data, which the getters (Conversations, Agents, Subaccounts, PhoneNumbers, SipTrunks,
// Models, Transcribers, Voices) return in the API's order.
package itellicotest
