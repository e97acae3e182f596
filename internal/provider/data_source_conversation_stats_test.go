package provider

import (
	"fmt"
	"math"
	"math/big"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

// The expectations of these tests are computed here from the conversations
// the stand-in serves, in the plainest way (sorting every duration, say),
// independently of the provider's aggregation and of the stand-in's filters.

// countsCheck is a map of counts with every key of documented present.
func countsCheck(documented []string, counts map[string]int64) knownvalue.Check {
	checks := map[string]knownvalue.Check{}
	for _, k := range documented {
		checks[k] = knownvalue.Int64Exact(0)
	}
	for k, n := range counts {
		checks[k] = knownvalue.Int64Exact(n)
	}
	return knownvalue.MapExact(checks)
}

// durationsCheck expects the statistics of durations, percentiles by the
// nearest-rank definition: the value at rank ceil(p/100 * n) of the sorted
// durations.
func durationsCheck(durations []int64) knownvalue.Check {
	if len(durations) == 0 {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{"count": knownvalue.Int64Exact(0),
			"sum": knownvalue.Null(), "min": knownvalue.Null(), "max": knownvalue.Null(), "mean": knownvalue.Null(),
			"p50": knownvalue.Null(), "p90": knownvalue.Null(), "p95": knownvalue.Null(), "p99": knownvalue.Null()})
	}
	sorted := slices.Sorted(slices.Values(durations))
	var sum int64
	for _, d := range sorted {
		sum += d
	}
	rank := func(p float64) knownvalue.Check {
		return knownvalue.Int64Exact(sorted[int(math.Ceil(p/100*float64(len(sorted))))-1])
	}
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"count": knownvalue.Int64Exact(int64(len(sorted))), "sum": knownvalue.Int64Exact(sum),
		"min": knownvalue.Int64Exact(sorted[0]), "max": knownvalue.Int64Exact(sorted[len(sorted)-1]),
		"mean": knownvalue.Float64Exact(float64(sum) / float64(len(sorted))),
		"p50":  rank(50), "p90": rank(90), "p95": rank(95), "p99": rank(99),
	})
}

// expectedStats is what itellico_conversation_stats must hold for cs.
func expectedStats(cs []itellicotest.Conversation) []statecheck.StateCheck {
	key := func(o itellicotest.Opt[string]) string {
		if v, ok := o.Get(); ok {
			return v
		}
		return "none"
	}
	byStatus, byType, byDirection, tools := map[string]int64{}, map[string]int64{}, map[string]int64{}, map[string]int64{}
	var durations, without []int64
	withoutStatus := map[string]int64{}
	withoutCount := int64(0)
	type agent struct {
		id, name  string
		count     int64
		byStatus  map[string]int64
		durations []int64
	}
	agents := map[string]*agent{}
	var first, last *itellicotest.Conversation
	for i := range cs {
		c := &cs[i]
		byStatus[c.Status]++
		byType[c.Type]++
		byDirection[key(c.Direction)]++
		d, hasDuration := c.DurationSeconds.Get()
		if hasDuration {
			durations = append(durations, d)
		}
		if id, ok := c.AgentID.Get(); ok {
			a := agents[id]
			if a == nil {
				name, _ := c.AgentName.Get()
				a = &agent{id: id, name: name, byStatus: map[string]int64{}}
				agents[id] = a
			}
			a.count++
			a.byStatus[c.Status]++
			if hasDuration {
				a.durations = append(a.durations, d)
			}
		} else {
			withoutCount++
			withoutStatus[c.Status]++
			if hasDuration {
				without = append(without, d)
			}
		}
		if ms, ok := c.Messages.Get(); ok {
			for _, m := range ms {
				if m.Role == "tool" {
					name, ok := m.Name.Get()
					if !ok {
						name = "(unnamed)"
					}
					tools[name]++
				}
			}
		}
		if first == nil || c.StartTimestamp.Before(first.StartTimestamp) {
			first = c
		}
		if last == nil || c.StartTimestamp.After(last.StartTimestamp) {
			last = c
		}
	}
	list := slices.Collect(func(yield func(*agent) bool) {
		for _, a := range agents {
			if !yield(a) {
				return
			}
		}
	})
	slices.SortFunc(list, func(x, y *agent) int {
		if x.count != y.count {
			return int(y.count - x.count)
		}
		return strings.Compare(x.id, y.id)
	})
	agentChecks := []knownvalue.Check{}
	agentsByID := map[string]knownvalue.Check{}
	for _, a := range list {
		check := knownvalue.ObjectExact(map[string]knownvalue.Check{
			"agent_id": knownvalue.StringExact(a.id), "agent_name": knownvalue.StringExact(a.name),
			"total_count": knownvalue.Int64Exact(a.count), "by_status": countsCheck(conversationStatuses, a.byStatus),
			"duration_seconds": durationsCheck(a.durations),
		})
		agentChecks = append(agentChecks, check)
		agentsByID[a.id] = check
	}
	toolChecks := map[string]knownvalue.Check{}
	for k, n := range tools {
		toolChecks[k] = knownvalue.Int64Exact(n)
	}
	stamp := func(c *itellicotest.Conversation) knownvalue.Check {
		if c == nil {
			return knownvalue.Null()
		}
		return knownvalue.StringExact(c.StartTimestamp.Format(time.RFC3339Nano))
	}
	n := int64(len(cs))
	check := func(attr string, c knownvalue.Check) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(statsDS, tfjsonpath.New(attr), c)
	}
	return []statecheck.StateCheck{
		check("total_count", knownvalue.Int64Exact(n)),
		check("read_count", knownvalue.Int64Exact(n)),
		check("by_status", countsCheck(conversationStatuses, byStatus)),
		check("by_type", countsCheck(conversationTypes, byType)),
		check("by_direction", countsCheck(conversationDirections, byDirection)),
		check("duration_seconds", durationsCheck(durations)),
		check("agents", knownvalue.ListExact(agentChecks)),
		check("agents_by_id", knownvalue.MapExact(agentsByID)),
		check("without_agent", knownvalue.ObjectExact(map[string]knownvalue.Check{
			"total_count": knownvalue.Int64Exact(withoutCount), "by_status": countsCheck(conversationStatuses, withoutStatus),
			"duration_seconds": durationsCheck(without)})),
		check("tool_calls", knownvalue.MapExact(toolChecks)),
		check("first_start_timestamp", stamp(first)),
		check("last_start_timestamp", stamp(last)),
	}
}

const statsDS = "data.itellico_conversation_stats.test"

func TestAccConversationStats_everyFigureOfTheSeed(t *testing.T) {
	// An agent renamed since its oldest conversation: the name of its
	// newest one counts.
	convs := itellicotest.Seed(testNow)
	for i := len(convs) - 1; i >= 0; i-- {
		if id, _ := convs[i].AgentID.Get(); id == itellicotest.AgentSupportENID {
			convs[i].AgentName = itellicotest.Some("Support (old name)")
			break
		}
	}
	srv := standIn(t, itellicotest.Options{Conversations: convs})
	all := srv.Conversations()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            dataSourceConfig(srv, "conversation_stats", ""),
			ConfigStateChecks: expectedStats(all),
		}},
	})
	if len(all) != itellicotest.SeedSize {
		t.Fatalf("the stand-in serves %d conversations, want the seed's %d", len(all), itellicotest.SeedSize)
	}
}

// TestAccConversationStats_acrossPagesOfAGeneratedAccount aggregates 1,250
// conversations read in pages the server caps at 100, so the figures are
// those of every page put together.
func TestAccConversationStats_acrossPagesOfAGeneratedAccount(t *testing.T) {
	srv := standIn(t, itellicotest.Options{Conversations: itellicotest.Generate(1250, 5, testNow), PageCap: 100})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            dataSourceConfig(srv, "conversation_stats", ""),
			ConfigStateChecks: expectedStats(srv.Conversations()),
		}},
	})
}

// TestAccConversationStats_eachFilterAndAllCombined checks the figures for
// each filter alone and for several at once, against the conversations the
// test itself selects.
func TestAccConversationStats_eachFilterAndAllCombined(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	day := func(d int) time.Time { return testNow.Add(time.Duration(-d) * 24 * time.Hour) }
	is := func(o itellicotest.Opt[string], v string) bool { got, ok := o.Get(); return ok && got == v }
	cases := append(conversationFilterCases(),
		filterCase{"combined", fmt.Sprintf("type = \"phone\"\n  direction = \"inbound\"\n  created_after = %q\n  updated_before = %q",
			day(20).Format(time.RFC3339), day(1).Format(time.RFC3339)),
			func(c *itellicotest.Conversation) bool {
				return c.Type == "phone" && is(c.Direction, "inbound") && !c.CreatedAt.Before(day(20)) && c.UpdatedAt.Before(day(1))
			}})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var kept []itellicotest.Conversation
			for _, c := range srv.Conversations() {
				if tc.keep(&c) {
					kept = append(kept, c)
				}
			}
			if len(kept) == 0 || len(kept) == itellicotest.SeedSize {
				t.Fatalf("filter %s keeps %d of %d conversations: the test would prove nothing", tc.name, len(kept), itellicotest.SeedSize)
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:            dataSourceConfig(srv, "conversation_stats", tc.args),
					ConfigStateChecks: expectedStats(kept),
				}},
			})
		})
	}
}

func TestAccConversationStats_emptyResultHasEveryKeyAndNullDurations(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            dataSourceConfig(srv, "conversation_stats", `conversation_id = "00000000-0000-4000-8000-000000000000"`),
			ConfigStateChecks: expectedStats(nil),
		}},
	})
}

// TestAccConversationStats_gateInACheckAndAPostcondition uses the figures as
// a pipeline does: a failure-rate gate per agent as a check (a warning) and
// as a postcondition, which fails the run.
func TestAccConversationStats_gateInACheckAndAPostcondition(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	gate := func(limit string) string {
		return providerBlock(srv) + fmt.Sprintf(`
data "itellico_conversation_stats" "test" {
  lifecycle {
    postcondition {
      condition = alltrue([for a in self.agents : a.by_status["failed"] / a.total_count <= %s])
      error_message = join(", ", [for a in self.agents : "${a.agent_name} failed ${a.by_status["failed"]} of ${a.total_count}" if a.by_status["failed"] / a.total_count > %[1]s])
    }
  }
}
`, limit)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: gate("0.5"), ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(statsDS, tfjsonpath.New("total_count"), knownvalue.Int64Exact(itellicotest.SeedSize))}},
			// Sales EN failed 3 of its 9 conversations, more than 10 %.
			{Config: gate("0.1"), ExpectError: errorPattern("Resource postcondition failed", "Sales EN failed 3 of 9")},
		},
	})
}

// TestConversationStats_serverThatStopsPagingWarnsAndSaysWhatIsCovered runs
// at the protocol level, where the warning is visible.
func TestConversationStats_serverThatStopsPagingWarnsAndSaysWhatIsCovered(t *testing.T) {
	srv := standIn(t, itellicotest.Options{Conversations: itellicotest.Generate(250, 2, testNow),
		Faults: itellicotest.Always(itellicotest.IgnorePaging)})
	resp, typ := directReadWith(t.Context(), t, NewProtocol6Server("test"), srv, "itellico_conversation_stats", nil)
	if len(resp.Diagnostics) != 1 || resp.Diagnostics[0].Severity != tfprotov6.DiagnosticSeverityWarning ||
		!strings.Contains(resp.Diagnostics[0].Detail, "Read 100 of 250 conversations") {
		t.Fatalf("want one warning saying 100 of 250 were read, got:\n%s", diagnosticsText(resp.Diagnostics))
	}
	state, err := resp.State.Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	for attr, want := range map[string]int64{"total_count": 250, "read_count": 100} {
		if got := stateInt(t, state, attr); got != want {
			t.Errorf("%s = %d, want %d", attr, got, want)
		}
	}
}

// stateInt is the number attr of the object state.
func stateInt(t *testing.T, state tftypes.Value, attr string) int64 {
	t.Helper()
	var attrs map[string]tftypes.Value
	var n big.Float
	if err := state.As(&attrs); err != nil {
		t.Fatal(err)
	}
	if err := attrs[attr].As(&n); err != nil {
		t.Fatalf("%s: %v", attr, err)
	}
	i, _ := n.Int64()
	return i
}
