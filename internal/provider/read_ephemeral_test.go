package provider

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

// Terraform 1.10 added ephemeral resources; OpenTofu has them from 1.11.
var ephemeralVersions = []tfversion.TerraformVersionCheck{has{ephemeralBlocks}}

// gateConfig reads every conversation of the seed as kind ("ephemeral" or
// "data") and gates on them in an output's precondition: every failed call
// has a transcript.
func gateConfig(srv *itellicotest.Server, kind string) string {
	return providerBlock(srv) + fmt.Sprintf(`
%[1]s "itellico_conversations" "all" {}

%[1]s "itellico_conversation" "one" {
  conversation_id = %[2]q
}

output "gate" {
  value = "every failed call has a transcript"
  precondition {
    condition = alltrue([
      for c in %[3]sitellico_conversations.all.items : c.messages != null if c.status == "failed"
    ]) && length(%[3]sitellico_conversation.one.messages) > 0
    error_message = "a failed call has no transcript"
  }
}
`, kind, itellicotest.ConversationWithToolResults, map[string]string{"ephemeral": "ephemeral.", "data": "data."}[kind])
}

// A saved plan (every file in it) and the state after apply hold no
// transcript, contact number or recording URL when the conversations are
// read as ephemeral resources; the same read as data sources puts all
// three in both, which shows the test would see them.
func TestAccEphemeral_personalDataNeverInPlanOrState(t *testing.T) {
	for _, kind := range []string{"ephemeral", "data"} {
		t.Run(kind, func(t *testing.T) {
			srv := standIn(t, itellicotest.Options{})
			r := newTFRun(t, gateConfig(srv, kind), ephemeralBlocks)
			var held []string
			for name, b := range r.planFiles() {
				for _, p := range personalDataIn(srv, b) {
					held = append(held, "plan file "+name+": "+p)
				}
			}
			for _, p := range personalDataIn(srv, r.applyState()) {
				held = append(held, "state: "+p)
			}
			slices.Sort(held)
			switch {
			case kind == "ephemeral" && len(held) > 0:
				t.Errorf("the ephemeral read left personal data behind:\n%s", strings.Join(held, "\n"))
			case kind == "data" && len(held) < 6:
				t.Errorf("the data source read should put transcripts, contact numbers and recording URLs in both the "+
					"plan and the state; found only:\n%s", strings.Join(held, "\n"))
			}
		})
	}
}

// A gate on ephemeral conversations in an output's precondition fails the
// plan with its message; in a check block it only warns. Terraform does
// not show an error message built from ephemeral values (it would print
// them), so the message is written out.
func TestAccEphemeral_gateInAPreconditionFailsThePlanACheckWarns(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	failed := 0
	for _, c := range srv.Conversations() {
		if c.Status == "failed" {
			failed++
		}
	}
	if failed == 0 {
		t.Fatal("no conversation of the seed failed: the gate would pass")
	}
	gate := `
ephemeral "itellico_conversations" "failed" {
  status           = "failed"
  include_messages = true
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   ephemeralVersions,
		Steps: []resource.TestStep{
			{
				Config: providerBlock(srv) + gate + `
output "no_failed_calls" {
  value = "none failed"
  precondition {
    condition     = length(ephemeral.itellico_conversations.failed.items) == 0
    error_message = "Calls failed: read them in the itellico dashboard."
  }
}
`,
				ExpectError: errorPattern("Module output value precondition failed", "Calls failed: read them in the itellico dashboard."),
			},
			{
				Config: providerBlock(srv) + gate + `
check "no_failed_calls" {
  assert {
    condition     = length(ephemeral.itellico_conversations.failed.items) == 0
    error_message = "Some calls failed."
  }
}
`,
				PlanOnly: true,
			},
		},
	})
}
