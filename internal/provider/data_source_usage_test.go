package provider

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

const usageDS = "data.itellico_usage.test"

// usageWindow is what a usage read asks for, with the API's defaults
// filled in.
type usageWindow struct {
	start, end  time.Time
	granularity string
	zone        string
	groupBy     []string
}

// expectedUsage computes the buckets of w from the conversations, here in
// the test: completed conversations starting in the window, bucketed by the
// start of their hour, day or month in the zone.
func expectedUsage(t *testing.T, cs []itellicotest.Conversation, w usageWindow) []statecheck.StateCheck {
	t.Helper()
	loc, err := time.LoadLocation(w.zone)
	if err != nil {
		t.Fatal(err)
	}
	floor := func(at time.Time) time.Time {
		at = at.In(loc)
		switch w.granularity {
		case "hour":
			return at.Truncate(time.Hour)
		case "month":
			return time.Date(at.Year(), at.Month(), 1, 0, 0, 0, 0, loc)
		}
		return time.Date(at.Year(), at.Month(), at.Day(), 0, 0, 0, 0, loc)
	}
	next := func(b time.Time) time.Time {
		switch w.granularity {
		case "hour":
			return b.Add(time.Hour)
		case "month":
			return b.AddDate(0, 1, 0)
		}
		return b.AddDate(0, 0, 1)
	}
	type value struct {
		conversations, seconds int64
	}
	buckets := map[time.Time]map[string]*value{}
	var starts []time.Time
	for b := floor(w.start); b.Before(w.end); b = next(b) {
		starts = append(starts, b)
		buckets[b] = map[string]*value{}
		if w.groupBy == nil {
			buckets[b][""] = &value{}
		}
	}
	var totalConversations, totalSeconds int64
	for _, c := range cs {
		if c.Status != "completed" || c.StartTimestamp.Before(w.start) || !c.StartTimestamp.Before(w.end) {
			continue
		}
		var dims []string
		for _, g := range w.groupBy {
			switch g {
			case "agent":
				id, _ := c.AgentID.Get()
				dims = append(dims, "agent="+id)
			case "type":
				dims = append(dims, "type="+c.Type)
			case "subaccount":
				dims = append(dims, "subaccount="+c.AccountID)
			}
		}
		group := strings.Join(dims, "&")
		v := buckets[floor(c.StartTimestamp)][group]
		if v == nil {
			v = &value{}
			buckets[floor(c.StartTimestamp)][group] = v
		}
		seconds, _ := c.DurationSeconds.Get()
		v.conversations++
		v.seconds += seconds
		totalConversations++
		totalSeconds += seconds
	}
	bucketChecks := []knownvalue.Check{}
	for _, b := range starts {
		valueChecks := []knownvalue.Check{}
		for _, group := range slices.Sorted(func(yield func(string) bool) {
			for g := range buckets[b] {
				if !yield(g) {
					return
				}
			}
		}) {
			v := buckets[b][group]
			dims := knownvalue.Check(knownvalue.Null())
			if w.groupBy != nil {
				m := map[string]knownvalue.Check{}
				for _, d := range strings.Split(group, "&") {
					k, val, _ := strings.Cut(d, "=")
					m[k] = knownvalue.StringExact(val)
				}
				dims = knownvalue.MapExact(m)
			}
			valueChecks = append(valueChecks, knownvalue.ObjectExact(map[string]knownvalue.Check{
				"conversations": knownvalue.Int64Exact(v.conversations), "seconds": knownvalue.Int64Exact(v.seconds),
				"dimensions": dims}))
		}
		bucketChecks = append(bucketChecks, knownvalue.ObjectExact(map[string]knownvalue.Check{
			"ts": knownvalue.StringExact(b.Format(time.RFC3339)), "values": knownvalue.ListExact(valueChecks)}))
	}
	if totalConversations == 0 {
		t.Fatal("no conversation in the window: the test would prove little")
	}
	check := func(attr string, c knownvalue.Check) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(usageDS, tfjsonpath.New(attr), c)
	}
	return []statecheck.StateCheck{
		check("buckets", knownvalue.ListExact(bucketChecks)),
		check("total_conversations", knownvalue.Int64Exact(totalConversations)),
		check("total_seconds", knownvalue.Int64Exact(totalSeconds)),
		check("granularity", knownvalue.StringExact(w.granularity)),
		check("tz", knownvalue.StringExact(w.zone)),
	}
}

// TestAccUsage_defaultWindowIsTheLast30DaysInUTC leaves every argument
// unset: the start, end, granularity and zone the API used are in state.
func TestAccUsage_defaultWindowIsTheLast30DaysInUTC(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	w := usageWindow{start: testNow.Add(-30 * 24 * time.Hour), end: testNow, granularity: "day", zone: "UTC"}
	checks := append(expectedUsage(t, srv.Conversations(), w),
		statecheck.ExpectKnownValue(usageDS, tfjsonpath.New("start"), knownvalue.StringExact(w.start.Format(time.RFC3339))),
		statecheck.ExpectKnownValue(usageDS, tfjsonpath.New("end"), knownvalue.StringExact(w.end.Format(time.RFC3339))))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    []resource.TestStep{{Config: dataSourceConfig(srv, "usage", ""), ConfigStateChecks: checks}},
	})
}

// TestAccUsage_perAgentAndTypeInBerlinAcrossTheEndOfSummerTime groups the
// days of a window that holds a 25-hour day (25 October 2026 in Berlin).
func TestAccUsage_perAgentAndTypeInBerlinAcrossTheEndOfSummerTime(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	start, end := "2026-10-20T00:00:00+02:00", "2026-11-24T12:00:00Z"
	w := usageWindow{granularity: "day", zone: "Europe/Berlin", groupBy: []string{"agent", "type"}}
	w.start, _ = time.Parse(time.RFC3339, start)
	w.end, _ = time.Parse(time.RFC3339, end)
	args := fmt.Sprintf(`start = %q
  end = %q
  granularity = "day"
  group_by = ["agent", "type"]
  tz = "Europe/Berlin"`, start, end)
	checks := append(expectedUsage(t, srv.Conversations(), w),
		statecheck.ExpectKnownValue(usageDS, tfjsonpath.New("start"), knownvalue.StringExact(start)))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{Config: dataSourceConfig(srv, "usage", args), ConfigStateChecks: checks,
			Check: func(*terraform.State) error {
				for _, r := range srv.Requests() {
					if r.Query.Get("group_by") == "agent,type" {
						return nil
					}
				}
				return fmt.Errorf("no request sent group_by=agent,type: %v", srv.Requests())
			}}},
	})
}

func TestAccUsage_hoursAndMonths(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	for _, tc := range []struct {
		granularity, start, end string
		groupBy                 []string
	}{
		{"hour", "2026-11-24T00:00:00Z", "2026-11-24T12:00:00Z", nil},
		{"month", "2026-08-01T00:00:00Z", "2026-11-24T12:00:00Z", []string{"subaccount"}},
	} {
		t.Run(tc.granularity, func(t *testing.T) {
			w := usageWindow{granularity: tc.granularity, zone: "UTC", groupBy: tc.groupBy}
			w.start, _ = time.Parse(time.RFC3339, tc.start)
			w.end, _ = time.Parse(time.RFC3339, tc.end)
			args := fmt.Sprintf("start = %q\n  end = %q\n  granularity = %q", tc.start, tc.end, tc.granularity)
			if tc.groupBy != nil {
				args += fmt.Sprintf("\n  group_by = [%q]", tc.groupBy[0])
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{Config: dataSourceConfig(srv, "usage", args),
					ConfigStateChecks: expectedUsage(t, srv.Conversations(), w)}},
			})
		})
	}
}

func TestAccUsage_limitBoundsTheBuckets(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{Config: dataSourceConfig(srv, "usage", `granularity = "hour"
  limit = 3`),
			ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(usageDS, tfjsonpath.New("buckets"),
				knownvalue.ListSizeExact(3))}}},
	})
}

func TestAccUsage_invalidArgumentsRefusedAtPlan(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	for name, tc := range map[string]struct{ args, want string }{
		"granularity":        {`granularity = "week"`, `granularity.*value must be one of`},
		"group_by value":     {`group_by = ["region"]`, `group_by.*value must be one of`},
		"group_by twice":     {`group_by = ["agent", "agent"]`, `Duplicate List Value.*group_by`},
		"group_by empty":     {`group_by = []`, `group_by.*at least 1`},
		"tz":                 {`tz = "Mars/Olympus_Mons"`, `Unknown time zone.*Mars/Olympus_Mons`},
		"tz Local":           {`tz = "Local"`, `Unknown time zone`},
		"limit 0":            {`limit = 0`, `limit.*between 1 and 500`},
		"limit 501":          {`limit = 501`, `limit.*between 1 and 500`},
		"start after end":    {`start = "2026-11-02T00:00:00Z"` + "\n  " + `end = "2026-11-01T00:00:00Z"`, `Empty time range`},
		"start not RFC 3339": {`start = "2026-11-02"`, `Timestamp without a time and an offset.*2026-11-02T00:00:00Z`},
	} {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{Config: dataSourceConfig(srv, "usage", tc.args), PlanOnly: true,
					ExpectError: regexp.MustCompile(`(?s)` + tc.want)}},
			})
		})
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests reached the API; validation must refuse every case at plan time", n)
	}
}

// TestUsage_theAPIsRefusalsAreShownAtTheArgument sends values the schema
// would refuse straight to the protocol server, so that the API's 422 is
// what answers: its field error is attached to the argument.
func TestUsage_theAPIsRefusalsAreShownAtTheArgument(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	for attr, v := range map[string]tftypes.Value{
		"granularity": str("week"),
		"group_by":    tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, []tftypes.Value{str("region")}),
		"tz":          str("Mars/Olympus_Mons"),
	} {
		t.Run(attr, func(t *testing.T) {
			resp, _ := directReadWith(t.Context(), t, NewProtocol6Server("test"), srv, "itellico_usage", map[string]tftypes.Value{attr: v})
			want := fmt.Sprintf(`ERROR at AttributeName(%q): The itellico API refused a filter value`, attr)
			if text := diagnosticsText(resp.Diagnostics); !strings.HasPrefix(text, want) || !strings.Contains(text, "HTTP 422") {
				t.Fatalf("diagnostics:\n%s\nwant %q with the API's 422", text, want)
			}
		})
	}
}
