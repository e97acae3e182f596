package itellicotest

import "time"

// The fixtures of the benchmarks of a large account (GitHub issue 5), shared
// by the client's and the provider's benchmarks so that both measure the same
// data: the account sizes, 10 messages per conversation.

// BenchSizes are the numbers of conversations of the account sizes.
var BenchSizes = []int{1_000, 10_000, 50_000}

var benchNow = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

// BenchConversations are n generated conversations of 10 messages each,
// the same for every call with the same n.
func BenchConversations(n int) []Conversation { return Generate(n, 10, benchNow) }

// BenchPage is one page of the n BenchConversations as the API sends it.
func BenchPage(n int) []byte { return PageBody(n, BenchConversations(n)) }
