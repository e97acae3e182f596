package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/itellicoai/terraform-provider-itellico/internal/tfstate"
)

// Every data source of the provider is a *dataSource[R]: a schema, and a
// reader that calls the client and returns a result R, a struct whose
// json-tagged fields are the computed attributes. What every read needs
// lives here once: reading the configuration, masking the API key in logs,
// and writing the state, which holds every argument as configured and
// every computed attribute from the result (package tfstate), and
// resolving the account of a data source with an account_id argument. The
// reader finds the account in its request (read_request.go), and maps the
// client's errors to diagnostics through it. read_list.go and read_single.go hold
// the readers of list data sources and of their singular pairs; the others
// are in the data sources' own files.
//
// A read goes: protocolServer.ReadDataSource (read_server.go); protocolServer.read,
// which defers or refuses a configuration not wholly known; providerData.read,
// which shares the read with an identical one in flight; dataSource.readState
// (readAs), which resolves the account; the reader's read method; the
// client. Back in providerData.read, causes.resolve says a provider-wide
// cause of failure in full once (read_onecause.go), on either read path. An ephemeral resource goes
// the same way from protocolServer.OpenEphemeralResource. On the
// framework's read path (ITELLICO_PROVIDER_READ_PATH=framework),
// frameworkDataSource.Read and frameworkEphemeral.Open reach
// providerData.read through frameworkRead instead.

// reader reads the data of one data source. It returns nil when the read
// failed, having said why in r's diagnostics.
type reader[R any] interface {
	read(r *request) *R
}

// dataSource is a data source of the provider, complete when built.
type dataSource[R any] struct {
	name       string // the type name without the provider's prefix
	schema     schema.Schema
	validators []datasource.ConfigValidator
	reader     reader[R]
	// arguments maps the names a 422 may give an argument (its own, or the
	// API's parameter it is sent as) to the argument.
	arguments map[string]string
	// ofAccount is set when it reads one account's data, chosen by its
	// account_id argument: the account is resolved before its reader runs.
	ofAccount bool
	state     *tfstate.Root[R]
}

// newDataSource builds a data source from its attributes, the filters it
// sends to the API (arguments too, declared with them), and its reader.
//
// It panics when the schema and R disagree (a computed attribute without a
// field, a field without an attribute, a field that cannot hold its
// attribute): a bug that every test of the package meets as it starts. The
// schema has no blocks, whose null value the framework would change after
// a read, since protocolServer answers reads below the framework.
func newDataSource[R any](name, description string, attrs map[string]schema.Attribute, fs filters, rd reader[R]) *dataSource[R] {
	d := &dataSource[R]{name: name, reader: rd, validators: fs.validators, arguments: map[string]string{}}
	for _, f := range fs.list {
		attrs[f.name] = f.attr
		if f.param != "" {
			d.arguments[f.param] = f.name
		}
	}
	d.schema = schema.Schema{MarkdownDescription: description, Attributes: attrs}
	if a, ok := attrs["account_id"]; ok && a.IsOptional() {
		d.ofAccount = true
	}
	computed := map[string]bool{}
	for n, a := range attrs {
		if a.IsRequired() || a.IsOptional() {
			d.arguments[n] = n
		}
		computed[n] = a.IsComputed()
	}
	typ, ok := d.schema.Type().TerraformType(context.Background()).(tftypes.Object)
	if !ok {
		panic(fmt.Sprintf("data source %s: the schema's type is not an object", name))
	}
	state, err := tfstate.NewRoot[R](typ, computed)
	if err != nil {
		panic(fmt.Sprintf("data source %s: %v", name, err))
	}
	d.state = state
	return d
}

func (d *dataSource[R]) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + d.name
}

func (d *dataSource[R]) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = d.schema
}

func (d *dataSource[R]) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return d.validators
}

// frameworkDataSource is what the framework's server gets of a data source,
// one for each of its calls: the data source, and the provider's data that
// the framework hands to its Configure. On the framework's read path
// (ITELLICO_PROVIDER_READ_PATH=framework) the framework calls its Read.
type frameworkDataSource[R any] struct {
	*dataSource[R]
	data *providerData
}

var (
	_ datasource.DataSourceWithConfigValidators = (*frameworkDataSource[struct{}])(nil)
	_ datasource.DataSourceWithConfigure        = (*frameworkDataSource[struct{}])(nil)
)

func (d *dataSource[R]) frameworkDataSource() datasource.DataSource {
	return &frameworkDataSource[R]{dataSource: d}
}

func (f *frameworkDataSource[R]) Configure(_ context.Context, req datasource.ConfigureRequest, _ *datasource.ConfigureResponse) {
	f.data, _ = req.ProviderData.(*providerData)
}

// Read reads the data source on the framework's path: the reader that
// protocolServer calls on the bypass, whose state, decoded, it hands to
// the framework. The framework then walks it and compares it with the
// configuration, which changes nothing (witness_test.go checks it).
func (f *frameworkDataSource[R]) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	state, deferred, diags := frameworkRead(ctx, f.data, f.dataSource, req.Config.Raw, req.ClientCapabilities.DeferralAllowed)
	resp.Diagnostics.Append(diags...)
	if deferred {
		resp.Deferred = &datasource.Deferred{Reason: datasource.DeferredReasonDataSourceConfigUnknown}
	}
	if deferred || !diags.HasError() {
		resp.State.Raw = state
	}
}

// frameworkRead reads rd configured as config for the framework's path,
// as protocolServer.read does on the bypass: the state as a value, or
// deferred (with an unknown state) when the configuration is not wholly
// known and Terraform can defer the read. The diagnostics are redacted as
// protocolServer redacts them.
func frameworkRead(ctx context.Context, data *providerData, rd readable, config tftypes.Value,
	canDefer bool) (tftypes.Value, bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	unknown := tftypes.NewValue(rd.stateType(), tftypes.UnknownValue)
	if data == nil {
		diags.AddError("Provider not configured",
			fmt.Sprintf("Terraform read %s before configuring the provider. This is a bug; please report it.", rd.typeName()))
		return unknown, false, diags
	}
	if !config.IsFullyKnown() {
		if canDefer {
			return unknown, true, nil
		}
		diags.Append(unknownConfiguration(rd.kind(), rd.typeName(), config))
		return unknown, false, diags
	}
	raw, err := tfprotov6.NewDynamicValue(rd.stateType(), config)
	if err != nil {
		diags.AddError("Cannot encode the configuration", fmt.Sprintf("%s: %s. This is a bug in the provider; please "+
			"report it.", rd.typeName(), err))
		return unknown, false, diags
	}
	state, readDiags := data.read(ctx, rd, raw.MsgPack, config)
	diags = redactDiagnostics(readDiags, data.client.Redact)
	if diags.HasError() {
		return unknown, false, diags
	}
	value, err := (&tfprotov6.DynamicValue{MsgPack: state}).Unmarshal(rd.stateType())
	if err != nil {
		diags.AddError("Cannot decode the state", fmt.Sprintf("%s: %s. This is a bug in the provider; please report it.",
			rd.typeName(), err))
	}
	return value, false, diags
}

// redactDiagnostics is diags with every text passed through redact, as
// protocolDiagnostics does on the bypass.
func redactDiagnostics(diags diag.Diagnostics, redact func(string) string) diag.Diagnostics {
	out := make(diag.Diagnostics, 0, len(diags))
	for _, d := range diags {
		summary, detail := redact(d.Summary()), redact(d.Detail())
		var r diag.Diagnostic = diag.NewWarningDiagnostic(summary, detail)
		if d.Severity() == diag.SeverityError {
			r = diag.NewErrorDiagnostic(summary, detail)
		}
		if withPath, ok := d.(diag.DiagnosticWithPath); ok {
			r = diag.WithPath(withPath.Path(), r)
		}
		out = append(out, r)
	}
	return out
}

// unknownConfiguration is the error of a read whose configuration holds
// values not known yet, when Terraform cannot defer it: read without them,
// it would read something else (every conversation, for an agent_id
// unknown). kind is "data source" or "ephemeral resource".
func unknownConfiguration(kind, typeName string, config tftypes.Value) diag.Diagnostic {
	var attrs map[string]tftypes.Value
	var names []string
	if config.IsKnown() && config.As(&attrs) == nil {
		for name, v := range attrs {
			if !v.IsFullyKnown() {
				names = append(names, name)
			}
		}
	}
	slices.Sort(names)
	what := "Its configuration is"
	if len(names) > 0 {
		what = "Its " + strings.Join(names, ", ") + " " + map[bool]string{true: "is", false: "are"}[len(names) == 1]
	}
	summary := "Configuration not known yet"
	detail := fmt.Sprintf("Terraform asked to read the %s %s with part of its configuration not known yet. %s "+
		"known only after apply (it depends on a resource that is not created yet), and read without it the %s "+
		"would read something else. Terraform defers such reads itself when it can; this Terraform did not. "+
		"Set the value from something known at plan time (a variable, a literal, another data source), or apply "+
		"what it depends on first (terraform apply -target=...).", kind, typeName, what, kind)
	if len(names) > 0 {
		return diag.NewAttributeErrorDiagnostic(path.Root(names[0]), summary, detail)
	}
	return diag.NewErrorDiagnostic(summary, detail)
}

func (d *dataSource[R]) typeName() string          { return "itellico_" + d.name }
func (d *dataSource[R]) kind() string              { return "data source" }
func (d *dataSource[R]) stateType() tftypes.Object { return d.state.Type() }

func (d *dataSource[R]) argumentChecks() argumentChecks {
	return newArgumentChecks(d.stateType(), d.schema.Attributes)
}

// readState reads what config asks for and returns the whole state, in
// Terraform's wire format.
func (d *dataSource[R]) readState(ctx context.Context, data *providerData, config tftypes.Value) ([]byte, diag.Diagnostics) {
	return d.readAs(ctx, d.kind(), data, config)
}

// readAs is readState for a read of kind, "data source" or "ephemeral
// resource", the name its messages give it.
func (d *dataSource[R]) readAs(ctx context.Context, kind string, data *providerData, config tftypes.Value) ([]byte, diag.Diagnostics) {
	var attrs map[string]tftypes.Value
	if err := config.As(&attrs); err != nil || attrs == nil {
		var diags diag.Diagnostics
		diags.AddError("Cannot read the configuration",
			fmt.Sprintf("The configuration of the %s itellico_%s is not an object. This is a bug; please report it.", kind, d.name))
		return nil, diags
	}
	r := &request{ctx: data.logContext(ctx), kind: kind, data: data, config: attrs, arguments: d.arguments}
	if d.ofAccount && !r.resolveAccount() {
		return nil, r.diags
	}
	result := d.reader.read(r)
	if r.diags.HasError() {
		return nil, r.diags
	}
	if result == nil {
		r.diags.AddError("The read returned nothing", "This is a bug in the provider; please report it.")
		return nil, r.diags
	}
	state, err := d.state.Encode(attrs, result)
	if err != nil {
		r.diags.AddError("Cannot build the state", "This is a bug in the provider; please report it: "+err.Error())
		return nil, r.diags
	}
	return state, r.diags
}
