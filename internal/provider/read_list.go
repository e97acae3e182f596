package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellico"
	"github.com/itellicoai/terraform-provider-itellico/internal/tfstate"
)

// listDef declares a list data source: a paged endpoint, its filters, and
// the schema of one item, named as the API names its fields (the wire type
// T has a field for each).
type listDef[T any] struct {
	name        string // type name without the provider's prefix
	noun        string // what the items are, in messages: "agents"
	path        string // the endpoint, for the docs: "/v1/accounts/{account_id}/agents"
	description string
	// accountIDSummary is the first sentence of the account_id argument's
	// description: what the data source reads of the account it selects
	// ("Account whose agents are read.").
	accountIDSummary string
	endpoint         func(account string) itellico.ListEndpoint[T]
	filters          filters
	item             map[string]schema.Attribute
}

// listResult is the state of a list data source besides its arguments.
type listResult struct {
	TotalCount int64         `json:"total_count"`
	Items      *tfstate.List `json:"items"`
}

// listAttributes are the attributes of a list data source besides its
// filters; matching says which items total_count counts, accountIDSummary
// what account_id selects (see listDef).
func listAttributes(noun, matching, accountIDSummary string, item map[string]schema.Attribute) map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"account_id": accountIDAttribute(accountIDSummary),
		"total_count": schema.Int64Attribute{Computed: true,
			MarkdownDescription: fmt.Sprintf("Total number of %s: the API's `count`, which Terraform reserves as a "+
				"meta-argument name.", matching)},
		"items": schema.ListNestedAttribute{Computed: true,
			MarkdownDescription: fmt.Sprintf("The matching %s, every page of them, in the API's order, without repeats.", noun),
			NestedObject:        schema.NestedAttributeObject{Attributes: item}},
	}
}

// itemEncoder compiles the state encoder of one item of type T, whose
// schema is attrs; it panics as newDataSource does.
func itemEncoder[T any](name string, attrs map[string]schema.Attribute) tfstate.Item[T] {
	typ := schema.NestedAttributeObject{Attributes: attrs}.Type().TerraformType(context.Background())
	enc, err := tfstate.NewItem[T](typ)
	if err != nil {
		panic(fmt.Sprintf("data source %s: items: %v", name, err))
	}
	return enc
}

// newList builds the data source: every item of the list.
func newList[T any](d *listDef[T]) *dataSource[listResult] {
	matching := d.noun
	if len(d.filters.list) > 0 {
		matching += " that match the filters"
	}
	return newDataSource(d.name, d.description, listAttributes(d.noun, matching, d.accountIDSummary, d.item), d.filters,
		&listReader[T]{noun: d.noun, endpoint: d.endpoint, filters: d.filters, item: itemEncoder[T](d.name, d.item)})
}

// listReader reads a list data source.
type listReader[T any] struct {
	noun     string
	endpoint func(account string) itellico.ListEndpoint[T]
	filters  filters
	item     tfstate.Item[T]
}

// read reads the whole list, through the client, which reads it once per
// plan for every data source that needs it (see itellico.ReadAll).
func (l *listReader[T]) read(r *request) *listResult {
	account := r.account
	all, err := itellico.ReadAll(r.ctx, r.client(), l.endpoint(account), r.query(l.filters))
	if err != nil {
		r.fail(fmt.Sprintf("list the %s of account %q", l.noun, account), err)
		return nil
	}
	r.shortfall(l.noun, account, all.Shortfall)
	items := &tfstate.List{}
	for _, item := range all.Items {
		items.Add(l.item.Encode(item))
	}
	return &listResult{TotalCount: all.Count, Items: items}
}
