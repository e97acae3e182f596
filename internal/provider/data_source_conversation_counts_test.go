package provider

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

// The expected counts are computed here from the conversations the
// stand-in serves, apart from its filter code; the requests are counted at
// the stand-in.

// expectedCounts is the state of itellico_conversation_counts ds for the
// conversations cs.
func expectedCounts(ds string, cs []itellicotest.Conversation) []statecheck.StateCheck {
	byStatus, byType, byDirection := map[string]int64{}, map[string]int64{}, map[string]int64{}
	// A value the API adds later (the seed has some) is under no key.
	count := func(m map[string]int64, documented []string, v string) {
		if slices.Contains(documented, v) {
			m[v]++
		}
	}
	for _, c := range cs {
		count(byStatus, conversationStatuses, c.Status)
		count(byType, conversationTypes, c.Type)
		if d, ok := c.Direction.Get(); ok {
			count(byDirection, conversationDirections, d)
		}
	}
	return []statecheck.StateCheck{
		expectAttr(ds, "total_count", intValue(int64(len(cs)))),
		expectAttr(ds, "by_status", countsCheck(conversationStatuses, byStatus)),
		expectAttr(ds, "by_type", countsCheck(conversationTypes, byType)),
		expectAttr(ds, "by_direction", countsCheck(conversationDirections, byDirection)),
	}
}

// Every filter alone and all combined, in one plan: the counts are those
// of the conversations that match.
func TestAccConversationCounts_eachFilterAndAllCombined(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	day := func(d int) time.Time { return testNow.Add(time.Duration(-d) * 24 * time.Hour) }
	is := func(o itellicotest.Opt[string], v string) bool { got, ok := o.Get(); return ok && got == v }
	cases := append(conversationFilterCases(),
		filterCase{"none", "", func(*itellicotest.Conversation) bool { return true }},
		filterCase{"combined", fmt.Sprintf("type = \"phone\"\n  direction = \"inbound\"\n  created_after = %q\n  updated_before = %q",
			day(20).Format(time.RFC3339), day(1).Format(time.RFC3339)),
			func(c *itellicotest.Conversation) bool {
				return c.Type == "phone" && is(c.Direction, "inbound") && !c.CreatedAt.Before(day(20)) && c.UpdatedAt.Before(day(1))
			}})
	var config strings.Builder
	config.WriteString(providerBlock(srv))
	var checks []statecheck.StateCheck
	for _, tc := range cases {
		fmt.Fprintf(&config, "data \"itellico_conversation_counts\" %q {\n  %s\n}\n", tc.name, tc.args)
		var kept []itellicotest.Conversation
		for _, c := range srv.Conversations() {
			if tc.keep(&c) {
				kept = append(kept, c)
			}
		}
		checks = append(checks, expectedCounts("data.itellico_conversation_counts."+tc.name, kept)...)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    []resource.TestStep{{Config: config.String(), ConfigStateChecks: checks}},
	})
}

// Each number costs one request of one item, whatever the account holds;
// a dimension that a filter fixes, or that dimensions leaves out, costs
// none.
func TestConversationCounts_oneRequestPerNumber(t *testing.T) {
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	dims := func(ds ...string) tftypes.Value {
		vs := make([]tftypes.Value, len(ds))
		for i, d := range ds {
			vs[i] = str(d)
		}
		return tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, vs)
	}
	for name, tc := range map[string]struct {
		args     map[string]tftypes.Value
		requests int
	}{
		"every dimension":              {nil, 1 + 4 + 4 + 3},
		"a status filter fixes it":     {map[string]tftypes.Value{"status": str("failed")}, 1 + 4 + 3},
		"direction only":               {map[string]tftypes.Value{"dimensions": dims("direction")}, 1 + 3},
		"the total alone":              {map[string]tftypes.Value{"dimensions": dims()}, 1},
		"a fixed dimension costs none": {map[string]tftypes.Value{"type": str("web"), "dimensions": dims("type")}, 1},
	} {
		t.Run(name, func(t *testing.T) {
			srv := standIn(t, itellicotest.Options{Conversations: itellicotest.Generate(5000, 1, testNow)})
			resp, _ := directReadWith(t.Context(), t, NewProtocol6Server("test"), srv, "itellico_conversation_counts", tc.args)
			if len(resp.Diagnostics) > 0 {
				t.Fatal(diagnosticsText(resp.Diagnostics))
			}
			requests := srv.Requests()
			if len(requests) != tc.requests {
				t.Errorf("%d requests, want %d", len(requests), tc.requests)
			}
			for _, r := range requests {
				if r.Query.Get("limit") != "1" {
					t.Errorf("a request asked for %q items, want 1: %v", r.Query.Get("limit"), r.Query)
				}
			}
		})
	}
}

// A server that ignores limit sends its whole page with each count: the
// counts are still exact, and the request count is unchanged.
func TestAccConversationCounts_serverIgnoringLimit(t *testing.T) {
	srv := standIn(t, itellicotest.Options{Faults: itellicotest.Always(itellicotest.IgnorePaging)})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            dataSourceConfig(srv, "conversation_counts", ""),
			ConfigStateChecks: expectedCounts("data.itellico_conversation_counts.test", srv.Conversations()),
		}},
	})
}
