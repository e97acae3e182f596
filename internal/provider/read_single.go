package provider

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/agext/levenshtein"
	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellico"
)

// single is the singular pair of a list data source, and its reader: one
// item, found by its id or, where the API has a name or a number, by it
// exactly, in the whole list, which the client reads once per plan however
// many lookups need it. Its schema is the list's item at the top level;
// its documentation is derived from the nouns.
type single[T any] struct {
	name string // type name without the provider's prefix
	noun string // what one item is, in messages: "agent"
	// list is the list the item is found in; nil for a singular data
	// source whose items are not kept (a conversation): then get alone
	// reads it.
	list *listDef[T]
	// get reads one item by id, GET {list.path}/{idParam}, for an id that
	// the list does not hold (an archived agent).
	get     func(c *itellico.Client, ctx context.Context, account, id string) (*T, error)
	idParam string          // the path parameter, as the API names it in a 422: "agent_id"
	id      func(*T) string // the item's identifier
	// key is the field, and argument, that finds an item exactly ("name",
	// "number"), keyOf its getter; keyNote adds to its description.
	key     string
	keyOf   func(*T) *string
	keyNote string
	// hidden, where set, are the items the list leaves out unless asked
	// (archived agents). A lookup by key that the list does not answer asks
	// for them, and says so when one has the key.
	hidden *hiddenItems
}

// hiddenItems are the items of a list that the API lists only when asked.
type hiddenItems struct {
	adjective string     // what they are: "archived"
	others    string     // what the items listed by default are: "active"
	query     url.Values // lists them alone: is_archived=true
	// keyFilter is the list's query parameter that narrows them by key,
	// which may match more than the key exactly (the agents' name filter
	// matches a part, ignoring case); "" to read them all.
	keyFilter string
	// listArgs are the list data source's arguments that list them, in
	// HCL: "is_archived = true".
	listArgs string
}

// maxCandidatesShown bounds the items named in an error; maxClosestShown
// the closest names shown when none matches.
const (
	maxCandidatesShown = 10
	maxClosestShown    = 5
)

// newSingle builds the singular data source.
func newSingle[T any](s *single[T]) *dataSource[T] {
	attrs := map[string]schema.Attribute{}
	for name, a := range s.list.item {
		attrs[name] = a
	}
	attrs[s.key] = schema.StringAttribute{Optional: true, Computed: true,
		MarkdownDescription: fmt.Sprintf("The %s's %s, compared exactly%s.%s Exactly one of `id` and `%s` "+
			"is required; the read fails unless exactly one %s of the account has it, and then lists the closest. "+
			"With `id`, the %s of the %s found.", s.noun, s.key, s.caseNote(), s.keyNote, s.key, s.noun, s.key, s.noun),
		Validators: []validator.String{stringvalidator.LengthAtLeast(1)}}
	account := accountIDAttribute(fmt.Sprintf("Account of the %s.", s.noun))
	if _, ok := s.list.item["account_id"]; ok {
		// The item names its account: unset, the argument holds it.
		account.Computed = true
		account.MarkdownDescription += fmt.Sprintf(" After the read, the account of the %s.", s.noun)
	}
	attrs["account_id"] = account
	summary := fmt.Sprintf("Reads one %s of an itellico account, by its identifier (`GET %s/{%s}`) or by its exact "+
		"%s, with every field of the API's %s.", s.noun, s.list.path, s.idParam, s.key, s.noun)
	id := filter{name: "id", param: s.idParam, attr: schema.StringAttribute{Optional: true, Computed: true,
		MarkdownDescription: fmt.Sprintf("Identifier of the %s. Exactly one of `id` and `%s` is required; with `%s`, "+
			"it is the identifier of the %s found.", s.noun, s.key, s.key, s.noun),
		Validators: []validator.String{stringvalidator.LengthAtLeast(1), identifierValidator("an identifier")}}}
	return newDataSource(s.name, summary, attrs, filters{list: []filter{id},
		validators: []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot(s.key))}}, s)
}

func (s *single[T]) read(r *request) *T {
	account := r.account
	if id, ok := r.stringArg("id"); ok {
		return s.byID(r, account, "id", id)
	}
	key, _ := r.stringArg(s.key)
	return s.byKey(r, account, key)
}

// caseNote says that letters' case counts, where the key has letters.
func (s *single[T]) caseNote() string {
	if s.key == "name" {
		return ", case included"
	}
	return ""
}

// byID finds the item whose id, the argument arg, is id: in the whole list
// when it holds it, else with GET.
func (s *single[T]) byID(r *request, account, arg, id string) *T {
	if s.list != nil {
		all := s.readList(r, account, fmt.Sprintf("%s %s", s.noun, id))
		if all == nil {
			return nil
		}
		if item := all.Find(id); item != nil {
			return item
		}
	}
	return s.getByID(r, account, arg, id)
}

// readList reads the whole list the item is in, shared with every lookup
// of the plan; nil when it failed, as it then reports. what names the item
// looked for.
func (s *single[T]) readList(r *request, account, what string) *itellico.Listing[T] {
	all, err := itellico.ReadAll(r.ctx, r.client(), s.list.endpoint(account), nil)
	if err != nil {
		r.fail(fmt.Sprintf("list the %s of account %q to find %s", s.list.noun, account, what), err)
		return nil
	}
	return all
}

// getByID reads the item whose id, the argument arg, is id, with GET.
func (s *single[T]) getByID(r *request, account, arg, id string) *T {
	item, err := s.get(r.client(), r.ctx, account, id)
	var apiErr *itellico.APIError
	var notFound *itellico.NotFoundError
	switch {
	case errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusNotFound:
		s.notFound(r, arg, fmt.Sprintf("No %s %s in account %q: %s", s.noun, id, account, statusText(apiErr)))
		return nil
	case errors.As(err, &notFound):
		s.notFound(r, arg, sentence(notFound.Error()))
		return nil
	case err != nil:
		r.fail(fmt.Sprintf("read %s %s of account %q", s.noun, id, account), err)
		return nil
	}
	if got := s.id(item); !strings.EqualFold(got, id) {
		r.attributeError(arg, fmt.Sprintf("The itellico API sent another %s", s.noun),
			fmt.Sprintf("Asked for %s %s of account %q, the API sent %s %s. Report the problem to itellico.",
				s.noun, id, account, s.noun, got))
		return nil
	}
	return item
}

func (s *single[T]) notFound(r *request, arg, detail string) {
	r.attributeError(arg, fmt.Sprintf("No itellico %s with this id", s.noun),
		detail+fmt.Sprintf("\n\nCheck %s, and that the account (account_id of this %s or of the provider, "+
			"else the API key's account) is the %s's.", arg, r.kind, s.noun))
}

// byKey finds the item whose key is exactly key in the whole list.
func (s *single[T]) byKey(r *request, account, key string) *T {
	all := s.readList(r, account, fmt.Sprintf("%s %q", s.key, key))
	if all == nil {
		return nil
	}
	if sf := all.Shortfall; sf != nil {
		r.attributeError(s.key, fmt.Sprintf("Incomplete list of itellico %s", s.list.noun),
			shortfallText(s.list.noun, account, sf)+fmt.Sprintf(" Without all of them the provider cannot tell "+
				"which %s has %s %q. Run the read again, or use id.", s.noun, s.key, key))
		return nil
	}
	var matches []*T
	for _, item := range all.Items {
		if k := s.keyOf(item); k != nil && *k == key {
			matches = append(matches, item)
		}
	}
	switch len(matches) {
	case 1:
		return matches[0]
	case 0:
		found, note := s.hiddenWithKey(r, account, key)
		if found {
			return nil
		}
		detail := fmt.Sprintf("No %s of account %q has %s %q. It is compared exactly%s.%s", s.noun, account, s.key, key,
			s.caseNote(), note)
		if closest := s.closest(all.Items, key); len(closest) > 0 {
			detail += fmt.Sprintf(" The closest of its %d %s:%s", len(all.Items), s.list.noun, s.candidates(closest, int64(len(closest))))
		} else {
			detail += fmt.Sprintf(" The account has no %s.", s.list.noun)
		}
		r.attributeError(s.key, fmt.Sprintf("No itellico %s with this %s", s.noun, s.key),
			detail+fmt.Sprintf("\n\nCheck %s and the account (account_id of this %s or of the provider, "+
				"else the API key's account).", s.key, r.kind))
	default:
		r.attributeError(s.key, fmt.Sprintf("Several itellico %s with this %s", s.list.noun, s.key),
			fmt.Sprintf("%d %s of account %q have %s %q:%s\n\nSet id instead of %s to choose one.",
				len(matches), s.list.noun, account, s.key, key, s.candidates(matches, int64(len(matches))), s.key))
	}
	return nil
}

// hiddenWithKey asks for the hidden items whose key is exactly key, for a
// lookup that the list did not answer: one request (more only for pages
// beyond the first), and none on a lookup the list answers. It reports the
// error and returns true when one has the key; else note is what the
// not-found error is to add, when the hidden items could not be read.
func (s *single[T]) hiddenWithKey(r *request, account, key string) (found bool, note string) {
	h := s.hidden
	if h == nil {
		return false, ""
	}
	query := url.Values{}
	for k, v := range h.query {
		query[k] = v
	}
	if h.keyFilter != "" {
		query.Set(h.keyFilter, key)
	}
	all, err := itellico.ReadAll(r.ctx, r.client(), s.list.endpoint(account), query)
	if err != nil {
		// The lookup fails anyway, saying that the list has no such item.
		return false, fmt.Sprintf(" Whether an %s %s has it could not be checked: %s.", h.adjective, s.noun,
			strings.TrimRight(err.Error(), "."))
	}
	var matches []*T
	for _, item := range all.Items {
		if k := s.keyOf(item); k != nil && *k == key {
			matches = append(matches, item)
		}
	}
	if len(matches) == 0 {
		return false, ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "No %s %s of account %q has %s %q, but ", h.others, s.noun, account, s.key, key)
	if len(matches) == 1 {
		fmt.Fprintf(&b, "an %s %s has it", h.adjective, s.noun)
	} else {
		fmt.Fprintf(&b, "%d %s %s have it", len(matches), h.adjective, s.list.noun)
	}
	fmt.Fprintf(&b, ", and the API lists %s %s only when asked:", h.adjective, s.list.noun)
	b.WriteString(s.candidates(matches, int64(len(matches))))
	fmt.Fprintf(&b, "\n\nTo read an %s %s, set id = %q instead of %s; to list %s %s, use the itellico_%s data source "+
		"with %s = %q and %s.", h.adjective, s.noun, s.id(matches[0]), s.key, h.adjective, s.list.noun, s.list.name,
		s.key, key, h.listArgs)
	r.attributeError(s.key, fmt.Sprintf("No itellico %s with this %s", s.noun, s.key), b.String())
	return true, ""
}

// closest returns the items whose key is closest to key, by edit distance
// ignoring case (the distance HCL uses for its suggestions), then by key:
// a misspelt name or a mistyped number finds what was meant.
func (s *single[T]) closest(items []*T, key string) []*T {
	type scored struct {
		item     *T
		key      string
		distance int
	}
	var all []scored
	want := strings.ToLower(key)
	for _, item := range items {
		if k := s.keyOf(item); k != nil {
			all = append(all, scored{item, *k, levenshtein.Distance(want, strings.ToLower(*k), nil)})
		}
	}
	slices.SortStableFunc(all, func(a, b scored) int {
		return cmp.Or(cmp.Compare(a.distance, b.distance), strings.Compare(a.key, b.key))
	})
	out := make([]*T, 0, maxClosestShown)
	for _, c := range all[:min(len(all), maxClosestShown)] {
		out = append(out, c.item)
	}
	return out
}

// candidates shows items one per line, with their key and id; total is how
// many there are in all.
func (s *single[T]) candidates(items []*T, total int64) string {
	var b strings.Builder
	for _, item := range items[:min(len(items), maxCandidatesShown)] {
		b.WriteString("\n  - ")
		if k := s.keyOf(item); k != nil {
			fmt.Fprintf(&b, "%q, ", *k)
		}
		b.WriteString("id " + s.id(item))
	}
	if rest := total - int64(min(len(items), maxCandidatesShown)); rest > 0 {
		fmt.Fprintf(&b, "\n  - and %d more", rest)
	}
	return b.String()
}
