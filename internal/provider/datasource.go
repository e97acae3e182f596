package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/itellicoai/terraform-provider-itellico/internal/tfstate"
)

// Every data source of the provider is a *dataSource[R]: a schema, and a
// reader that calls the client and returns a result R, a struct whose
// json-tagged fields are the computed attributes. What every read needs
// lives here once: reading the configuration, masking the API key in logs,
// and writing the state, which holds every argument as configured and
// every computed attribute from the result (package tfstate). The reader
// resolves the account and maps the client's errors to diagnostics through
// its request (request.go). list.go and single.go hold the readers of list
// data sources and of their singular pairs; the others are in the data
// sources' own files.
//
// A read goes: protocolServer.ReadDataSource (server.go), then
// dataSource.readState, then the reader's read method, then the client.

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

var _ datasource.DataSourceWithConfigValidators = (*dataSource[struct{}])(nil)

func (d *dataSource[R]) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + d.name
}

func (d *dataSource[R]) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = d.schema
}

func (d *dataSource[R]) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return d.validators
}

// Read is never called: protocolServer answers every read of a data source
// itself, with readState. The framework needs the method to exist.
func (d *dataSource[R]) Read(_ context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	resp.Diagnostics.Append(notServedHere(d.typeName()))
}

// notServedHere is the error of a read that reached the framework's own
// server, which protocolServer keeps them from.
func notServedHere(typeName string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Read outside the provider's server",
		fmt.Sprintf("%s was read through terraform-plugin-framework's own server; the provider serves reads with "+
			"NewProtocol6Server. This is a bug in the provider; please report it.", typeName))
}

func (d *dataSource[R]) typeName() string          { return "itellico_" + d.name }
func (d *dataSource[R]) stateType() tftypes.Object { return d.state.Type() }

// readState reads what config asks for and returns the whole state, in
// Terraform's wire format.
func (d *dataSource[R]) readState(ctx context.Context, data *providerData, config tftypes.Value) ([]byte, diag.Diagnostics) {
	var attrs map[string]tftypes.Value
	if err := config.As(&attrs); err != nil || attrs == nil {
		var diags diag.Diagnostics
		diags.AddError("Cannot read the configuration",
			fmt.Sprintf("The configuration of itellico_%s is not an object. This is a bug; please report it.", d.name))
		return nil, diags
	}
	r := &request{ctx: data.logContext(ctx), data: data, config: attrs, arguments: d.arguments}
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
