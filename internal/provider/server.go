package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// readable is a data source whose reads protocolServer answers below the
// framework: it reads its configuration as Terraform sends it and returns
// its whole state in Terraform's wire format. Every data source of the
// provider is one (a *dataSource[R]).
//
// After a data source's Read, terraform-plugin-framework walks the whole new
// state and, for every null value in it, looks its path up in the schema
// (to give null blocks their empty value), then compares the state with the
// config for semantic equality. For a list of conversations with
// transcripts that walk cost more than a millisecond per conversation,
// fifteen times the rest of the read (profile in bench/README.md). A data
// source without blocks, whose state holds its arguments as configured,
// needs neither, so protocolServer sends its state to Terraform as it is.
//
// Every ephemeral resource is one too (an *ephemeralResource[R]), whose
// result protocolServer returns from OpenEphemeralResource.
type readable interface {
	typeName() string
	stateType() tftypes.Object
	readState(ctx context.Context, data *providerData, config tftypes.Value) ([]byte, diag.Diagnostics)
}

// NewProtocol6Server returns a constructor of the provider's protocol
// server: the framework's, except for the reads of the data sources, which
// protocolServer answers. Validation, configuration and every other call
// stay with the framework.
func NewProtocol6Server(version string) func() (tfprotov6.ProviderServer, error) {
	return func() (tfprotov6.ProviderServer, error) {
		p := &itellicoProvider{version: version}
		fw, err := providerserver.NewProtocol6WithError(p)()
		if err != nil {
			return nil, err
		}
		full, ok := fw.(framework)
		if !ok {
			return nil, fmt.Errorf("the framework's protocol server %T lacks list resources, actions or state stores", fw)
		}
		s := &protocolServer{ProviderServer: fw, ListResourceServer: full, ActionServer: full, StateStoreServer: full,
			provider: p, readers: map[string]readable{}, ephemerals: map[string]readable{}}
		for _, d := range dataSources {
			s.readers[d.typeName()] = d
		}
		for _, e := range ephemeralResources {
			s.ephemerals[e.typeName()] = e
		}
		return s, nil
	}
}

// framework is what terraform-plugin-framework's protocol server offers.
type framework interface {
	tfprotov6.ProviderServer
	tfprotov6.ListResourceServer
	tfprotov6.ActionServer
	tfprotov6.StateStoreServer
}

// protocolServer is the framework's protocol server, which answers the
// reads of the data sources itself. It forwards the optional server interfaces
// (list resources, actions, state stores) that the framework's server
// implements, so wrapping it hides nothing.
type protocolServer struct {
	tfprotov6.ProviderServer
	tfprotov6.ListResourceServer
	tfprotov6.ActionServer
	tfprotov6.StateStoreServer
	provider   *itellicoProvider
	readers    map[string]readable // data sources
	ephemerals map[string]readable // ephemeral resources
}

// The With interfaces are deprecated only because their methods are moving
// into ProviderServer; until then they are how Terraform finds them.
var (
	_ tfprotov6.ProviderServerWithListResource = (*protocolServer)(nil) //nolint:staticcheck
	_ tfprotov6.ProviderServerWithActions      = (*protocolServer)(nil) //nolint:staticcheck
	_ tfprotov6.ProviderServerWithStateStores  = (*protocolServer)(nil) //nolint:staticcheck
)

func (s *protocolServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	rd, ok := s.readers[req.TypeName]
	if !ok {
		return s.ProviderServer.ReadDataSource(ctx, req)
	}
	state, diags := s.read(tflog.SetField(ctx, "tf_data_source_type", req.TypeName), rd, req.TypeName, req.Config)
	return &tfprotov6.ReadDataSourceResponse{State: state, Diagnostics: diags}, nil
}

// OpenEphemeralResource reads an ephemeral resource as its data source
// twin is read. Terraform keeps the result out of plans and state.
func (s *protocolServer) OpenEphemeralResource(ctx context.Context, req *tfprotov6.OpenEphemeralResourceRequest) (*tfprotov6.OpenEphemeralResourceResponse, error) {
	rd, ok := s.ephemerals[req.TypeName]
	if !ok {
		return s.ProviderServer.OpenEphemeralResource(ctx, req)
	}
	state, diags := s.read(tflog.SetField(ctx, "tf_ephemeral_resource_type", req.TypeName), rd, req.TypeName, req.Config)
	return &tfprotov6.OpenEphemeralResourceResponse{Result: state, Diagnostics: diags}, nil
}

// read answers a read of rd, typeName, configured as config: its state in
// Terraform's wire format, nil when it failed, and its diagnostics.
func (s *protocolServer) read(ctx context.Context, rd readable, typeName string, config *tfprotov6.DynamicValue) (*tfprotov6.DynamicValue, []*tfprotov6.Diagnostic) {
	fail := func(summary, detail string) (*tfprotov6.DynamicValue, []*tfprotov6.Diagnostic) {
		return nil, []*tfprotov6.Diagnostic{{Severity: tfprotov6.DiagnosticSeverityError, Summary: summary, Detail: detail}}
	}
	if s.provider.data == nil {
		return fail("Provider not configured",
			fmt.Sprintf("Terraform read %s before configuring the provider. This is a bug; please report it.", typeName))
	}
	if config == nil {
		return fail("Missing configuration",
			fmt.Sprintf("Terraform sent no configuration to read %s. This is a bug; please report it.", typeName))
	}
	value, err := config.Unmarshal(rd.stateType())
	if err != nil {
		return fail("Cannot decode the configuration",
			fmt.Sprintf("The configuration of %s does not match its schema: %s. Terraform and the provider may "+
				"disagree on the schema; run terraform init again, and report the problem if it persists.", typeName, err))
	}
	data := s.provider.data
	state, diags := data.read(ctx, rd, config.MsgPack, value)
	diags = data.causes.resolve(rd, typeName, diags)
	if diags.HasError() {
		return nil, protocolDiagnostics(diags, data.client.Redact)
	}
	return &tfprotov6.DynamicValue{MsgPack: state}, protocolDiagnostics(diags, data.client.Redact)
}

// read reads rd as configured, sharing the read with an identical one in
// flight: the same data source with the same configuration, as two modules
// that declare the same read give. raw is the configuration as Terraform
// encoded it, which is the same for the same configuration.
func (d *providerData) read(ctx context.Context, rd readable, raw []byte, config tftypes.Value) ([]byte, diag.Diagnostics) {
	type answer struct {
		state []byte
		diags diag.Diagnostics
	}
	v, _, _ := d.reads.Do(rd.typeName()+"\x00"+string(raw), func() (any, error) {
		state, diags := rd.readState(ctx, d, config)
		return answer{state, diags}, nil
	})
	a, _ := v.(answer)
	return a.state, a.diags
}

// protocolDiagnostics converts framework diagnostics, every text passed
// through redact: every diagnostic of a read passes here, whatever part of
// an answer (an error, a name, an id) a server filled with the API key.
// The data sources' diagnostics name root attributes only.
func protocolDiagnostics(diags diag.Diagnostics, redact func(string) string) []*tfprotov6.Diagnostic {
	out := make([]*tfprotov6.Diagnostic, 0, len(diags))
	for _, d := range diags {
		pd := &tfprotov6.Diagnostic{Severity: tfprotov6.DiagnosticSeverityWarning, Summary: redact(d.Summary()),
			Detail: redact(d.Detail())}
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
