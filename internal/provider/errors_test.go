package provider

// Errors that say what to fix: a fractional number in an Int64 argument, a
// timestamp without an offset or with an offset that is not one, checked
// as Terraform validates a configuration (ValidateDataResourceConfig,
// ValidateEphemeralResourceConfig, ValidateProviderConfig) and at plan; and
// the ephemeral resources' errors, which name an ephemeral resource.

import (
	"context"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

// validated is what Terraform's validation of one configuration of a data
// source ("data"), an ephemeral resource ("ephemeral") or the provider
// ("provider") answers, as text.
func validated(ctx context.Context, t *testing.T, server tfprotov6.ProviderServer, kind, typeName string, typ tftypes.Type,
	args map[string]tftypes.Value) string {
	t.Helper()
	config := dynamicValue(t, typ, args)
	var diags []*tfprotov6.Diagnostic
	var err error
	switch kind {
	case "data":
		var resp *tfprotov6.ValidateDataResourceConfigResponse
		resp, err = server.ValidateDataResourceConfig(ctx, &tfprotov6.ValidateDataResourceConfigRequest{TypeName: typeName, Config: config})
		if resp != nil {
			diags = resp.Diagnostics
		}
	case "ephemeral":
		var resp *tfprotov6.ValidateEphemeralResourceConfigResponse
		resp, err = server.ValidateEphemeralResourceConfig(ctx, &tfprotov6.ValidateEphemeralResourceConfigRequest{TypeName: typeName, Config: config})
		if resp != nil {
			diags = resp.Diagnostics
		}
	case "provider":
		var resp *tfprotov6.ValidateProviderConfigResponse
		resp, err = server.ValidateProviderConfig(ctx, &tfprotov6.ValidateProviderConfigRequest{Config: config})
		if resp != nil {
			diags = resp.Diagnostics
		}
	}
	if err != nil {
		t.Fatalf("validate %s %s: %v", kind, typeName, err)
	}
	return diagnosticsText(diags)
}

// validationTarget is a schema whose arguments Terraform validates.
type validationTarget struct {
	kind, typeName string
	schema         *tfprotov6.Schema
}

func validationTargets(t *testing.T) (tfprotov6.ProviderServer, []validationTarget) {
	t.Helper()
	server, err := NewProtocol6Server("test")()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := server.GetProviderSchema(t.Context(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	targets := []validationTarget{{"provider", "provider", schemas.Provider}}
	for name, s := range schemas.DataSourceSchemas {
		targets = append(targets, validationTarget{"data", name, s})
	}
	for name, s := range schemas.EphemeralResourceSchemas {
		targets = append(targets, validationTarget{"ephemeral", name, s})
	}
	return server, targets
}

// Every Int64 argument of every data source, ephemeral resource and of the
// provider refuses a fractional number, or one beyond 64 bits, with an
// error at the argument that says it must be a whole number, never the
// framework's "This is always an error in the provider".
func TestArguments_fractionalNumbersRefusedWithAClearError(t *testing.T) {
	ctx := t.Context()
	server, targets := validationTargets(t)
	huge, _ := new(big.Float).SetString("1e30")
	checked := 0
	for _, tg := range targets {
		for _, a := range tg.schema.Block.Attributes {
			if (!a.Optional && !a.Required) || argumentKindOf(tg, a.Name) != wholeNumber {
				continue // not an Int64 argument: a Float64 takes fractions
			}
			checked++
			for value, want := range map[string]string{"1.5": "Not a whole number", "-0.25": "Not a whole number",
				"1e30": "Number out of range"} {
				t.Run(fmt.Sprintf("%s %s/%s=%s", tg.kind, tg.typeName, a.Name, value), func(t *testing.T) {
					n, _ := new(big.Float).SetString(value)
					if value == "1e30" {
						n = huge
					}
					got := validated(ctx, t, server, tg.kind, tg.typeName, tg.schema.ValueType(),
						map[string]tftypes.Value{a.Name: tftypes.NewValue(tftypes.Number, n)})
					// Other errors (voices' voice_provider, required, is null
					// here) may come along; at the argument there is one.
					at := fmt.Sprintf("ERROR at AttributeName(%q): ", a.Name)
					prefix := fmt.Sprintf("%s%s: %s must be a whole number", at, want, a.Name)
					shown := map[string]string{"1e30": "1e+30"}[value]
					if shown == "" {
						shown = value
					}
					if !strings.Contains(got, prefix) || strings.Count(got, at) != 1 ||
						strings.Contains(got, "error in the provider") || !strings.Contains(got, "got "+shown+".") {
						t.Errorf("diagnostics:\n%s\nwant one error at the argument starting %q that gives the value", got, prefix)
					}
				})
			}
		}
	}
	// max_items, usage's and voices' limit (each twice for conversations'
	// ephemeral twin), max_retries and max_concurrent_requests.
	if checked < 6 {
		t.Errorf("only %d Int64 arguments checked", checked)
	}
}

// Every RFC 3339 argument refuses a timestamp without an offset, saying
// what to add with an example, and an offset whose hours are not 00 to
// 23; a timestamp with an offset passes.
func TestArguments_timestampsWithoutAValidOffsetRefusedWithAClearError(t *testing.T) {
	ctx := t.Context()
	server, targets := validationTargets(t)
	cases := []struct{ value, want, example string }{
		{"2025-01-01T00:00:00", "Timestamp without an offset", `"2025-01-01T00:00:00Z"`},
		{"2025-01-01 08:30", "Timestamp without an offset", `"2025-01-01T08:30Z"`},
		{"2025-01-01", "Timestamp without a time and an offset", `"2025-01-01T00:00:00Z"`},
		{"2025-01-01T00:00:00+24:00", "Invalid time zone offset", "00 to 23"},
		{"2025-01-01T00:00:00-25:00", "Invalid time zone offset", "00 to 23"},
		{"yesterday", "Invalid timestamp", `"2025-01-01T00:00:00+02:00"`},
		{"2025-01-01T00:00:00+23:59", "", ""},
		{"2025-01-01T00:00:00+02:00", "", ""},
		{"2025-01-01T00:00:00.5Z", "", ""},
	}
	checked := 0
	for _, tg := range targets {
		for _, a := range tg.schema.Block.Attributes {
			if (!a.Optional && !a.Required) || !a.Type.Is(tftypes.String) || argumentKindOf(tg, a.Name) != timestamp {
				continue
			}
			checked++
			for _, tc := range cases {
				t.Run(fmt.Sprintf("%s %s/%s=%s", tg.kind, tg.typeName, a.Name, tc.value), func(t *testing.T) {
					got := validated(ctx, t, server, tg.kind, tg.typeName, tg.schema.ValueType(),
						map[string]tftypes.Value{a.Name: tftypes.NewValue(tftypes.String, tc.value)})
					at := fmt.Sprintf("ERROR at AttributeName(%q)", a.Name)
					if tc.want == "" {
						if strings.Contains(got, at) {
							t.Errorf("a valid timestamp refused:\n%s", got)
						}
						return
					}
					prefix := at + ": " + tc.want + ": " + a.Name
					if !strings.HasPrefix(got, prefix) || strings.Count(got, "ERROR") != 1 || !strings.Contains(got, tc.example) ||
						strings.Contains(got, "Z07:00") {
						t.Errorf("diagnostics:\n%s\nwant one error starting %q with %s", got, prefix, tc.example)
					}
				})
			}
		}
	}
	if checked < 10 {
		t.Errorf("only %d RFC 3339 arguments checked", checked)
	}
}

// argumentKindOf is what argumentChecks checks of the argument name of tg:
// a whole number (an Int64 argument), a timestamp (timetypes.RFC3339), or
// nothing.
func argumentKindOf(tg validationTarget, name string) argumentKind {
	var checks argumentChecks
	switch tg.kind {
	case "provider":
		checks = (&itellicoProvider{}).argumentChecks()
	case "data":
		for _, d := range dataSources {
			if d.typeName() == tg.typeName {
				checks = d.argumentChecks()
			}
		}
	case "ephemeral":
		for _, e := range ephemeralResources {
			if e.typeName() == tg.typeName {
				checks = e.argumentChecks()
			}
		}
	}
	return checks.args[name]
}

// The errors of an ephemeral resource's read name an ephemeral resource,
// those of a data source a data source.
func TestEphemeralErrors_nameAnEphemeralResource(t *testing.T) {
	ctx := t.Context()
	srv := standIn(t, itellicotest.Options{})
	servers, schemas := bothPaths(ctx, t, srv)
	// A provider without account_id, against an API that fails the lookup
	// of the key's account with a 500 (a read's own failure; a refused key
	// is the provider's, whose error names no data source or resource).
	failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte(`{"code":"internal_error","message":"Internal error"}`))
	}))
	t.Cleanup(failing.Close)
	refused, err := newProtocol6Server("test", readBypass)()
	if err != nil {
		t.Fatal(err)
	}
	configured, err := refused.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: dynamicValue(t,
		schemas.Provider.ValueType(), map[string]tftypes.Value{
			"base_url":    tftypes.NewValue(tftypes.String, failing.URL),
			"api_key":     tftypes.NewValue(tftypes.String, "a-key"),
			"max_retries": tftypes.NewValue(tftypes.Number, big.NewFloat(0)),
		})})
	if err != nil || len(configured.Diagnostics) > 0 {
		t.Fatalf("ConfigureProvider: %v %s", err, diagnosticsText(configured.Diagnostics))
	}
	typ := schemas.DataSourceSchemas["itellico_conversation"].ValueType()
	noSuch := objectValue(t, typ, map[string]tftypes.Value{
		"conversation_id": tftypes.NewValue(tftypes.String, "00000000-0000-4000-8000-000000000000")})
	for name, server := range map[string]tfprotov6.ProviderServer{"no such conversation (bypass)": servers[readBypass],
		"no such conversation (framework)": servers[readFramework], "the key's account": refused} {
		for _, ephemeral := range []bool{false, true} {
			this, other := "this data source", "this ephemeral resource"
			if ephemeral {
				this, other = other, this
			}
			t.Run(fmt.Sprintf("%s/ephemeral=%v", name, ephemeral), func(t *testing.T) {
				got := readOn(ctx, t, server, schemas, ephemeral, "itellico_conversation", noSuch, false)
				if !strings.HasPrefix(got.diags, "ERROR") || !strings.Contains(got.diags, this) || strings.Contains(got.diags, other) {
					t.Errorf("diagnostics:\n%s\nwant an error naming %q, never %q", got.diags, this, other)
				}
			})
		}
	}
}

// At plan, with terraform: a fractional max_items, a timestamp without an
// offset and an offset of +24:00 are refused, each with its error and
// none blaming the provider, before anything is sent.
func TestAccArguments_numbersAndTimestampsRefusedAtPlan(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	var steps []resource.TestStep
	for _, tc := range []struct {
		provider, block string
		want            []string
	}{
		{"", "data \"itellico_conversations\" \"x\" {\n  max_items = 1.5\n}", []string{"Not a whole number", "max_items must be a whole number"}},
		{"max_retries = 2.5", "data \"itellico_account\" \"x\" {}", []string{"Not a whole number", "max_retries must be a whole number"}},
		{"", "data \"itellico_conversations\" \"x\" {\n  created_after = \"2025-01-01T00:00:00\"\n}", []string{"Timestamp without an offset", `"2025-01-01T00:00:00Z"`}},
		{"", "ephemeral \"itellico_conversations\" \"x\" {\n  created_before = \"2025-01-01T00:00:00+24:00\"\n}", []string{"Invalid time zone offset", "00 to 23"}},
	} {
		steps = append(steps, resource.TestStep{
			Config:      providerBlock(srv, tc.provider) + tc.block + "\n",
			PlanOnly:    true,
			ExpectError: errorPattern(tc.want...),
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   ephemeralVersions,
		Steps:                    steps,
	})
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests reached the API; a configuration refused at plan must send none", n)
	}
}
