package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellico"
)

// single is the singular pair of a list data source, and its reader: one
// item, read by its id, or, where the API has a name or a number, found by
// it exactly among the list's items. Its schema is the list's item at the
// top level; its documentation is derived from the nouns.
type single[T any] struct {
	name string // type name without the provider's prefix
	noun string // what one item is, in messages: "agent"
	list *listDef[T]
	// get reads one item by id: GET {list.path}/{idParam}.
	get     func(c *itellico.Client, ctx context.Context, account, id string) (*T, error)
	idParam string          // the path parameter, as the API names it in a 422: "agent_id"
	id      func(*T) string // the item's identifier
	// key is the field, and argument, that finds an item exactly ("name",
	// "number"), keyOf its getter; keyNote adds to its description.
	key     string
	keyOf   func(*T) *string
	keyNote string
	// keyFilter is the list's filter that narrows it to items whose key
	// contains the value, when it has one.
	keyFilter string
}

// maxCandidatesShown bounds the items named in an error.
const maxCandidatesShown = 10

// newSingle builds the singular data source.
func newSingle[T any](s *single[T]) *dataSource[T] {
	attrs := map[string]schema.Attribute{}
	for name, a := range s.list.item {
		attrs[name] = a
	}
	attrs[s.key] = schema.StringAttribute{Optional: true, Computed: true,
		MarkdownDescription: fmt.Sprintf("The %s's %s, compared exactly, case included.%s Exactly one of `id` and `%s` "+
			"is required; the read fails unless exactly one %s of the account has it. With `id`, the %s of the %s found.",
			s.noun, s.key, s.keyNote, s.key, s.noun, s.key, s.noun),
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
		Validators: []validator.String{stringvalidator.LengthAtLeast(1)}}}
	return newDataSource(s.name, summary, attrs, filters{list: []filter{id},
		validators: []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot(s.key))}}, s)
}

func (s *single[T]) read(r *request) *T {
	account, ok := r.account()
	if !ok {
		return nil
	}
	if id, ok := r.str("id"); ok {
		return s.byID(r, account, "id", id)
	}
	key, _ := r.str(s.key)
	return s.byKey(r, account, key)
}

// byID reads the item whose id, the argument arg, is id.
func (s *single[T]) byID(r *request, account, arg, id string) *T {
	item, err := s.get(r.client(), r.ctx, account, id)
	var apiErr *itellico.APIError
	var notFound *itellico.NotFoundError
	switch {
	case errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusNotFound:
		var b strings.Builder
		fmt.Fprintf(&b, "No %s %s in account %q: HTTP 404", s.noun, id, account)
		if apiErr.Code != "" {
			fmt.Fprintf(&b, " (%s)", apiErr.Code)
		}
		b.WriteString(".")
		if msg := strings.TrimSpace(apiErr.Message + " " + apiErr.Detail); msg != "" {
			b.WriteString("\n\n" + msg)
		}
		s.notFound(r, arg, b.String())
		return nil
	case errors.As(err, &notFound):
		s.notFound(r, arg, "N"+notFound.Error()[1:]+".")
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
		detail+fmt.Sprintf("\n\nCheck %s, and that the account (account_id of this data source or of the provider, "+
			"else the API key's account) is the %s's.", arg, s.noun))
}

// byKey reads the list, narrowed by the API where it can, and keeps the
// items whose key is exactly key.
func (s *single[T]) byKey(r *request, account, key string) *T {
	q := r.query(filters{})
	if s.keyFilter != "" {
		q.Set(s.keyFilter, key)
	}
	var all, matches []*T
	res, err := itellico.List(r.ctx, r.client(), s.list.endpoint(account), q, itellico.ListOptions{},
		func(item *T) *T { return item },
		func(item *T) {
			if len(all) < maxCandidatesShown {
				all = append(all, item)
			}
			if k := s.keyOf(item); k != nil && *k == key {
				matches = append(matches, item)
			}
		})
	if err != nil {
		r.fail(fmt.Sprintf("list the %s of account %q to find %s %q", s.list.noun, account, s.key, key), err)
		return nil
	}
	if sf := res.Shortfall; sf != nil {
		r.attributeError(s.key, fmt.Sprintf("Incomplete list of itellico %s", s.list.noun),
			fmt.Sprintf("Read %d of %d %s of account %q: %s. Without all of them the provider cannot tell which "+
				"%s has %s %q. Run the read again, or use id.", sf.Read, sf.Expected, s.list.noun, account, sf.Reason,
				s.noun, s.key, key))
		return nil
	}
	switch len(matches) {
	case 1:
		return matches[0]
	case 0:
		detail := fmt.Sprintf("No %s of account %q has %s %q. It is compared exactly, case included.", s.noun, account, s.key, key)
		if len(all) > 0 {
			scope := fmt.Sprintf("The account's %s", s.list.noun)
			if s.keyFilter != "" {
				scope = fmt.Sprintf("%s whose %s contains it, ignoring case", strings.ToUpper(s.list.noun[:1])+s.list.noun[1:], s.key)
			}
			detail += " " + scope + ":" + s.candidates(all, res.Read)
		}
		r.attributeError(s.key, fmt.Sprintf("No itellico %s with this %s", s.noun, s.key),
			detail+fmt.Sprintf("\n\nCheck %s and the account (account_id of this data source or of the provider, "+
				"else the API key's account).", s.key))
	default:
		r.attributeError(s.key, fmt.Sprintf("Several itellico %s with this %s", s.list.noun, s.key),
			fmt.Sprintf("%d %s of account %q have %s %q:%s\n\nSet id instead of %s to choose one.",
				len(matches), s.list.noun, account, s.key, key, s.candidates(matches, int64(len(matches))), s.key))
	}
	return nil
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
