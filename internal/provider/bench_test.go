package provider

// Benchmarks of the provider on a large account, run by `make bench`
// (bench/run.sh), never by `make test`:
//
//   - its own work on a page of conversations: the client's decode, and the
//     state written as MessagePack, item by item (DecodeAndEncode,
//     StateEncode, which also reports the state's size);
//   - the whole read as Terraform asks for it, ReadDataSource of the
//     protocol server against the stand-in API in this process (on
//     loopback): itellico_conversations with transcripts (ReadDataSource),
//     without them against servers of three kinds with and without 50 ms of
//     latency (ReadLatency), and itellico_conversation_stats (StatsRead).
//
// Each op of a read starts a protocol server and configures it with the
// default settings, outside the timer, as a terraform plan starts the
// provider: what the client learns of a server's pages does not carry over
// from one op to the next. Only the plugin's gRPC transport is left out.

import (
	"bytes"
	"context"
	"fmt"
	"math/big"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellico"
	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
	"github.com/itellicoai/terraform-provider-itellico/internal/tfstate"
)

// benchPerConversation adds the time of an op per conversation read;
// bench/report divides B/op and allocs/op by n itself.
func benchPerConversation(b *testing.B, n int) {
	b.Helper()
	if b.N > 0 {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/conv")
	}
}

func benchDecode(b *testing.B, body []byte, n int) []itellico.Conversation {
	b.Helper()
	_, items, err := itellico.DecodeConversationPage(bytes.NewReader(body), int64(n))
	if err != nil || len(items) != n {
		b.Fatalf("decoded %d of %d conversations: %v", len(items), n, err)
	}
	return items
}

// benchEncodeState writes the state of itellico_conversations holding
// items, as a read does: each item encoded on its own (by the goroutine
// that read its page, in a read), then the whole state around them.
func benchEncodeState(b *testing.B, enc tfstate.Item[itellico.Conversation], items []itellico.Conversation) []byte {
	list := &tfstate.List{}
	for i := range items {
		list.Add(enc.Encode(&items[i]))
	}
	result := &listResult{TotalCount: int64(len(items)), Items: list}
	state, err := conversationsDataSource.state.Encode(map[string]tftypes.Value{}, result)
	if err != nil {
		b.Fatal(err)
	}
	return state
}

func benchItemEncoder(*testing.B) tfstate.Item[itellico.Conversation] {
	return itemEncoder[itellico.Conversation]("bench", conversationAttributes())
}

// BenchmarkDecodeAndEncode is the provider's own CPU work on a page of n
// conversations with transcripts, HTTP left out: the client's decode and
// the state written as MessagePack. bench/report compares it with the
// decoding floor of internal/itellico (json.Unmarshal into plain structs).
func BenchmarkDecodeAndEncode(b *testing.B) {
	enc := benchItemEncoder(b)
	for _, n := range itellicotest.BenchSizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			body := itellicotest.BenchPage(n)
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				benchEncodeState(b, enc, benchDecode(b, body, n))
			}
			benchPerConversation(b, n)
		})
	}
}

// BenchmarkStateEncode is the state of n decoded conversations written as
// MessagePack, what the provider sends Terraform; state-B/conv is its size
// per conversation, next to json-B/conv, the API's JSON of the same.
func BenchmarkStateEncode(b *testing.B) {
	enc := benchItemEncoder(b)
	for _, n := range itellicotest.BenchSizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			body := itellicotest.BenchPage(n)
			items := benchDecode(b, body, n)
			var size int
			b.ReportAllocs()
			for b.Loop() {
				size = len(benchEncodeState(b, enc, items))
			}
			benchPerConversation(b, n)
			b.ReportMetric(float64(size)/float64(n), "state-B/conv")
			b.ReportMetric(float64(len(body))/float64(n), "json-B/conv")
		})
	}
}

// benchStandIn serves conversations on loopback. Its httptest server is
// kept so that the connections of one op's client can be closed before the
// next op, which has a client of its own.
type benchStandIn struct {
	srv *itellicotest.Server
	ts  *httptest.Server
}

func newBenchStandIn(b *testing.B, opts itellicotest.Options) *benchStandIn {
	b.Helper()
	srv := itellicotest.New(opts)
	ts := httptest.NewServer(srv)
	b.Cleanup(func() { srv.Close(); ts.Close() })
	return &benchStandIn{srv: srv, ts: ts}
}

// benchRead is a protocol server configured for a stand-in with the
// provider's default settings, and the request of one read.
type benchRead struct {
	server tfprotov6.ProviderServer
	req    *tfprotov6.ReadDataSourceRequest
	typ    tftypes.Type
}

// newBenchRead starts and configures a protocol server, as Terraform does
// at the start of a plan, and prepares the read of the data source
// typeName with the arguments given.
func newBenchRead(b *testing.B, s *benchStandIn, typeName string, args map[string]tftypes.Value) *benchRead {
	b.Helper()
	server, schemas := configuredServerAt(context.Background(), b, NewProtocol6Server("bench"), s.ts.URL, s.srv)
	typ := schemas.DataSourceSchemas[typeName].ValueType()
	return &benchRead{server: server, typ: typ,
		req: &tfprotov6.ReadDataSourceRequest{TypeName: typeName, Config: dynamicValue(b, typ, args)}}
}

// read makes the read and checks that it succeeded; it returns the state.
func (r *benchRead) read(b *testing.B) []byte {
	resp, err := r.server.ReadDataSource(context.Background(), r.req)
	if err != nil || len(resp.Diagnostics) > 0 || resp.State == nil {
		b.Fatalf("ReadDataSource %s: %v %v", r.req.TypeName, err, resp.Diagnostics)
	}
	return resp.State.MsgPack
}

// benchReads runs one read per op, each with a newly configured server
// (configured outside the timer), and returns the last state.
func benchReads(b *testing.B, s *benchStandIn, typeName string, args map[string]tftypes.Value) []byte {
	b.Helper()
	var state []byte
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		s.ts.CloseClientConnections() // the previous op's client is gone
		r := newBenchRead(b, s, typeName, args)
		b.StartTimer()
		state = r.read(b)
	}
	return state
}

// benchSaysTotal checks that a state of n conversations says so.
func benchSaysTotal(b *testing.B, typ tftypes.Type, state []byte, n int) {
	b.Helper()
	v, err := (&tfprotov6.DynamicValue{MsgPack: state}).Unmarshal(typ)
	var attrs map[string]tftypes.Value
	var total big.Float
	if err != nil || v.As(&attrs) != nil || attrs["total_count"].As(&total) != nil || total.Cmp(big.NewFloat(float64(n))) != 0 {
		b.Fatalf("the state does not hold total_count = %d", n)
	}
}

// BenchmarkReadDataSource is the whole read of itellico_conversations with
// transcripts, as Terraform asks for it, from the stand-in without latency
// (its default limit of 1,000 a page, the provider's page size): paging,
// decoding and the state's encoding.
func BenchmarkReadDataSource(b *testing.B) {
	for _, n := range itellicotest.BenchSizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			s := newBenchStandIn(b, itellicotest.Options{Conversations: itellicotest.BenchConversations(n)})
			state := benchReads(b, s, "itellico_conversations", nil)
			benchSaysTotal(b, conversationsDataSource.stateType(), state, n)
			benchPerConversation(b, n)
			b.ReportMetric(float64(len(state))/float64(n), "state-B/conv")
		})
	}
}

// readLatencyN is the account for the latency target.
const readLatencyN = 10_000

// BenchmarkReadLatency reads 10,000 conversations without transcripts
// (include_messages = false) with the provider's default settings from
// servers of three kinds, each with no latency and with 50 ms on every
// answer:
//
//   - any: answers any page size (a limit up to 100,000);
//   - cap100: answers at most 100 items whatever limit asks;
//   - refuse100: refuses a limit above 100 with a 422 naming limit.
//
// The sub-benchmarks of a kind run one after the other, so bench/report
// takes the ratio of latency=50ms to latency=0 from one run.
func BenchmarkReadLatency(b *testing.B) {
	convs := itellicotest.BenchConversations(readLatencyN)
	args := map[string]tftypes.Value{"include_messages": tftypes.NewValue(tftypes.Bool, false)}
	for _, kind := range []struct {
		name              string
		maxLimit, pageCap int
	}{
		{"any", 100_000, 0},
		{"cap100", 100_000, 100},
		{"refuse100", 100, 0},
	} {
		for _, latency := range []time.Duration{0, 50 * time.Millisecond} {
			b.Run(fmt.Sprintf("kind=%s/latency=%s", kind.name, latency), func(b *testing.B) {
				s := newBenchStandIn(b, itellicotest.Options{Conversations: convs, Latency: latency,
					MaxLimit: kind.maxLimit, PageCap: kind.pageCap})
				state := benchReads(b, s, "itellico_conversations", args)
				benchSaysTotal(b, conversationsDataSource.stateType(), state, readLatencyN)
				benchPerConversation(b, readLatencyN)
			})
		}
	}
}

// BenchmarkStatsRead is the whole read of itellico_conversation_stats over
// n conversations with transcripts, from the stand-in without latency.
func BenchmarkStatsRead(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			s := newBenchStandIn(b, itellicotest.Options{Conversations: itellicotest.BenchConversations(n)})
			state := benchReads(b, s, "itellico_conversation_stats", nil)
			benchSaysTotal(b, conversationStatsDataSource.stateType(), state, n)
			benchPerConversation(b, n)
		})
	}
}
