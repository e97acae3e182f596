package provider

// Acceptance tests of the faults a real service and network produce. Every
// fault is a row of one table (faultRows), and each test runs all its rows
// in one terraform configuration, so that the file costs a few terraform
// runs rather than one or two per fault:
//
//   - TestAccFaults_retriedUpToMaxRetries: each fault the client retries
//     hits as many requests as max_retries allows to fail, and the read is
//     whole;
//   - TestAccFaults_beyondRetriesOrNotRetriedFailWithTheAttempts: each fault
//     hits every request, and the plan fails with the row's diagnostic after
//     max_retries + 1 requests, or after one for the faults not retried.
//
// Each row reads through a provider of its own, with a stand-in of its own,
// so that its faults, settings and requests stay its own. The provider is
// named itellico-<row> (the same provider server under another name, as
// google-beta serves google_* resources): in tests Terraform serves every
// configuration of one provider name, aliases included, from one provider
// server, where the last configuration wins, so aliases would share one
// client. Terraform shows a plan's diagnostics sorted by their place in the
// configuration, so the rows' errors come in the table's order, each under
// its data source's address.

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

const (
	// maxRetriesRecovering is max_retries of the reads that recover: a
	// retried fault hits that many requests, and the next one is answered.
	maxRetriesRecovering = 2
	// maxRetriesExhausted is max_retries of the reads whose every request
	// fails. It differs from maxRetriesRecovering so that a client that
	// ignored max_retries would fail one of the two tests.
	maxRetriesExhausted = 1
)

// listRead is a list data source a row reads, and the ids it must list,
// computed from the served data.
type listRead struct {
	typ    string // the data source is itellico_<typ>
	args   string
	idAttr string
	ids    func(srv *itellicotest.Server) []string
}

var (
	conversationsRead = listRead{"conversations", "include_messages = false", "conversation_id",
		func(srv *itellicotest.Server) []string {
			return seededIDs(srv, func(*itellicotest.Conversation) bool { return true })
		}}
	agentsRead = listRead{"agents", "", "id", func(srv *itellicotest.Server) []string {
		var ids []string
		for _, a := range activeAgents(srv) {
			ids = append(ids, a.ID)
		}
		return ids
	}}
	phoneNumbersRead = listRead{"phone_numbers", "", "id", func(srv *itellicotest.Server) []string {
		var ids []string
		for _, n := range srv.PhoneNumbers() {
			if n.AccountID == srv.AccountID() {
				ids = append(ids, n.ID)
			}
		}
		return ids
	}}
	sipTrunksRead = listRead{"sip_trunks", "", "id", func(srv *itellicotest.Server) []string {
		var ids []string
		for _, s := range srv.SipTrunks() {
			if s.AccountID == srv.AccountID() {
				ids = append(ids, s.ID)
			}
		}
		return ids
	}}
	subaccountsRead = listRead{"subaccounts", "", "id", func(srv *itellicotest.Server) []string {
		var ids []string
		for _, a := range srv.Subaccounts() {
			ids = append(ids, a.ID)
		}
		return ids
	}}
)

// faultRow is a fault, what a read meets it with, and what the plan says
// when the read cannot recover. The diagnostics are matched here only, so
// that a change of wording is one edit of this table.
type faultRow struct {
	name  string                 // the data source's name, and its provider's: itellico-<name>
	fault itellicotest.FaultKind // the stand-in's fault
	read  listRead
	// retried: the client retries the fault, so it is also run with the
	// fault on only as many requests as max_retries allows to fail.
	retried bool
	// waitedOut: a rate limit, which the client pauses for and sends again
	// without counting it against max_retries; the recovering read meets
	// one more than max_retries.
	waitedOut bool
	wrongKey  bool                        // the provider sends a key the stand-in refuses
	standIn   func(*itellicotest.Options) // more settings of the stand-in, or nil
	settings  []string                    // provider settings besides max_retries

	// What the plan shows when the fault hits every request: the summary,
	// then parts of the detail in order, where %d stands for the number of
	// requests the read made (its attempts).
	summary string
	detail  []string
	// requests is how many requests the failing read makes; 0 means
	// maxRetriesExhausted+1 for a retried fault, else 1.
	requests int
}

var faultRows = []faultRow{
	{name: "rate_limited", fault: itellicotest.RateLimit, read: conversationsRead, retried: true, waitedOut: true,
		standIn:  func(o *itellicotest.Options) { o.RetryAfterMS = "100" },
		settings: []string{`max_rate_limit_wait = "4s"`},
		summary:  "The itellico API kept rate-limiting the read",
		detail:   []string{"rate limited: %d answers were HTTP 429", "beyond the bound of 4s", "Raise max_rate_limit_wait"},
		// The API asks for 100 ms, but the n-th 429 in a row pauses at least
		// the backoff, 0.5 s doubling: three pauses (3.5 s) fit in 4 s, the
		// fourth (4 s more) does not. max_retries plays no part.
		requests: 4},
	{name: "http_408", fault: itellicotest.RequestTimeout, read: agentsRead, retried: true,
		summary: "The itellico API failed",
		detail:  []string{"HTTP 408 (request_timeout), after %d attempts", "lasted through every retry"}},
	{name: "http_409", fault: itellicotest.Conflict, read: phoneNumbersRead, retried: true,
		summary: "The itellico API failed",
		detail:  []string{"HTTP 409 (conflict), after %d attempts", "lasted through every retry"}},
	{name: "http_500", fault: itellicotest.InternalError, read: sipTrunksRead, retried: true,
		summary: "The itellico API failed",
		detail:  []string{"HTTP 500 (internal_error), after %d attempts", "Try again later"}},
	{name: "http_502", fault: itellicotest.BadGateway, read: subaccountsRead, retried: true,
		summary: "The itellico API failed",
		detail:  []string{"HTTP 502 (bad_gateway), after %d attempts", "Try again later"}},
	{name: "http_503", fault: itellicotest.Unavailable, read: conversationsRead, retried: true,
		summary: "The itellico API failed",
		detail:  []string{"HTTP 503 (service_unavailable), after %d attempts", "Try again later"}},
	{name: "http_504", fault: itellicotest.GatewayTimeout, read: agentsRead, retried: true,
		summary: "The itellico API failed",
		detail:  []string{"HTTP 504 (gateway_timeout), after %d attempts", "Try again later"}},
	{name: "connection_reset", fault: itellicotest.ConnReset, read: conversationsRead, retried: true,
		summary: "Cannot reach the itellico API",
		detail:  []string{"failed after %d attempts", "connection reset", "Check base_url"}},
	// A body cut short on the wire is retried like a reset connection.
	{name: "truncated_body", fault: itellicotest.Truncated, read: conversationsRead, retried: true,
		summary: "The itellico API sent a response the provider cannot read",
		detail:  []string{"HTTP 200", "cut short after", "(after %d attempts)", "Check that base_url"}},
	{name: "stall", fault: itellicotest.Stall, read: phoneNumbersRead, retried: true,
		settings: []string{`request_timeout = "500ms"`},
		summary:  "The itellico API did not answer in time",
		detail:   []string{"timed out after %d attempts", "request_timeout"}},

	// Not retried: the API forbids it, or a body arrived whole but is not
	// what the API sends, or the key is refused. The "." right after the
	// status says that no attempts were counted.
	{name: "should_retry_false", fault: itellicotest.ShouldRetryFalse, read: conversationsRead,
		summary: "The itellico API failed",
		detail:  []string{"HTTP 503 (service_unavailable).", "Retrying will not help.", "This is a fault of the service. Try again later"}},
	{name: "html", fault: itellicotest.HTML, read: conversationsRead,
		summary: "The itellico API sent a response the provider cannot read",
		detail: []string{"HTTP 200, Content-Type text/html", "expected a JSON body; body starts", "<!DOCTYPE html>",
			"Check that base_url"}},
	{name: "wrong_shape", fault: itellicotest.WrongShape, read: conversationsRead,
		summary: "The itellico API sent a response the provider cannot read",
		detail:  []string{"HTTP 200", `the JSON has no "count"`, "Check that base_url"}},
	{name: "items_object", fault: itellicotest.ItemsObject, read: conversationsRead,
		summary: "The itellico API sent a response the provider cannot read",
		detail:  []string{"HTTP 200", "does not have the documented shape", "Check that base_url"}},
	// A 401 is not retried: every request with the key would get the same answer.
	{name: "wrong_key", wrongKey: true, read: conversationsRead,
		summary: "The itellico API refused the API key",
		detail: []string{"HTTP 401 (unauthorized).", "Invalid API key.", "ITELLICOAI_API_KEY",
			"The cause is the same for every itellico data source"}},
}

// failingRequests is how many requests the row's read makes when the fault
// hits every one.
func (r faultRow) failingRequests() int {
	switch {
	case r.requests > 0:
		return r.requests
	case r.retried:
		return maxRetriesExhausted + 1
	}
	return 1
}

// recoveringHits is how many requests the fault hits in the recovering run:
// as many as max_retries allows to fail, one more for a rate limit.
func (r faultRow) recoveringHits() int {
	if r.waitedOut {
		return maxRetriesRecovering + 1
	}
	return maxRetriesRecovering
}

// standInFor starts the row's stand-in with the fault plan.
func (r faultRow) standInFor(t *testing.T, faults itellicotest.FaultPlan) *itellicotest.Server {
	opts := itellicotest.Options{Faults: faults}
	if r.standIn != nil {
		r.standIn(&opts)
	}
	return standIn(t, opts)
}

// providerName is the name of the provider the row reads through.
func providerName(row string) string { return "itellico-" + strings.ReplaceAll(row, "_", "-") }

// readConfig is a provider for srv named after row, with settings, and the
// data source itellico_<typ> named row that reads through it; key, when
// given, is sent instead of the stand-in's.
func readConfig(row string, srv *itellicotest.Server, key string, read listRead, settings ...string) string {
	if key == "" {
		key = srv.APIKey()
	}
	return fmt.Sprintf(`
provider %q {
  base_url   = %q
  api_key    = %q
  account_id = %q
  %s
}

data "itellico_%s" %q {
  provider = %s
  %s
}
`, providerName(row), srv.URL(), key, srv.AccountID(), strings.Join(settings, "\n  "),
		read.typ, row, providerName(row), read.args)
}

// providers serves the provider under each row's name.
func providers(rows ...string) map[string]func() (tfprotov6.ProviderServer, error) {
	m := map[string]func() (tfprotov6.ProviderServer, error){}
	for _, r := range rows {
		m[providerName(r)] = NewProtocol6Server("test")
	}
	return m
}

// expectList checks the total_count of the list data source addr and the
// ids of its items, in order.
func expectList(addr, idAttr string, total int, ids []string) []statecheck.StateCheck {
	items := make([]knownvalue.Check, len(ids))
	for i, id := range ids {
		items[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{idAttr: knownvalue.StringExact(id)})
	}
	return []statecheck.StateCheck{
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("total_count"), knownvalue.Int64Exact(int64(total))),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("items"), knownvalue.ListExact(items)),
	}
}

// faultsServed counts the requests that got fault k.
func faultsServed(srv *itellicotest.Server, k itellicotest.FaultKind) int {
	n := 0
	for _, r := range srv.Requests() {
		if r.Fault == k {
			n++
		}
	}
	return n
}

// expectRetried checks that the first hits requests of srv, the stand-in of
// row, got fault k and that the request after them, answered, was the same
// request sent again.
func expectRetried(row string, srv *itellicotest.Server, k itellicotest.FaultKind, hits int) requestCheck {
	return func() error {
		if n := faultsServed(srv, k); n != hits {
			return fmt.Errorf("%s: %d requests got %s, want %d", row, n, k, hits)
		}
		rs := srv.Requests()
		if len(rs) <= hits {
			return fmt.Errorf("%s: %d requests after %d faults: the read was not retried", row, len(rs), hits)
		}
		answered := rs[hits]
		if answered.Fault != itellicotest.None {
			return fmt.Errorf("%s: request %d got %s, want an answer", row, answered.N, answered.Fault)
		}
		for _, r := range rs[:hits] {
			if r.Path != answered.Path || r.Query.Encode() != answered.Query.Encode() {
				return fmt.Errorf("%s: request %d (%s?%s, %s) is not the request answered after it (%s?%s)",
					row, r.N, r.Path, r.Query.Encode(), r.Fault, answered.Path, answered.Query.Encode())
			}
		}
		return nil
	}
}

// TestAccFaults_retriedUpToMaxRetries reads, for each fault the client
// retries, from a stand-in whose first requests get the fault, as many as
// max_retries allows to fail (a rate limit one more, since waiting one out
// does not count against max_retries): the read is whole, and the stand-in
// saw the failed requests sent again.
//
// The same configuration reads from two more servers: one where three
// requests in ten are answered 429 or 503 throughout a read of six pages,
// with the default settings, and one that ignores paging, which the client
// does not retry but reads what it can of: the total, and the first page.
func TestAccFaults_retriedUpToMaxRetries(t *testing.T) {
	var config strings.Builder
	var checks []statecheck.StateCheck
	var names []string
	for _, row := range faultRows {
		if !row.retried {
			continue
		}
		faults := make([]itellicotest.FaultKind, row.recoveringHits())
		for i := range faults {
			faults[i] = row.fault
		}
		srv := row.standInFor(t, itellicotest.Sequence(faults...))
		settings := append([]string{fmt.Sprintf("max_retries = %d", maxRetriesRecovering)}, row.settings...)
		config.WriteString(readConfig(row.name, srv, "", row.read, settings...))
		ids := row.read.ids(srv)
		checks = append(checks, expectList("data.itellico_"+row.read.typ+"."+row.name, row.read.idAttr, len(ids), ids)...)
		checks = append(checks, expectRetried(row.name, srv, row.fault, len(faults)))
		names = append(names, row.name)
	}

	mixed := standIn(t, itellicotest.Options{
		Conversations: itellicotest.Generate(250, 2, testNow),
		PageCap:       50, // six requests a read
		// Three requests in ten fail; the first read meets a 429 and a 503 on its second and third request.
		Faults: itellicotest.Cycle(itellicotest.None, itellicotest.RateLimit, itellicotest.Unavailable, itellicotest.None,
			itellicotest.None, itellicotest.None, itellicotest.None, itellicotest.RateLimit, itellicotest.None, itellicotest.None),
	})
	config.WriteString(readConfig("mixed", mixed, "", conversationsRead))
	mixedIDs := conversationsRead.ids(mixed)
	checks = append(checks, expectList("data.itellico_conversations.mixed", "conversation_id", 250, mixedIDs)...)
	checks = append(checks, requestCheck(func() error {
		if faultsServed(mixed, itellicotest.RateLimit) == 0 || faultsServed(mixed, itellicotest.Unavailable) == 0 {
			return fmt.Errorf("mixed: the server served no faults: the test proves nothing")
		}
		return nil
	}))

	ignoring := standIn(t, itellicotest.Options{
		Conversations: itellicotest.Generate(250, 1, testNow),
		Faults:        itellicotest.Always(itellicotest.IgnorePaging),
	})
	config.WriteString(readConfig("ignores_paging", ignoring, "", conversationsRead))
	ignoredIDs := conversationsRead.ids(ignoring)
	checks = append(checks, expectList("data.itellico_conversations.ignores_paging", "conversation_id", 250, ignoredIDs[:100])...)
	names = append(names, "mixed", "ignores_paging")

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providers(names...),
		Steps:                    []resource.TestStep{{Config: config.String(), ConfigStateChecks: checks}},
	})
}

// TestAccFaults_beyondRetriesOrNotRetriedFailWithTheAttempts reads, for
// each fault of the table, from a stand-in that gives every request the
// fault: the plan fails with each row's summary, the attempts made and its
// advice, and the stand-in saw max_retries + 1 requests for a retried
// fault (a bounded few for a rate limit) and exactly one for the others.
func TestAccFaults_beyondRetriesOrNotRetriedFailWithTheAttempts(t *testing.T) {
	var config strings.Builder
	var patterns, names []string
	servers := map[string]*itellicotest.Server{}
	for _, row := range faultRows {
		srv := row.standInFor(t, itellicotest.Always(row.fault))
		key := ""
		if row.wrongKey {
			key = "sk-wrong-key-0123456789"
		}
		settings := append([]string{fmt.Sprintf("max_retries = %d", maxRetriesExhausted)}, row.settings...)
		config.WriteString(readConfig(row.name, srv, key, row.read, settings...))
		detail := make([]string, len(row.detail))
		for i, d := range row.detail {
			detail[i] = strings.ReplaceAll(d, "%d", strconv.Itoa(row.failingRequests()))
		}
		patterns = append(patterns, diagnosticPattern(row.read.typ, row.name, row.summary, detail...))
		servers[row.name] = srv
		names = append(names, row.name)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providers(names...),
		Steps: []resource.TestStep{{
			Config:      config.String(),
			ExpectError: regexp.MustCompile(`(?s)` + strings.Join(patterns, ".*")),
		}},
	})
	for _, row := range faultRows {
		rs := servers[row.name].Requests()
		if len(rs) != row.failingRequests() {
			t.Errorf("%s: %d requests, want %d", row.name, len(rs), row.failingRequests())
		}
		for _, r := range rs {
			if r.Fault != row.fault {
				t.Errorf("%s: request %d got %s, want %s", row.name, r.N, r.Fault, row.fault)
			}
		}
	}
}

// diagnosticPattern matches an error diagnostic whose summary is summary,
// about the data source itellico_<typ> named name, with parts in its detail
// in order. A space in summary or parts matches any white space, since
// Terraform wraps diagnostics.
func diagnosticPattern(typ, name, summary string, parts ...string) string {
	ws := func(s string) string { return strings.ReplaceAll(regexp.QuoteMeta(s), " ", `\s+`) }
	pattern := `Error: ` + ws(summary) + `\s+with data\.itellico_` + typ + `\.` + name + `,`
	for _, p := range parts {
		pattern += ".*" + ws(p)
	}
	return pattern
}

// TestAccSecrets_keyNeverInTraceLogs plans, with TF_LOG=TRACE for terraform
// and the provider, a read that is retried once and answered, and one that
// fails with a 403, and searches the log for the key.
func TestAccSecrets_keyNeverInTraceLogs(t *testing.T) {
	const key = "sk-live-SECRET-7f3a9c1e5b"
	keyAccount := accountPath(itellicotest.DefaultAccountID, "conversations")
	srv := standIn(t, itellicotest.Options{APIKey: key,
		Faults: itellicotest.ForPath(keyAccount, itellicotest.Sequence(itellicotest.Unavailable))})
	// The key comes from the environment, as recommended: the test
	// harness itself logs the configuration it writes.
	t.Setenv(envAPIKey, key)
	config := fmt.Sprintf(`
provider "itellico" {
  base_url   = %q
  account_id = %q
}

data "itellico_conversations" "read" {}

# The error path logs too.
data "itellico_conversations" "refused" {
  account_id = "11111111-2222-4333-8444-555555555555"
}
`, srv.URL(), srv.AccountID())
	logPath := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logPath)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      config,
			ExpectError: errorPattern("HTTP 403"),
		}},
	})
	if rs := requestsTo(srv, keyAccount); len(rs) != 2 || rs[0].Fault != itellicotest.Unavailable || rs[1].Fault != itellicotest.None {
		t.Fatalf("the key's account was asked %d times, want twice: a 503, then an answer", len(rs))
	}
	raw, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	log := string(raw)
	for _, want := range []string{"itellico API request", "retrying itellico API request"} {
		if !strings.Contains(log, want) {
			t.Fatalf("the trace log has no %q line: the provider's debug lines did not reach it, so the test proves nothing", want)
		}
	}
	if strings.Contains(log, key) {
		i := strings.Index(log, key)
		t.Fatalf("the API key appears in the TRACE log: ...%s...", log[max(0, i-200):i])
	}
}
