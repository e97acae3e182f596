package provider

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// The functions' examples are configurations users copy: each plans against
// the stand-in serving its seed as of now, since they read with
// plantimestamp().
func TestAccFunctionExamples_everyExamplePlans(t *testing.T) {
	files, err := filepath.Glob("../../examples/functions/*/function.tf")
	if err != nil || len(files) == 0 {
		t.Fatalf("no function examples: %v", err)
	}
	for _, file := range files {
		name := filepath.Base(filepath.Dir(file))
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			// The examples declare the provider's registry address, which
			// Terraform would download; the tests serve it under the one
			// terraform-plugin-testing gives it.
			config := string(b)
			if !strings.Contains(config, `source = "itellicoai/itellico"`) {
				t.Fatal(`the example does not declare the provider in required_providers: Terraform then ` +
					`finds no provider::itellico functions`)
			}
			config = strings.Replace(config, `source = "itellicoai/itellico"`, `source = "`+testedProviderAddress()+`"`, 1)
			srv := functionStandIn(t, time.Now())
			resource.ParallelTest(t, resource.TestCase{
				TerraformVersionChecks:   functionVersionChecks,
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:   functionProviderBlock(srv) + config,
					PlanOnly: true,
					// Outputs are changes of a plan that has not been applied.
					ExpectNonEmptyPlan: strings.Contains(config, "\noutput "),
				}},
			})
		})
	}
}

// testedProviderAddress is the address under which terraform-plugin-testing
// serves the provider: its documented environment variables, else
// registry.terraform.io/hashicorp.
func testedProviderAddress() string {
	host, namespace := "registry.terraform.io", "hashicorp"
	if v := os.Getenv(resource.EnvTfAccProviderHost); v != "" {
		host = v
	}
	if v := os.Getenv(resource.EnvTfAccProviderNamespace); v != "" {
		namespace = v
	}
	return host + "/" + namespace + "/itellico"
}
