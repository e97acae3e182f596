package provider

import (
	"fmt"
	"net/url"
	"slices"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"golang.org/x/sync/errgroup"
)

// The dimensions itellico_conversation_counts counts by: each the
// conversation filter of that name, and its documented values.
var countDimensions = []struct {
	name   string
	values []string
}{
	{"status", conversationStatuses},
	{"type", conversationTypes},
	{"direction", conversationDirections},
}

var conversationCountsDataSource = newDataSource[countsResult]("conversation_counts", "Counts the conversations of an "+
	"itellico account that match the filters, in total and by status, type and direction, each number from the "+
	"API's `count` of a page of one conversation. It costs a fixed number of requests, whatever the account holds: "+
	"one for the total and one per documented value of each dimension (12 for all three), sent at once through "+
	"the provider's request budget; none is sent for a dimension that a filter fixes or that `dimensions` leaves out. "+
	"No conversation reaches the state.", countsAttributes(), conversationFilters, countsReader{})

func countsAttributes() map[string]schema.Attribute {
	names := make([]string, len(countDimensions))
	for i, d := range countDimensions {
		names[i] = d.name
	}
	attrs := map[string]schema.Attribute{
		"account_id": accountIDAttribute("Account whose conversations are counted (its subaccounts' included)."),
		"dimensions": schema.ListAttribute{Optional: true, ElementType: types.StringType,
			MarkdownDescription: "The dimensions to count by, of " + oneOf(names) + "; unset, all three. A dimension " +
				"left out costs no request and its map is null: `[]` counts the total alone, in one request.",
			Validators: []validator.List{listvalidator.UniqueValues(), listvalidator.ValueStringsAre(stringvalidator.OneOf(names...))}},
		"total_count": computedInt("Number of conversations that match the filters: the API's `count`, which " +
			"Terraform reserves as a meta-argument name."),
	}
	for _, d := range countDimensions {
		attrs["by_"+d.name] = computedIntMap(fmt.Sprintf("Number of matching conversations per %s. Every documented "+
			"value (%s) is a key, so `[\"%s\"]` never fails; a conversation with no %s, or with a value the API adds "+
			"later, is in `total_count` under no key. Null when `dimensions` leaves %s out.",
			d.name, oneOf(d.values), d.values[0], d.name, d.name))
	}
	return attrs
}

// countsResult is the state of itellico_conversation_counts besides its
// arguments.
type countsResult struct {
	TotalCount  int64            `json:"total_count"`
	ByStatus    map[string]int64 `json:"by_status"`
	ByType      map[string]int64 `json:"by_type"`
	ByDirection map[string]int64 `json:"by_direction"`
}

// countsReader reads itellico_conversation_counts: every number at once,
// each from its own request.
type countsReader struct{}

func (countsReader) read(r *request) *countsResult {
	account := r.account
	filters := r.query(conversationFilters)
	out := &countsResult{}
	maps := map[string]*map[string]int64{"status": &out.ByStatus, "type": &out.ByType, "direction": &out.ByDirection}
	var mu sync.Mutex
	g, ctx := errgroup.WithContext(r.ctx)
	count := func(q url.Values, set func(n int64)) {
		g.Go(func() error {
			n, err := r.client().CountConversations(ctx, account, q)
			if err == nil {
				mu.Lock()
				set(n)
				mu.Unlock()
			}
			return err
		})
	}
	count(filters, func(n int64) { out.TotalCount = n })
	var fixed []string // dimensions a filter fixes: the total is under its value
	for _, d := range countDimensions {
		if !countsBy(r, d.name) {
			continue
		}
		m := zeroCounts(d.values)
		*maps[d.name] = m
		if filters.Has(d.name) {
			fixed = append(fixed, d.name)
			continue
		}
		for _, v := range d.values {
			q := cloneQuery(filters)
			q.Set(d.name, v)
			count(q, func(n int64) { m[v] = n })
		}
	}
	if err := g.Wait(); err != nil {
		r.fail(fmt.Sprintf("count the conversations of account %q", account), err)
		return nil
	}
	for _, name := range fixed {
		(*maps[name])[filters.Get(name)] = out.TotalCount
	}
	return out
}

// countsBy reports whether dimensions, unset or listing it, asks for the
// dimension name.
func countsBy(r *request, name string) bool {
	dims, set := r.stringListArg("dimensions")
	return !set || slices.Contains(dims, name)
}

func cloneQuery(q url.Values) url.Values {
	c := make(url.Values, len(q)+1)
	for k, v := range q {
		c[k] = slices.Clone(v)
	}
	return c
}
