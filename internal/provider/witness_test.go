package provider

// The framework's read path as the witness of the bypass: every data source
// and ephemeral resource read both ways, through protocolServer's own read
// (the default) and through terraform-plugin-framework's server, which
// calls the data sources' Read and the ephemeral resources' Open
// (ITELLICO_PROVIDER_READ_PATH=framework), must give equal states and the
// same diagnostics.

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

// pathRead is what one read answered: its state decoded (when it has one),
// whether and why it was deferred, and its diagnostics as text.
type pathRead struct {
	state    *tftypes.Value
	deferred *tfprotov6.Deferred
	diags    string
}

// readOn reads typeName, a data source or (ephemeral) an ephemeral
// resource, configured with args, on a server configured for srv.
func readOn(ctx context.Context, t *testing.T, server tfprotov6.ProviderServer, schemas *tfprotov6.GetProviderSchemaResponse,
	ephemeral bool, typeName string, config tftypes.Value, canDefer bool) pathRead {
	t.Helper()
	var typ tftypes.Type
	if ephemeral {
		typ = schemas.EphemeralResourceSchemas[typeName].ValueType()
	} else {
		typ = schemas.DataSourceSchemas[typeName].ValueType()
	}
	dv, err := tfprotov6.NewDynamicValue(typ, config)
	if err != nil {
		t.Fatal(err)
	}
	var state *tfprotov6.DynamicValue
	var r pathRead
	if ephemeral {
		resp, err := server.OpenEphemeralResource(ctx, &tfprotov6.OpenEphemeralResourceRequest{TypeName: typeName, Config: &dv,
			ClientCapabilities: &tfprotov6.OpenEphemeralResourceClientCapabilities{DeferralAllowed: canDefer}})
		if err != nil {
			t.Fatalf("OpenEphemeralResource: %v", err)
		}
		state, r.deferred, r.diags = resp.Result, resp.Deferred, diagnosticsText(resp.Diagnostics)
	} else {
		resp, err := server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: typeName, Config: &dv,
			ClientCapabilities: &tfprotov6.ReadDataSourceClientCapabilities{DeferralAllowed: canDefer}})
		if err != nil {
			t.Fatalf("ReadDataSource: %v", err)
		}
		state, r.deferred, r.diags = resp.State, resp.Deferred, diagnosticsText(resp.Diagnostics)
	}
	if state != nil {
		v, err := state.Unmarshal(typ)
		if err != nil {
			t.Fatalf("Terraform's decoder refuses the state: %v", err)
		}
		r.state = &v
	}
	return r
}

// bothPaths configures a server of each read path for srv.
func bothPaths(ctx context.Context, t *testing.T, srv *itellicotest.Server) (map[readPath]tfprotov6.ProviderServer, *tfprotov6.GetProviderSchemaResponse) {
	t.Helper()
	servers := map[readPath]tfprotov6.ProviderServer{}
	var schemas *tfprotov6.GetProviderSchemaResponse
	for _, p := range []readPath{readBypass, readFramework} {
		servers[p], schemas = configuredServer(ctx, t, newProtocol6Server("test", p), srv)
	}
	return servers, schemas
}

var requestID = regexp.MustCompile(`req_[0-9]+`)

// TestReadPaths_bypassAndFrameworkGiveTheSameStates reads every data source
// and ephemeral resource on both paths from one stand-in, in the cases of
// cases_test.go: the states must be equal (decoded, as Terraform decodes
// them) and the diagnostics the same, and those expected. A failed read has no state on the bypass; on the framework's path
// the framework sends the configuration back, which Terraform drops.
func TestReadPaths_bypassAndFrameworkGiveTheSameStates(t *testing.T) {
	covered := map[string]bool{}
	for _, tc := range readCases(t) {
		covered[tc.kind()+" "+tc.typeName()] = true
		t.Run(tc.kind()+"/"+tc.typ+"/"+tc.name, func(t *testing.T) {
			ctx := t.Context()
			srv := standIn(t, tc.opts)
			servers, schemas := bothPaths(ctx, t, srv)
			typeName := tc.typeName()
			typ := schemas.DataSourceSchemas[typeName].ValueType()
			config := objectValue(t, typ, tc.config(ctx, t, srv))
			bypass := readOn(ctx, t, servers[readBypass], schemas, tc.ephemeral, typeName, config, false)
			fw := readOn(ctx, t, servers[readFramework], schemas, tc.ephemeral, typeName, config, false)
			// The stand-in numbers its answers' request ids.
			if requestID.ReplaceAllString(bypass.diags, "req_N") != requestID.ReplaceAllString(fw.diags, "req_N") {
				t.Fatalf("diagnostics differ:\nbypass:\n%s\nframework:\n%s", bypass.diags, fw.diags)
			}
			tc.checkDiagnostics(t, bypass.diags)
			if strings.HasPrefix(bypass.diags, "ERROR") {
				if bypass.state != nil {
					t.Fatal("a failed read has a state on the bypass")
				}
				return
			}
			if bypass.state == nil || fw.state == nil {
				t.Fatalf("a state is missing: bypass %v, framework %v; diagnostics:\n%s", bypass.state, fw.state, bypass.diags)
			}
			if !bypass.state.IsFullyKnown() || bypass.state.IsNull() {
				t.Fatal("the bypass's state is null or not wholly known")
			}
			if diffs, err := bypass.state.Diff(*fw.state); err != nil || len(diffs) > 0 || !bypass.state.Equal(*fw.state) {
				t.Fatalf("the states differ (%v): %d differences, the first: %v", err, len(diffs), diffs[:min(1, len(diffs))])
			}
		})
	}
	for _, d := range dataSources {
		if !covered["data "+d.typeName()] {
			t.Errorf("data source %s is not read: it requires an argument, so write a case for it in readCases", d.typeName())
		}
	}
	for _, e := range ephemeralResources {
		if !covered["ephemeral "+e.typeName()] {
			t.Errorf("ephemeral resource %s is not opened: it requires an argument, so write a case for it in readCases", e.typeName())
		}
	}
}

// The provider is served on the path ITELLICO_PROVIDER_READ_PATH names,
// the bypass by default; another value is refused.
func TestReadPaths_chosenByTheEnvironment(t *testing.T) {
	for value, bypass := range map[string]bool{"": true, "bypass": true, "framework": false} {
		t.Run("value="+value, func(t *testing.T) {
			t.Setenv(readPathEnv, value)
			server, err := NewProtocol6Server("test")()
			if err != nil {
				t.Fatal(err)
			}
			ps, ok := server.(*protocolServer)
			if !ok {
				t.Fatalf("the server is a %T", server)
			}
			if got := len(ps.readers) > 0 && len(ps.ephemerals) > 0; got != bypass {
				t.Errorf("reads on the bypass: %v, want %v", got, bypass)
			}
		})
	}
	t.Setenv(readPathEnv, "fast")
	if _, err := NewProtocol6Server("test")(); err == nil || !strings.Contains(err.Error(), readPathEnv) {
		t.Errorf("an unknown read path: %v, want an error naming %s", err, readPathEnv)
	}
}
