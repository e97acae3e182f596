package provider

import (
	"fmt"
	"maps"
	"math/big"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// A refusal is a configuration that must be refused at plan, before any
// request: on names what is configured ("data.<type>" or "ephemeral.<type>"
// without the provider's prefix, or "provider"), args its arguments (the
// others null), and the error expected: summary, shown at the argument attr
// (none when attr is ""), with each of detail in its detail.
//
// Most refusals are the provider's: the provider's protocol server answers
// ValidateDataResourceConfig (and its ephemeral and provider siblings), as
// Terraform calls it at plan, from the schema's validators, custom types
// and config validators, without configuring anything. Three summaries are
// Terraform's, which refuses such a configuration from the schema alone
// before asking the provider: they are checked against the schema the
// provider declares (see terraformRefusals).
type refusal struct {
	on      string
	args    map[string]any
	attr    string
	summary string
	detail  []string
}

// Terraform's own refusals, by summary: what the schema must say of the
// argument for Terraform to refuse the configuration.
var terraformRefusals = map[string]string{
	"Incorrect attribute value type": "its value is not of the argument's type",
	"Unsupported argument":           "the schema has no such argument",
	"Missing required argument":      "the argument is required and not set",
}

// What the arguments of a kind refuse wherever they appear, so that a data
// source or ephemeral resource added with such an argument is covered
// without a line here.
func genericRefusals(on string, args map[string]*tfprotov6.SchemaAttribute) []refusal {
	var rs []refusal
	add := func(r refusal) { r.on = on; rs = append(rs, r) }
	if _, ok := args["account_id"]; ok {
		add(refusal{args: map[string]any{"account_id": ""}, attr: "account_id", summary: "Invalid Attribute Value Length"})
		// Values that would change the request's path, or that no account id has.
		for _, bad := range []string{".", "..", "../x", "a/b", "a?b=1", "-x"} {
			add(refusal{args: map[string]any{"account_id": bad}, attr: "account_id",
				summary: "Invalid Attribute Value Match", detail: []string{"must be an account id"}})
		}
	}
	if _, ok := args["id"]; ok {
		add(refusal{args: map[string]any{"id": ""}, attr: "id", summary: "Invalid Attribute Value Length"})
		for _, bad := range []string{"..", "a/b"} {
			add(refusal{args: map[string]any{"id": bad}, attr: "id",
				summary: "Invalid Attribute Value Match", detail: []string{"must be an identifier"}})
		}
	}
	// A singular twin's key (newSingle), as its id.
	if key := twinKey(on); key != "" {
		add(refusal{args: map[string]any{key: ""}, attr: key, summary: "Invalid Attribute Value Length"})
	}
	for _, name := range []string{"agent_id", "conversation_id"} {
		if _, ok := args[name]; ok {
			for _, bad := range []string{"42", "support-de"} {
				add(refusal{args: map[string]any{name: bad}, attr: name,
					summary: "Invalid Attribute Value Match", detail: []string{"must be a UUID"}})
			}
		}
	}
	if _, ok := args["max_items"]; ok {
		add(refusal{args: map[string]any{"max_items": 0}, attr: "max_items",
			summary: "Invalid Attribute Value", detail: []string{"at least 1"}})
	}
	// Terraform converts "true" and "false" to a bool, no other string.
	for _, name := range slices.Sorted(maps.Keys(args)) {
		if args[name].Type.Is(tftypes.Bool) {
			for _, bad := range []string{"maybe", "yes"} {
				add(refusal{args: map[string]any{name: bad}, attr: name, summary: "Incorrect attribute value type"})
			}
		}
	}
	// Time bounds are RFC 3339 with a zone, and a range they close must not
	// be empty, whatever the zones.
	bounds := map[string]bool{}
	for _, pair := range [][2]string{{"_after", "_before"}, {"_ge", "_le"}, {"_gt", "_lt"}, {"_ge", "_lt"}, {"_gt", "_le"}} {
		for _, name := range slices.Sorted(maps.Keys(args)) {
			field, ok := strings.CutSuffix(name, pair[0])
			upper := field + pair[1]
			if _, both := args[upper]; !ok || !both {
				continue
			}
			bounds[name], bounds[upper] = true, true
			add(refusal{args: map[string]any{name: "2026-11-24T10:00:00Z", upper: "2026-11-24T09:00:00Z"},
				attr: name, summary: "Empty time range", detail: []string{name + " (2026-11-24T10:00:00Z)"}})
			// The same instant in two zones is an empty range when a bound
			// is exclusive.
			if pair != [2]string{"_ge", "_le"} {
				add(refusal{args: map[string]any{name: "2025-01-01T01:00:00+02:00", upper: "2025-01-01T00:00:00+01:00"},
					attr: name, summary: "Empty time range"})
			}
		}
	}
	for _, name := range slices.Sorted(maps.Keys(bounds)) {
		for bad, summary := range map[string]string{
			"2024-02-05":          "Timestamp without a time and an offset",
			"2026-11-24T10:00:00": "Timestamp without an offset",
			"yesterday":           "Invalid timestamp",
		} {
			add(refusal{args: map[string]any{name: bad}, attr: name, summary: summary})
		}
	}
	// A field has one lower and one upper bound.
	for _, name := range slices.Sorted(maps.Keys(args)) {
		if field, ok := strings.CutSuffix(name, "_ge"); ok {
			for _, other := range [][2]string{{"_ge", "_gt"}, {"_le", "_lt"}} {
				a, b := field+other[0], field+other[1]
				if _, ok := args[b]; ok {
					add(refusal{args: map[string]any{a: "2024-01-01T00:00:00Z", b: "2024-01-01T00:00:00Z"},
						summary: "Invalid Attribute Combination",
						detail:  []string{fmt.Sprintf("These attributes cannot be configured together: [%s,%s]", a, b)}})
				}
			}
		}
	}
	return rs
}

// The refusals that are particular to one data source, ephemeral resource,
// or the provider.
var particularRefusals = []refusal{
	// The provider.
	{on: "provider", args: map[string]any{"base_url": "http://api.itellico.ai"}, attr: "base_url",
		summary: "Invalid itellico base URL", detail: []string{"clear text"}},
	{on: "provider", args: map[string]any{"max_retries": 99}, attr: "max_retries",
		summary: "Invalid Attribute Value", detail: []string{"between 0 and 10"}},
	{on: "provider", args: map[string]any{"request_timeout": "soon"}, attr: "request_timeout", summary: "Invalid Time Duration String Value"},
	{on: "provider", args: map[string]any{"request_timeout": "-5s"}, attr: "request_timeout",
		summary: "Invalid duration", detail: []string{"request_timeout must be a positive Go duration"}},
	{on: "provider", args: map[string]any{"max_concurrent_requests": 0}, attr: "max_concurrent_requests",
		summary: "Invalid Attribute Value", detail: []string{"between 1 and 64"}},
	{on: "provider", args: map[string]any{"max_concurrent_requests": 65}, attr: "max_concurrent_requests",
		summary: "Invalid Attribute Value", detail: []string{"between 1 and 64"}},
	{on: "provider", args: map[string]any{"max_requests_per_second": 0}, attr: "max_requests_per_second",
		summary: "Invalid Attribute Value", detail: []string{"between 0.1"}},
	{on: "provider", args: map[string]any{"max_requests_per_second": -2.5}, attr: "max_requests_per_second",
		summary: "Invalid Attribute Value", detail: []string{"between 0.1"}},
	{on: "provider", args: map[string]any{"max_rate_limit_wait": "0s"}, attr: "max_rate_limit_wait",
		summary: "Invalid duration", detail: []string{"max_rate_limit_wait must be a positive Go duration"}},
	{on: "provider", args: map[string]any{"max_rate_limit_wait": "a while"}, attr: "max_rate_limit_wait", summary: "Invalid Time Duration String Value"},
	{on: "provider", args: map[string]any{"api_key": "secret-key\n"}, attr: "api_key",
		summary: "Malformed itellico API key", detail: []string{"contains a line break (character 11 of 11)"}},
	{on: "provider", args: map[string]any{"api_key": ""}, attr: "api_key", summary: "Invalid Attribute Value Length"},

	// The conversations' filters, of the list, the statistics, the counts
	// and the ephemeral list alike.
	{on: "data.conversations", args: map[string]any{"type": "video"}, attr: "type", summary: "Invalid Attribute Value Match",
		detail: []string{`value must be one of: ["phone" "web" "test" "unknown"]`}},
	{on: "data.conversations", args: map[string]any{"status": "done"}, attr: "status", summary: "Invalid Attribute Value Match",
		detail: []string{`value must be one of: ["in_progress" "completed" "failed" "transferred"]`}},
	{on: "data.conversations", args: map[string]any{"direction": "sideways"}, attr: "direction", summary: "Invalid Attribute Value Match",
		detail: []string{`value must be one of: ["inbound" "outbound" "internal"]`}},
	{on: "data.conversation_stats", args: map[string]any{"status": "done"}, attr: "status", summary: "Invalid Attribute Value Match"},
	{on: "data.conversation_stats", args: map[string]any{"type": "video"}, attr: "type", summary: "Invalid Attribute Value Match"},
	{on: "data.conversation_stats", args: map[string]any{"direction": "sideways"}, attr: "direction", summary: "Invalid Attribute Value Match"},
	{on: "data.conversation_stats", args: map[string]any{"max_items": 5}, summary: "Unsupported argument"},
	{on: "data.conversation_counts", args: map[string]any{"status": "archived"}, attr: "status", summary: "Invalid Attribute Value Match"},
	{on: "data.conversation_counts", args: map[string]any{"type": "video"}, attr: "type", summary: "Invalid Attribute Value Match"},
	{on: "data.conversation_counts", args: map[string]any{"direction": "sideways"}, attr: "direction", summary: "Invalid Attribute Value Match"},
	{on: "data.conversation_counts", args: map[string]any{"dimensions": []any{"agent"}}, attr: "dimensions", summary: "Invalid Attribute Value Match"},
	{on: "data.conversation_counts", args: map[string]any{"dimensions": []any{"type", "type"}}, attr: "dimensions", summary: "Duplicate List Value"},
	{on: "ephemeral.conversations", args: map[string]any{"status": "archived"}, attr: "status",
		summary: "Invalid Attribute Value Match", detail: []string{"value must be one of"}},
	{on: "ephemeral.conversations", args: map[string]any{"type": "video"}, attr: "type", summary: "Invalid Attribute Value Match"},
	{on: "ephemeral.conversations", args: map[string]any{"direction": "sideways"}, attr: "direction", summary: "Invalid Attribute Value Match"},
	{on: "data.conversation", args: map[string]any{"include_messages": false}, summary: "Missing required argument"},
	{on: "ephemeral.conversation", args: map[string]any{}, summary: "Missing required argument"},

	// Agents.
	{on: "data.agents", args: map[string]any{"name": ""}, attr: "name", summary: "Invalid Attribute Value Length"},
	{on: "data.agents", args: map[string]any{"tags": []any{}}, attr: "tags", summary: "Invalid Attribute Value", detail: []string{"at least 1"}},
	{on: "data.agents", args: map[string]any{"tags": []any{"support", nil}}, attr: "tags", summary: "Null List Value"},
	// The API reads tags comma-joined and drops a blank one: such a tag
	// would list every agent.
	{on: "data.agents", args: map[string]any{"tags": []any{"support,en"}}, attr: "tags", summary: "Invalid Attribute Value Match",
		detail: []string{"must not be blank, start or end with white space, or contain a comma"}},
	{on: "data.agents", args: map[string]any{"tags": []any{"support", ""}}, attr: "tags", summary: "Invalid Attribute Value Match",
		detail: []string{"must not be blank, start or end with white space, or contain a comma"}},
	{on: "data.agents", args: map[string]any{"tags": []any{" "}}, attr: "tags", summary: "Invalid Attribute Value Match"},
	{on: "data.agents", args: map[string]any{"tags": []any{"support", "  "}}, attr: "tags", summary: "Invalid Attribute Value Match"},
	{on: "data.agents", args: map[string]any{"created_ge": "2025-01-01T00:00:00Z", "created_le": "2024-01-01T00:00:00Z"},
		attr: "created_ge", summary: "Empty time range",
		detail: []string{"created_ge (2025-01-01T00:00:00Z) must be no later than created_le (2024-01-01T00:00:00Z)"}},
	{on: "data.agents", args: map[string]any{"created_gt": "2024-01-01T00:00:00Z", "created_lt": "2024-01-01T00:00:00Z"},
		attr: "created_gt", summary: "Empty time range",
		detail: []string{"created_gt (2024-01-01T00:00:00Z) must be earlier than created_lt (2024-01-01T00:00:00Z)"}},
	// The agent's tags are its own, not a filter.
	{on: "data.agent", args: map[string]any{"name": "Support DE", "tags": []any{"support"}}, attr: "tags",
		summary: "Invalid Configuration for Read-Only Attribute"},

	// The singular lookups by a key besides id (refused empty by genericRefusals).
	{on: "data.phone_number", args: map[string]any{"name": "Zentrale (IVR)"}, summary: "Unsupported argument"},

	// The catalogs.
	{on: "data.models", args: map[string]any{"providers": []any{}}, attr: "providers", summary: "Invalid Configuration for Read-Only Attribute"},
	{on: "data.voices", args: map[string]any{}, summary: "Missing required argument"},
	{on: "data.voices", args: map[string]any{"voice_provider": "openai"}, attr: "voice_provider", summary: "Invalid Attribute Value Match",
		detail: []string{`value must be one of: ["elevenlabs" "azure" "cartesia"]`}},
	{on: "data.voices", args: map[string]any{"voice_provider": "Azure"}, attr: "voice_provider", summary: "Invalid Attribute Value Match"},
	{on: "data.voices", args: map[string]any{"voice_provider": ""}, attr: "voice_provider", summary: "Invalid Attribute Value Match"},
	{on: "data.voices", args: map[string]any{"voice_provider": "azure", "gender": "other"}, attr: "gender",
		summary: "Invalid Attribute Value Match", detail: []string{`value must be one of: ["male" "female" "neutral"]`}},
	{on: "data.voices", args: map[string]any{"voice_provider": "azure", "language": "e"}, attr: "language", summary: "Invalid Attribute Value Length"},
	{on: "data.voices", args: map[string]any{"voice_provider": "azure", "search": ""}, attr: "search", summary: "Invalid Attribute Value Length"},
	{on: "data.voices", args: map[string]any{"voice_provider": "azure", "limit": 0}, attr: "limit",
		summary: "Invalid Attribute Value", detail: []string{"at least 1"}},
	// A plan must not make the API clear its cache: refresh is no argument.
	{on: "data.voices", args: map[string]any{"voice_provider": "azure", "refresh": true}, summary: "Unsupported argument"},

	// Usage.
	{on: "data.usage", args: map[string]any{"granularity": "week"}, attr: "granularity",
		summary: "Invalid Attribute Value Match", detail: []string{"value must be one of"}},
	{on: "data.usage", args: map[string]any{"group_by": []any{"region"}}, attr: "group_by",
		summary: "Invalid Attribute Value Match", detail: []string{"value must be one of"}},
	{on: "data.usage", args: map[string]any{"group_by": []any{"agent", "agent"}}, attr: "group_by", summary: "Duplicate List Value"},
	{on: "data.usage", args: map[string]any{"group_by": []any{}}, attr: "group_by", summary: "Invalid Attribute Value", detail: []string{"at least 1"}},
	{on: "data.usage", args: map[string]any{"tz": "Mars/Olympus_Mons"}, attr: "tz", summary: "Unknown time zone", detail: []string{"Mars/Olympus_Mons"}},
	{on: "data.usage", args: map[string]any{"tz": "Local"}, attr: "tz", summary: "Unknown time zone"},
	{on: "data.usage", args: map[string]any{"limit": 0}, attr: "limit", summary: "Invalid Attribute Value", detail: []string{"between 1 and 500"}},
	{on: "data.usage", args: map[string]any{"limit": 501}, attr: "limit", summary: "Invalid Attribute Value", detail: []string{"between 1 and 500"}},
	{on: "data.usage", args: map[string]any{"start": "2026-11-02T00:00:00Z", "end": "2026-11-01T00:00:00Z"}, attr: "start", summary: "Empty time range"},
	{on: "data.usage", args: map[string]any{"start": "2026-11-02"}, attr: "start", summary: "Timestamp without a time and an offset"},
	{on: "data.usage", args: map[string]any{"end": "2026-11-02"}, attr: "end", summary: "Timestamp without a time and an offset"},
}

// Every argument of the provider, of every data source and of every
// ephemeral resource the provider registers is refused a bad value at plan
// by its validators, and a configuration Terraform refuses by the schema is
// one the schema declares so. An argument without any refusal fails the
// test: a new one needs its validators, and a line here.
func TestRefusals_everyArgumentRefusesItsBadValuesAtPlan(t *testing.T) {
	ctx := t.Context()
	server, err := NewProtocol6Server("test")()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schemas.Diagnostics) > 0 {
		t.Fatalf("GetProviderSchema: %v %v", err, schemas.Diagnostics)
	}
	all := map[string]*tfprotov6.Schema{"provider": schemas.Provider}
	for name, s := range schemas.DataSourceSchemas {
		all["data."+strings.TrimPrefix(name, "itellico_")] = s
	}
	for name, s := range schemas.EphemeralResourceSchemas {
		all["ephemeral."+strings.TrimPrefix(name, "itellico_")] = s
	}
	if len(schemas.DataSourceSchemas) != len(dataSources) || len(schemas.EphemeralResourceSchemas) != len(ephemeralResources) {
		t.Fatalf("the schema has %d data sources and %d ephemeral resources, the provider registers %d and %d",
			len(schemas.DataSourceSchemas), len(schemas.EphemeralResourceSchemas), len(dataSources), len(ephemeralResources))
	}

	refusals := slices.Clone(particularRefusals)
	for _, on := range slices.Sorted(maps.Keys(all)) {
		refusals = append(refusals, genericRefusals(on, arguments(all[on]))...)
	}
	covered := map[string]bool{}
	for _, r := range refusals {
		s, ok := all[r.on]
		if !ok {
			t.Errorf("%s: no such provider, data source or ephemeral resource", r.on)
			continue
		}
		// A refusal covers the argument it names, or, naming none (a
		// combination), each argument it sets.
		if r.attr != "" {
			covered[r.on+"."+r.attr] = true
		} else {
			for name := range r.args {
				covered[r.on+"."+name] = true
			}
		}
		t.Run(r.name(), func(t *testing.T) {
			if why, ok := terraformRefusals[r.summary]; ok {
				if err := refusedByTerraform(s, r); err != nil {
					t.Errorf("Terraform must refuse it with %q (%s): %v", r.summary, why, err)
				}
				return
			}
			config, err := configOf(s, r.args)
			if err != nil {
				t.Fatal(err)
			}
			diags := validate(t, server, r.on, config)
			if !refusedAs(diags, r) {
				t.Errorf("want an error %q at %q with %q; got %s", r.summary, r.attr, r.detail, describe(diags))
			}
		})
	}

	for _, on := range slices.Sorted(maps.Keys(all)) {
		for _, name := range slices.Sorted(maps.Keys(arguments(all[on]))) {
			if !covered[on+"."+name] {
				t.Errorf("%s: the argument %s is refused nothing: give it its validators and a refusal here", on, name)
			}
		}
	}
}

func (r refusal) name() string {
	var args []string
	for _, k := range slices.Sorted(maps.Keys(r.args)) {
		args = append(args, fmt.Sprintf("%s=%v", k, r.args[k]))
	}
	return r.on + " " + strings.Join(args, " ")
}

// arguments are the attributes of s that a configuration may set.
func arguments(s *tfprotov6.Schema) map[string]*tfprotov6.SchemaAttribute {
	args := map[string]*tfprotov6.SchemaAttribute{}
	for _, a := range s.Block.Attributes {
		if a.Required || a.Optional {
			args[a.Name] = a
		}
	}
	return args
}

// validate asks the provider's server to validate config as Terraform does
// at plan, and returns its diagnostics.
func validate(t *testing.T, server tfprotov6.ProviderServer, on string, config *tfprotov6.DynamicValue) []*tfprotov6.Diagnostic {
	t.Helper()
	kind, typ, _ := strings.Cut(on, ".")
	typ = "itellico_" + typ
	var (
		diags []*tfprotov6.Diagnostic
		err   error
	)
	switch kind {
	case "provider":
		var resp *tfprotov6.ValidateProviderConfigResponse
		if resp, err = server.ValidateProviderConfig(t.Context(), &tfprotov6.ValidateProviderConfigRequest{Config: config}); resp != nil {
			diags = resp.Diagnostics
		}
	case "data":
		var resp *tfprotov6.ValidateDataResourceConfigResponse
		if resp, err = server.ValidateDataResourceConfig(t.Context(),
			&tfprotov6.ValidateDataResourceConfigRequest{TypeName: typ, Config: config}); resp != nil {
			diags = resp.Diagnostics
		}
	case "ephemeral":
		var resp *tfprotov6.ValidateEphemeralResourceConfigResponse
		if resp, err = server.ValidateEphemeralResourceConfig(t.Context(),
			&tfprotov6.ValidateEphemeralResourceConfigRequest{TypeName: typ, Config: config}); resp != nil {
			diags = resp.Diagnostics
		}
	default:
		t.Fatalf("%s: neither provider, data nor ephemeral", on)
	}
	if err != nil {
		t.Fatalf("validate %s: %v", on, err)
	}
	return diags
}

// refusedAs tells whether diags hold the error r expects.
func refusedAs(diags []*tfprotov6.Diagnostic, r refusal) bool {
	for _, d := range diags {
		if d.Severity != tfprotov6.DiagnosticSeverityError || d.Summary != r.summary {
			continue
		}
		if r.attr != "" && !atArgument(d.Attribute, r.attr) {
			continue
		}
		if containsInOrder(strings.Join(strings.Fields(d.Detail), " "), r.detail) {
			return true
		}
	}
	return false
}

// atArgument tells whether p is the argument name, or in it (an element of
// a list).
func atArgument(p *tftypes.AttributePath, name string) bool {
	if p == nil || len(p.Steps()) == 0 {
		return false
	}
	step, ok := p.Steps()[0].(tftypes.AttributeName)
	return ok && string(step) == name
}

func containsInOrder(s string, parts []string) bool {
	for _, p := range parts {
		i := strings.Index(s, p)
		if i < 0 {
			return false
		}
		s = s[i+len(p):]
	}
	return true
}

func describe(diags []*tfprotov6.Diagnostic) string {
	if len(diags) == 0 {
		return "no diagnostic"
	}
	var b strings.Builder
	for _, d := range diags {
		fmt.Fprintf(&b, "\n  %s %q at %v: %s", d.Severity, d.Summary, d.Attribute, d.Detail)
	}
	return b.String()
}

// refusedByTerraform checks that the schema s makes Terraform refuse r.
func refusedByTerraform(s *tfprotov6.Schema, r refusal) error {
	args := arguments(s)
	switch r.summary {
	case "Unsupported argument":
		for name := range r.args {
			if _, ok := args[name]; !ok {
				return nil
			}
		}
		return fmt.Errorf("the schema has every argument of %v", r.args)
	case "Missing required argument":
		for name, a := range args {
			if _, set := r.args[name]; a.Required && !set {
				return nil
			}
		}
		return fmt.Errorf("%v sets every required argument", r.args)
	case "Incorrect attribute value type":
		for name, v := range r.args {
			a, ok := args[name]
			if !ok {
				return fmt.Errorf("no argument %s", name)
			}
			// Terraform converts a string to a bool or a number when it
			// can: "maybe" and "yes" it cannot.
			if _, err := valueOf(a.ValueType(), v); err == nil {
				return fmt.Errorf("%s = %#v is of its type %s", name, v, a.ValueType())
			}
		}
		return nil
	}
	return fmt.Errorf("%q is not a refusal of Terraform's", r.summary)
}

// configOf is the configuration of schema s with args set, the others null.
func configOf(s *tfprotov6.Schema, args map[string]any) (*tfprotov6.DynamicValue, error) {
	typ, ok := s.ValueType().(tftypes.Object)
	if !ok {
		return nil, fmt.Errorf("the schema's type %s is not an object", s.ValueType())
	}
	vals := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		v, err := valueOf(at, args[name])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		vals[name] = v
	}
	for name := range args {
		if _, ok := typ.AttributeTypes[name]; !ok {
			return nil, fmt.Errorf("no argument %s", name)
		}
	}
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, vals))
	return &dv, err
}

// valueOf converts v, a string, int, bool, []any or nil, to a value of typ,
// as far as it is of that type.
func valueOf(typ tftypes.Type, v any) (tftypes.Value, error) {
	var (
		val any
		ok  bool
	)
	switch v := v.(type) {
	case nil:
		val, ok = nil, true
	case string:
		val, ok = v, typ.Is(tftypes.String)
	case bool:
		val, ok = v, typ.Is(tftypes.Bool)
	case int:
		val, ok = new(big.Float).SetInt64(int64(v)), typ.Is(tftypes.Number)
	case float64:
		val, ok = big.NewFloat(v), typ.Is(tftypes.Number)
	case []any:
		list, isList := typ.(tftypes.List)
		ok = isList
		if isList {
			elems := make([]tftypes.Value, len(v))
			for i, e := range v {
				ev, err := valueOf(list.ElementType, e)
				if err != nil {
					return tftypes.Value{}, err
				}
				elems[i] = ev
			}
			val = elems
		}
	}
	if !ok {
		return tftypes.Value{}, fmt.Errorf("%#v is not of type %s", v, typ)
	}
	return tftypes.NewValue(typ, val), nil
}
