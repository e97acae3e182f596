package provider

// Acceptance tests of the provider's one request budget and of redirects:
// what a user sees when many data sources meet a rate-limited API, and when
// the API's host redirects elsewhere.

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

// TestAccBudget_twelveDataSourcesAgainstAnAPIAtFourRequestsASecond plans 12
// itellico_conversations of 500 conversations each, in pages of 100, with
// default settings, against an API that answers 4 requests a second and a
// 429 with Retry-After: 1 beyond. Terraform reads 10 of them at once. Each
// 429 pauses every request of the provider for the second the API asks, and
// waiting on it counts against no retry budget, so every one is read whole,
// and the 429s stay about one per second of the plan rather than one per
// request.
func TestAccBudget_twelveDataSourcesAgainstAnAPIAtFourRequestsASecond(t *testing.T) {
	const sources, perRead, pages = 12, 500, 5
	srv := standIn(t, itellicotest.Options{Conversations: itellicotest.Generate(perRead, 1, testNow),
		PageCap: 100, RateLimit: 4})
	answered, limited := planConversationReads(t, srv, sources, perRead)
	// Each read asks for 5 pages (the first, at 1000, is answered with the
	// cap of 100), and the step plans twice. Without the shared pause and
	// pace, each read meets the limit on its own and most requests are
	// answered 429 (before, the plan failed once retries ran out); with
	// them, the burst of the first requests meets it, then a few more.
	t.Logf("%d requests answered, %d answered 429", answered, limited)
	if answered == 0 || answered%(sources*pages) != 0 {
		t.Errorf("%d requests answered, want a multiple of %d: a page was asked for twice, or not at all", answered, sources*pages)
	}
	if limited > answered/4 {
		t.Errorf("%d requests were answered 429 for %d answered: the provider did not hold back", limited, answered)
	}
}

// TestAccRedirect_toAnotherOriginIsRefusedAndTheKeyStaysHome makes the
// API's host answer with a redirect to another host: the read fails naming
// where it pointed, and the other host never sees the API key.
func TestAccRedirect_toAnotherOriginIsRefusedAndTheKeyStaysHome(t *testing.T) {
	var keysSeen atomic.Int64
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-API-Key") != "" {
			keysSeen.Add(1)
		}
		w.WriteHeader(http.StatusTeapot)
	}))
	t.Cleanup(elsewhere.Close)
	srv := standIn(t, itellicotest.Options{})
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, "/moved/"): // a redirect within the origin is followed
			r.URL.Path = strings.TrimPrefix(r.URL.Path, "/moved")
			srv.ServeHTTP(w, r)
		case strings.HasSuffix(r.URL.Path, "/agents"):
			http.Redirect(w, r, "/moved"+r.URL.RequestURI(), http.StatusTemporaryRedirect)
		default:
			http.Redirect(w, r, elsewhere.URL+r.URL.RequestURI(), http.StatusFound)
		}
	}))
	t.Cleanup(front.Close)
	config := func(ds string) string {
		return fmt.Sprintf(`
provider "itellico" {
  base_url   = %q
  api_key    = %q
  account_id = %q
}
data "itellico_%s" "test" {}
`, front.URL, srv.APIKey(), srv.AccountID(), ds)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config("agents"), ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.itellico_agents.test", tfjsonpath.New("total_count"), knownvalue.Int64Exact(int64(len(activeAgents(srv)))))}},
			{Config: config("conversations"),
				ExpectError: errorPattern("The itellico API redirected to another origin", "HTTP 302 redirect from "+front.URL,
					"to "+elsewhere.URL+"/v1/accounts/"+srv.AccountID()+"/conversations", "not followed, so that the API key is not sent there")},
		},
	})
	if n := keysSeen.Load(); n != 0 {
		t.Errorf("the other host received the API key %d times", n)
	}
}

// activeAgents are the agents of the key's account that the API lists by
// default: archived ones left out.
func activeAgents(srv *itellicotest.Server) []itellicotest.Agent {
	var active []itellicotest.Agent
	for _, a := range srv.Agents() {
		if !a.IsArchived && (a.AccountID == "" || strings.EqualFold(a.AccountID, srv.AccountID())) {
			active = append(active, a)
		}
	}
	return active
}

// TestAccBudget_aReadGivesUpAfterMaxRateLimitWait meets an API that answers
// every request 429 with Retry-After: 1: the read waits out the limits,
// counting none against max_retries, until max_rate_limit_wait would be
// passed, then fails saying so.
func TestAccBudget_aReadGivesUpAfterMaxRateLimitWait(t *testing.T) {
	srv := standIn(t, itellicotest.Options{Faults: itellicotest.Always(itellicotest.RateLimit), RetryAfter: "1"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: conversationsConfig(srv, "", `max_rate_limit_wait = "2500ms"`, "max_retries = 0"),
			ExpectError: errorPattern("The itellico API kept rate-limiting the read", "answers were HTTP 429",
				"beyond the bound of 2.5s", "Raise max_rate_limit_wait"),
		}},
	})
	// Terraform reads once in the failed plan: the first request, and one
	// more after each of the two pauses that fit in 2.5 s; max_retries = 0
	// would have allowed no retry at all.
	if n := len(srv.Requests()); n != 3 {
		t.Errorf("%d requests, want 3", n)
	}
}

// TestAccBudget_aGivenRateHoldsFromTheFirstRequest gives the provider a
// plan's share of a key's rate with max_requests_per_second, as one of
// several pipelines on one key would be, and reads four lists of 300
// conversations in pages of 100 against an API that allows exactly that
// rate (5 requests a second, with a burst of one second's worth): no
// request is answered 429, and every list is read whole. Without the
// setting, the budget's first round trips (four first pages, then a window
// of 8) overrun the burst at once. A request never starts before its
// turn, 200 ms after the one before; on a loaded machine late starts can
// only bunch with later ones, and it takes four of them bunched, requests
// held back 0.8 s past their turn, to empty the burst. (Plans in separate processes sharing one key are
// measured by make bench, section pipelines: the in-process provider of
// these tests is one server that Terraform reattaches to, and two aliases
// of it were seen sharing reads, so they would not show two pipelines.)
func TestAccBudget_aGivenRateHoldsFromTheFirstRequest(t *testing.T) {
	const perRead, pages, reads = 300, 3, 4
	srv := standIn(t, itellicotest.Options{Conversations: itellicotest.Generate(perRead, 1, testNow),
		PageCap: 100, RateLimit: 5})
	answered, limited := planConversationReads(t, srv, reads, perRead, "max_requests_per_second = 5")
	t.Logf("%d requests answered, %d answered 429", answered, limited)
	if limited > 0 {
		t.Errorf("%d requests were answered 429 (%d answered): the provider did not keep to the rate it was given", limited, answered)
	}
	if answered < reads*pages {
		t.Errorf("%d requests answered, want at least %d: every page of every read", answered, reads*pages)
	}
}

// planConversationReads plans n itellico_conversations of perRead
// conversations each from srv, with the provider settings given, and
// checks that every one is read whole. It returns the stand-in's count of
// requests answered and answered 429.
func planConversationReads(t *testing.T, srv *itellicotest.Server, n, perRead int, settings ...string) (answered, limited int) {
	t.Helper()
	var config strings.Builder
	config.WriteString(providerBlock(srv, settings...))
	var checks []plancheck.PlanCheck
	for i := range n {
		fmt.Fprintf(&config, `
data "itellico_conversations" "r%[1]d" {
  include_messages = false
  max_items        = %[2]d # reads that differ, so that none is shared
}
output "r%[1]d" {
  value = [data.itellico_conversations.r%[1]d.total_count, length(data.itellico_conversations.r%[1]d.items)]
}
`, i, perRead+i)
		checks = append(checks, plancheck.ExpectKnownOutputValue(fmt.Sprintf("r%d", i),
			knownvalue.ListExact([]knownvalue.Check{knownvalue.Int64Exact(int64(perRead)), knownvalue.Int64Exact(int64(perRead))})))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config.String(), PlanOnly: true, ExpectNonEmptyPlan: true,
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: checks},
		}},
	})
	for _, r := range srv.Requests() {
		switch r.Fault {
		case itellicotest.None:
			answered++
		case itellicotest.RateLimit:
			limited++
		}
	}
	return answered, limited
}
