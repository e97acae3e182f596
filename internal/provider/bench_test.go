package provider

// Benchmarks of what the provider does with a large list of conversations
// (GitHub issue 5), run by `make bench` (bench/run.sh), never by `make test`:
// decoding a page and flattening it into state values, then the steps the
// framework and terraform-plugin-go add before the state leaves the process.
// The input is generated once, outside the timer: N conversations of 10
// messages each, about 2 KB of JSON per conversation.

import (
	"bytes"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
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
// client's streaming decode, conversationValues, and the list value that
// Read puts in the model.
func BenchmarkDecodeAndFlatten(b *testing.B) {
	forEachSize(b, func(b *testing.B, n int) {
		body := benchPage(b, n)
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			items := benchDecode(b, body)
			list := types.ListValueMust(conversationType, conversationValues(items, true))
			if len(list.Elements()) != n {
				b.Fatalf("%d items, want %d", len(list.Elements()), n)
			}
		}
		perConversation(b, n)
	})
}

// BenchmarkFlatten is conversationValues and the list value alone, from
// decoded conversations.
func BenchmarkFlatten(b *testing.B) {
	forEachSize(b, func(b *testing.B, n int) {
		items := benchDecode(b, benchPage(b, n))
		b.ReportAllocs()
		for b.Loop() {
			_ = types.ListValueMust(conversationType, conversationValues(items, true))
		}
		perConversation(b, n)
	})
}

// benchItems is the list value of n conversations, as Read builds it.
func benchItems(b *testing.B, n int) types.List {
	b.Helper()
	return types.ListValueMust(conversationType, conversationValues(benchDecode(b, benchPage(b, n)), true))
}

// BenchmarkToTerraformValue is the conversion of the list value to a
// tftypes value, which the framework does when the state is set.
func BenchmarkToTerraformValue(b *testing.B) {
	forEachSize(b, func(b *testing.B, n int) {
		list := benchItems(b, n)
		ctx := b.Context()
		b.ReportAllocs()
		for b.Loop() {
			if _, err := list.ToTerraformValue(ctx); err != nil {
				b.Fatal(err)
			}
		}
		perConversation(b, n)
	})
}

// benchSchema is the data source's schema, as the framework gives it to Read.
func benchSchema(b *testing.B) tfsdk.State {
	b.Helper()
	var resp datasource.SchemaResponse
	NewConversationsDataSource().Schema(b.Context(), datasource.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		b.Fatal(resp.Diagnostics)
	}
	typ := resp.Schema.Type().TerraformType(b.Context())
	return tfsdk.State{Schema: resp.Schema, Raw: tftypes.NewValue(typ, nil)}
}

// BenchmarkStateSet is the last line of Read, resp.State.Set of the model
// whose items are already built: the framework's reflection over the model,
// ToTerraformValue and the checks of the new state value.
func BenchmarkStateSet(b *testing.B) {
	forEachSize(b, func(b *testing.B, n int) {
		m := conversationsModel{TotalCount: types.Int64Value(int64(n)), Items: benchItems(b, n)}
		ctx := b.Context()
		b.ReportAllocs()
		for b.Loop() {
			state := benchSchema(b)
			if diags := state.Set(ctx, &m); diags.HasError() {
				b.Fatal(diags)
			}
		}
		perConversation(b, n)
	})
}

// BenchmarkStateEncode is what terraform-plugin-go does with the state
// value before it is sent to Terraform: its msgpack encoding.
func BenchmarkStateEncode(b *testing.B) {
	forEachSize(b, func(b *testing.B, n int) {
		m := conversationsModel{TotalCount: types.Int64Value(int64(n)), Items: benchItems(b, n)}
		state := benchSchema(b)
		if diags := state.Set(b.Context(), &m); diags.HasError() {
			b.Fatal(diags)
		}
		typ := state.Raw.Type()
		b.ReportAllocs()
		for b.Loop() {
			if _, err := tfprotov6.NewDynamicValue(typ, state.Raw); err != nil {
				b.Fatal(err)
			}
		}
		perConversation(b, n)
	})
}

// BenchmarkReadDataSource is the whole read of the data source as
// Terraform asks for it over the plugin protocol, against the stand-in API
// on loopback without latency, with the provider's default paging (pages of
// 100, 4 at once): HTTP, decoding, flattening, setting the state and its
// msgpack encoding. Only the plugin's gRPC transport is left out.
func BenchmarkReadDataSource(b *testing.B) {
	for _, n := range []int{1_000, 10_000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			srv := itellicotest.NewHTTPTest(b, itellicotest.Options{
				Conversations: itellicotest.Generate(n, benchMessages, benchNow)})
			ctx := b.Context()
			server, err := providerserver.NewProtocol6WithError(New("bench")())()
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

// benchDynamicValue builds a configuration of type typ from the attributes
// given; the others are null.
func benchDynamicValue(b *testing.B, typ tftypes.Type, set map[string]tftypes.Value) *tfprotov6.DynamicValue {
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
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, vals))
	if err != nil {
		b.Fatal(err)
	}
	return &dv
}
