package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

// The documented examples are configurations users copy: each must plan
// against the stand-in, whose seed the examples name.

const examplesDir = "../../examples/data-sources"

// example reads an example configuration; the test fails when it is gone.
func example(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(examplesDir, path))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// checkFailed is a plan check: the check block name ran and failed, which
// Terraform reports as a warning, not an error.
type checkFailed struct{ name string }

func (c checkFailed) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, r := range req.Plan.Checks {
		if r.Address.Kind == tfjson.CheckKindCheckBlock && r.Address.Name == c.name {
			if r.Status != tfjson.CheckStatusFail {
				resp.Error = fmt.Errorf("check %s is %s, want fail", c.name, r.Status)
			}
			return
		}
	}
	resp.Error = fmt.Errorf("the plan has no result of check %s", c.name)
}

// The compliance example lists the active agents of the key's account whose
// model's vendor is not EU-hosted in the model catalog, including those
// without a model; its check then fails, which warns and lets the run go on.
func TestAccExamples_complianceListsAgentsWhoseModelIsNotEUHosted(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	euHosted := map[string]bool{}
	for _, p := range srv.Models() {
		euHosted[p.Provider.Code] = p.Provider.EUHosted.State == itellicotest.Present && p.Provider.EUHosted.V
	}
	var active, listed []knownvalue.Check
	for _, a := range srv.Agents() {
		if a.AccountID != srv.AccountID() || a.IsArchived {
			continue
		}
		active = append(active, nil)
		vendor := "none"
		var model struct {
			Provider string `json:"provider"`
		}
		if raw, ok := a.Model.Get(); ok && json.Unmarshal(raw, &model) == nil && model.Provider != "" {
			vendor = model.Provider
		}
		if !euHosted[vendor] {
			listed = append(listed, knownvalue.ObjectExact(map[string]knownvalue.Check{
				"id": strValue(a.ID), "name": strValue(a.Name), "model_provider": strValue(vendor)}))
		}
	}
	if len(listed) == 0 || len(listed) == len(active) {
		t.Fatalf("%d of %d active agents are not EU-hosted: the test needs some of each", len(listed), len(active))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:           keyAccountProviderBlock(srv) + example(t, "itellico_models/compliance.tf"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{checkFailed{"agent_models_eu_hosted"}}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("agents_not_eu_hosted", knownvalue.ListExact(listed)),
			},
		}},
	})
}

// examplePlans plans config against srv with the provider configured for
// the API key alone, as the examples assume. Unless showsPersonalData, the
// plan must hold no transcript, contact number or recording URL of srv. A
// configuration with ephemeral blocks or provider functions is skipped,
// saying so, by a terraform without them.
func examplePlans(t *testing.T, srv *itellicotest.Server, config string, showsPersonalData bool) {
	var checks []plancheck.PlanCheck
	if !showsPersonalData {
		checks = append(checks, noPersonalData{srv})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   versionsFor(config),
		Steps: []resource.TestStep{{
			Config:   keyAccountProviderBlock(srv) + config,
			PlanOnly: true,
			// Outputs are changes of a plan that has not been applied.
			ExpectNonEmptyPlan: strings.Contains(config, "\noutput ") || strings.HasPrefix(config, "output "),
			ConfigPlanChecks:   resource.ConfigPlanChecks{PostApplyPostRefresh: checks},
		}},
	})
}

// versionsFor skips a configuration under a CLI that lacks what it uses.
func versionsFor(config string) []tfversion.TerraformVersionCheck {
	return []tfversion.TerraformVersionCheck{has(featuresOf(config))}
}

// noPersonalData is a plan check: the plan, with the values of every data
// source it read, holds none of srv's transcripts, contact numbers or
// recording URLs.
type noPersonalData struct{ srv *itellicotest.Server }

func (c noPersonalData) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	b, err := json.Marshal(req.Plan)
	if err != nil {
		resp.Error = err
		return
	}
	if held := personalDataIn(c.srv, b); len(held) > 0 {
		resp.Error = fmt.Errorf("the plan holds personal data the example does not exist to show: %s", strings.Join(held, ", "))
	}
}

// examplesShowingPersonalData are the examples that exist to show
// conversations in the state: the data sources' own pages.
var examplesShowingPersonalData = map[string]bool{
	"itellico_conversations/data-source.tf": true,
	"itellico_conversation/data-source.tf":  true,
}

// examplesThatGate fail their plan against the seed, as they must: the
// seed has what they gate on (a call in progress for 5 days).
var examplesThatGate = map[string]string{
	"itellico_conversations/pipeline.tf": "A call has been in progress for more than 24 hours",
}

// Every example configuration plans against the stand-in serving its seed
// as of now, as make demo does: the examples read recent conversations
// with plantimestamp().
func TestAccExamples_everyExamplePlans(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("../../examples/*-resources", "itellico_*", "*.tf"))
	if err != nil || len(files) < 2 {
		t.Fatalf("no ephemeral resource examples: %v", err)
	}
	sources, err := filepath.Glob(filepath.Join(examplesDir, "itellico_*", "*.tf"))
	if err != nil || len(sources) == 0 {
		t.Fatalf("no examples in %s: %v", examplesDir, err)
	}
	files = append(files, sources...)
	slices.Sort(files)
	for _, file := range files {
		name, _ := filepath.Rel(examplesDir, file)
		if _, gates := examplesThatGate[name]; gates {
			continue // TestAccExamples_pipelineGate
		}
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			examplePlans(t, standIn(t, itellicotest.Options{Conversations: itellicotest.Seed(time.Now())}), string(b),
				examplesShowingPersonalData[name])
		})
	}
}

// The examples that say they gate, gate: the plan fails against the seed,
// which has what they gate on, and passes against an account without it.
func TestAccExamples_pipelineGate(t *testing.T) {
	for name, message := range examplesThatGate {
		t.Run(name, func(t *testing.T) {
			srv := standIn(t, itellicotest.Options{Conversations: itellicotest.Seed(time.Now())})
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				TerraformVersionChecks:   versionsFor(example(t, name)),
				Steps: []resource.TestStep{{
					Config: keyAccountProviderBlock(srv) + example(t, name), PlanOnly: true,
					ExpectError: errorPattern(message),
				}},
			})
			t.Run("without conversations", func(t *testing.T) {
				examplePlans(t, standIn(t, itellicotest.Options{Conversations: []itellicotest.Conversation{}}), example(t, name), false)
			})
		})
	}
}

// The provider example, shown first in the docs, plans as written against
// the stand-in's default account: it names no account that the key may not
// read.
func TestAccExamples_providerExamplePlansAgainstTheStandIn(t *testing.T) {
	skipWithout(t)
	b, err := os.ReadFile("../../examples/provider/provider.tf")
	if err != nil {
		t.Fatal(err)
	}
	srv := standIn(t, itellicotest.Options{Conversations: itellicotest.Seed(time.Now()), Now: time.Now})
	_, out, requests, err := planAlone(t, srv, map[string]string{"provider.tf": string(b)})
	if err != nil {
		t.Fatalf("plan: %v\n%s", err, out)
	}
	if !errorPattern(`account = "Acme Support GmbH:`, `conversations in the last 24 hours"`).MatchString(out) {
		t.Errorf("the plan does not show the key's account and its conversations:\n%s", out)
	}
	if requests != 2 {
		t.Errorf("%d requests, want 2: the key's account, read once, and one count", requests)
	}
}
