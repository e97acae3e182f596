package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

// keyAccountProviderBlock configures the provider for srv without an
// account_id, so that the data sources use the account of the API key.
func keyAccountProviderBlock(srv *itellicotest.Server, extra ...string) string {
	return fmt.Sprintf(`
provider "itellico" {
  base_url = %q
  api_key  = %q
  %s
}
`, srv.URL(), srv.APIKey(), strings.Join(extra, "\n  "))
}

func TestAccAccount_everyAttribute(t *testing.T) {
	srv := standIn(t, itellicotest.Options{AccountName: "Acme Voice AG"})
	const ds = "data.itellico_account.test"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: keyAccountProviderBlock(srv) + `data "itellico_account" "test" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("id"), knownvalue.StringExact(srv.AccountID())),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("name"), knownvalue.StringExact("Acme Voice AG")),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("is_active"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("parent_account_id"), knownvalue.Null()),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("created"), knownvalue.StringExact("2023-09-01T08:00:00Z")),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("modified"), knownvalue.StringExact("2025-01-15T10:30:00Z")),
			},
		}},
	})
}

// A failed lookup of the key's account is an error that says why the
// lookup was made and how to avoid it.
func TestAccAccount_failedFallbackLookupIsAClearError(t *testing.T) {
	srv := standIn(t, itellicotest.Options{Faults: itellicotest.ForPath("/accounts/current", itellicotest.Always(itellicotest.Unavailable))})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: keyAccountProviderBlock(srv, "max_retries = 0") + `data "itellico_agents" "test" {}`,
			ExpectError: errorPattern("The itellico API failed", "Could not look up the account of the API key",
				"neither this data source nor the provider sets account_id; set one to skip the lookup",
				"HTTP 503 (service_unavailable)"),
		}},
	})
	for _, r := range srv.Requests() {
		if r.Path != "/v1/accounts/current" {
			t.Errorf("request %d to %s; nothing but the lookup may be asked when it fails", r.N, r.Path)
		}
	}
}

// protocolProvider is a provider server configured for srv through the
// protocol, as Terraform does, without account_id unless given.
type protocolProvider struct {
	t       *testing.T
	server  tfprotov6.ProviderServer
	schemas *tfprotov6.GetProviderSchemaResponse
}

func configureProtocolProvider(ctx context.Context, t *testing.T, srv *itellicotest.Server, attrs map[string]tftypes.Value) *protocolProvider {
	t.Helper()
	server, err := NewProtocol6Server("test")()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schemas.Diagnostics) > 0 {
		t.Fatalf("GetProviderSchema: %v %v", err, schemas.Diagnostics)
	}
	cfg := map[string]tftypes.Value{
		"base_url": tftypes.NewValue(tftypes.String, srv.URL()),
		"api_key":  tftypes.NewValue(tftypes.String, srv.APIKey()),
	}
	for k, v := range attrs {
		cfg[k] = v
	}
	configured, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{
		TerraformVersion: "1.11.0", Config: dynamicValue(t, schemas.Provider.ValueType(), cfg)})
	if err != nil || len(configured.Diagnostics) > 0 {
		t.Fatalf("ConfigureProvider: %v %v", err, configured.Diagnostics)
	}
	return &protocolProvider{t: t, server: server, schemas: schemas}
}

// read reads the data source typeName with the given arguments and
// returns its diagnostics.
func (p *protocolProvider) read(ctx context.Context, typeName string, args map[string]tftypes.Value) []*tfprotov6.Diagnostic {
	typ := p.schemas.DataSourceSchemas[typeName].ValueType()
	resp, err := p.server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: typeName, Config: dynamicValue(p.t, typ, args)})
	if err != nil {
		p.t.Errorf("ReadDataSource %s: %v", typeName, err)
		return nil
	}
	return resp.Diagnostics
}

// Data sources read at once by one provider instance look the key's
// account up once; a failed lookup is not kept.
func TestAccountFallback_lookedUpOncePerProviderInstance(t *testing.T) {
	srv := standIn(t, itellicotest.Options{
		Faults: itellicotest.ForPath("/accounts/current", itellicotest.Sequence(itellicotest.ShouldRetryFalse)),
	})
	ctx := t.Context()
	p := configureProtocolProvider(ctx, t, srv, nil)
	lookups := func() (n int) {
		for _, r := range srv.Requests() {
			if r.Path == "/v1/accounts/current" {
				n++
			}
		}
		return n
	}

	// The first lookup fails (503, not to be retried) ...
	diags := p.read(ctx, "itellico_agents", nil)
	if text := diagnosticsText(diags); !strings.Contains(text, "Could not look up the account of the API key") {
		t.Fatalf("first read: want the failed lookup, got:\n%s", text)
	}

	// ... and is tried again by the next reads, once for all of them.
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	reads := []struct {
		typeName string
		args     map[string]tftypes.Value
	}{
		{"itellico_account", nil},
		{"itellico_agents", nil},
		{"itellico_agent", map[string]tftypes.Value{"name": str("Support EN")}},
		{"itellico_agent", map[string]tftypes.Value{"id": str(itellicotest.AgentSalesENID)}},
		{"itellico_conversations", nil},
		{"itellico_conversation", map[string]tftypes.Value{"conversation_id": str(itellicotest.ConversationGerman)}},
	}
	var wg sync.WaitGroup
	for _, r := range reads {
		wg.Go(func() {
			if diags := p.read(ctx, r.typeName, r.args); len(diags) > 0 {
				t.Errorf("%s: %s", r.typeName, diagnosticsText(diags))
			}
		})
	}
	wg.Wait()
	if n := lookups(); n != 2 {
		t.Errorf("GET /v1/accounts/current was requested %d times; want 2 (the failed lookup, then one for every later read)", n)
	}
	for _, r := range srv.Requests() {
		if r.Path != "/v1/accounts/current" && !strings.HasPrefix(r.Path, "/v1/accounts/"+srv.AccountID()+"/") {
			t.Errorf("request %d to %s, not to the key's account", r.N, r.Path)
		}
	}
}

// An account_id in the data source or the provider is used as is: the
// key's account is not looked up.
func TestAccountFallback_notLookedUpWhenAnAccountIsSet(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	ctx := t.Context()
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

	withProviderAccount := configureProtocolProvider(ctx, t, srv, map[string]tftypes.Value{"account_id": str(srv.AccountID())})
	if diags := withProviderAccount.read(ctx, "itellico_agents", nil); len(diags) > 0 {
		t.Errorf("provider account_id: %s", diagnosticsText(diags))
	}
	withDataSourceAccount := configureProtocolProvider(ctx, t, srv, nil)
	if diags := withDataSourceAccount.read(ctx, "itellico_agents", map[string]tftypes.Value{"account_id": str("me")}); len(diags) > 0 {
		t.Errorf("data source account_id: %s", diagnosticsText(diags))
	}
	var paths []string
	for _, r := range srv.Requests() {
		paths = append(paths, r.Path)
	}
	want := []string{"/v1/accounts/" + srv.AccountID() + "/agents", "/v1/accounts/me/agents"}
	if !slices.Equal(paths, want) {
		t.Errorf("requests to %v, want %v", paths, want)
	}
}
