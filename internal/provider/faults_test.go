package provider

// Acceptance tests of the faults a real service and network produce: each
// runs terraform against the stand-in API with a fault plan and checks what
// the user gets.

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

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

func TestAccFaults_threeInTenRateLimitedOrUnavailableStillReadsAll(t *testing.T) {
	srv := standIn(t, itellicotest.Options{
		Conversations: itellicotest.Generate(250, 2, testNow),
		PageCap:       50, // six requests a read
		// Three requests in ten fail; the first read meets a 429 and a 503 on its second and third request.
		Faults: itellicotest.Cycle(itellicotest.None, itellicotest.RateLimit, itellicotest.Unavailable, itellicotest.None,
			itellicotest.None, itellicotest.None, itellicotest.None, itellicotest.RateLimit, itellicotest.None, itellicotest.None),
	})
	ids := seededIDs(srv, func(*itellicotest.Conversation) bool { return true })
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            conversationsConfig(srv, "include_messages = false"),
			ConfigStateChecks: []statecheck.StateCheck{expectTotal(250), expectItemIDs(ids)},
			Check: func(*terraform.State) error {
				if faultsServed(srv, itellicotest.RateLimit) == 0 || faultsServed(srv, itellicotest.Unavailable) == 0 {
					return fmt.Errorf("the server served no faults: the test proves nothing")
				}
				return nil
			},
		}},
	})
}

func TestAccFaults_retriesExhaustedSayHowManyAttempts(t *testing.T) {
	srv := standIn(t, itellicotest.Options{Faults: itellicotest.Always(itellicotest.Unavailable)})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      conversationsConfig(srv, "", "max_retries = 1"),
			ExpectError: errorPattern("The itellico API failed", "HTTP 503 (service_unavailable), after 2 attempts", "Try again later"),
		}},
	})
	if n := len(srv.Requests()); n != 2 {
		t.Errorf("made %d requests, want 2 (max_retries = 1)", n)
	}
}

func TestAccFaults_shouldRetryFalseIsNotRetried(t *testing.T) {
	srv := standIn(t, itellicotest.Options{Faults: itellicotest.Always(itellicotest.ShouldRetryFalse)})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      conversationsConfig(srv, ""),
			ExpectError: errorPattern("HTTP 503 (service_unavailable)."),
		}},
	})
	if n := len(srv.Requests()); n != 1 {
		t.Errorf("made %d requests, want 1: x-should-retry: false forbids a retry", n)
	}
}

func TestAccFaults_connectionResetsAreRetried(t *testing.T) {
	srv := standIn(t, itellicotest.Options{Faults: itellicotest.Sequence(itellicotest.ConnReset, itellicotest.ConnReset)})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            conversationsConfig(srv, ""),
			ConfigStateChecks: []statecheck.StateCheck{expectTotal(itellicotest.SeedSize)},
			Check: func(*terraform.State) error {
				if n := faultsServed(srv, itellicotest.ConnReset); n != 2 {
					return fmt.Errorf("%d connection resets served, want 2", n)
				}
				return nil
			},
		}},
	})
}

func TestAccFaults_connectionResetsBeyondRetriesFailClearly(t *testing.T) {
	srv := standIn(t, itellicotest.Options{Faults: itellicotest.Always(itellicotest.ConnReset)})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      conversationsConfig(srv, "", "max_retries = 1"),
			ExpectError: errorPattern("Cannot reach the itellico API", "failed after 2 attempts", "connection reset", "Check base_url"),
		}},
	})
}

func TestAccFaults_stalledServerTimesOut(t *testing.T) {
	srv := standIn(t, itellicotest.Options{Faults: itellicotest.Always(itellicotest.Stall)})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      conversationsConfig(srv, "", `request_timeout = "1s"`, "max_retries = 1"),
			ExpectError: errorPattern("The itellico API did not answer in time", "timed out after 2 attempts", "request_timeout"),
		}},
	})
}

func TestAccFaults_truncatedBodyIsRetried(t *testing.T) {
	srv := standIn(t, itellicotest.Options{Faults: itellicotest.Sequence(itellicotest.Truncated)})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            conversationsConfig(srv, ""),
			ConfigStateChecks: []statecheck.StateCheck{expectTotal(itellicotest.SeedSize)},
			Check: func(*terraform.State) error {
				if n := faultsServed(srv, itellicotest.Truncated); n != 1 {
					return fmt.Errorf("%d truncated bodies served, want 1", n)
				}
				return nil
			},
		}},
	})
}

func TestAccFaults_truncatedBodyBeyondRetriesFailsClearly(t *testing.T) {
	srv := standIn(t, itellicotest.Options{Faults: itellicotest.Always(itellicotest.Truncated)})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      conversationsConfig(srv, "", "max_retries = 0"),
			ExpectError: errorPattern("cannot read", "HTTP 200", "cut short after"),
		}},
	})
}

func TestAccFaults_badBodiesFailClearly(t *testing.T) {
	cases := []struct {
		fault itellicotest.FaultKind
		want  []string
	}{
		{itellicotest.HTML, []string{"response the provider cannot read", "HTTP 200, Content-Type text/html", "expected a JSON body; body starts", "<!DOCTYPE html>"}},
		{itellicotest.WrongShape, []string{"response the provider cannot read", "HTTP 200", `the JSON has no "count"`}},
		{itellicotest.ItemsObject, []string{"response the provider cannot read", "HTTP 200", "does not have the documented shape"}},
	}
	for _, tc := range cases {
		t.Run(tc.fault.String(), func(t *testing.T) {
			srv := standIn(t, itellicotest.Options{Faults: itellicotest.Always(tc.fault)})
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      conversationsConfig(srv, ""),
					ExpectError: errorPattern(tc.want...),
				}},
			})
		})
	}
}

func TestAccFaults_serverIgnoringPagingKeepsWhatWasRead(t *testing.T) {
	srv := standIn(t, itellicotest.Options{
		Conversations: itellicotest.Generate(250, 1, testNow),
		Faults:        itellicotest.Always(itellicotest.IgnorePaging),
	})
	ids := seededIDs(srv, func(*itellicotest.Conversation) bool { return true })
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            conversationsConfig(srv, ""),
			ConfigStateChecks: []statecheck.StateCheck{expectTotal(250), expectItemIDs(ids[:100])},
		}},
	})
}

func TestAccAuth_wrongKeyIsRefusedWithHint(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	config := strings.Replace(conversationsConfig(srv, ""), srv.APIKey(), "sk-wrong-key-0123456789", 1)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      config,
			ExpectError: errorPattern("The itellico API refused the API key", "HTTP 401 (unauthorized)", "ITELLICOAI_API_KEY"),
		}},
	})
}

// TestAccSecrets_keyNeverInTraceLogs runs a read that fails with a 401 and
// one that retries, with TF_LOG=TRACE for terraform and the provider, and
// searches the log for the key.
func TestAccSecrets_keyNeverInTraceLogs(t *testing.T) {
	const key = "sk-live-SECRET-7f3a9c1e5b"
	srv := standIn(t, itellicotest.Options{APIKey: key, Faults: itellicotest.Sequence(itellicotest.Unavailable)})
	// The key comes from the environment, as recommended: the test
	// harness itself logs the configuration it writes.
	t.Setenv(envAPIKey, key)
	config := func(account string) string {
		return fmt.Sprintf("provider \"itellico\" {\n  base_url = %q\n  account_id = %q\n}\n"+
			"data \"itellico_conversations\" \"test\" {}\n", srv.URL(), account)
	}
	logPath := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logPath)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            config(srv.AccountID()),
				ConfigStateChecks: []statecheck.StateCheck{expectTotal(itellicotest.SeedSize)},
			},
			{
				// The error path logs too.
				Config:      config("11111111-2222-4333-8444-555555555555"),
				ExpectError: errorPattern("HTTP 403"),
			},
		},
	})
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
