package provider

// Reads whose configuration holds values not known yet, at the protocol
// level: Terraform 1.11 does not send them, but nothing in the protocol
// forbids it. A read must never be sent without the unknown value (an
// agent_id unknown must not read every conversation): it is deferred when
// Terraform can defer it, else refused naming what is unknown.

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

// unknownConfigs are configurations of a data source or ephemeral
// resource of schema s, each with one argument not known (or, for a list,
// one of its elements), the others null; and one wholly unknown.
func unknownConfigs(t *testing.T, s *tfprotov6.Schema) map[string]tftypes.Value {
	t.Helper()
	typ := s.ValueType()
	configs := map[string]tftypes.Value{"the whole configuration": tftypes.NewValue(typ, tftypes.UnknownValue)}
	for _, a := range s.Block.Attributes {
		if !a.Optional && !a.Required {
			continue
		}
		at := a.ValueType()
		configs[a.Name] = objectValue(t, typ, map[string]tftypes.Value{a.Name: tftypes.NewValue(at, tftypes.UnknownValue)})
		if list, ok := at.(tftypes.List); ok {
			elems := []tftypes.Value{tftypes.NewValue(list.ElementType, "known"), tftypes.NewValue(list.ElementType, tftypes.UnknownValue)}
			configs[a.Name+" (an element)"] = objectValue(t, typ, map[string]tftypes.Value{a.Name: tftypes.NewValue(at, elems)})
		}
	}
	return configs
}

func TestUnknownConfiguration_deferredOrRefusedNeverRead(t *testing.T) {
	ctx := t.Context()
	srv := standIn(t, itellicotest.Options{})
	servers, schemas := bothPaths(ctx, t, srv)
	if n := len(srv.Requests()); n != 0 {
		t.Fatalf("configuring the provider sent %d requests", n)
	}
	type target struct {
		ephemeral bool
		typeName  string
		schema    *tfprotov6.Schema
	}
	var targets []target
	for _, d := range dataSources {
		targets = append(targets, target{false, d.typeName(), schemas.DataSourceSchemas[d.typeName()]})
	}
	for _, e := range ephemeralResources {
		targets = append(targets, target{true, e.typeName(), schemas.EphemeralResourceSchemas[e.typeName()]})
	}
	arguments := 0
	for _, tg := range targets {
		kind := map[bool]string{false: "data source", true: "ephemeral resource"}[tg.ephemeral]
		for name, config := range unknownConfigs(t, tg.schema) {
			arguments++
			for _, p := range []readPath{readBypass, readFramework} {
				for _, canDefer := range []bool{true, false} {
					t.Run(fmt.Sprintf("%s %s/%s/%s/defer=%v", kind, tg.typeName, name, p, canDefer), func(t *testing.T) {
						got := readOn(ctx, t, servers[p], schemas, tg.ephemeral, tg.typeName, config, canDefer)
						if canDefer {
							if got.deferred == nil || got.deferred.Reason != tfprotov6.DeferredReasonResourceConfigUnknown || got.diags != "" {
								t.Fatalf("deferred %v, diagnostics:\n%s\nwant deferred for an unknown configuration, "+
									"without diagnostics", got.deferred, got.diags)
							}
							if got.state == nil || got.state.IsKnown() {
								t.Errorf("the state of a deferred read is %v, want unknown", got.state)
							}
							return
						}
						want := "ERROR: Configuration not known yet: "
						if arg, _, _ := strings.Cut(name, " "); name != "the whole configuration" {
							want = fmt.Sprintf("ERROR at AttributeName(%q): Configuration not known yet: ", arg)
						}
						if got.deferred != nil || !strings.HasPrefix(got.diags, want) || strings.Count(got.diags, "ERROR") != 1 ||
							!strings.Contains(got.diags, "the "+kind+" "+tg.typeName) {
							t.Fatalf("deferred %v, diagnostics:\n%s\nwant one error starting %q and naming the %s",
								got.deferred, got.diags, want, kind)
						}
					})
				}
			}
		}
	}
	if arguments < 50 {
		t.Errorf("only %d configurations tried", arguments)
	}
	if reqs := srv.Requests(); len(reqs) != 0 {
		t.Errorf("%d requests reached the API, the first %s %s; a read with a value not known must send none",
			len(reqs), reqs[0].Method, reqs[0].Path)
	}
}

// A provider whose own configuration is not known yet defers every read,
// when Terraform can defer them, on both paths: the framework answers so
// itself on its path, and protocolServer the same on the bypass.
func TestUnknownConfiguration_providerDefersEveryRead(t *testing.T) {
	ctx := t.Context()
	srv := standIn(t, itellicotest.Options{})
	for _, p := range []readPath{readBypass, readFramework} {
		t.Run(string(p), func(t *testing.T) {
			server, err := newProtocol6Server("test", p)()
			if err != nil {
				t.Fatal(err)
			}
			schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
			if err != nil {
				t.Fatal(err)
			}
			cfg := dynamicValue(t, schemas.Provider.ValueType(), map[string]tftypes.Value{
				"base_url": tftypes.NewValue(tftypes.String, srv.URL()),
				"api_key":  tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
			})
			configured, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: cfg,
				ClientCapabilities: &tfprotov6.ConfigureProviderClientCapabilities{DeferralAllowed: true}})
			// The protocol has no deferred answer to ConfigureProvider: the
			// reads are.
			if err != nil || len(configured.Diagnostics) > 0 {
				t.Fatalf("ConfigureProvider: %v %s", err, diagnosticsText(configured.Diagnostics))
			}
			for _, tc := range []struct {
				ephemeral bool
				typeName  string
			}{{false, "itellico_agents"}, {false, conversationsTypeName}, {true, conversationsTypeName}} {
				typ := schemas.DataSourceSchemas[tc.typeName].ValueType()
				got := readOn(ctx, t, server, schemas, tc.ephemeral, tc.typeName, objectValue(t, typ, nil), true)
				if got.deferred == nil || got.deferred.Reason != tfprotov6.DeferredReasonProviderConfigUnknown || got.diags != "" {
					t.Errorf("%s: deferred %v, diagnostics:\n%s\nwant deferred, the provider config unknown", tc.typeName,
						got.deferred, got.diags)
				}
			}
			// Without Terraform's leave to defer, the provider refuses.
			other, err := newProtocol6Server("test", p)()
			if err != nil {
				t.Fatal(err)
			}
			configured, err = other.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: cfg})
			if err != nil || !strings.Contains(diagnosticsText(configured.Diagnostics), "not known at plan time") {
				t.Errorf("ConfigureProvider without deferral: %v %s", err, diagnosticsText(configured.Diagnostics))
			}
		})
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests reached the API", n)
	}
}
