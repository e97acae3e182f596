package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

// Invalid arguments are refused at plan time, before any request.
func TestAccValidation_invalidArgumentsRefusedAtPlan(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	cases := []struct {
		name, args string
		provider   []string
		want       string
	}{
		{"agent_id not a UUID", `agent_id = "support-de"`, nil, `(?s)agent_id.*must be a UUID`},
		{"conversation_id not a UUID", `conversation_id = "42"`, nil, `(?s)conversation_id.*must be a UUID`},
		{"type outside the enum", `type = "video"`, nil, `(?s)type.*value must be one of:.*"phone".*"web".*"test".*"unknown"`},
		{"status outside the enum", `status = "done"`, nil, `(?s)status.*value must be one of:.*"in_progress".*"completed".*"failed".*"transferred"`},
		{"direction outside the enum", `direction = "sideways"`, nil, `(?s)direction.*value must be one of:.*"inbound".*"outbound".*"internal"`},
		{"created_after not RFC 3339", `created_after = "2026-11-24"`, nil, `(?s)Timestamp without a time and an offset.*"2026-11-24T00:00:00Z"`},
		{"updated_before without zone", `updated_before = "2026-11-24T10:00:00"`, nil, `(?s)Timestamp without an offset.*"2026-11-24T10:00:00Z"`},
		{"created range empty", `created_after = "2026-11-24T10:00:00Z"
  created_before = "2026-11-24T09:00:00Z"`, nil, `(?s)Empty time range.*created_after \(2026-11-24T10:00:00Z\) must be earlier than\s+created_before`},
		{"updated range equal bounds", `updated_after = "2026-11-24T10:00:00Z"
  updated_before = "2026-11-24T11:00:00+01:00"`, nil, `(?s)Empty time range.*updated_after`},
		{"max_items zero", `max_items = 0`, nil, `(?s)max_items.*at least 1`},
		{"base_url plain http to a remote host", "", []string{`base_url = "http://api.itellico.ai"`}, `(?s)Invalid itellico base URL.*clear text`},
		{"max_retries too high", "", []string{"max_retries = 99"}, `(?s)max_retries.*between 0 and 10`},
		{"request_timeout not a duration", "", []string{`request_timeout = "soon"`}, `(?s)Invalid Time Duration String Value`},
		{"request_timeout negative", "", []string{`request_timeout = "-5s"`}, `(?s)request_timeout must be a positive Go duration`},
		{"max_concurrent_requests zero", "", []string{"max_concurrent_requests = 0"}, `(?s)max_concurrent_requests.*between 1 and 64`},
		{"max_concurrent_requests too high", "", []string{"max_concurrent_requests = 65"}, `(?s)max_concurrent_requests.*between 1 and 64`},
		{"max_rate_limit_wait zero", "", []string{`max_rate_limit_wait = "0s"`}, `(?s)max_rate_limit_wait must be a positive Go duration`},
		{"max_rate_limit_wait not a duration", "", []string{`max_rate_limit_wait = "a while"`}, `(?s)Invalid Time Duration String Value`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := conversationsConfig(srv, tc.args)
			if tc.provider != nil {
				// A later base_url in the block would be a duplicate: write the block anew.
				cfg = fmt.Sprintf("provider \"itellico\" {\n  api_key = %q\n  account_id = %q\n  %s\n}\ndata \"itellico_conversations\" \"test\" {}\n",
					srv.APIKey(), srv.AccountID(), tc.provider[0])
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      cfg,
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(strings.ReplaceAll(tc.want, " ", `\s+`)),
				}},
			})
		})
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("the stand-in API got %d requests; invalid configurations must fail before any", n)
	}
}

func TestAccValidation_missingKey(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf("provider \"itellico\" {\n  base_url = %q\n  account_id = %q\n}\n"+
				"data \"itellico_conversations\" \"test\" {}\n", srv.URL(), srv.AccountID()),
			ExpectError: errorPattern("Missing itellico API key", "api_key attribute or the ITELLICOAI_API_KEY"),
		}},
	})
}

// Without account_id in the data source or the provider, the account of
// the API key is used.
func TestAccValidation_missingAccountFallsBackToTheKeysAccount(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf("provider \"itellico\" {\n  base_url = %q\n  api_key = %q\n}\n"+
				"data \"itellico_conversations\" \"test\" {}\n", srv.URL(), srv.APIKey()),
			ConfigStateChecks: []statecheck.StateCheck{expectTotal(itellicotest.SeedSize)},
			Check: func(*terraform.State) error {
				var lookups int
				for _, r := range srv.Requests() {
					switch r.Path {
					case "/v1/accounts/current":
						lookups++
					case "/v1/accounts/" + srv.AccountID() + "/conversations":
					default:
						return fmt.Errorf("request %d to %s, want only the key's account and its conversations", r.N, r.Path)
					}
				}
				if lookups == 0 {
					return fmt.Errorf("the account of the API key was never looked up")
				}
				return nil
			},
		}},
	})
}

func TestAccConfig_environmentVariablesConfigureTheProvider(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	t.Setenv(envAPIKey, srv.APIKey())
	t.Setenv(envBaseURL, srv.URL())
	t.Setenv(envAccountID, srv.AccountID())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            `data "itellico_conversations" "test" {}`,
			ConfigStateChecks: []statecheck.StateCheck{expectTotal(itellicotest.SeedSize)},
		}},
	})
}

// itellico_conversation_stats shares the filters of itellico_conversations,
// with their validation.
func TestAccValidation_statisticsFiltersRefusedAtPlan(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	for name, tc := range map[string]struct{ args, want string }{
		"agent_id":   {`agent_id = "support-de"`, `(?s)agent_id.*must be a UUID`},
		"status":     {`status = "done"`, `(?s)status.*value must be one of`},
		"time range": {"created_after = \"2026-11-24T10:00:00Z\"\n  created_before = \"2026-11-24T09:00:00Z\"", `(?s)Empty time range`},
		"max_items":  {`max_items = 5`, `(?s)An argument named "max_items" is not expected here`},
	} {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{Config: dataSourceConfig(srv, "conversation_stats", tc.args), PlanOnly: true,
					ExpectError: regexp.MustCompile(tc.want)}},
			})
		})
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests reached the API; validation must refuse every case at plan time", n)
	}
}
