package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// NewProtocol6Server returns a constructor of the provider's protocol
// server: the framework's, except for reads of itellico_conversations.
//
// After a data source's Read, the framework walks the whole new state and,
// for every null value in it, looks its path up in the schema (to give null
// collection blocks their empty value), then compares the state with the
// config for semantic equality. For a list of conversations with
// transcripts that walk costs more than a millisecond per conversation,
// fifteen times the rest of the read (profile in bench/README.md). The
// data source has no blocks and no config values to keep, so its reads are
// answered here with the same state, built by conversationsDataSource.read,
// and sent to Terraform as it is. Validation, configuration and every other
// call stay with the framework.
func NewProtocol6Server(version string) func() (tfprotov6.ProviderServer, error) {
	return func() (tfprotov6.ProviderServer, error) {
		p := &itellicoProvider{version: version}
		fw, err := providerserver.NewProtocol6WithError(p)()
		if err != nil {
			return nil, err
		}
		return &protocolServer{ProviderServer: fw, provider: p}, nil
	}
}

type protocolServer struct {
	tfprotov6.ProviderServer
	provider *itellicoProvider
}

func (s *protocolServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	if req.TypeName != "itellico_conversations" {
		return s.ProviderServer.ReadDataSource(ctx, req)
	}
	ctx = tflog.SetField(ctx, "tf_data_source_type", req.TypeName)
	resp := &tfprotov6.ReadDataSourceResponse{}
	if s.provider.data == nil {
		resp.Diagnostics = []*tfprotov6.Diagnostic{{Severity: tfprotov6.DiagnosticSeverityError,
			Summary: "Provider not configured",
			Detail:  "Terraform read itellico_conversations before configuring the provider. This is a bug; please report it."}}
		return resp, nil
	}
	ds := &conversationsDataSource{data: s.provider.data}
	var schemaResp datasource.SchemaResponse
	ds.Schema(ctx, datasource.SchemaRequest{}, &schemaResp)
	typ := schemaResp.Schema.Type().TerraformType(ctx)

	raw, err := req.Config.Unmarshal(typ)
	if err != nil {
		return nil, fmt.Errorf("decode the configuration of itellico_conversations: %w", err)
	}
	state, diags := ds.read(ctx, tfsdk.Config{Raw: raw, Schema: schemaResp.Schema})
	resp.Diagnostics = protocolDiagnostics(diags)
	if diags.HasError() {
		return resp, nil
	}
	encoded, err := tfprotov6.NewDynamicValue(typ, state)
	if err != nil {
		return nil, fmt.Errorf("encode the state of itellico_conversations: %w", err)
	}
	resp.State = &encoded
	return resp, nil
}

// protocolDiagnostics converts framework diagnostics. The data source's
// diagnostics name root attributes only.
func protocolDiagnostics(diags diag.Diagnostics) []*tfprotov6.Diagnostic {
	out := make([]*tfprotov6.Diagnostic, 0, len(diags))
	for _, d := range diags {
		pd := &tfprotov6.Diagnostic{Severity: tfprotov6.DiagnosticSeverityWarning, Summary: d.Summary(), Detail: d.Detail()}
		if d.Severity() == diag.SeverityError {
			pd.Severity = tfprotov6.DiagnosticSeverityError
		}
		if withPath, ok := d.(diag.DiagnosticWithPath); ok {
			pd.Attribute = attributePath(withPath.Path())
		}
		out = append(out, pd)
	}
	return out
}

func attributePath(p path.Path) *tftypes.AttributePath {
	ap := tftypes.NewAttributePath()
	for _, step := range p.Steps() {
		switch s := step.(type) {
		case path.PathStepAttributeName:
			ap = ap.WithAttributeName(string(s))
		case path.PathStepElementKeyInt:
			ap = ap.WithElementKeyInt(int(s))
		case path.PathStepElementKeyString:
			ap = ap.WithElementKeyString(string(s))
		default:
			return ap // a set element: the path up to it is enough
		}
	}
	return ap
}
