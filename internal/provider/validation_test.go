package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

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
