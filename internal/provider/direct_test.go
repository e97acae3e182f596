package provider

// Tests at the protocol level (terraform-plugin-go), for what a terraform
// run does not show to a test: warning diagnostics, and a read canceled in
// flight as by Ctrl-C.

import (
	"context"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

// directRead configures the provider for srv and reads
// itellico_conversations with the given arguments, through the protocol
// calls Terraform makes.
func directRead(ctx context.Context, t *testing.T, srv *itellicotest.Server, args map[string]tftypes.Value) (*tfprotov6.ReadDataSourceResponse, tftypes.Type) {
	t.Helper()
	return directReadWith(ctx, t, NewProtocol6Server("test"), srv, args)
}

// directReadWith is directRead with the given protocol server.
func directReadWith(ctx context.Context, t *testing.T, newServer func() (tfprotov6.ProviderServer, error), srv *itellicotest.Server,
	args map[string]tftypes.Value) (*tfprotov6.ReadDataSourceResponse, tftypes.Type) {
	t.Helper()
	server, dsType := configuredServer(ctx, t, newServer, srv)
	resp, err := server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: conversationsTypeName, Config: dynamicValue(t, dsType, args)})
	if err != nil {
		t.Fatalf("ReadDataSource: %v", err)
	}
	return resp, dsType
}

const conversationsTypeName = "itellico_conversations"

// configuredServer starts a protocol server and configures it for srv, as
// Terraform does; it returns the server and the value type of
// itellico_conversations.
func configuredServer(ctx context.Context, tb testing.TB, newServer func() (tfprotov6.ProviderServer, error),
	srv *itellicotest.Server) (tfprotov6.ProviderServer, tftypes.Type) {
	tb.Helper()
	server, err := newServer()
	if err != nil {
		tb.Fatal(err)
	}
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schemas.Diagnostics) > 0 {
		tb.Fatalf("GetProviderSchema: %v %v", err, schemas.Diagnostics)
	}
	providerCfg := dynamicValue(tb, schemas.Provider.ValueType(), map[string]tftypes.Value{
		"base_url":        tftypes.NewValue(tftypes.String, srv.URL()),
		"api_key":         tftypes.NewValue(tftypes.String, srv.APIKey()),
		"account_id":      tftypes.NewValue(tftypes.String, srv.AccountID()),
		"request_timeout": tftypes.NewValue(tftypes.String, "30s"),
	})
	configured, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.5.7", Config: providerCfg})
	if err != nil || len(configured.Diagnostics) > 0 {
		tb.Fatalf("ConfigureProvider: %v %v", err, configured.Diagnostics)
	}
	return server, schemas.DataSourceSchemas[conversationsTypeName].ValueType()
}

// dynamicValue builds a configuration of type typ from the attributes
// given; the others are null.
func dynamicValue(tb testing.TB, typ tftypes.Type, set map[string]tftypes.Value) *tfprotov6.DynamicValue {
	tb.Helper()
	dv, err := tfprotov6.NewDynamicValue(typ, objectValue(tb, typ, set))
	if err != nil {
		tb.Fatal(err)
	}
	return &dv
}

// objectValue is a value of the object type typ with the attributes given;
// the others are null.
func objectValue(tb testing.TB, typ tftypes.Type, set map[string]tftypes.Value) tftypes.Value {
	tb.Helper()
	obj, ok := typ.(tftypes.Object)
	if !ok {
		tb.Fatalf("type %s is not an object", typ)
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

// stateCounts returns total_count and the length of items of a read.
func stateCounts(t *testing.T, resp *tfprotov6.ReadDataSourceResponse, typ tftypes.Type) (total int64, items int) {
	t.Helper()
	if resp.State == nil {
		t.Fatalf("no state; diagnostics: %v", resp.Diagnostics)
	}
	v, err := resp.State.Unmarshal(typ)
	if err != nil {
		t.Fatalf("state: %v", err)
	}
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		t.Fatal(err)
	}
	var n big.Float
	if err := attrs["total_count"].As(&n); err != nil {
		t.Fatal(err)
	}
	var list []tftypes.Value
	if err := attrs["items"].As(&list); err != nil {
		t.Fatal(err)
	}
	total, _ = n.Int64()
	return total, len(list)
}

func diagnosticsText(diags []*tfprotov6.Diagnostic) string {
	var b strings.Builder
	for _, d := range diags {
		b.WriteString(d.Severity.String() + ": " + d.Summary + ": " + d.Detail + "\n")
	}
	return b.String()
}

func TestConversations_serverIgnoringPagingGivesWarningNotSilentPartialList(t *testing.T) {
	srv := standIn(t, itellicotest.Options{
		Conversations: itellicotest.Generate(250, 1, testNow),
		Faults:        itellicotest.Always(itellicotest.IgnorePaging),
	})
	resp, typ := directRead(t.Context(), t, srv, nil)
	if len(resp.Diagnostics) != 1 || resp.Diagnostics[0].Severity != tfprotov6.DiagnosticSeverityWarning {
		t.Fatalf("want one warning, got:\n%s", diagnosticsText(resp.Diagnostics))
	}
	if d := resp.Diagnostics[0]; d.Summary != "Incomplete list of itellico conversations" || !strings.Contains(d.Detail, "Read 100 of 250 conversations") {
		t.Errorf("warning does not say how many of how many were read:\n%s", diagnosticsText(resp.Diagnostics))
	}
	if total, items := stateCounts(t, resp, typ); total != 250 || items != 100 {
		t.Errorf("state holds total_count %d and %d items, want 250 and 100", total, items)
	}
	// The first page, the two pages after it read at once, and one more
	// that again brings nothing new: bounded, not a loop.
	if n := len(srv.Requests()); n != 4 {
		t.Errorf("the read made %d requests; want 4", n)
	}
}

func TestConversations_countLargerThanItemsGivesWarning(t *testing.T) {
	srv := standIn(t, itellicotest.Options{Faults: itellicotest.Always(itellicotest.CountMismatch)})
	resp, typ := directRead(t.Context(), t, srv, nil)
	want := "Read 40 of 45 conversations"
	if len(resp.Diagnostics) != 1 || !strings.Contains(resp.Diagnostics[0].Detail, want) {
		t.Fatalf("want one warning saying %q, got:\n%s", want, diagnosticsText(resp.Diagnostics))
	}
	if total, items := stateCounts(t, resp, typ); total != 45 || items != 40 {
		t.Errorf("state holds total_count %d and %d items, want 45 and 40", total, items)
	}
}

func TestConversations_cancelStopsAStalledRead(t *testing.T) {
	srv := standIn(t, itellicotest.Options{Faults: itellicotest.Always(itellicotest.Stall)})
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(300*time.Millisecond, cancel) // as Terraform does on Ctrl-C
	started := time.Now()
	resp, _ := directRead(ctx, t, srv, nil)
	if elapsed := time.Since(started); elapsed > 10*time.Second {
		t.Errorf("the canceled read took %s", elapsed)
	}
	if text := diagnosticsText(resp.Diagnostics); !strings.Contains(text, "canceled") {
		t.Errorf("want a diagnostic saying the read was canceled, got:\n%s", text)
	}
}

// TestConversations_protocolServerAnswersAsTheFrameworkDoes reads through
// protocolServer and through the framework's own ReadDataSource, which
// runs conversationsDataSource.Read, and compares states and diagnostics.
func TestConversations_protocolServerAnswersAsTheFrameworkDoes(t *testing.T) {
	framework := providerserver.NewProtocol6WithError(&itellicoProvider{version: "test"})
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	cases := map[string]map[string]tftypes.Value{
		"every seeded conversation": nil,
		"without messages":          {"include_messages": tftypes.NewValue(tftypes.Bool, false)},
		"filtered":                  {"status": str("failed"), "created_after": str("2026-10-01T00:00:00Z")},
		"max_items":                 {"max_items": tftypes.NewValue(tftypes.Number, 3)},
		"other account (403)":       {"account_id": str("11111111-2222-4333-8444-555555555555")},
	}
	for name, args := range cases {
		t.Run(name, func(t *testing.T) {
			// Two servers alike, so that even request ids match.
			fast, typ := directRead(t.Context(), t, standIn(t, itellicotest.Options{}), args)
			slow, _ := directReadWith(t.Context(), t, framework, standIn(t, itellicotest.Options{}), args)
			if got, want := diagnosticsText(fast.Diagnostics), diagnosticsText(slow.Diagnostics); got != want {
				t.Fatalf("diagnostics differ:\nprotocolServer: %s\nframework:      %s", got, want)
			}
			if strings.HasPrefix(diagnosticsText(fast.Diagnostics), "ERROR") {
				return // Terraform drops the state of a failed read
			}
			a, errA := fast.State.Unmarshal(typ)
			b, errB := slow.State.Unmarshal(typ)
			if errA != nil || errB != nil {
				t.Fatal(errA, errB)
			}
			if !a.Equal(b) {
				diffs, _ := a.Diff(b)
				t.Fatalf("states differ in %d places, first: %v", len(diffs), diffs[0])
			}
			if total, _ := stateCounts(t, fast, typ); total == 0 && name != "other account (403)" {
				t.Fatal("the read found nothing: the comparison proves little")
			}
		})
	}
}
