package provider

import (
	"context"
	"fmt"
	"math/big"
	"net/url"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellico"
)

// request is one read: its configuration, its account, its diagnostics,
// and what a reader uses to read the configuration and report the client's
// errors.
type request struct {
	ctx       context.Context
	kind      string // "data source" or "ephemeral resource", as messages name the read
	data      *providerData
	config    map[string]tftypes.Value
	arguments map[string]string // see dataSource.arguments
	// account is the account the read is for, resolved before its reader
	// runs (resolveAccount), for a data source with an account_id argument;
	// "" for the others (itellico_account).
	account string
	diags   diag.Diagnostics
}

func (r *request) client() *itellico.Client { return r.data.client }

// The arguments of the read, by their type in the schema. Each answers
// the argument's value and whether it is set; unset (null), the value is
// the type's zero. The configuration is wholly known when a read runs
// (protocolServer defers or refuses it otherwise).

// arg is the argument name; set is false when it is null.
func (r *request) arg(name string) (v tftypes.Value, set bool) {
	v = r.config[name]
	return v, !v.IsNull() && v.IsKnown()
}

func (r *request) stringArg(name string) (s string, set bool) {
	v, set := r.arg(name)
	if set {
		_ = v.As(&s)
	}
	return s, set
}

func (r *request) boolArg(name string) (b, set bool) {
	v, set := r.arg(name)
	if set {
		_ = v.As(&b)
	}
	return b, set
}

func (r *request) intArg(name string) (i int64, set bool) {
	v, set := r.arg(name)
	if set {
		f := new(big.Float)
		_ = v.As(&f)
		i, _ = f.Int64()
	}
	return i, set
}

func (r *request) stringListArg(name string) (list []string, set bool) {
	v, set := r.arg(name)
	var elems []tftypes.Value
	if set {
		_ = v.As(&elems)
	}
	for _, e := range elems {
		var s string
		_ = e.As(&s)
		list = append(list, s)
	}
	return list, set
}

// query encodes the filters that are set as the API's query parameters:
// strings as written, numbers and booleans in their usual form, lists
// comma-joined as the official SDKs send arrays.
func (r *request) query(fs filters) url.Values {
	q := url.Values{}
	for _, f := range fs.list {
		if v, set := r.arg(f.name); set {
			q.Set(f.queryParam(), queryValue(v))
		}
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

// resolveAccount sets r.account to the account of the read: the data
// source's account_id, else the provider's, else the account of the API
// key. It returns false when the lookup of the key's account failed, which
// it then reports.
func (r *request) resolveAccount() bool {
	if a, ok := r.stringArg("account_id"); ok && a != "" {
		r.account = a
		return true
	}
	if r.data.accountID != "" {
		r.account = r.data.accountID
		return true
	}
	a, err := r.client().CurrentAccount(r.ctx)
	if err != nil {
		addAccountLookupError(&r.diags, r.kind, err)
		return false
	}
	tflog.Debug(r.ctx, "no account_id set: using the account of the API key", map[string]any{"account_id": a.ID})
	r.account = a.ID
	return true
}

// fail reports an error of the client; what names the read.
func (r *request) fail(what string, err error) {
	addAPIError(&r.diags, what, err, r.arguments)
}

// attributeError reports an error about one argument.
func (r *request) attributeError(name, summary, detail string) {
	r.diags.AddAttributeError(path.Root(name), summary, detail)
}

// shortfall warns that a list could not be read whole; noun names the items.
func (r *request) shortfall(noun, account string, s *itellico.Shortfall) {
	if s == nil {
		return
	}
	r.diags.AddWarning("Incomplete list of itellico "+noun, shortfallText(noun, account, s)+
		" What was read is in the state; run the read again, and report the problem to itellico if it persists.")
}

// shortfallText says how much of a list of noun was read, and why not all.
func shortfallText(noun, account string, s *itellico.Shortfall) string {
	return fmt.Sprintf("Read %d of %d %s of account %q: %s.", s.Read, s.Expected, noun, account, s.Reason)
}
