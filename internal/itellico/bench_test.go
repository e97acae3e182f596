package itellico

// Benchmarks of the client's decoding of a large account's conversations,
// run by `make bench` (bench/run.sh), never by `make test`: the client's
// item-by-item decode of one page next to the floor, encoding/json of the
// same bytes into plain structs. The reads over HTTP, with latency and
// servers that cap or refuse pages, are measured through the provider (its
// bench_test.go), which is what Terraform runs.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

// reportPerConversation adds the time per conversation of an op over n
// conversations; bench/report divides B/op and allocs/op by n itself.
func reportPerConversation(b *testing.B, n int) {
	b.Helper()
	if b.N > 0 {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/conv")
	}
}

// BenchmarkDecodeConversationPage is the client's decode of one page of n
// conversations: streamed item by item, bounded, and checked (count,
// items, ids), each item kept as the test's caller keeps it.
func BenchmarkDecodeConversationPage(b *testing.B) {
	for _, n := range itellicotest.BenchSizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			body := itellicotest.BenchPage(n)
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				_, items, err := DecodeConversationPage(bytes.NewReader(body), int64(n))
				if err != nil || len(items) != n {
					b.Fatalf("%d items, %v", len(items), err)
				}
			}
			reportPerConversation(b, n)
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
// bytes into plain structs, without streaming, bounds or checks.
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
			reportPerConversation(b, n)
		})
	}
}
