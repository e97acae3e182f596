package provider

import (
	"context"
	"fmt"
	"math/big"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellico"
)

// A data source of this provider is a spec: its schema and a read that
// calls the client and returns a result, a Go value whose json-tagged
// fields are the computed attributes. Everything else lives here once:
// configuring, reading the configuration, masking the API key in logs,
// resolving the account, mapping client errors to diagnostics (a 422's
// field errors to the argument they name), and building the state, which
// holds every argument as configured and every computed attribute from the
// result (see state.go). list.go and single.go build the specs of list data
// sources and of their singular pairs; the others are written out in their
// own files.
type spec struct {
	name       string // the type name without the provider's prefix
	schema     schema.Schema
	validators []datasource.ConfigValidator
	// read reads the data of account (resolved from account_id, unless
	// noAccount) and returns the result.
	read        func(r *request, account string) any
	noAccount   bool
	result      reflect.Type
	prepare     []func() error // compiles what the read needs, at start-up
	queryParams map[string]string

	// Set by compile, once.
	once      sync.Once
	err       error
	tfType    tftypes.Object
	root      *rootEncoder
	arguments map[string]string // query parameter or argument name -> argument
}

// newSpec makes a spec whose read returns a *R; a nil result means the read
// failed and said why in the request's diagnostics.
func newSpec[R any](name string, s schema.Schema, read func(r *request, account string) *R) *spec {
	return &spec{name: name, schema: s, result: reflect.TypeFor[R](), read: func(r *request, account string) any {
		if v := read(r, account); v != nil {
			return v
		}
		return nil
	}}
}

// filteredSpec makes a spec whose arguments include the filters fs, sent
// as query parameters; attrs are its other attributes.
func filteredSpec[R any](name, description string, attrs map[string]schema.Attribute, fs filters,
	read func(r *request, account string) *R) *spec {
	params := map[string]string{}
	fs.addTo(attrs, params)
	s := newSpec(name, schema.Schema{MarkdownDescription: description, Attributes: attrs}, read)
	s.validators, s.queryParams = fs.validators, params
	return s
}

// compile derives what every read of the spec needs, once: the state's
// type and encoder, and which names a 422 may give the arguments.
func (s *spec) compile(ctx context.Context) error {
	s.once.Do(func() { s.err = s.build(ctx) })
	return s.err
}

func (s *spec) build(ctx context.Context) error {
	if len(s.schema.Blocks) > 0 {
		return fmt.Errorf("data source %s: the schema has blocks; its state is built below the framework, which "+
			"would give null blocks their empty value", s.name)
	}
	typ, ok := s.schema.Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		return fmt.Errorf("data source %s: the schema's type is not an object", s.name)
	}
	root, err := compileRoot(s.schema, typ, s.result, s.name)
	if err != nil {
		return err
	}
	for _, p := range s.prepare {
		if err := p(); err != nil {
			return fmt.Errorf("data source %s: %w", s.name, err)
		}
	}
	s.tfType, s.root = typ, root
	s.arguments = map[string]string{}
	for name, a := range s.schema.Attributes {
		if a.IsRequired() || a.IsOptional() {
			s.arguments[name] = name
		}
	}
	for param, attr := range s.queryParams {
		s.arguments[param] = attr
	}
	return nil
}

// dataSource is a data source of the provider, made from its spec.
type dataSource struct {
	spec *spec
	data *providerData
}

var (
	_ datasource.DataSourceWithConfigure        = (*dataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*dataSource)(nil)
	_ stateReader                               = (*dataSource)(nil)
)

func (d *dataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + d.spec.name
}

func (d *dataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = d.spec.schema
}

func (d *dataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return d.spec.validators
}

func (d *dataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	if req.ProviderData == nil {
		return // validation runs before the provider is configured
	}
	data, ok := req.ProviderData.(*providerData)
	if !ok {
		resp.Diagnostics.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider; please report it.", req.ProviderData))
		return
	}
	d.data = data
}

// Read is the framework's way in; protocolServer answers reads itself with
// the same state (see server.go).
func (d *dataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	state, diags := d.readState(ctx, req.Config.Raw)
	resp.Diagnostics.Append(diags...)
	if diags.HasError() {
		return
	}
	v, err := (&tfprotov6.DynamicValue{MsgPack: state}).Unmarshal(d.spec.tfType)
	if err != nil {
		resp.Diagnostics.AddError("Cannot build the state", "This is a bug in the provider; please report it: "+err.Error())
		return
	}
	resp.State.Raw = v
}

// readState reads what config asks for and returns the whole state, in
// Terraform's wire format.
func (d *dataSource) readState(ctx context.Context, config tftypes.Value) ([]byte, diag.Diagnostics) {
	var diags diag.Diagnostics
	if err := d.spec.compile(ctx); err != nil {
		diags.AddError("Cannot read "+d.spec.name, "This is a bug in the provider; please report it: "+err.Error())
		return nil, diags
	}
	if d.data == nil {
		diags.AddError("Provider not configured",
			fmt.Sprintf("Terraform read itellico_%s before configuring the provider. This is a bug; please report it.", d.spec.name))
		return nil, diags
	}
	var attrs map[string]tftypes.Value
	if err := config.As(&attrs); err != nil || attrs == nil {
		diags.AddError("Cannot read the configuration",
			fmt.Sprintf("The configuration of itellico_%s is not an object. This is a bug; please report it.", d.spec.name))
		return nil, diags
	}
	r := &request{ctx: d.data.logContext(ctx), data: d.data, spec: d.spec, config: attrs}
	var account string
	if !d.spec.noAccount {
		var ok bool
		if account, ok = r.accountID(); !ok {
			return nil, r.diags
		}
	}
	result := d.spec.read(r, account)
	if r.diags.HasError() || result == nil {
		if !r.diags.HasError() {
			r.diags.AddError("The read returned nothing", "This is a bug in the provider; please report it.")
		}
		return nil, r.diags
	}
	state, err := d.spec.root.encode(attrs, reflect.ValueOf(result).Elem())
	if err != nil {
		r.diags.AddError("Cannot build the state", "This is a bug in the provider; please report it: "+err.Error())
		return nil, r.diags
	}
	return state, r.diags
}

// request is one read: its configuration, its diagnostics and the helpers a
// spec's read uses.
type request struct {
	ctx    context.Context
	data   *providerData
	spec   *spec
	config map[string]tftypes.Value
	diags  diag.Diagnostics
}

func (r *request) client() *itellico.Client { return r.data.client }

// str is a string argument; ok is false when it is null.
func (r *request) str(name string) (s string, ok bool) {
	v := r.config[name]
	if v.IsNull() || !v.IsKnown() {
		return "", false
	}
	_ = v.As(&s)
	return s, true
}

func (r *request) boolean(name string) (b, ok bool) {
	v := r.config[name]
	if v.IsNull() || !v.IsKnown() {
		return false, false
	}
	_ = v.As(&b)
	return b, true
}

// int64 is a number argument; 0 when it is null.
func (r *request) int64(name string) int64 {
	v := r.config[name]
	if v.IsNull() || !v.IsKnown() {
		return 0
	}
	f := new(big.Float)
	_ = v.As(&f)
	i, _ := f.Int64()
	return i
}

// query encodes the arguments named, those that are set, as the API's
// query parameters: under the parameter name the spec gives (else the
// argument's), strings as written, numbers and booleans in their usual
// form, lists comma-joined as the official SDKs send arrays.
func (r *request) query(names ...string) url.Values {
	params := map[string]string{}
	for param, attr := range r.spec.queryParams {
		params[attr] = param
	}
	q := url.Values{}
	for _, name := range names {
		v := r.config[name]
		if v.IsNull() || !v.IsKnown() {
			continue
		}
		param := name
		if p, ok := params[name]; ok {
			param = p
		}
		q.Set(param, queryValue(v))
	}
	return q
}

func queryValue(v tftypes.Value) string {
	switch {
	case v.Type().Is(tftypes.String):
		var s string
		_ = v.As(&s)
		return s
	case v.Type().Is(tftypes.Bool):
		var b bool
		_ = v.As(&b)
		return strconv.FormatBool(b)
	case v.Type().Is(tftypes.Number):
		f := new(big.Float)
		_ = v.As(&f)
		return f.Text('f', -1)
	}
	var elems []tftypes.Value
	_ = v.As(&elems)
	parts := make([]string, len(elems))
	for i, e := range elems {
		parts[i] = queryValue(e)
	}
	return strings.Join(parts, ",")
}

// accountID resolves the account of the read: the data source's
// account_id, else the provider's, else the account of the API key.
func (r *request) accountID() (string, bool) {
	if a, ok := r.str("account_id"); ok && a != "" {
		return a, true
	}
	if r.data.accountID != "" {
		return r.data.accountID, true
	}
	a, err := r.data.currentAccount(r.ctx)
	if err != nil {
		addAPIError(&r.diags, "look up the account of the API key with GET /v1/accounts/current (done because neither "+
			"this data source nor the provider sets account_id; set one to skip the lookup)", err, nil)
		return "", false
	}
	tflog.Debug(r.ctx, "no account_id set: using the account of the API key", map[string]any{"account_id": a.ID})
	return a.ID, true
}

// fail reports an error of the client; what names the read.
func (r *request) fail(what string, err error) {
	addAPIError(&r.diags, what, err, r.spec.arguments)
}

// attributeError reports an error about one argument.
func (r *request) attributeError(name, summary, detail string) {
	r.diags.AddAttributeError(path.Root(name), summary, detail)
}

// shortfall warns that a list could not be read whole; noun names the items.
func (r *request) shortfall(noun, account string, res *itellico.ListResult) {
	s := res.Shortfall
	if s == nil {
		return
	}
	r.diags.AddWarning("Incomplete list of itellico "+noun,
		fmt.Sprintf("Read %d of %d %s of account %q: %s. What was read is in the state; run the read again, "+
			"and report the problem to itellico if it persists.", s.Read, s.Expected, noun, account, s.Reason))
}

// rootEncoder writes a data source's whole state: an argument as
// configured; a computed attribute from the result, unless the
// configuration sets it (an optional and computed argument).
type rootEncoder struct {
	names    []string
	keys     [][]byte
	computed []bool
	field    []int // index in the result struct; -1 for none
	encs     []encodeFunc
}

func compileRoot(s schema.Schema, t tftypes.Object, result reflect.Type, where string) (*rootEncoder, error) {
	if result.Kind() != reflect.Struct {
		return nil, fmt.Errorf("data source %s: the result %s is not a struct", where, result)
	}
	fields := jsonFields(result)
	e := &rootEncoder{names: sortedKeys(t.AttributeTypes)}
	for _, name := range e.names {
		computed := s.Attributes[name].IsComputed()
		f, has := fields[name]
		delete(fields, name)
		if computed && !has {
			return nil, fmt.Errorf("data source %s: computed attribute %q has no field in %s", where, name, result)
		}
		enc := encodeFunc(nil)
		if has {
			var err error
			if enc, err = compile(t.AttributeTypes[name], result.Field(f).Type, where+"."+name); err != nil {
				return nil, err
			}
		} else {
			f = -1
		}
		e.keys = append(e.keys, appendString(nil, name))
		e.computed = append(e.computed, computed)
		e.field = append(e.field, f)
		e.encs = append(e.encs, enc)
	}
	for name := range fields {
		return nil, fmt.Errorf("data source %s: field %q of %s has no attribute", where, name, result)
	}
	return e, nil
}

func (e *rootEncoder) encode(config map[string]tftypes.Value, result reflect.Value) ([]byte, error) {
	size := 256
	for _, f := range e.field { // one allocation, even for a long list
		if f >= 0 {
			if l, ok := result.Field(f).Interface().(*encodedList); ok && l != nil {
				size += l.size + 5
			}
		}
	}
	b := appendMapHeader(make([]byte, 0, size), len(e.names))
	for i, name := range e.names {
		b = append(b, e.keys[i]...)
		v, configured := config[name]
		if configured && (!e.computed[i] || !v.IsNull()) || e.field[i] < 0 {
			var err error
			if b, err = appendValue(b, v); err != nil {
				return nil, fmt.Errorf("argument %s: %w", name, err)
			}
			continue
		}
		b = e.encs[i](b, result.Field(e.field[i]))
	}
	return b, nil
}
