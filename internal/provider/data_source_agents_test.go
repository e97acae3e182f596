package provider

import (
	"fmt"
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

// agentState is the state of a stand-in agent, every attribute.
func agentState(a itellicotest.Agent) map[string]knownvalue.Check {
	tags := make([]knownvalue.Check, len(a.Tags))
	for i, tag := range a.Tags {
		tags[i] = knownvalue.StringExact(tag)
	}
	return map[string]knownvalue.Check{
		"id":          knownvalue.StringExact(a.ID),
		"name":        knownvalue.StringExact(a.Name),
		"tags":        knownvalue.ListExact(tags),
		"note":        optString(a.Note),
		"is_archived": knownvalue.Bool(a.IsArchived),
		"created":     knownvalue.StringExact(a.Created.Format(time.RFC3339Nano)),
		"modified":    knownvalue.StringExact(a.Modified.Format(time.RFC3339Nano)),
	}
}

// expectAgentIDs checks total_count and the ids of items of the
// itellico_agents data source ds, in order.
func expectAgentIDs(ds string, ids []string) []statecheck.StateCheck {
	checks := make([]knownvalue.Check, len(ids))
	for i, id := range ids {
		checks[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(id)})
	}
	return []statecheck.StateCheck{
		statecheck.ExpectKnownValue(ds, tfjsonpath.New("total_count"), knownvalue.Int64Exact(int64(len(ids)))),
		statecheck.ExpectKnownValue(ds, tfjsonpath.New("items"), knownvalue.ListExact(checks)),
	}
}

// seededAgentIDs returns, in the stand-in's order (oldest first), the ids of
// the seeded agents that keep accepts; written apart from the stand-in's
// filter so that the two check each other.
func seededAgentIDs(keep func(a itellicotest.Agent) bool) []string {
	agents := itellicotest.SeedAgents()
	slices.SortStableFunc(agents, func(x, y itellicotest.Agent) int { return x.Created.Compare(y.Created) })
	var ids []string
	for _, a := range agents {
		if keep(a) {
			ids = append(ids, a.ID)
		}
	}
	return ids
}

func TestAccAgents_everyAttributeOfEveryAgent(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	agents := itellicotest.SeedAgents()
	slices.SortStableFunc(agents, func(x, y itellicotest.Agent) int { return x.Created.Compare(y.Created) })
	items := make([]knownvalue.Check, len(agents))
	for i, a := range agents {
		items[i] = knownvalue.ObjectExact(agentState(a))
	}
	const ds = "data.itellico_agents.test"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: keyAccountProviderBlock(srv) + `data "itellico_agents" "test" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("total_count"), knownvalue.Int64Exact(int64(len(agents)))),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("items"), knownvalue.ListExact(items)),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("name"), knownvalue.Null()),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("tags"), knownvalue.Null()),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("is_archived"), knownvalue.Null()),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("account_id"), knownvalue.Null()),
			},
		}},
	})
}

// Each filter alone and together, one data source each, in one
// configuration.
func TestAccAgents_filters(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	hasTags := func(a itellicotest.Agent, tags ...string) bool {
		return !slices.ContainsFunc(tags, func(t string) bool { return !slices.Contains(a.Tags, t) })
	}
	nameHas := func(a itellicotest.Agent, s string) bool {
		return strings.Contains(strings.ToLower(a.Name), strings.ToLower(s))
	}
	cases := []struct {
		name, args string
		keep       func(a itellicotest.Agent) bool
	}{
		{"name_ignores_case", `name = "SUPPORT"`, func(a itellicotest.Agent) bool { return nameHas(a, "support") }},
		{"name_partial_non_ascii", `name = "zÜr"`, func(a itellicotest.Agent) bool { return nameHas(a, "zür") }},
		{"one_tag", `tags = ["en"]`, func(a itellicotest.Agent) bool { return hasTags(a, "en") }},
		{"every_tag", `tags = ["support", "en"]`, func(a itellicotest.Agent) bool { return hasTags(a, "support", "en") }},
		{"no_tags", `tags = []`, func(itellicotest.Agent) bool { return true }},
		{"archived", `is_archived = true`, func(a itellicotest.Agent) bool { return a.IsArchived }},
		{"active", `is_archived = false`, func(a itellicotest.Agent) bool { return !a.IsArchived }},
		{"combined", "name = \"e\"\n  tags = [\"en\"]\n  is_archived = false",
			func(a itellicotest.Agent) bool { return nameHas(a, "e") && hasTags(a, "en") && !a.IsArchived }},
		{"nothing", `name = "nobody"`, func(itellicotest.Agent) bool { return false }},
	}
	config := providerBlock(srv)
	var checks []statecheck.StateCheck
	for _, tc := range cases {
		want := seededAgentIDs(tc.keep)
		if tc.name != "nothing" && tc.name != "no_tags" && (len(want) == 0 || len(want) == len(itellicotest.SeedAgents())) {
			t.Fatalf("filter %s keeps %d seeded agents: the test would prove nothing", tc.name, len(want))
		}
		config += fmt.Sprintf("\ndata \"itellico_agents\" %q {\n  %s\n}\n", tc.name, tc.args)
		checks = append(checks, expectAgentIDs("data.itellico_agents."+tc.name, want)...)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    []resource.TestStep{{Config: config, ConfigStateChecks: checks}},
	})
}

// manyAgents returns n agents named "Agent 000" on, oldest first.
func manyAgents(n int) []itellicotest.Agent {
	base := time.Date(2024, time.January, 1, 0, 0, 0, 0, time.UTC)
	agents := make([]itellicotest.Agent, n)
	for i := range agents {
		agents[i] = itellicotest.Agent{ID: fmt.Sprintf("00000000-0000-4000-8000-%012d", i), Name: fmt.Sprintf("Agent %03d", i),
			Tags: []string{"bulk"}, Created: base.Add(time.Duration(i) * time.Hour), Modified: base}
	}
	return agents
}

func TestAccAgents_pagingReadsEveryPageInOrder(t *testing.T) {
	agents := manyAgents(250)
	srv := standIn(t, itellicotest.Options{Agents: agents})
	ids := make([]string, len(agents))
	for i, a := range agents {
		ids[i] = a.ID
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            providerBlock(srv) + "data \"itellico_agents\" \"test\" {\n  tags = [\"bulk\"]\n}\n",
			ConfigStateChecks: expectAgentIDs("data.itellico_agents.test", ids),
			Check: func(*terraform.State) error {
				// Each read asks for offsets 0, 100 and 200 once, with the filter.
				pages := map[string]int{}
				for _, r := range srv.Requests() {
					if r.Query.Get("tags") != "bulk" {
						return fmt.Errorf("request %d lost the tags filter: %v", r.N, r.Query)
					}
					pages[r.Query.Get("offset")+"/"+r.Query.Get("limit")]++
				}
				if pages["0/100"] == 0 || pages["0/100"] != pages["100/100"] || pages["0/100"] != pages["200/50"] || len(pages) != 3 {
					return fmt.Errorf("pages requested (offset/limit: times): %v", pages)
				}
				return nil
			},
		}},
	})
}

func TestAccAgents_invalidArgumentsRefusedAtPlan(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	for name, tc := range map[string]struct{ args, want string }{
		"name empty":    {`name = ""`, `(?s)name.*at least 1`},
		"tag empty":     {`tags = ["support", ""]`, `(?s)tags.*at least 1`},
		"tag null":      {`tags = ["support", null]`, `(?s)tags.*null`},
		"account empty": {`account_id = ""`, `(?s)account_id.*at least 1`},
	} {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      providerBlock(srv) + "data \"itellico_agents\" \"test\" {\n  " + tc.args + "\n}\n",
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
