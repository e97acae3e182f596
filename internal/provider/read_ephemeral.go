package provider

import (
	"context"
	"fmt"

	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	eschema "github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// An ephemeral resource of this provider is the ephemeral twin of a data
// source: the same arguments, filters, validation, read and result, whose
// values Terraform keeps out of plans and state. Terraform 1.10 and
// OpenTofu 1.11 have them. The twin is derived from the data source, so its
// schema and filters are declared once; protocolServer opens it with the
// data source's readState, as it reads the data source.
type ephemeralResource[R any] struct {
	dataSource *dataSource[R]
	schema     eschema.Schema
	validators []ephemeral.ConfigValidator
}

// newEphemeral derives the ephemeral twin of d, whose documentation leads
// with description. It panics, as newDataSource does, on an attribute or a
// validator it cannot carry over.
func newEphemeral[R any](d *dataSource[R], description string) *ephemeralResource[R] {
	e := &ephemeralResource[R]{dataSource: d, schema: eschema.Schema{MarkdownDescription: description,
		Attributes: map[string]eschema.Attribute{}}}
	for name, a := range d.schema.Attributes {
		e.schema.Attributes[name] = ephemeralAttribute(d.name+"."+name, a)
	}
	for _, v := range d.validators {
		ev, ok := v.(ephemeral.ConfigValidator)
		if !ok {
			panic(fmt.Sprintf("ephemeral %s: validator %T does not validate ephemeral resources", d.name, v))
		}
		e.validators = append(e.validators, ev)
	}
	return e
}

// ephemeralAttribute is the data source attribute a in an ephemeral
// resource's schema: the same kind, description and validation. The
// framework's two schema packages declare the same fields for each kind.
func ephemeralAttribute(where string, a dschema.Attribute) eschema.Attribute {
	switch a := a.(type) {
	case dschema.StringAttribute:
		return eschema.StringAttribute(a)
	case dschema.BoolAttribute:
		return eschema.BoolAttribute(a)
	case dschema.Int64Attribute:
		return eschema.Int64Attribute(a)
	case dschema.Float64Attribute:
		return eschema.Float64Attribute(a)
	case dschema.ListAttribute:
		return eschema.ListAttribute(a)
	case dschema.MapAttribute:
		return eschema.MapAttribute(a)
	case dschema.SingleNestedAttribute:
		return eschema.SingleNestedAttribute{Attributes: ephemeralAttributes(where, a.Attributes), CustomType: a.CustomType,
			Required: a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive,
			Description: a.Description, MarkdownDescription: a.MarkdownDescription,
			DeprecationMessage: a.DeprecationMessage, Validators: a.Validators}
	case dschema.ListNestedAttribute:
		return eschema.ListNestedAttribute{NestedObject: eschema.NestedAttributeObject{
			Attributes: ephemeralAttributes(where, a.NestedObject.Attributes), CustomType: a.NestedObject.CustomType,
			Validators: a.NestedObject.Validators}, CustomType: a.CustomType,
			Required: a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive,
			Description: a.Description, MarkdownDescription: a.MarkdownDescription,
			DeprecationMessage: a.DeprecationMessage, Validators: a.Validators}
	}
	panic(fmt.Sprintf("ephemeral %s: no ephemeral form of %T", where, a))
}

func ephemeralAttributes(where string, attrs map[string]dschema.Attribute) map[string]eschema.Attribute {
	out := make(map[string]eschema.Attribute, len(attrs))
	for name, a := range attrs {
		out[name] = ephemeralAttribute(where+"."+name, a)
	}
	return out
}

// frameworkEphemeral is what the framework's server gets of an ephemeral
// resource, one for each of its calls, as frameworkDataSource is of a data
// source. On the framework's read path the framework calls its Open.
type frameworkEphemeral[R any] struct {
	*ephemeralResource[R]
	data *providerData
}

var (
	_ ephemeral.EphemeralResourceWithConfigValidators = (*frameworkEphemeral[struct{}])(nil)
	_ ephemeral.EphemeralResourceWithConfigure        = (*frameworkEphemeral[struct{}])(nil)
)

func (e *ephemeralResource[R]) frameworkEphemeral() ephemeral.EphemeralResource {
	return &frameworkEphemeral[R]{ephemeralResource: e}
}

func (e *ephemeralResource[R]) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + e.dataSource.name
}

func (e *ephemeralResource[R]) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = e.schema
}

func (e *ephemeralResource[R]) ConfigValidators(context.Context) []ephemeral.ConfigValidator {
	return e.validators
}

func (f *frameworkEphemeral[R]) Configure(_ context.Context, req ephemeral.ConfigureRequest, _ *ephemeral.ConfigureResponse) {
	f.data, _ = req.ProviderData.(*providerData)
}

// Open opens the ephemeral resource on the framework's path, with the
// reader of its data source, as Read reads a data source there.
func (f *frameworkEphemeral[R]) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	result, deferred, diags := frameworkRead(ctx, f.data, f.ephemeralResource, req.Config.Raw, req.ClientCapabilities.DeferralAllowed)
	resp.Diagnostics.Append(diags...)
	if deferred {
		resp.Deferred = &ephemeral.Deferred{Reason: ephemeral.DeferredReasonEphemeralResourceConfigUnknown}
	}
	if deferred || !diags.HasError() {
		resp.Result.Raw = result
	}
}

func (e *ephemeralResource[R]) typeName() string          { return e.dataSource.typeName() }
func (e *ephemeralResource[R]) kind() string              { return "ephemeral resource" }
func (e *ephemeralResource[R]) stateType() tftypes.Object { return e.dataSource.stateType() }

func (e *ephemeralResource[R]) argumentChecks() argumentChecks { return e.dataSource.argumentChecks() }

func (e *ephemeralResource[R]) readState(ctx context.Context, data *providerData, config tftypes.Value) ([]byte, diag.Diagnostics) {
	return e.dataSource.readAs(ctx, e.kind(), data, config)
}
