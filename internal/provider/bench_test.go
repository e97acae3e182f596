package provider

// Benchmarks of what the provider does with a large list of conversations
// (GitHub issue 5), run by `make bench` (bench/run.sh), never by `make test`:
// decoding a page and flattening it into state values, their msgpack
// encoding, and the whole read over the plugin protocol.
// The input is generated once, outside the timer: N conversations of 10
// messages each, about 2 KB of JSON per conversation.

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellico"
	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

func forEachSize(b *testing.B, run func(b *testing.B, n int)) {
	for _, n := range itellicotest.BenchSizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) { run(b, n) })
	}
}

func benchDecode(b *testing.B, body []byte) []itellico.Conversation {
	b.Helper()
	_, items, err := itellico.DecodeConversationPage(bytes.NewReader(body), itellico.DefaultMaxBodyBytes)
	if err != nil {
		b.Fatal(err)
	}
	return items
}

// BenchmarkDecodeAndFlatten is the provider's own work on a page: the
// client's streaming decode and conversationsValue, the list of the
// conversations' states as terraform-plugin-go values.
func BenchmarkDecodeAndFlatten(b *testing.B) {
	forEachSize(b, func(b *testing.B, n int) {
		body := itellicotest.BenchPage(n)
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			items := benchDecode(b, body)
			if list := conversationsValue(items, true); !list.IsKnown() {
				b.Fatal("unknown list")
			}
		}
		itellicotest.ReportPerConversation(b, n)
	})
}

// BenchmarkFlatten is conversationsValue alone, from decoded conversations.
func BenchmarkFlatten(b *testing.B) {
	forEachSize(b, func(b *testing.B, n int) {
		items := benchDecode(b, itellicotest.BenchPage(n))
		b.ReportAllocs()
		for b.Loop() {
			_ = conversationsValue(items, true)
		}
		itellicotest.ReportPerConversation(b, n)
	})
}

// BenchmarkStateEncode is what terraform-plugin-go does with the state
// value before it is sent to Terraform: its msgpack encoding.
func BenchmarkStateEncode(b *testing.B) {
	forEachSize(b, func(b *testing.B, n int) {
		var resp datasource.SchemaResponse
		NewConversationsDataSource().Schema(b.Context(), datasource.SchemaRequest{}, &resp)
		if resp.Diagnostics.HasError() {
			b.Fatal(resp.Diagnostics)
		}
		typ := resp.Schema.Type().TerraformType(b.Context())
		state := objectValue(b, typ, map[string]tftypes.Value{
			"total_count": tftypes.NewValue(tftypes.Number, n),
			"items":       conversationsValue(benchDecode(b, itellicotest.BenchPage(n)), true),
		})
		b.ReportAllocs()
		for b.Loop() {
			if _, err := tfprotov6.NewDynamicValue(typ, state); err != nil {
				b.Fatal(err)
			}
		}
		itellicotest.ReportPerConversation(b, n)
	})
}

// BenchmarkReadDataSource is the whole read of the data source as
// Terraform asks for it over the plugin protocol, against the stand-in API
// on loopback without latency, with the provider's default paging (pages of
// 100, 4 at once): HTTP, decoding, flattening and the state's msgpack
// encoding. Only the plugin's gRPC transport is left out.
func BenchmarkReadDataSource(b *testing.B) {
	for _, n := range []int{1_000, 10_000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			srv := itellicotest.NewHTTPTest(b, itellicotest.Options{
				Conversations: itellicotest.BenchConversations(n)})
			ctx := b.Context()
			server, dsType := configuredServer(ctx, b, NewProtocol6Server("bench"), srv)
			req := &tfprotov6.ReadDataSourceRequest{TypeName: conversationsTypeName, Config: dynamicValue(b, dsType, nil)}
			b.ReportAllocs()
			for b.Loop() {
				resp, err := server.ReadDataSource(ctx, req)
				if err != nil || len(resp.Diagnostics) > 0 || resp.State == nil {
					b.Fatalf("ReadDataSource: %v %v", err, resp.Diagnostics)
				}
			}
			itellicotest.ReportPerConversation(b, n)
		})
	}
}
