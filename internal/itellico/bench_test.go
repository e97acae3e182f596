package itellico

// Benchmarks of the client on a large account (GitHub issue 5), run by
// `make bench` (bench/run.sh), never by `make test`: the streaming decode of
// a page next to the floor, encoding/json into plain structs, and a paged
// read against the stand-in API with a latency like a real network's.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

// BenchmarkDecodeConversationPage is the client's decode of one page:
// streaming, bounded, and checked (count, items, ids).
func BenchmarkDecodeConversationPage(b *testing.B) {
	for _, n := range itellicotest.BenchSizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			body := itellicotest.BenchPage(n)
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				_, items, err := DecodeConversationPage(bytes.NewReader(body), DefaultMaxBodyBytes)
				if err != nil || len(items) != n {
					b.Fatalf("%d items, %v", len(items), err)
				}
			}
			itellicotest.ReportPerConversation(b, n)
		})
	}
}

// The floor's types hold what Conversation holds, without a pointer: a
// value that is absent or null decodes to the zero value.
type (
	floorPage struct {
		Count int64               `json:"count"`
		Items []floorConversation `json:"items"`
	}
	floorConversation struct {
		ConversationID  string         `json:"conversation_id"`
		Type            string         `json:"type"`
		Status          string         `json:"status"`
		StartTimestamp  string         `json:"start_timestamp"`
		Direction       string         `json:"direction"`
		AgentID         string         `json:"agent_id"`
		AgentName       string         `json:"agent_name"`
		PhoneNumberID   string         `json:"phone_number_id"`
		PhoneNumber     string         `json:"phone_number"`
		ContactNumber   string         `json:"contact_number"`
		DurationSeconds int64          `json:"duration_seconds"`
		Messages        []floorMessage `json:"messages"`
		Capture         struct {
			RecordingURL string `json:"recording_url"`
		} `json:"capture"`
	}
	floorMessage struct {
		Role      string          `json:"role"`
		Message   string          `json:"message"`
		Timestamp string          `json:"timestamp"`
		Name      string          `json:"name"`
		Result    json.RawMessage `json:"result"`
	}
)

// BenchmarkDecodeFloor is the floor of decoding: json.Unmarshal of the same
// bytes into plain structs, without streaming, limits or checks.
func BenchmarkDecodeFloor(b *testing.B) {
	for _, n := range itellicotest.BenchSizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			body := itellicotest.BenchPage(n)
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				var p floorPage
				if err := json.Unmarshal(body, &p); err != nil || len(p.Items) != n {
					b.Fatalf("%d items, %v", len(p.Items), err)
				}
			}
			itellicotest.ReportPerConversation(b, n)
		})
	}
}

// BenchmarkPagedRead reads 10,000 conversations from the stand-in API with
// 50 ms of latency on every request: in pages of 100 (what the provider
// asks for) page after page, 4 at once (the default) and 8 at once, and in
// one page of 10,000, the best a paged read can hope for. The stand-in runs
// in this process, on the same two cores as the client.
func BenchmarkPagedRead(b *testing.B) {
	const n = 10_000
	srv := itellicotest.NewHTTPTest(b, itellicotest.Options{
		Conversations: itellicotest.BenchConversations(n),
		Latency:       50 * time.Millisecond,
		MaxLimit:      n,
	})
	for _, tc := range []struct{ pageSize, concurrency int }{
		{100, 1}, {100, 4}, {100, 8}, {n, 1},
	} {
		b.Run(fmt.Sprintf("page=%d/concurrency=%d", tc.pageSize, tc.concurrency), func(b *testing.B) {
			c, err := New(Config{BaseURL: srv.URL(), APIKey: srv.APIKey(),
				PageSize: tc.pageSize, Concurrency: tc.concurrency})
			if err != nil {
				b.Fatal(err)
			}
			ctx := b.Context()
			b.ReportAllocs()
			for b.Loop() {
				list, err := c.ListConversations(ctx, srv.AccountID(), ConversationFilter{}, ListOptions{})
				if err != nil || len(list.Items) != n || list.Shortfall != nil {
					b.Fatalf("read %v, %v", list, err)
				}
			}
			itellicotest.ReportPerConversation(b, n)
		})
	}
}
