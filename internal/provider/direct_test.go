package provider

// Tests at the protocol level (terraform-plugin-go), for what a terraform
// run does not show to a test: warning diagnostics, and a read canceled in
// flight as by Ctrl-C.

import (
	"context"
	"fmt"
	"math/big"
	"net/http"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

// directRead configures the provider for srv and reads
// itellico_conversations with the given arguments, through the protocol
// calls Terraform makes.
func directRead(ctx context.Context, t *testing.T, srv *itellicotest.Server, args map[string]tftypes.Value) (*tfprotov6.ReadDataSourceResponse, tftypes.Type) {
	t.Helper()
	return directReadWith(ctx, t, NewProtocol6Server("test"), srv, conversationsTypeName, args)
}

// directReadWith reads the data source typeName with the given protocol
// server.
func directReadWith(ctx context.Context, t *testing.T, newServer func() (tfprotov6.ProviderServer, error), srv *itellicotest.Server,
	typeName string, args map[string]tftypes.Value) (*tfprotov6.ReadDataSourceResponse, tftypes.Type) {
	t.Helper()
	server, schemas := configuredServer(ctx, t, newServer, srv)
	dsType := schemas.DataSourceSchemas[typeName].ValueType()
	resp, err := server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: typeName, Config: dynamicValue(t, dsType, args)})
	if err != nil {
		t.Fatalf("ReadDataSource: %v", err)
	}
	return resp, dsType
}

const conversationsTypeName = "itellico_conversations"

// configuredServer starts a protocol server and configures it for srv, as
// Terraform does; it returns the server and its schemas.
func configuredServer(ctx context.Context, tb testing.TB, newServer func() (tfprotov6.ProviderServer, error),
	srv *itellicotest.Server) (tfprotov6.ProviderServer, *tfprotov6.GetProviderSchemaResponse) {
	tb.Helper()
	return configuredServerAt(ctx, tb, newServer, srv.URL(), srv)
}

// configuredServerAt is configuredServer for srv served at baseURL, with the
// provider's default settings.
func configuredServerAt(ctx context.Context, tb testing.TB, newServer func() (tfprotov6.ProviderServer, error),
	baseURL string, srv *itellicotest.Server) (tfprotov6.ProviderServer, *tfprotov6.GetProviderSchemaResponse) {
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
		"base_url":   tftypes.NewValue(tftypes.String, baseURL),
		"api_key":    tftypes.NewValue(tftypes.String, srv.APIKey()),
		"account_id": tftypes.NewValue(tftypes.String, srv.AccountID()),
	})
	configured, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.5.7", Config: providerCfg})
	if err != nil || len(configured.Diagnostics) > 0 {
		tb.Fatalf("ConfigureProvider: %v %v", err, configured.Diagnostics)
	}
	return server, schemas
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

// diagnosticsText shows diagnostics with their severity and attribute.
func diagnosticsText(diags []*tfprotov6.Diagnostic) string {
	var b strings.Builder
	for _, d := range diags {
		b.WriteString(d.Severity.String())
		if d.Attribute != nil {
			b.WriteString(" at " + d.Attribute.String())
		}
		b.WriteString(": " + d.Summary + ": " + d.Detail + "\n")
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
	// The first page, then the two pages after it, asked for at once at
	// the size the server answered with; they bring nothing new: bounded,
	// not a loop. The answer for the page at the cursor (offset 100) ends
	// the read and cancels the other request, which may not have reached
	// the server by then: 2 or 3 requests, as scheduling has it.
	var pages []string
	for _, r := range srv.Requests() {
		pages = append(pages, r.Query.Get("offset")+"/"+r.Query.Get("limit"))
	}
	if rest := strings.Join(slices.Sorted(slices.Values(pages[min(1, len(pages)):])), " "); len(pages) == 0 ||
		pages[0] != "0/1000" || rest != "100/100" && rest != "100/100 200/50" {
		t.Errorf("the read asked for pages %v; want 0/1000, then 100/100 and perhaps 200/50", pages)
	}
}

func TestConversations_countLargerThanItemsGivesWarning(t *testing.T) {
	srv := standIn(t, itellicotest.Options{Faults: itellicotest.Always(itellicotest.CountMismatch)})
	resp, typ := directRead(t.Context(), t, srv, nil)
	want := fmt.Sprintf("Read %d of %d conversations", itellicotest.SeedSize, itellicotest.SeedSize+5)
	if len(resp.Diagnostics) != 1 || !strings.Contains(resp.Diagnostics[0].Detail, want) {
		t.Fatalf("want one warning saying %q, got:\n%s", want, diagnosticsText(resp.Diagnostics))
	}
	if total, items := stateCounts(t, resp, typ); total != itellicotest.SeedSize+5 || items != itellicotest.SeedSize {
		t.Errorf("state holds total_count %d and %d items, want %d and %d", total, items, itellicotest.SeedSize+5, itellicotest.SeedSize)
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

// TestProtocolServer_readsEveryDataSource reads every data source through
// protocolServer, as Terraform asks, in the cases of cases_test.go: the
// state must be wholly known and of the schema's type, and the diagnostics
// those expected (errors, warnings, and diagnostics attached to an
// attribute).
func TestProtocolServer_readsEveryDataSource(t *testing.T) {
	covered := map[string]bool{}
	for _, tc := range readCases(t) {
		if tc.ephemeral {
			continue
		}
		covered[tc.typeName()] = true
		t.Run(tc.typ+"/"+tc.name, func(t *testing.T) {
			srv := standIn(t, tc.opts)
			resp, typ := directReadWith(t.Context(), t, NewProtocol6Server("test"), srv, tc.typeName(), tc.config(t.Context(), t, srv))
			got := diagnosticsText(resp.Diagnostics)
			tc.checkDiagnostics(t, got)
			if strings.HasPrefix(got, "ERROR") {
				if resp.State != nil {
					t.Fatal("a failed read has a state")
				}
				return
			}
			state, err := resp.State.Unmarshal(typ)
			if err != nil {
				t.Fatal(err)
			}
			if !state.IsFullyKnown() || state.IsNull() {
				t.Fatal("the state is null or not wholly known")
			}
		})
	}
	for _, d := range dataSources {
		if !covered[d.typeName()] {
			t.Errorf("%s is not read: it requires an argument, so write a case for it in readCases", d.typeName())
		}
	}
}

// TestProtocolServer_answersBadRequestsWithDiagnostics sends reads that
// Terraform should never send; each gets a diagnostic, not a Go error.
func TestProtocolServer_answersBadRequestsWithDiagnostics(t *testing.T) {
	ctx := t.Context()
	srv := standIn(t, itellicotest.Options{})
	configured, schemas := configuredServer(ctx, t, NewProtocol6Server("test"), srv)
	unconfigured, err := NewProtocol6Server("test")()
	if err != nil {
		t.Fatal(err)
	}
	valid := dynamicValue(t, schemas.DataSourceSchemas[conversationsTypeName].ValueType(), nil)
	for name, tc := range map[string]struct {
		server tfprotov6.ProviderServer
		config *tfprotov6.DynamicValue
		want   string
	}{
		"no configuration":        {configured, nil, "Missing configuration"},
		"undecodable":             {configured, &tfprotov6.DynamicValue{MsgPack: []byte{0xc1}}, "Cannot decode the configuration"},
		"another schema's shape":  {configured, dynamicValue(t, schemas.DataSourceSchemas["itellico_account"].ValueType(), nil), "Cannot decode the configuration"},
		"provider not configured": {unconfigured, valid, "Provider not configured"},
	} {
		t.Run(name, func(t *testing.T) {
			resp, err := tc.server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: conversationsTypeName, Config: tc.config})
			if err != nil {
				t.Fatalf("a Go error: %v", err)
			}
			if text := diagnosticsText(resp.Diagnostics); !strings.HasPrefix(text, "ERROR: "+tc.want) || resp.State != nil {
				t.Fatalf("diagnostics %q and state %v, want an error %q and no state", text, resp.State, tc.want)
			}
		})
	}
}

// TestProtocolServer_forwardsTheFrameworksOptionalServers checks at run
// time what the compile-time assertions in read_server.go promise: the wrapper
// hides none of the optional interfaces the framework's server offers.
func TestProtocolServer_forwardsTheFrameworksOptionalServers(t *testing.T) {
	server, err := NewProtocol6Server("test")()
	if err != nil {
		t.Fatal(err)
	}
	// The list and state store servers are checked by their methods: the
	// With interfaces are deprecated, though Terraform still finds the
	// methods through them.
	if _, ok := server.(tfprotov6.ListResourceServer); !ok {
		t.Error("list resources are hidden")
	}
	if _, ok := server.(tfprotov6.StateStoreServer); !ok {
		t.Error("state stores are hidden")
	}
	actions, ok := server.(tfprotov6.ActionServer)
	if !ok {
		t.Fatal("actions are hidden")
	}
	resp, err := actions.ValidateActionConfig(t.Context(),
		&tfprotov6.ValidateActionConfigRequest{ActionType: "itellico_none"})
	if err != nil || len(resp.Diagnostics) == 0 {
		t.Errorf("ValidateActionConfig of an unknown action: %v %v; want the framework's diagnostic", err, resp)
	}
}

// Two identical reads in flight, as two modules declaring the same read
// give, are read once; reads that differ are not merged.
func TestProtocolServer_identicalReadsInFlightAreReadOnce(t *testing.T) {
	ctx := t.Context()
	// The first page of every read is held at the server until the two
	// reads that repeat the first are seen waiting for it: the reads are in
	// flight together whatever the scheduling, not only most of the time.
	release := make(chan struct{})
	releaseOnce := sync.OnceFunc(func() { close(release) })
	t.Cleanup(releaseOnce)
	srv := standIn(t, itellicotest.Options{Conversations: itellicotest.Generate(250, 1, testNow), PageCap: 100,
		Faults: func(_ int64, r *http.Request) itellicotest.FaultKind {
			if r.URL.Query().Get("offset") == "0" {
				select {
				case <-release:
				case <-r.Context().Done():
				}
			}
			return itellicotest.None
		}})
	server, schemas := configuredServer(ctx, t, NewProtocol6Server("test"), srv)
	typ := schemas.DataSourceSchemas[conversationsTypeName].ValueType()
	read := func(args map[string]tftypes.Value) *tfprotov6.ReadDataSourceResponse {
		resp, err := server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: conversationsTypeName,
			Config: dynamicValue(t, typ, args)})
		if err != nil || len(resp.Diagnostics) > 0 {
			t.Errorf("read: %v %s", err, diagnosticsText(resp.Diagnostics))
		}
		return resp
	}
	same := map[string]tftypes.Value{"include_messages": tftypes.NewValue(tftypes.Bool, false)}
	other := map[string]tftypes.Value{"type": tftypes.NewValue(tftypes.String, "phone")}
	var wg sync.WaitGroup
	for _, args := range []map[string]tftypes.Value{same, same, same, other} {
		wg.Go(func() { read(args) })
	}
	// Bounded, for a provider that does not share the read: then no read
	// ever waits, and the test fails below.
	for deadline := time.Now().Add(30 * time.Second); readWaiters() < 2 && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	if n := readWaiters(); n != 2 {
		t.Errorf("%d reads wait for an identical read in flight; want the 2 that repeat it", n)
	}
	releaseOnce()
	wg.Wait()
	// One read of 250 conversations in pages capped at 100 asks for 3
	// pages; the read with another filter asks for its own.
	pages := map[string]int{}
	for _, r := range srv.Requests() {
		pages[r.Query.Get("type")]++
	}
	if pages[""] != 3 || pages["phone"] == 0 {
		t.Errorf("requests by type filter: %v; want 3 for the three identical reads, and some for the other", pages)
	}
}

// readWaiters counts the goroutines of the test binary that wait in
// providerData.read for an identical read in flight: their stacks hold
// singleflight's Do, but not the doCall in which the read in flight runs.
func readWaiters() int {
	buf := make([]byte, 1<<20)
	n := runtime.Stack(buf, true)
	for n == len(buf) && len(buf) < 1<<26 { // cut short: a larger buffer, up to a bound
		buf = make([]byte, 2*len(buf))
		n = runtime.Stack(buf, true)
	}
	waiting := 0
	for _, g := range strings.Split(string(buf[:n]), "\n\n") {
		if strings.Contains(g, "internal/provider.(*providerData).read(") &&
			strings.Contains(g, "singleflight.(*Group).Do(") && !strings.Contains(g, "singleflight.(*Group).doCall(") {
			waiting++
		}
	}
	return waiting
}
