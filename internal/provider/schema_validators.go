package provider

import (
	"context"
	"fmt"
	"maps"
	"math"
	"math/big"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/itellicoai/terraform-provider-itellico/internal/calendar"
	"github.com/itellicoai/terraform-provider-itellico/internal/itellico"
)

// uuidValidator accepts the canonical textual form of a UUID.
func uuidValidator() validator.String {
	return stringvalidator.RegexMatches(
		regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`),
		"must be a UUID such as \"6f1c2a3e-8d4b-4c5a-9e7f-0a1b2c3d4e5f\"",
	)
}

// identifierPattern is what the API's identifiers are made of: UUIDs, and
// "me" for the key's own account. Nothing else is needed, and a value
// outside it, such as ".." or "a/b", would change the request's path.
var identifierPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]*$`)

// identifierValidator refuses a value the API's identifiers never hold;
// what names the identifier in the message ("an account id").
func identifierValidator(what string) validator.String {
	return stringvalidator.RegexMatches(identifierPattern, fmt.Sprintf("must be %s such as a UUID: letters, digits, "+
		"- and _, starting with a letter or digit (so never . or .., which would change the request's path)", what))
}

// checkAccountID applies identifierValidator's rule to an account id that
// comes from the environment, which no validator sees.
func checkAccountID(id string) error {
	if !identifierPattern.MatchString(id) {
		return fmt.Errorf("%q is not an itellico account id: an account id is a UUID (or \"me\"), letters, digits, - "+
			"and _, starting with a letter or digit", id)
	}
	return nil
}

// stringCheck is a validator of a string argument: check says what is
// wrong with a value, in a sentence the diagnostic shows under summary.
type stringCheck struct {
	description string
	summary     string
	check       func(string) error
}

func (c stringCheck) Description(context.Context) string { return c.description }

func (c stringCheck) MarkdownDescription(ctx context.Context) string { return c.Description(ctx) }

func (c stringCheck) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := c.check(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, c.summary, err.Error()+".")
	}
}

// baseURLValidator applies the client's rules for a base URL at plan time.
var baseURLValidator = stringCheck{"must be an absolute https URL, or an http URL to a loopback host",
	"Invalid itellico base URL", func(s string) error { _, err := itellico.ParseBaseURL(s); return err }}

// apiKeyValidator applies the client's rules for an API key at plan,
// saying what is wrong without showing the key. An empty key is left to
// the length validator.
var apiKeyValidator = stringCheck{"must be an API key an HTTP header can carry: no control characters, no space " +
	"at either end", "Malformed itellico API key", func(s string) error {
	if s == "" {
		return nil
	}
	return itellico.CheckAPIKey(s)
}}

// positiveDuration refuses a zero or negative Go duration, naming the
// attribute; the custom type reports a value that does not parse.
type positiveDuration struct{}

func (positiveDuration) Description(context.Context) string { return "must be a positive duration" }

func (v positiveDuration) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (positiveDuration) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	d, diags := timetypes.GoDuration{StringValue: req.ConfigValue}.ValueGoDuration()
	if diags.HasError() {
		return // the custom type reports the parse error itself
	}
	if d <= 0 {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid duration",
			fmt.Sprintf("%s must be a positive Go duration such as \"30s\", got %q.", req.Path, req.ConfigValue.ValueString()))
	}
}

// timeRangeValidator checks that a lower time bound is before an upper one
// when both are known. With inclusive set, both bounds include their
// instant, so equal bounds still match it.
type timeRangeValidator struct {
	lower, upper string
	inclusive    bool
}

var (
	_ datasource.ConfigValidator = timeRangeValidator{}
	_ ephemeral.ConfigValidator  = timeRangeValidator{}
)

func (v timeRangeValidator) Description(context.Context) string {
	if v.inclusive {
		return fmt.Sprintf("%s must not be later than %s", v.lower, v.upper)
	}
	return fmt.Sprintf("%s must be earlier than %s", v.lower, v.upper)
}

func (v timeRangeValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v timeRangeValidator) ValidateDataSource(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	v.validate(ctx, req.Config, &resp.Diagnostics)
}

func (v timeRangeValidator) ValidateEphemeralResource(ctx context.Context, req ephemeral.ValidateConfigRequest, resp *ephemeral.ValidateConfigResponse) {
	v.validate(ctx, req.Config, &resp.Diagnostics)
}

func (v timeRangeValidator) validate(ctx context.Context, config tfsdk.Config, diags *diag.Diagnostics) {
	var lower, upper timetypes.RFC3339
	diags.Append(config.GetAttribute(ctx, path.Root(v.lower), &lower)...)
	diags.Append(config.GetAttribute(ctx, path.Root(v.upper), &upper)...)
	if diags.HasError() || !isKnown(lower) || !isKnown(upper) {
		return
	}
	a, errA := lower.ValueRFC3339Time()
	b, errB := upper.ValueRFC3339Time()
	if errA.HasError() || errB.HasError() {
		return // the custom type reports the parse error itself
	}
	if a.Before(b) || v.inclusive && a.Equal(b) {
		return
	}
	order := "earlier than"
	if v.inclusive {
		order = "no later than"
	}
	diags.AddAttributeError(path.Root(v.lower), "Empty time range",
		fmt.Sprintf("%s (%s) must be %s %s (%s): this range matches nothing.",
			v.lower, lower.ValueString(), order, v.upper, upper.ValueString()))
}

// timeZoneValidator accepts an IANA time zone name: a name of the zone
// database embedded in package calendar, which the calendar functions use
// too, so names are checked the same on every machine whatever zone database
// it has, and "Local", "localtime" or "posix/..." are refused everywhere.
var timeZoneValidator = stringCheck{"must be an IANA time zone name such as \"Europe/Berlin\" or \"UTC\"",
	"Unknown time zone", func(name string) error {
		if _, err := calendar.LoadZone(name); err != nil {
			return fmt.Errorf("%q is not an IANA time zone name; use a name such as \"Europe/Berlin\", \"America/New_York\" or \"UTC\"", name)
		}
		return nil
	}}

func isKnown(v interface {
	IsNull() bool
	IsUnknown() bool
}) bool {
	return !v.IsNull() && !v.IsUnknown()
}

// argumentChecks are the checks of a configuration's numbers and timestamps
// that the framework does not make well, made by protocolServer after the
// framework validated the configuration, in place of what it said of them:
//
//   - a fractional number (max_items = 1.5) or one beyond 64 bits in an
//     Int64 argument fails the framework's conversion, whose error says
//     "This is always an error in the provider. Please report…";
//   - a timestamp without an offset gets timetypes' `cannot parse "" as
//     "Z07:00"`, which does not say what is missing;
//   - an offset of +24:00, which Go's parser takes, is accepted, although
//     RFC 3339's offset hours are 00 to 23.
//
// Every Int64 argument and every RFC 3339 argument of every data source,
// ephemeral resource and of the provider is checked, found in its schema.
type argumentChecks struct {
	typ  tftypes.Object
	args map[string]argumentKind
}

type argumentKind int

const (
	wholeNumber argumentKind = iota + 1 // an Int64 argument
	timestamp                           // an RFC 3339 argument (timetypes.RFC3339)
)

// schemaAttribute is what the schema packages' attributes have in common.
type schemaAttribute interface {
	GetType() attr.Type
	IsRequired() bool
	IsOptional() bool
}

// newArgumentChecks finds the arguments of a schema of type typ whose
// values argumentChecks checks.
func newArgumentChecks[A schemaAttribute](typ tftypes.Object, attrs map[string]A) argumentChecks {
	c := argumentChecks{typ: typ, args: map[string]argumentKind{}}
	for name, a := range attrs {
		if !a.IsRequired() && !a.IsOptional() {
			continue
		}
		switch a.GetType().(type) {
		case basetypes.Int64Type:
			c.args[name] = wholeNumber
		case timetypes.RFC3339Type:
			c.args[name] = timestamp
		}
	}
	return c
}

// frameworkSummaries are the framework's errors that argumentChecks
// replaces, for the arguments it finds wrong.
var frameworkSummaries = map[string]bool{"Value Conversion Error": true, "Configuration Read Error": true,
	"Invalid RFC3339 String Value": true}

// apply checks config and returns diags, the framework's diagnostics of
// it, with what it said of the arguments found wrong replaced by an error
// that says what to write instead.
func (c argumentChecks) apply(config *tfprotov6.DynamicValue, diags []*tfprotov6.Diagnostic) []*tfprotov6.Diagnostic {
	if config == nil || len(c.args) == 0 {
		return diags
	}
	v, err := config.Unmarshal(c.typ)
	var attrs map[string]tftypes.Value
	if err != nil || !v.IsKnown() || v.As(&attrs) != nil {
		return diags // the framework says what is wrong with it
	}
	names := slices.Sorted(maps.Keys(c.args))
	for _, name := range names {
		val := attrs[name]
		if !val.IsKnown() || val.IsNull() {
			continue
		}
		var summary, detail string
		switch c.args[name] {
		case wholeNumber:
			summary, detail = checkWholeNumber(name, val)
		case timestamp:
			summary, detail = checkTimestamp(name, val)
		}
		if summary == "" {
			continue
		}
		at := tftypes.NewAttributePath().WithAttributeName(name)
		diags = slices.DeleteFunc(diags, func(d *tfprotov6.Diagnostic) bool {
			return frameworkSummaries[d.Summary] && (d.Attribute == nil || d.Attribute.Equal(at))
		})
		diags = append(diags, &tfprotov6.Diagnostic{Severity: tfprotov6.DiagnosticSeverityError, Summary: summary,
			Detail: detail, Attribute: at})
	}
	return diags
}

// checkWholeNumber says what is wrong with v, the number of the Int64
// argument name, if anything.
func checkWholeNumber(name string, v tftypes.Value) (summary, detail string) {
	f := new(big.Float)
	if v.As(&f) != nil {
		return "", ""
	}
	if !f.IsInt() {
		return "Not a whole number", fmt.Sprintf("%s must be a whole number, such as 100; got %s.", name, f.Text('g', -1))
	}
	if f.Cmp(new(big.Float).SetInt64(math.MinInt64)) < 0 || f.Cmp(new(big.Float).SetInt64(math.MaxInt64)) > 0 {
		return "Number out of range", fmt.Sprintf("%s must be a whole number between %d and %d; got %s.", name,
			int64(math.MinInt64), int64(math.MaxInt64), f.Text('g', -1))
	}
	return "", ""
}

var (
	// rfc3339Offset is the offset at the end of an RFC 3339 timestamp.
	rfc3339Offset = regexp.MustCompile(`(?i)(?:z|([+-])(\d\d):(\d\d))$`)
	// localTimestamp is a date and a time without an offset.
	localTimestamp = regexp.MustCompile(`^\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d(:\d\d(\.\d+)?)?$`)
	dateOnly       = regexp.MustCompile(`^\d{4}-\d\d-\d\d$`)
)

// checkTimestamp says what is wrong with v, the string of the RFC 3339
// argument name, if anything: RFC 3339's date-time, with its offset.
func checkTimestamp(name string, v tftypes.Value) (summary, detail string) {
	var s string
	if v.As(&s) != nil {
		return "", ""
	}
	const example = `"2025-01-01T00:00:00Z" or "2025-01-01T00:00:00+02:00"`
	switch {
	case dateOnly.MatchString(s):
		return "Timestamp without a time and an offset", fmt.Sprintf("%s must be an RFC 3339 timestamp: a date, a "+
			"time and an offset, such as %q for the start of that day in UTC; got %q.", name, s+"T00:00:00Z", s)
	case localTimestamp.MatchString(s):
		return "Timestamp without an offset", fmt.Sprintf("%s is %q, which does not say in which time zone it is: "+
			"add an offset, Z for UTC or one such as +02:00, as in %q.", name, s, strings.Replace(s, " ", "T", 1)+"Z")
	}
	if m := rfc3339Offset.FindStringSubmatch(s); m != nil && m[1] != "" && (m[2] > "23" || m[3] > "59") {
		return "Invalid time zone offset", fmt.Sprintf("%s is %q, whose offset %s%s:%s is not one: RFC 3339 "+
			"offsets are hours 00 to 23 and minutes 00 to 59, such as Z or +02:00.", name, s, m[1], m[2], m[3])
	}
	if _, err := time.Parse(time.RFC3339, s); err != nil {
		return "Invalid timestamp", fmt.Sprintf("%s must be an RFC 3339 timestamp with an offset, such as %s; got %q.",
			name, example, s)
	}
	return "", ""
}
