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
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellico"
	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

// benchSizes are the numbers of conversations of the account sizes.
var benchSizes = []int{1_000, 10_000, 50_000}

const benchMessages = 10

var benchNow = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

var (
	benchPagesMu sync.Mutex
	benchPages   = map[int][]byte{}
)

// benchPage is one page of n generated conversations as the API sends it,
// {"count": n, "items": [...]}, made once per n.
func benchPage(b *testing.B, n int) []byte {
	b.Helper()
	benchPagesMu.Lock()
	defer benchPagesMu.Unlock()
	if body, ok := benchPages[n]; ok {
		return body
	}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, `{"count":%d,"items":[`, n)
	for i, c := range itellicotest.Generate(n, benchMessages, benchNow) {
		if i > 0 {
			buf.WriteByte(',')
		}
		raw, err := c.MarshalJSON()
		if err != nil {
			b.Fatal(err)
		}
		buf.Write(raw)
	}
	buf.WriteString(`]}`)
	benchPages[n] = buf.Bytes()
	return buf.Bytes()
}

// perConversation reports the time of one op divided by the conversations
// it handled; bench/run.sh divides B/op and allocs/op the same way.
func perConversation(b *testing.B, n int) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/conv")
}

func forEachSize(b *testing.B, run func(b *testing.B, n int)) {
	for _, n := range benchSizes {
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
		body := benchPage(b, n)
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			items := benchDecode(b, body)
			if list := conversationsValue(items, true); !list.IsKnown() {
				b.Fatal("unknown list")
			}
		}
		perConversation(b, n)
	})
}

// BenchmarkFlatten is conversationsValue alone, from decoded conversations.
func BenchmarkFlatten(b *testing.B) {
	forEachSize(b, func(b *testing.B, n int) {
		items := benchDecode(b, benchPage(b, n))
		b.ReportAllocs()
		for b.Loop() {
			_ = conversationsValue(items, true)
		}
		perConversation(b, n)
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
		state := benchObject(b, typ, map[string]tftypes.Value{
			"total_count": tftypes.NewValue(tftypes.Number, n),
			"items":       conversationsValue(benchDecode(b, benchPage(b, n)), true),
		})
		b.ReportAllocs()
		for b.Loop() {
			if _, err := tfprotov6.NewDynamicValue(typ, state); err != nil {
				b.Fatal(err)
			}
		}
		perConversation(b, n)
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
				Conversations: itellicotest.Generate(n, benchMessages, benchNow)})
			ctx := b.Context()
			server, err := NewProtocol6Server("bench")()
			if err != nil {
				b.Fatal(err)
			}
			schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
			if err != nil || len(schemas.Diagnostics) > 0 {
				b.Fatalf("GetProviderSchema: %v %v", err, schemas.Diagnostics)
			}
			providerCfg := benchDynamicValue(b, schemas.Provider.ValueType(), map[string]tftypes.Value{
				"base_url":   tftypes.NewValue(tftypes.String, srv.URL()),
				"api_key":    tftypes.NewValue(tftypes.String, srv.APIKey()),
				"account_id": tftypes.NewValue(tftypes.String, srv.AccountID()),
			})
			configured, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.11.4", Config: providerCfg})
			if err != nil || len(configured.Diagnostics) > 0 {
				b.Fatalf("ConfigureProvider: %v %v", err, configured.Diagnostics)
			}
			const typeName = "itellico_conversations"
			req := &tfprotov6.ReadDataSourceRequest{TypeName: typeName,
				Config: benchDynamicValue(b, schemas.DataSourceSchemas[typeName].ValueType(), nil)}
			b.ReportAllocs()
			for b.Loop() {
				resp, err := server.ReadDataSource(ctx, req)
				if err != nil || len(resp.Diagnostics) > 0 || resp.State == nil {
					b.Fatalf("ReadDataSource: %v %v", err, resp.Diagnostics)
				}
			}
			perConversation(b, n)
		})
	}
}

// benchObject is a value of the object type typ with the attributes given;
// the others are null.
func benchObject(b *testing.B, typ tftypes.Type, set map[string]tftypes.Value) tftypes.Value {
	b.Helper()
	obj, ok := typ.(tftypes.Object)
	if !ok {
		b.Fatalf("type %s is not an object", typ)
	}
	vals := map[string]tftypes.Value{}
	for name, at := range obj.AttributeTypes {
		if v, ok := set[name]; ok {
			vals[name] = v
		} else {
			vals[name] = tftypes.NewValue(at, nil)
		}
	}
	return tftypes.NewValue(typ, vals)
}

// benchDynamicValue is benchObject as a configuration of the protocol.
func benchDynamicValue(b *testing.B, typ tftypes.Type, set map[string]tftypes.Value) *tfprotov6.DynamicValue {
	b.Helper()
	dv, err := tfprotov6.NewDynamicValue(typ, benchObject(b, typ, set))
	if err != nil {
		b.Fatal(err)
	}
	return &dv
}
