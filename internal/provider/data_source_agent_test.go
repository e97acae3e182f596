package provider

import (
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

func seededAgent(t *testing.T, id string) itellicotest.Agent {
	t.Helper()
	for _, a := range itellicotest.SeedAgents() {
		if a.ID == id {
			return a
		}
	}
	t.Fatalf("no seeded agent %s", id)
	return itellicotest.Agent{}
}

// expectAgent checks every attribute of the itellico_agent data source ds.
func expectAgent(ds string, want map[string]knownvalue.Check) []statecheck.StateCheck {
	var checks []statecheck.StateCheck
	for name, check := range want {
		checks = append(checks, statecheck.ExpectKnownValue(ds, tfjsonpath.New(name), check))
	}
	return checks
}

func TestAccAgent_byIDAndByNameEveryAttribute(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	byID := agentState(seededAgent(t, itellicotest.AgentSupportDEID)) // note set
	byID["account_id"] = knownvalue.Null()
	byName := agentState(seededAgent(t, itellicotest.AgentSupportENID)) // note null
	byName["account_id"] = knownvalue.Null()
	byNonASCIIName := agentState(seededAgent(t, itellicotest.AgentEmpfangID)) // note absent, no tags
	byNonASCIIName["account_id"] = knownvalue.StringExact("me")
	// An id with upper-case hex digits finds the agent and stays as written.
	byUpperID := agentState(seededAgent(t, itellicotest.AgentSalesENID))
	byUpperID["id"] = knownvalue.StringExact(strings.ToUpper(itellicotest.AgentSalesENID))
	byUpperID["account_id"] = knownvalue.Null()
	if !slices.Equal(slices.Sorted(maps.Keys(byID)), slices.Sorted(maps.Keys(agentDataSourceAttrTypes))) {
		t.Fatalf("the test checks %v, the schema has %v", slices.Sorted(maps.Keys(byID)), slices.Sorted(maps.Keys(agentDataSourceAttrTypes)))
	}

	config := keyAccountProviderBlock(srv) + fmt.Sprintf(`
data "itellico_agent" "by_id" {
  id = %q
}

data "itellico_agent" "by_name" {
  name = "Support EN"
}

data "itellico_agent" "by_non_ascii_name" {
  account_id = "me"
  name       = "Empfang Zürich"
}

data "itellico_agent" "by_upper_id" {
  id = %q
}
`, itellicotest.AgentSupportDEID, strings.ToUpper(itellicotest.AgentSalesENID))
	checks := slices.Concat(
		expectAgent("data.itellico_agent.by_id", byID),
		expectAgent("data.itellico_agent.by_name", byName),
		expectAgent("data.itellico_agent.by_non_ascii_name", byNonASCIIName),
		expectAgent("data.itellico_agent.by_upper_id", byUpperID),
	)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    []resource.TestStep{{Config: config, ConfigStateChecks: checks}},
	})
}

// A name that matches no agent exactly, or several, and an id that matches
// none, are errors at the argument that says what to do.
func TestAccAgent_noOrSeveralMatches(t *testing.T) {
	const duplicateID = "9d7c3e51-0f2a-4b6c-8e1d-5a4b3c2d1e0f"
	agents := append(itellicotest.SeedAgents(), itellicotest.Agent{ID: duplicateID, Name: "Support DE", Tags: []string{"support"},
		IsArchived: true, Created: time.Date(2025, time.June, 1, 0, 0, 0, 0, time.UTC), Modified: time.Date(2025, time.June, 1, 0, 0, 0, 0, time.UTC)})
	srv := standIn(t, itellicotest.Options{Agents: agents})
	const missing = "00000000-0000-4000-8000-000000000000"
	account := `"` + srv.AccountID() + `"`
	cases := []struct {
		name, args string
		want       []string
	}{
		{"name differs in case", `name = "support en"`, []string{
			"No itellico agent with this name", `name = "support en"`,
			`No agent of account ` + account + ` is named "support en". Names are compared exactly, case included.`,
			"Agents whose name contains it, ignoring case:", `- "Support EN", id ` + itellicotest.AgentSupportENID,
			"Check name and the account"}},
		{"name matches nothing", `name = "Nobody"`, []string{
			"No itellico agent with this name",
			`is named "Nobody". Names are compared exactly, case included.` + "\n\nCheck name"}},
		{"name matches several", `name = "Support DE"`, []string{
			"Several itellico agents with this name", `name = "Support DE"`,
			`2 agents of account ` + account + ` are named "Support DE":`,
			"- id " + itellicotest.AgentSupportDEID, "- id " + duplicateID + " (archived)",
			"Set id instead of name to choose one."}},
		{"id matches nothing", fmt.Sprintf("id = %q", missing), []string{
			"No itellico agent with this id", `id = "` + missing + `"`,
			"No agent " + missing + " in account " + account, "HTTP 404", "Agent not found", "Check id, and that the account"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      providerBlock(srv) + "data \"itellico_agent\" \"test\" {\n  " + tc.args + "\n}\n",
					ExpectError: errorPattern(tc.want...),
				}},
			})
		})
	}
}

func TestAccAgent_invalidArgumentsRefusedAtPlan(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	for name, tc := range map[string]struct{ args, want string }{
		"id and name": {fmt.Sprintf("id = %q\n  name = \"Support EN\"", itellicotest.AgentSupportENID),
			`(?s)Invalid Attribute Combination.*Exactly one of these attributes must be configured: \[id,name\]`},
		"neither id nor name": {`account_id = "me"`, `(?s)Missing Attribute Configuration.*Exactly one of these attributes must be configured: \[id,name\]`},
		"id not a UUID":       {`id = "support-en"`, `(?s)id.*must be a UUID`},
		"name empty":          {`name = ""`, `(?s)name.*at least 1`},
	} {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      providerBlock(srv) + "data \"itellico_agent\" \"test\" {\n  " + tc.args + "\n}\n",
					PlanOnly:    true,
					ExpectError: errorRegexp(tc.want),
				}},
			})
		})
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("the stand-in API got %d requests; invalid configurations must fail before any", n)
	}
}

// The documented example: an agent by name feeds the conversations
// filter, with a time bound relative to plantimestamp().
func TestAccAgent_composedWithConversationsExample(t *testing.T) {
	example, err := os.ReadFile("../../examples/data-sources/itellico_agent/compose.tf")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	srv := standIn(t, itellicotest.Options{Conversations: itellicotest.Seed(now)})
	// Seed counts from now in whole seconds, as plantimestamp() does; the
	// plan comes later, but within the minute that separates the newest
	// failed conversation of Support EN from the 24-hour bound.
	since := now.UTC().Truncate(time.Second).Add(-24 * time.Hour)
	agent := func(c *itellicotest.Conversation) string { v, _ := c.AgentID.Get(); return v }
	want := seededIDs(srv, func(c *itellicotest.Conversation) bool {
		return agent(c) == itellicotest.AgentSupportENID && c.Status == "failed" && !created(c).Before(since)
	})
	failedOfAgent := seededIDs(srv, func(c *itellicotest.Conversation) bool {
		return agent(c) == itellicotest.AgentSupportENID && c.Status == "failed"
	})
	recentOfAgent := seededIDs(srv, func(c *itellicotest.Conversation) bool {
		return agent(c) == itellicotest.AgentSupportENID && !created(c).Before(since)
	})
	recentFailed := seededIDs(srv, func(c *itellicotest.Conversation) bool { return c.Status == "failed" && !created(c).Before(since) })
	if len(want) == 0 || len(failedOfAgent) <= len(want) || len(recentOfAgent) <= len(want) || len(recentFailed) <= len(want) {
		t.Fatalf("the seed does not let each filter exclude something: want %v, failed of the agent %v, recent of the agent %v, recent failed %v",
			want, failedOfAgent, recentOfAgent, recentFailed)
	}
	wantIDs := make([]knownvalue.Check, len(want))
	for i, id := range want {
		wantIDs[i] = knownvalue.StringExact(id)
	}

	const ds = "data.itellico_conversations.support_failed"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + string(example),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.itellico_agent.support", tfjsonpath.New("id"), knownvalue.StringExact(itellicotest.AgentSupportENID)),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("total_count"), knownvalue.Int64Exact(int64(len(want)))),
				statecheck.ExpectKnownOutputValue("support_failed_conversation_ids", knownvalue.ListExact(wantIDs)),
			},
			Check: func(*terraform.State) error {
				for _, r := range srv.Requests() {
					if strings.HasSuffix(r.Path, "/conversations") &&
						(r.Query.Get("agent_id") != itellicotest.AgentSupportENID || r.Query.Get("status") != "failed" || r.Query.Get("created_after") == "") {
						return fmt.Errorf("request %d asked for conversations with %v", r.N, r.Query)
					}
				}
				return nil
			},
		}},
	})
}
