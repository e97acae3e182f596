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

// witnessCases are reads of every data source and ephemeral resource:
// successes, warnings and errors.
func witnessCases() []witnessCase {
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	num := func(n int64) tftypes.Value { return tftypes.NewValue(tftypes.Number, n) }
	strs := func(s ...string) tftypes.Value {
		vs := make([]tftypes.Value, len(s))
		for i := range s {
			vs[i] = str(s[i])
		}
		return tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, vs)
	}
	otherAccount := map[string]tftypes.Value{"account_id": str("11111111-2222-4333-8444-555555555555")}
	noSuchConversation := map[string]tftypes.Value{"conversation_id": str("00000000-0000-4000-8000-000000000000")}
	oneConversation := map[string]tftypes.Value{"conversation_id": str(itellicotest.ConversationWithToolResults)}
	var cases []witnessCase
	for _, ephemeral := range []bool{false, true} {
		cases = append(cases,
			witnessCase{"every seeded conversation", "conversations", ephemeral, nil, itellicotest.Options{}},
			witnessCase{"without messages", "conversations", ephemeral, map[string]tftypes.Value{"include_messages": tftypes.NewValue(tftypes.Bool, false)}, itellicotest.Options{}},
			witnessCase{"filtered", "conversations", ephemeral, map[string]tftypes.Value{"status": str("failed"), "created_after": str("2026-10-01T00:00:00+02:00")}, itellicotest.Options{}},
			witnessCase{"max_items", "conversations", ephemeral, map[string]tftypes.Value{"max_items": num(3)}, itellicotest.Options{}},
			witnessCase{"other account (403)", "conversations", ephemeral, otherAccount, itellicotest.Options{}},
			witnessCase{"a 422 naming a filter", "conversations", ephemeral, map[string]tftypes.Value{"status": str("archived")}, itellicotest.Options{}},
			witnessCase{"an incomplete list (warning)", "conversations", ephemeral, nil, itellicotest.Options{Faults: itellicotest.Always(itellicotest.CountMismatch)}},
			witnessCase{"one conversation", "conversation", ephemeral, oneConversation, itellicotest.Options{}},
			witnessCase{"no such conversation", "conversation", ephemeral, noSuchConversation, itellicotest.Options{}},
		)
	}
	return append(cases,
		witnessCase{"counts", "conversation_counts", false, map[string]tftypes.Value{"type": str("phone")}, itellicotest.Options{}},
		witnessCase{"counts of another account (403)", "conversation_counts", false, otherAccount, itellicotest.Options{}},
		witnessCase{"statistics", "conversation_stats", false, map[string]tftypes.Value{"type": str("phone")}, itellicotest.Options{}},
		witnessCase{"statistics of an incomplete list (warning)", "conversation_stats", false, nil, itellicotest.Options{Faults: itellicotest.Always(itellicotest.CountMismatch)}},
		witnessCase{"usage by agent", "usage", false, map[string]tftypes.Value{"group_by": strs("agent", "type"), "tz": str("Europe/Berlin")}, itellicotest.Options{}},
		witnessCase{"usage cut short (warning)", "usage", false, map[string]tftypes.Value{"limit": num(2)}, itellicotest.Options{}},
		witnessCase{"agents", "agents", false, map[string]tftypes.Value{"tags": strs("support")}, itellicotest.Options{}},
		witnessCase{"agent by name", "agent", false, map[string]tftypes.Value{"name": str("Support DE")}, itellicotest.Options{}},
		witnessCase{"agent by id", "agent", false, map[string]tftypes.Value{"id": str(itellicotest.AgentSupportENID)}, itellicotest.Options{}},
		witnessCase{"agent not found", "agent", false, map[string]tftypes.Value{"name": str("Nobody")}, itellicotest.Options{}},
		witnessCase{"account", "account", false, nil, itellicotest.Options{}},
		witnessCase{"subaccounts", "subaccounts", false, nil, itellicotest.Options{}},
		witnessCase{"subaccount", "subaccount", false, map[string]tftypes.Value{"name": str("Acme Schweiz AG")}, itellicotest.Options{}},
		witnessCase{"phone numbers", "phone_numbers", false, nil, itellicotest.Options{}},
		witnessCase{"phone number", "phone_number", false, map[string]tftypes.Value{"number": str("+493023125100")}, itellicotest.Options{}},
		witnessCase{"SIP trunks", "sip_trunks", false, nil, itellicotest.Options{}},
		witnessCase{"SIP trunk", "sip_trunk", false, map[string]tftypes.Value{"id": str(itellicotest.SipTrunkBerlinID)}, itellicotest.Options{}},
		witnessCase{"models", "models", false, nil, itellicotest.Options{}},
		witnessCase{"transcribers", "transcribers", false, nil, itellicotest.Options{}},
		witnessCase{"voices", "voices", false, map[string]tftypes.Value{"voice_provider": str("elevenlabs"), "language": str("en-us")}, itellicotest.Options{}},
		witnessCase{"voices of an unknown vendor (422)", "voices", false, map[string]tftypes.Value{"voice_provider": str("acme")}, itellicotest.Options{}},
	)
}

var requestID = regexp.MustCompile(`req_[0-9]+`)

type witnessCase struct {
	name, typ string
	ephemeral bool
	args      map[string]tftypes.Value
	opts      itellicotest.Options
}

func (c witnessCase) kind() string {
	if c.ephemeral {
		return "ephemeral"
	}
	return "data"
}

// TestReadPaths_bypassAndFrameworkGiveTheSameStates reads every data source
// and ephemeral resource on both paths from one stand-in: the states must
// be equal (decoded, as Terraform decodes them) and the diagnostics the
// same. A failed read has no state on the bypass; on the framework's path
// the framework sends the configuration back, which Terraform drops.
func TestReadPaths_bypassAndFrameworkGiveTheSameStates(t *testing.T) {
	covered := map[string]bool{}
	for _, tc := range witnessCases() {
		covered[tc.kind()+" itellico_"+tc.typ] = true
		t.Run(tc.kind()+"/"+tc.name, func(t *testing.T) {
			ctx := t.Context()
			srv := standIn(t, tc.opts)
			servers, schemas := bothPaths(ctx, t, srv)
			typeName := "itellico_" + tc.typ
			typ := schemas.DataSourceSchemas[typeName].ValueType()
			config := objectValue(t, typ, tc.args)
			bypass := readOn(ctx, t, servers[readBypass], schemas, tc.ephemeral, typeName, config, false)
			fw := readOn(ctx, t, servers[readFramework], schemas, tc.ephemeral, typeName, config, false)
			// The stand-in numbers its answers' request ids.
			if requestID.ReplaceAllString(bypass.diags, "req_N") != requestID.ReplaceAllString(fw.diags, "req_N") {
				t.Fatalf("diagnostics differ:\nbypass:\n%s\nframework:\n%s", bypass.diags, fw.diags)
			}
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
			t.Errorf("data source %s is not read", d.typeName())
		}
	}
	for _, e := range ephemeralResources {
		if !covered["ephemeral "+e.typeName()] {
			t.Errorf("ephemeral resource %s is not opened", e.typeName())
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
