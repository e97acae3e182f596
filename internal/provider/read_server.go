package provider

import (
	"context"
	"fmt"
	"os"

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
	kind() string // "data source" or "ephemeral resource", for messages
	stateType() tftypes.Object
	readState(ctx context.Context, data *providerData, config tftypes.Value) ([]byte, diag.Diagnostics)
	// argumentChecks are the checks of its numbers and timestamps made
	// after the framework validated its configuration (schema_validators.go).
	argumentChecks() argumentChecks
}

// readPathEnv chooses how the provider serves the reads of its data sources
// and ephemeral resources: "bypass" (the default) answers them in
// protocolServer, below the framework; "framework" leaves them to
// terraform-plugin-framework's own server, which calls the data sources'
// Read and the ephemeral resources' Open. Both give the same states
// (witness_test.go); the framework's path is the fallback should the bypass
// ever be wrong, and the witness that it is not.
const readPathEnv = "ITELLICO_PROVIDER_READ_PATH"

// readPath is how reads are served; see readPathEnv.
type readPath string

const (
	readBypass    readPath = "bypass"
	readFramework readPath = "framework"
)

// NewProtocol6Server returns a constructor of the provider's protocol
// server: the framework's, except for the reads of the data sources and
// ephemeral resources, which protocolServer answers, unless
// ITELLICO_PROVIDER_READ_PATH is "framework". Validation, configuration
// and every other call stay with the framework, followed by protocolServer's
// own checks of numbers and timestamps (schema_validators.go).
func NewProtocol6Server(version string) func() (tfprotov6.ProviderServer, error) {
	switch p := readPath(os.Getenv(readPathEnv)); p {
	case "", readBypass:
		return newProtocol6Server(version, readBypass)
	case readFramework:
		return newProtocol6Server(version, readFramework)
	default:
		return func() (tfprotov6.ProviderServer, error) {
			return nil, fmt.Errorf("%s is %q: it must be %q (the default) or %q", readPathEnv, p, readBypass, readFramework)
		}
	}
}

// newProtocol6Server is NewProtocol6Server with the read path given.
func newProtocol6Server(version string, path readPath) func() (tfprotov6.ProviderServer, error) {
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
			provider: p, readers: map[string]readable{}, ephemerals: map[string]readable{},
			checks: map[string]argumentChecks{}, ephemeralChecks: map[string]argumentChecks{}}
		for _, d := range dataSources {
			s.checks[d.typeName()] = d.argumentChecks()
			if path == readBypass {
				s.readers[d.typeName()] = d
			}
		}
		for _, e := range ephemeralResources {
			s.ephemeralChecks[e.typeName()] = e.argumentChecks()
			if path == readBypass {
				s.ephemerals[e.typeName()] = e
			}
		}
		s.providerChecks = p.argumentChecks()
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
	readers    map[string]readable // data sources; empty on the framework's read path
	ephemerals map[string]readable // ephemeral resources; empty on the framework's read path
	// The checks of numbers and timestamps made after the framework
	// validated a configuration (schema_validators.go), by type name.
	checks, ephemeralChecks map[string]argumentChecks
	providerChecks          argumentChecks
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
	canDefer := req.ClientCapabilities != nil && req.ClientCapabilities.DeferralAllowed
	state, deferred, diags := s.read(tflog.SetField(ctx, "tf_data_source_type", req.TypeName), rd, req.TypeName,
		req.Config, canDefer)
	return &tfprotov6.ReadDataSourceResponse{State: state, Deferred: deferred, Diagnostics: diags}, nil
}

// OpenEphemeralResource reads an ephemeral resource as its data source
// twin is read. Terraform keeps the result out of plans and state.
func (s *protocolServer) OpenEphemeralResource(ctx context.Context, req *tfprotov6.OpenEphemeralResourceRequest) (*tfprotov6.OpenEphemeralResourceResponse, error) {
	rd, ok := s.ephemerals[req.TypeName]
	if !ok {
		return s.ProviderServer.OpenEphemeralResource(ctx, req)
	}
	canDefer := req.ClientCapabilities != nil && req.ClientCapabilities.DeferralAllowed
	state, deferred, diags := s.read(tflog.SetField(ctx, "tf_ephemeral_resource_type", req.TypeName), rd, req.TypeName,
		req.Config, canDefer)
	return &tfprotov6.OpenEphemeralResourceResponse{Result: state, Deferred: deferred, Diagnostics: diags}, nil
}

// read answers a read of rd, typeName, configured as config: its state in
// Terraform's wire format, nil when it failed, and its diagnostics; or,
// when the provider's or the read's configuration is not known yet and
// Terraform can defer the read (canDefer), an unknown state and why it is
// deferred. It answers as the framework's path does (frameworkDataSource.Read,
// through frameworkRead).
func (s *protocolServer) read(ctx context.Context, rd readable, typeName string, config *tfprotov6.DynamicValue,
	canDefer bool) (*tfprotov6.DynamicValue, *tfprotov6.Deferred, []*tfprotov6.Diagnostic) {
	fail := func(summary, detail string) (*tfprotov6.DynamicValue, *tfprotov6.Deferred, []*tfprotov6.Diagnostic) {
		return nil, nil, []*tfprotov6.Diagnostic{{Severity: tfprotov6.DiagnosticSeverityError, Summary: summary, Detail: detail}}
	}
	deferred := func(reason tfprotov6.DeferredReason) (*tfprotov6.DynamicValue, *tfprotov6.Deferred, []*tfprotov6.Diagnostic) {
		unknown, err := tfprotov6.NewDynamicValue(rd.stateType(), tftypes.NewValue(rd.stateType(), tftypes.UnknownValue))
		if err != nil {
			return fail("Cannot defer the read", fmt.Sprintf("%s: %s. This is a bug in the provider; please report it.", typeName, err))
		}
		return &unknown, &tfprotov6.Deferred{Reason: reason}, nil
	}
	if s.provider.deferred {
		// The framework answers so when the provider's Configure deferred.
		return deferred(tfprotov6.DeferredReasonProviderConfigUnknown)
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
	if !value.IsFullyKnown() {
		if canDefer {
			return deferred(tfprotov6.DeferredReasonResourceConfigUnknown)
		}
		var diags diag.Diagnostics
		diags.Append(unknownConfiguration(rd.kind(), typeName, value))
		return nil, nil, protocolDiagnostics(diags, func(s string) string { return s })
	}
	data := s.provider.data
	state, diags := data.read(ctx, rd, config.MsgPack, value)
	if diags.HasError() {
		return nil, nil, protocolDiagnostics(diags, data.client.Redact)
	}
	return &tfprotov6.DynamicValue{MsgPack: state}, nil, protocolDiagnostics(diags, data.client.Redact)
}

// ValidateDataResourceConfig makes the checks of numbers and timestamps that
// the framework would answer with an error blaming the provider, or not at
// all, then lets the framework validate the rest (schema_validators.go).
func (s *protocolServer) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	resp, err := s.ProviderServer.ValidateDataResourceConfig(ctx, req)
	if checks, ok := s.checks[req.TypeName]; ok && err == nil && resp != nil {
		resp.Diagnostics = checks.apply(req.Config, resp.Diagnostics)
	}
	return resp, err
}

// ValidateEphemeralResourceConfig is ValidateDataResourceConfig for an
// ephemeral resource.
func (s *protocolServer) ValidateEphemeralResourceConfig(ctx context.Context, req *tfprotov6.ValidateEphemeralResourceConfigRequest) (*tfprotov6.ValidateEphemeralResourceConfigResponse, error) {
	resp, err := s.ProviderServer.ValidateEphemeralResourceConfig(ctx, req)
	if checks, ok := s.ephemeralChecks[req.TypeName]; ok && err == nil && resp != nil {
		resp.Diagnostics = checks.apply(req.Config, resp.Diagnostics)
	}
	return resp, err
}

// ValidateProviderConfig is ValidateDataResourceConfig for the provider's
// configuration.
func (s *protocolServer) ValidateProviderConfig(ctx context.Context, req *tfprotov6.ValidateProviderConfigRequest) (*tfprotov6.ValidateProviderConfigResponse, error) {
	resp, err := s.ProviderServer.ValidateProviderConfig(ctx, req)
	if err == nil && resp != nil {
		resp.Diagnostics = s.providerChecks.apply(req.Config, resp.Diagnostics)
	}
	return resp, err
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
