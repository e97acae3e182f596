package provider

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

// A hostile or broken API, one way at a time, against the stand-in's fault
// injection: every read ends, fails once, and never shows the key.

// hostileKey differs in each of its forms: as sent, path-escaped and
// query-escaped.
const hostileKey = "itk/Zq7+Wm3=Rv9 Xk2Lp8/Hd4Jn6=="

// keyForms are the forms in which a server may echo hostileKey.
func keyForms() []string {
	return []string{hostileKey, url.PathEscape(hostileKey), url.QueryEscape(hostileKey), strings.ReplaceAll(hostileKey, " ", "%20")}
}

// A 429 with Retry-After: 0, or a date in the past, on every request: the
// read backs off anyway, ends within max_rate_limit_wait with an error
// saying so, and sends few requests.
func TestAccHostile_rateLimitedWithoutAWaitEnds(t *testing.T) {
	for name, retryAfter := range map[string]string{"Retry-After 0": "0", "a date in the past": "Sun, 06 Nov 1994 08:49:37 GMT"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel() // before the clock starts: resource.ParallelTest would pause it there
			srv := standIn(t, itellicotest.Options{Faults: itellicotest.Always(itellicotest.RateLimit), RetryAfter: retryAfter})
			started := time.Now()
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: conversationsConfig(srv, "", `max_rate_limit_wait = "3s"`),
					ExpectError: errorPattern("The itellico API kept rate-limiting the read", "beyond the bound of 3s",
						"Raise max_rate_limit_wait"),
				}},
			})
			// Pauses of 0.5 s, 1 s, then 2 s, which does not fit in 3 s: three
			// requests of the one page asked for.
			if n := len(srv.Requests()); n > 3 {
				t.Errorf("%d requests, want at most 3", n)
			}
			if d := time.Since(started); d > 3*time.Second+5*time.Second {
				t.Errorf("the plan took %v, want about max_rate_limit_wait", d)
			}
		})
	}
}

// The key never shows in a diagnostic, whatever part of an answer a server
// echoes it into: a redirect's Location (RedirectError), an error in the
// API's format (APIError), an HTML error page (APIError's excerpt), a page
// with a success status (ResponseError), a malformed header line
// (RequestError), and a name in a list, which a lookup quotes as a
// candidate. The whole output of terraform is searched, every form of the
// key.
func TestAccHostile_keyNeverInADiagnostic(t *testing.T) {
	cases := map[string]struct {
		opts   itellicotest.Options
		config string
		want   string // the diagnostic shown instead
	}{
		"redirect":       {itellicotest.Options{Faults: itellicotest.Always(itellicotest.RedirectWithKey)}, `data "itellico_conversations" "test" {}`, "redirected to another origin"},
		"API error":      {itellicotest.Options{Faults: itellicotest.Always(itellicotest.EchoKeyError)}, `data "itellico_conversations" "test" {}`, "may not read this itellico account"},
		"HTML error":     {itellicotest.Options{Faults: itellicotest.Always(itellicotest.EchoKeyHTML)}, `data "itellico_conversations" "test" {}`, "not in the API's error format"},
		"HTML page":      {itellicotest.Options{Faults: itellicotest.Always(itellicotest.EchoKeyPage)}, `data "itellico_conversations" "test" {}`, "cannot read"},
		"malformed line": {itellicotest.Options{Faults: itellicotest.Always(itellicotest.EchoKeyGarbage)}, `data "itellico_conversations" "test" {}`, "Cannot reach the itellico API"},
		"a name in a list": {itellicotest.Options{Agents: []itellicotest.Agent{{ID: "a1f0c3d2-5b4e-4a69-8c7d-1e2f3a4b5c6d",
			Name: "Support " + hostileKey, Created: itellicotest.Some(testNow)}}},
			`data "itellico_agent" "test" {` + "\n  name = \"Support\"\n}", "No itellico agent with this name"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			tc.opts.APIKey = hostileKey
			srv := standIn(t, tc.opts)
			r := newTFRun(t, providerBlock(srv, "max_retries = 0")+tc.config)
			out, err := r.run("plan", "-input=false", "-no-color")
			if err == nil {
				t.Fatalf("the plan succeeded:\n%s", out)
			}
			if !strings.Contains(strings.Join(strings.Fields(out), " "), tc.want) {
				t.Errorf("the plan did not fail with %q:\n%s", tc.want, out)
			}
			for _, form := range keyForms() {
				if strings.Contains(out, form) {
					t.Errorf("the output holds the key as %q:\n%s", form, out)
				}
			}
		})
	}
}

// When the API hangs, the lookup of the key's account that every data
// source without an account_id needs is made once, and its failure handed
// to each: the plan fails in the time of one read.
func TestAccHostile_aFailedLookupIsSharedByEveryDataSource(t *testing.T) {
	srv := standIn(t, itellicotest.Options{Faults: itellicotest.Always(itellicotest.Stall)})
	config := fmt.Sprintf(`
provider "itellico" {
  base_url        = %q
  api_key         = %q
  request_timeout = "1s"
  max_retries     = 1
}
`, srv.URL(), srv.APIKey())
	for _, typ := range []string{"conversations", "agents", "phone_numbers", "sip_trunks"} {
		config += fmt.Sprintf("data \"itellico_%s\" \"test\" {}\n", typ)
	}
	t.Parallel() // before the clock starts: resource.ParallelTest would pause it there
	started := time.Now()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      config,
			ExpectError: errorPattern("The itellico API did not answer in time", "look up the account of the API key"),
		}},
	})
	if n := len(srv.Requests()); n != 2 {
		t.Errorf("%d requests, want 2: one lookup and its retry, for four data sources", n)
	}
	// One read: two attempts of a second and a backoff of at most 0.5 s.
	if d := time.Since(started); d > 10*time.Second {
		t.Errorf("the plan took %v, the time of several reads", d)
	}
}

// A body that trickles in past request_timeout is reported as a timeout.
func TestAccHostile_aTricklingBodyIsATimeout(t *testing.T) {
	srv := standIn(t, itellicotest.Options{Faults: itellicotest.Always(itellicotest.Trickle)})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      conversationsConfig(srv, "", `request_timeout = "500ms"`, "max_retries = 0"),
			ExpectError: errorPattern("The itellico API did not answer in time", "request_timeout"),
		}},
	})
}

// Identifiers that would change the request's path, or that the API's ids
// never hold, are refused at plan: account_id of a data source and of the
// provider, and a singular lookup's id.
func TestAccHostile_identifiersThatWouldLeaveThePathRefusedAtPlan(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	var cases []planError
	for _, bad := range []string{".", "..", "../x", "a/b", "a?b=1", "-x"} {
		cases = append(cases, planError{fmt.Sprintf("account_id = %q", bad),
			argumentError("conversations", "account_id", "Invalid Attribute Value Match", "must be an account id")})
	}
	refusedAtPlan(t, srv, map[string][]planError{
		"conversations": cases,
		"agent":         {{`id = ".."`, argumentError("agent", "id", "Invalid Attribute Value Match", "must be an identifier")}},
		"phone_number":  {{`id = "a/b"`, argumentError("phone_number", "id", "Invalid Attribute Value Match")}},
	})
	t.Run("the provider's, and me kept", func(t *testing.T) {
		srv := standIn(t, itellicotest.Options{})
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{
				{Config: fmt.Sprintf("provider \"itellico\" {\n  base_url = %q\n  api_key = %q\n  account_id = \"..\"\n}\n",
					srv.URL(), srv.APIKey()) + `data "itellico_agents" "test" {}`, PlanOnly: true,
					ExpectError: errorPattern("Invalid Attribute Value Match", "must be an account id")},
				// me, the key's own account, is an account id.
				{Config: dataSourceConfig(srv, "agents", `account_id = "me"`)},
			},
		})
	})
}

// A key that a header cannot carry is said to be malformed at plan, without
// showing the key.
func TestAccHostile_malformedKeyRefusedAtPlan(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf("provider \"itellico\" {\n  base_url = %q\n  api_key = \"secret-key\\n\"\n}\n"+
				"data \"itellico_agents\" \"test\" {}\n", srv.URL()),
			PlanOnly:    true,
			ExpectError: errorPattern("Malformed itellico API key", "contains a line break (character 11 of 11)"),
		}},
	})
}

// The same checks of values from the environment, which no validator sees:
// at configuration. Not parallel, since it sets the environment.
func TestAccHostile_malformedKeyAndAccountIDInTheEnvironment(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	for name, tc := range map[string]struct{ key, account, want string }{
		"key":        {"secret-key\n", srv.AccountID(), "Malformed itellico API key"},
		"account id": {srv.APIKey(), "../conversations", "Invalid itellico account id"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Setenv(envAPIKey, tc.key)
			t.Setenv(envAccountID, tc.account)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      fmt.Sprintf("provider \"itellico\" {\n  base_url = %q\n}\ndata \"itellico_agents\" \"test\" {}\n", srv.URL()),
					ExpectError: errorPattern(tc.want),
				}},
			})
			if n := len(srv.Requests()); n != 0 {
				t.Errorf("%d requests were sent", n)
			}
		})
	}
}
