package provider

import (
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// filter is an argument of a data source that the read sends to the API,
// declared once with its schema attribute (its description and plan-time
// validation) and used by every data source that has it. A list's filters
// are sent as query parameters (see request.query); a singular data
// source's id is sent in the path.
type filter struct {
	name string
	// param is the API's name for it, when that is not the argument's: the
	// query parameter, or the path parameter of an id. A 422 naming param
	// is shown at the argument.
	param string
	attr  schema.Attribute
}

func (f filter) queryParam() string {
	if f.param != "" {
		return f.param
	}
	return f.name
}

// filters are the filters of a data source, with the validators that check
// them together.
type filters struct {
	list       []filter
	validators []datasource.ConfigValidator
}

// accountIDAttribute is the account_id argument of a data source that reads
// one account's data; summary, the first sentence of its description, says
// what is read there.
func accountIDAttribute(summary string) schema.StringAttribute {
	return schema.StringAttribute{Optional: true,
		MarkdownDescription: summary + " Defaults to the provider's `account_id`; when neither is set, to the " +
			"account that the API key belongs to (see the `itellico_account` data source). A UUID, or `me` for the " +
			"key's own account; checked at plan.",
		Validators: []validator.String{stringvalidator.LengthAtLeast(1), identifierValidator("an account id")}}
}

// timeFilter is an optional RFC 3339 time argument.
func timeFilter(desc string) schema.StringAttribute {
	return schema.StringAttribute{Optional: true, CustomType: timetypes.RFC3339Type{},
		MarkdownDescription: desc + " RFC 3339 with a time zone, such as `\"2026-11-24T08:00:00Z\"`; " +
			"`timeadd(plantimestamp(), \"-24h\")` gives the last 24 hours."}
}
