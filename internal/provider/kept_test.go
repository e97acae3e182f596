package provider

// What the client keeps for a plan, seen through terraform: a transient
// failure is not kept, so a read after it asks the API again, and an API
// that is down still fails the plan fast.

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

// TestAccKept_aTransientFailureIsNotKeptForLaterReads is the plan of issue
// 21: with max_retries = 0, an API that answers 503 to the first request for
// the agents list, and to nothing else. The list read in a check block meets
// the 503 (Terraform reports it as a warning); then an itellico_agent lookup
// of the same list, read after it, asks again and finds the agent, so the
// plan succeeds.
//
// The lookup depends on itellico_subaccounts (the gate), whose answer the
// server holds back until it has answered the 503: Terraform then reads the
// lookup after the gate's answer has come back through the provider and
// Terraform, so after the failed read has ended. Without the gate the two
// reads could be in flight together, and would share the 503.
func TestAccKept_aTransientFailureIsNotKeptForLaterReads(t *testing.T) {
	agentsPath := accountPath(itellicotest.DefaultAccountID, "agents")
	srv := itellicotest.New(itellicotest.Options{Now: func() time.Time { return testNow },
		Conversations: itellicotest.Seed(testNow),
		Faults:        itellicotest.ForPath(agentsPath, itellicotest.Sequence(itellicotest.Unavailable))})
	t.Cleanup(srv.Close)
	failed := make(chan struct{}) // closed once the 503 is answered
	var once sync.Once
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case accountPath(itellicotest.DefaultAccountID, "subaccounts"):
			select {
			case <-failed:
			case <-time.After(time.Minute): // the test fails below, rather than hang
			}
			srv.ServeHTTP(w, r)
		case agentsPath:
			srv.ServeHTTP(w, r)
			once.Do(func() { close(failed) })
		default:
			srv.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(front.Close)

	run := newTFRun(t, fmt.Sprintf(`
provider "itellico" {
  base_url    = %q
  api_key     = %q
  account_id  = %q
  max_retries = 0
}

check "agents_listed" {
  data "itellico_agents" "all" {}

  assert {
    condition     = length(data.itellico_agents.all.items) > 0
    error_message = "No agents."
  }
}

data "itellico_subaccounts" "gate" {}

data "itellico_agent" "support" {
  name       = "Support DE"
  depends_on = [data.itellico_subaccounts.gate]
}

output "agent_id" {
  value = data.itellico_agent.support.id
}
`, front.URL, srv.APIKey(), srv.AccountID()))
	out, err := run.run("plan", "-input=false", "-no-color")
	if err != nil {
		t.Fatalf("the plan failed:\n%s", out)
	}
	if !regexp.MustCompile(`(?s)Warning: The itellico API failed\s+with data\.itellico_agents\.all.*HTTP 503`).MatchString(out) {
		t.Errorf("the plan shows no warning of the check's 503: the test proves nothing:\n%s", out)
	}
	if !strings.Contains(out, fmt.Sprintf("agent_id = %q", itellicotest.AgentSupportDEID)) {
		t.Errorf("the plan does not show the agent found by name:\n%s", out)
	}
	rs := requestsTo(srv, agentsPath)
	if len(rs) != 2 || rs[0].Fault != itellicotest.Unavailable || rs[1].Fault != itellicotest.None {
		faults := make([]string, len(rs))
		for i, r := range rs {
			faults[i] = r.Fault.String()
		}
		t.Errorf("the agents list was asked for %d times (%v), want twice: the 503, then once more by the lookup",
			len(rs), faults)
	}
}

// outageConfig is the plan of an API that is down: 10 lookups of agents by
// name, 10 of SIP trunks, and 6 lists, 26 data sources over 6 reads (the
// lists of agents, SIP trunks, phone numbers and subaccounts, the model and
// transcriber catalogs), with the default max_retries (2) and waits.
// Terraform reads 10 data sources at a time, so most lookups start after
// the first read of their list has failed.
func outageConfig(baseURL, key, account string, settings ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `
provider "itellico" {
  base_url   = %q
  api_key    = %q
  account_id = %q
  %s
}
`, baseURL, key, account, strings.Join(settings, "\n  "))
	for i := range outageLookups {
		fmt.Fprintf(&b, "data \"itellico_agent\" \"a%d\" {\n  name = \"agent %d\"\n}\n", i, i)
		fmt.Fprintf(&b, "data \"itellico_sip_trunk\" \"t%d\" {\n  name = \"trunk %d\"\n}\n", i, i)
	}
	for _, l := range []string{"agents", "sip_trunks", "phone_numbers", "subaccounts", "models", "transcribers"} {
		fmt.Fprintf(&b, "data \"itellico_%s\" \"all\" {}\n", l)
	}
	return b.String()
}

const (
	outageLookups     = 10                // lookups of agents, and of SIP trunks
	outageReads       = 6                 // distinct reads of outageConfig
	outageLaterReads  = 2 * outageLookups // its data sources beyond one per read
	outageMaxAttempts = 3                 // max_retries (2) + 1
	// outageMaxRequests bounds the requests of outageConfig's plan: each
	// read's first flight makes at most max_retries + 1 attempts, and each
	// later one, after a transient failure of the same read and before any
	// success, one.
	outageMaxRequests = outageReads*outageMaxAttempts + outageLaterReads
)

// TestAccKept_anOutageFailsThePlanFast plans outageConfig against an API
// that answers every request 503, one that resets every connection, a port
// where nothing listens (a refused connection), and an API that never
// answers (with request_timeout = "1s"): the plan fails, with at most
// outageMaxRequests requests, and in about the time of one read with its
// retries (1.5 s of waits at most with the defaults, plus 3 timeouts for
// the hanging API) plus one attempt per later round of Terraform's reads,
// not a whole read with its retries per round. The figures are logged
// (go test -v) for the record; only the request count is checked exactly.
func TestAccKept_anOutageFailsThePlanFast(t *testing.T) {
	for _, tc := range []struct {
		name     string
		fault    itellicotest.FaultKind // None: nothing listens
		want     string
		settings []string
	}{
		{"every request 503", itellicotest.Unavailable, "HTTP 503", nil},
		{"every connection reset", itellicotest.ConnReset, "Cannot reach the itellico API", nil},
		{"connection refused", itellicotest.None, "Cannot reach the itellico API", nil},
		{"no answer", itellicotest.Stall, "The itellico API did not answer in time", []string{`request_timeout = "1s"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var srv *itellicotest.Server
			baseURL, key, account := "", "test-api-key", itellicotest.DefaultAccountID
			if tc.fault != itellicotest.None {
				srv = standIn(t, itellicotest.Options{Faults: itellicotest.Always(tc.fault)})
				baseURL = srv.URL()
			} else {
				l, err := net.Listen("tcp", "127.0.0.1:0")
				if err != nil {
					t.Fatal(err)
				}
				baseURL = "http://" + l.Addr().String()
				l.Close() // nothing listens there now
			}
			run := newTFRun(t, outageConfig(baseURL, key, account, tc.settings...))
			started := time.Now()
			out, err := run.run("plan", "-input=false", "-no-color")
			took := time.Since(started)
			if err == nil || !strings.Contains(out, tc.want) {
				t.Fatalf("the plan: %v, want it to fail with %q:\n%s", err, tc.want, out)
			}
			requests := -1
			if srv != nil {
				requests = len(srv.Requests())
				if requests > outageMaxRequests {
					t.Errorf("%d requests, want at most %d", requests, outageMaxRequests)
				}
			}
			t.Logf("%d data sources, %d reads, API %s: the plan failed after %v with %d requests (-1: not counted)",
				outageReads+outageLaterReads, outageReads, tc.name, took.Round(10*time.Millisecond), requests)
			// Generous: the point is the order of magnitude.
			if took > time.Minute {
				t.Errorf("the plan took %v", took)
			}
		})
	}
}
