package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// stateReader is a data source that can answer a read below the framework:
// it reads its configuration as Terraform sends it and returns its whole
// state in Terraform's wire format. Every data source made from a spec is
// one.
//
// After a data source's Read, terraform-plugin-framework walks the whole new
// state and, for every null value in it, looks its path up in the schema
// (to give null blocks their empty value), then compares the state with the
// config for semantic equality. For a list of conversations with
// transcripts that walk cost more than a millisecond per conversation,
// fifteen times the rest of the read (profile in bench/README.md). A data
// source without blocks, whose state holds its arguments as configured,
// needs neither, so protocolServer sends its state to Terraform as it is.
type stateReader interface {
	datasource.DataSource
	readState(ctx context.Context, config tftypes.Value) ([]byte, diag.Diagnostics)
	compile(ctx context.Context) error
	configure(data *providerData)
	stateType() tftypes.Object
}

func (d *dataSource) compile(ctx context.Context) error { return d.spec.compile(ctx) }
func (d *dataSource) configure(data *providerData)      { d.data = data }
func (d *dataSource) stateType() tftypes.Object         { return d.spec.tfType }

// NewProtocol6Server returns a constructor of the provider's protocol
// server: the framework's, except for the reads of the data sources that
// are stateReaders. Validation, configuration and every other call stay
// with the framework.
func NewProtocol6Server(version string) func() (tfprotov6.ProviderServer, error) {
	return func() (tfprotov6.ProviderServer, error) {
		p := &itellicoProvider{version: version}
		readers, err := registry(p)
		if err != nil {
			return nil, err
		}
		fw, err := providerserver.NewProtocol6WithError(p)()
		if err != nil {
			return nil, err
		}
		full, ok := fw.(framework)
		if !ok {
			return nil, fmt.Errorf("the framework's protocol server %T lacks list resources, actions or state stores", fw)
		}
		return &protocolServer{ProviderServer: fw, ListResourceServer: full, ActionServer: full, StateStoreServer: full,
			provider: p, readers: readers}, nil
	}
}

// framework is what terraform-plugin-framework's protocol server offers.
type framework interface {
	tfprotov6.ProviderServer
	tfprotov6.ListResourceServer
	tfprotov6.ActionServer
	tfprotov6.StateStoreServer
}

// registered is a stateReader, its schema's type computed once.
type registered struct {
	new  func() stateReader
	typ  tftypes.Object
	name string
}

// registry finds the provider's stateReaders, compiles their specs and
// computes their types, once, at start: a spec that does not compile (an
// attribute without a field, a schema with blocks) stops the provider here.
func registry(p *itellicoProvider) (map[string]registered, error) {
	ctx := context.Background()
	readers := map[string]registered{}
	for _, newDS := range p.DataSources(ctx) {
		sr, ok := newDS().(stateReader)
		if !ok {
			continue
		}
		var meta datasource.MetadataResponse
		sr.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "itellico"}, &meta)
		if err := sr.compile(ctx); err != nil {
			return nil, err
		}
		readers[meta.TypeName] = registered{name: meta.TypeName, typ: sr.stateType(),
			new: func() stateReader { sr, _ := newDS().(stateReader); return sr }}
	}
	return readers, nil
}

// protocolServer is the framework's protocol server, which answers reads of
// the stateReaders itself. It forwards the optional server interfaces
// (list resources, actions, state stores) that the framework's server
// implements, so wrapping it hides nothing.
type protocolServer struct {
	tfprotov6.ProviderServer
	tfprotov6.ListResourceServer
	tfprotov6.ActionServer
	tfprotov6.StateStoreServer
	provider *itellicoProvider
	readers  map[string]registered
}

// The With interfaces are deprecated only because their methods are moving
// into ProviderServer; until then they are how Terraform finds them.
var (
	_ tfprotov6.ProviderServerWithListResource = (*protocolServer)(nil) //nolint:staticcheck
	_ tfprotov6.ProviderServerWithActions      = (*protocolServer)(nil) //nolint:staticcheck
	_ tfprotov6.ProviderServerWithStateStores  = (*protocolServer)(nil) //nolint:staticcheck
)

func (s *protocolServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	reg, ok := s.readers[req.TypeName]
	if !ok {
		return s.ProviderServer.ReadDataSource(ctx, req)
	}
	ctx = tflog.SetField(ctx, "tf_data_source_type", req.TypeName)
	resp := &tfprotov6.ReadDataSourceResponse{}
	fail := func(summary, detail string) (*tfprotov6.ReadDataSourceResponse, error) {
		resp.Diagnostics = append(resp.Diagnostics, &tfprotov6.Diagnostic{
			Severity: tfprotov6.DiagnosticSeverityError, Summary: summary, Detail: detail})
		return resp, nil
	}
	if s.provider.data == nil {
		return fail("Provider not configured",
			fmt.Sprintf("Terraform read %s before configuring the provider. This is a bug; please report it.", req.TypeName))
	}
	if req.Config == nil {
		return fail("Missing configuration",
			fmt.Sprintf("Terraform sent no configuration to read %s. This is a bug; please report it.", req.TypeName))
	}
	config, err := req.Config.Unmarshal(reg.typ)
	if err != nil {
		return fail("Cannot decode the configuration",
			fmt.Sprintf("The configuration of %s does not match its schema: %s. Terraform and the provider may "+
				"disagree on the schema; run terraform init again, and report the problem if it persists.", req.TypeName, err))
	}
	ds := reg.new()
	ds.configure(s.provider.data)
	state, diags := ds.readState(ctx, config)
	resp.Diagnostics = protocolDiagnostics(diags)
	if diags.HasError() {
		return resp, nil
	}
	resp.State = &tfprotov6.DynamicValue{MsgPack: state}
	return resp, nil
}

// protocolDiagnostics converts framework diagnostics. The data sources'
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
