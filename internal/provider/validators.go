package provider

import (
	"context"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellico"
)

// uuidValidator accepts the canonical textual form of a UUID.
func uuidValidator() validator.String {
	return stringvalidator.RegexMatches(
		regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`),
		"must be a UUID such as \"6f1c2a3e-8d4b-4c5a-9e7f-0a1b2c3d4e5f\"",
	)
}

// baseURLValidator applies the client's rules for a base URL at plan time.
type baseURLValidator struct{}

func (baseURLValidator) Description(context.Context) string {
	return "must be an absolute https URL, or an http URL to a loopback host"
}

func (v baseURLValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (baseURLValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := itellico.ParseBaseURL(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid itellico base URL", err.Error()+".")
	}
}

// positiveDuration refuses a zero or negative Go duration.
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
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid request timeout",
			fmt.Sprintf("request_timeout must be a positive Go duration such as \"30s\", got %q.", req.ConfigValue.ValueString()))
	}
}

// timeRangeValidator checks that a lower time bound is before an upper one
// when both are known.
type timeRangeValidator struct {
	after, before string
}

var _ datasource.ConfigValidator = timeRangeValidator{}

func (v timeRangeValidator) Description(context.Context) string {
	return fmt.Sprintf("%s must be earlier than %s", v.after, v.before)
}

func (v timeRangeValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v timeRangeValidator) ValidateDataSource(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var after, before timetypes.RFC3339
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(v.after), &after)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(v.before), &before)...)
	if resp.Diagnostics.HasError() || !isKnown(after) || !isKnown(before) {
		return
	}
	a, diags := after.ValueRFC3339Time()
	b, diags2 := before.ValueRFC3339Time()
	if diags.HasError() || diags2.HasError() {
		return // the custom type reports the parse error itself
	}
	if !a.Before(b) {
		resp.Diagnostics.AddAttributeError(path.Root(v.after), "Empty time range",
			fmt.Sprintf("%s (%s) must be earlier than %s (%s): the API includes %s and excludes %s, so this range matches nothing.",
				v.after, after.ValueString(), v.before, before.ValueString(), v.after, v.before))
	}
}

func isKnown(v interface {
	IsNull() bool
	IsUnknown() bool
}) bool {
	return !v.IsNull() && !v.IsUnknown()
}
