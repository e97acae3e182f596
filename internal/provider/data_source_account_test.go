package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

// The helpers of the tests of the account, agent, telephony and catalog
// data sources come first: they turn the stand-in's served data into the
// state a test expects, written apart from the provider's encoder.

// want is the state of an optional field of the stand-in: null when the
// field is absent or JSON null, else what check makes of its value.
func want[T any](o itellicotest.Opt[T], check func(T) knownvalue.Check) knownvalue.Check {
	if v, ok := o.Get(); ok {
		return check(v)
	}
	return knownvalue.Null()
}

// timeValue is a date-time as the stand-in writes it, which the provider
// passes through.
func timeValue(t time.Time) knownvalue.Check {
	return knownvalue.StringExact(t.Format(time.RFC3339Nano))
}

func wantTime(o itellicotest.Opt[time.Time]) knownvalue.Check { return want(o, timeValue) }

// wantJSON is a free-form JSON field: its compact form, or null.
func wantJSON(t *testing.T, o itellicotest.Opt[json.RawMessage]) knownvalue.Check {
	return want(o, func(raw json.RawMessage) knownvalue.Check {
		var b bytes.Buffer
		if err := json.Compact(&b, raw); err != nil {
			t.Fatalf("served JSON %s: %v", raw, err)
		}
		return knownvalue.StringExact(b.String())
	})
}

func stringList(vs []string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(vs))
	for i, v := range vs {
		checks[i] = knownvalue.StringExact(v)
	}
	return knownvalue.ListExact(checks)
}

// expectAttr checks one attribute of the data source ds, such as
// "data.itellico_agents.test".
func expectAttr(ds, attr string, check knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(ds, tfjsonpath.New(attr), check)
}

// requestCheck runs a check of what the stand-in received once a step has
// applied.
type requestCheck func() error

func (f requestCheck) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = f()
}

// requestsTo returns the requests srv received whose path is path.
func requestsTo(srv *itellicotest.Server, path string) []itellicotest.Request {
	var rs []itellicotest.Request
	for _, r := range srv.Requests() {
		if r.Path == path {
			rs = append(rs, r)
		}
	}
	return rs
}

// accountPath is the path of an endpoint of account: accountPath(a,
// "agents") is /v1/accounts/a/agents.
func accountPath(account, endpoint string) string {
	return "/v1/accounts/" + account + "/" + endpoint
}

// expectQuerySent checks that some request of srv to path sent exactly want
// besides paging.
func expectQuerySent(srv *itellicotest.Server, path string, want map[string][]string) requestCheck {
	return func() error {
		var seen []string
		for _, r := range requestsTo(srv, path) {
			got := map[string][]string{}
			for k, v := range r.Query {
				if k != "limit" && k != "offset" {
					got[k] = v
				}
			}
			if fmt.Sprint(got) == fmt.Sprint(want) {
				return nil
			}
			seen = append(seen, fmt.Sprint(got))
		}
		return fmt.Errorf("no request to %s sent %v besides paging; sent: %s", path, want, strings.Join(seen, ", "))
	}
}

// argumentError matches an error diagnostic whose summary is summary, shown
// at the argument arg of the data source itellico_<typ> "test" (Terraform
// then quotes that argument's line), with parts in its detail, in order.
func argumentError(typ, arg, summary string, parts ...string) *regexp.Regexp {
	ws := func(s string) string { return strings.ReplaceAll(regexp.QuoteMeta(s), " ", `\s+`) }
	pattern := `(?s)Error: ` + ws(summary) + `\s+with data\.itellico_` + typ + `\.test,\s+on \S+ line \d+, in data "itellico_` +
		typ + `" "test":\s+\d+:\s+` + regexp.QuoteMeta(arg) + `\s+=`
	for _, p := range parts {
		pattern += ".*" + ws(p)
	}
	return regexp.MustCompile(pattern)
}

func strValue(s string) knownvalue.Check    { return knownvalue.StringExact(s) }
func boolValue(b bool) knownvalue.Check     { return knownvalue.Bool(b) }
func intValue(i int64) knownvalue.Check     { return knownvalue.Int64Exact(i) }
func floatValue(f float64) knownvalue.Check { return knownvalue.Float64Exact(f) }

// expectAttrs checks the attributes of the data source ds.
func expectAttrs(ds string, attrs map[string]knownvalue.Check) []statecheck.StateCheck {
	var checks []statecheck.StateCheck
	for _, name := range slices.Sorted(maps.Keys(attrs)) {
		checks = append(checks, expectAttr(ds, name, attrs[name]))
	}
	return checks
}

// planError is the arguments of a data source "test" that are refused at
// plan, and the error expected.
type planError struct {
	args string
	err  *regexp.Regexp
}

// refusedAtPlan makes a plan-only step of each case, by the type of data
// source (without the provider's prefix); the stand-in must see no request
// from any of them.
func refusedAtPlan(t *testing.T, srv *itellicotest.Server, cases map[string][]planError) {
	t.Helper()
	var steps []resource.TestStep
	for _, typ := range slices.Sorted(maps.Keys(cases)) {
		for _, c := range cases[typ] {
			steps = append(steps, resource.TestStep{Config: dataSourceConfig(srv, typ, c.args), PlanOnly: true, ExpectError: c.err})
		}
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
	if rs := srv.Requests(); len(rs) != 0 {
		t.Errorf("%d requests reached the API, the first to %s; a configuration refused at plan must send none",
			len(rs), rs[0].Path)
	}
}

// proxy serves srv at the URL it returns, through rewrite, which may change
// the status and body of each answer: an API that answers otherwise than
// the stand-in.
func proxy(t *testing.T, srv *itellicotest.Server, rewrite func(r *http.Request, status int, body []byte) (int, []byte)) string {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, r)
		status, body := rewrite(r, rec.Code, rec.Body.Bytes())
		maps.Copy(w.Header(), rec.Header())
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}))
	t.Cleanup(ts.Close)
	return ts.URL
}

// proxyProviderBlock configures the provider for srv behind the proxy at
// url.
func proxyProviderBlock(srv *itellicotest.Server, url string) string {
	return fmt.Sprintf(`
provider "itellico" {
  base_url   = %q
  api_key    = %q
  account_id = %q
}
`, url, srv.APIKey(), srv.AccountID())
}

// accountValue is the state of an account the stand-in serves.
func accountValue(a itellicotest.Account) map[string]knownvalue.Check {
	return map[string]knownvalue.Check{
		"id":                knownvalue.StringExact(a.ID),
		"name":              knownvalue.StringExact(a.Name),
		"is_active":         knownvalue.Bool(a.IsActive),
		"created":           timeValue(a.Created),
		"modified":          timeValue(a.Modified),
		"parent_account_id": want(a.ParentAccountID, strValue),
	}
}

func TestAccAccount_keyAccountWithEveryAttribute(t *testing.T) {
	srv := standIn(t, itellicotest.Options{AccountName: "Acme Voice AG"})
	account := srv.Account()
	if _, ok := account.ParentAccountID.Get(); ok {
		t.Fatal("the key's account has a parent: the test would not see parent_account_id null")
	}
	const ds = "data.itellico_account.test"
	checks := expectAttrs(ds, accountValue(account))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            keyAccountProviderBlock(srv) + `data "itellico_account" "test" {}`,
			ConfigStateChecks: append(checks, expectAttr(ds, "parent_account_id", knownvalue.Null())),
		}},
	})
}

// itellico_account is the key's account even when the provider reads
// another account by default.
func TestAccAccount_isTheKeysAccountWhateverTheProviderAccountID(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	config := fmt.Sprintf(`
provider "itellico" {
  base_url   = %q
  api_key    = %q
  account_id = %q
}

data "itellico_account" "test" {}
`, srv.URL(), srv.APIKey(), itellicotest.SubaccountSchweizID)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttr("data.itellico_account.test", "id", knownvalue.StringExact(srv.AccountID())),
				expectAttr("data.itellico_account.test", "name", knownvalue.StringExact(srv.Account().Name)),
			},
		}},
	})
}

// With account_id set neither in the provider nor in the data sources,
// every data source reads the key's account, which the provider looks up
// once for all of them, however many read it at once.
func TestAccAccountResolution_keyAccountLookedUpOnceForEveryDataSource(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	config := keyAccountProviderBlock(srv) + `
data "itellico_subaccounts" "test" {}
data "itellico_agents" "test" {}
data "itellico_agent" "test" { name = "Support DE" }
data "itellico_phone_numbers" "test" {}
data "itellico_sip_trunks" "test" {}
data "itellico_models" "test" {}
data "itellico_transcribers" "test" {}
data "itellico_voices" "test" { voice_provider = "azure" }
`
	key := srv.AccountID()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttr("data.itellico_agent.test", "account_id", knownvalue.StringExact(key)),
				requestCheck(func() error {
					// Every plan reads every data source once, so the list of
					// all agents counts the reads.
					lookups := len(requestsTo(srv, "/v1/accounts/current"))
					reads := 0
					for _, r := range requestsTo(srv, accountPath(key, "agents")) {
						if !r.Query.Has("name") {
							reads++
						}
					}
					if lookups == 0 || lookups != reads {
						return fmt.Errorf("GET /v1/accounts/current was requested %d times in %d reads of the "+
							"configuration; want once per read", lookups, reads)
					}
					for _, r := range srv.Requests() {
						if r.Path != "/v1/accounts/current" && !strings.HasPrefix(r.Path, accountPath(key, "")) {
							return fmt.Errorf("request %d to %s: not the key's account %s", r.N, r.Path, key)
						}
					}
					return nil
				}),
			},
		}},
	})
}

// The provider's account_id is used as it is, without a lookup, and a data
// source's account_id overrides it.
func TestAccAccountResolution_providerAccountIDAndDataSourceOverride(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	config := providerBlock(srv) + fmt.Sprintf(`
data "itellico_phone_numbers" "provider_account" {}

data "itellico_phone_numbers" "subaccount" {
  account_id = %q
}
`, itellicotest.SubaccountSchweizID)
	numbersOf := func(account string) knownvalue.Check {
		var items []knownvalue.Check
		for _, n := range srv.PhoneNumbers() {
			if n.AccountID == account {
				items = append(items, knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(n.ID)}))
			}
		}
		return knownvalue.ListExact(items)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttr("data.itellico_phone_numbers.provider_account", "items", numbersOf(srv.AccountID())),
				expectAttr("data.itellico_phone_numbers.subaccount", "items", numbersOf(itellicotest.SubaccountSchweizID)),
				requestCheck(func() error {
					if n := len(requestsTo(srv, "/v1/accounts/current")); n != 0 {
						return fmt.Errorf("GET /v1/accounts/current requested %d times although account_id is set", n)
					}
					return nil
				}),
			},
		}},
	})
}
