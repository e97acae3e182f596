package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellico"
)

// filter is an argument of a data source that the read sends as a query
// parameter. Each is declared once, with its schema attribute (its
// description and plan-time validation), and used by every data source that
// has it; the query is built from the configuration by its type (see
// request.query).
type filter struct {
	name string
	// param is the query parameter, when it is not the argument's name.
	param string
	attr  schema.Attribute
}

// filters are the filters of a list endpoint, with the validators that
// check them together.
type filters struct {
	list       []filter
	validators []datasource.ConfigValidator
}

func (fs filters) names() []string {
	names := make([]string, len(fs.list))
	for i, f := range fs.list {
		names[i] = f.name
	}
	return names
}

func (fs filters) addTo(attrs map[string]schema.Attribute, params map[string]string) {
	for _, f := range fs.list {
		attrs[f.name] = f.attr
		if f.param != "" {
			params[f.param] = f.name
		}
	}
}

// accountIDAttribute is the account_id argument of a data source that reads
// one account's data; lead says what is read there.
func accountIDAttribute(lead string) schema.StringAttribute {
	return schema.StringAttribute{Optional: true,
		MarkdownDescription: lead + " Defaults to the provider's `account_id`; when neither is set, to the " +
			"account that the API key belongs to (see the `itellico_account` data source).",
		Validators: []validator.String{stringvalidator.LengthAtLeast(1)}}
}

// listDef describes a list data source: a paged endpoint, its filters, and
// the schema of one item, named as the API names its fields (the wire type
// T has a field for each).
type listDef[T any] struct {
	name        string // type name without the provider's prefix
	noun        string // what the items are, in messages: "agents"
	path        string // the endpoint, for the docs: "/v1/accounts/{account_id}/agents"
	description string
	accountLead string // what account_id selects
	endpoint    func(account string) itellico.ListEndpoint[T]
	filters     filters
	item        map[string]schema.Attribute
	// extra are further arguments, read by options.
	extra   map[string]schema.Attribute
	options func(r *request) (itellico.ListOptions, func(*T))
}

// listResult is the state of a list data source besides its arguments.
type listResult struct {
	TotalCount int64        `json:"total_count"`
	Items      *encodedList `json:"items"`
}

func (l *listDef[T]) itemType() tftypes.Type {
	return schema.NestedAttributeObject{Attributes: l.item}.Type().TerraformType(context.Background())
}

// spec makes the data source: it reads every page of the list, each item
// encoded as state by the goroutine that read its page.
func (l *listDef[T]) spec() *spec {
	matching := l.noun
	if len(l.filters.list) > 0 {
		matching += " that match the filters"
	}
	attrs := map[string]schema.Attribute{
		"account_id": accountIDAttribute(l.accountLead),
		"total_count": schema.Int64Attribute{Computed: true,
			MarkdownDescription: fmt.Sprintf("Total number of %s: the API's `count`, which Terraform reserves as a "+
				"meta-argument name.", matching)},
		"items": schema.ListNestedAttribute{Computed: true,
			MarkdownDescription: fmt.Sprintf("The matching %s, every page of them, in the API's order, without repeats.", l.noun),
			NestedObject:        schema.NestedAttributeObject{Attributes: l.item}},
	}
	for name, a := range l.extra {
		attrs[name] = a
	}
	var enc itemEncoder[T]
	s := filteredSpec(l.name, l.description, attrs, l.filters,
		func(r *request, account string) *listResult {
			var opts itellico.ListOptions
			var prepare func(*T)
			if l.options != nil {
				opts, prepare = l.options(r)
			}
			items := &encodedList{}
			res, err := itellico.List(r.ctx, r.client(), l.endpoint(account), r.query(l.filters.names()...), opts,
				func(item *T) []byte {
					if prepare != nil {
						prepare(item)
					}
					return enc.encode(item)
				}, items.add)
			if err != nil {
				r.fail(fmt.Sprintf("list the %s of account %q", l.noun, account), err)
				return nil
			}
			r.shortfall(l.noun, account, res)
			return &listResult{TotalCount: res.Count, Items: items}
		})
	s.prepare = append(s.prepare, func() (err error) {
		enc, err = newItemEncoder[T](l.itemType(), l.name+".items")
		return err
	})
	return s
}
