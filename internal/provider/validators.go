package provider

import (
	"context"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"

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
