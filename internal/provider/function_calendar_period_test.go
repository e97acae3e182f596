package provider

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

// Provider functions need Terraform 1.8; OpenTofu 1.6 and Terraform 1.5
// skip these tests, saying so.
var functionVersionChecks = []tfversion.TerraformVersionCheck{has{functionCalls}}

// periodOutput checks a function's result.
func periodOutput(start, end string) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"start": knownvalue.StringExact(start),
		"end":   knownvalue.StringExact(end),
	})
}

// functionTest runs config, whose outputs call the functions, and checks the
// outputs named in want. The expectations are written from the calendar.
func functionTest(t *testing.T, config string, want map[string]knownvalue.Check) {
	t.Helper()
	var checks []statecheck.StateCheck
	for name, check := range want {
		checks = append(checks, statecheck.ExpectKnownOutputValue(name, check))
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   functionVersionChecks,
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    []resource.TestStep{{Config: config, ConfigStateChecks: checks}},
	})
}

// functionErrorTest expects the call in config to fail with an error that
// contains parts in order. Terraform wraps its messages at any space, so a
// space in a part matches any white space.
func functionErrorTest(t *testing.T, config string, parts ...string) {
	t.Helper()
	quoted := make([]string, len(parts))
	for i, p := range parts {
		quoted[i] = strings.ReplaceAll(regexp.QuoteMeta(p), " ", `\s+`)
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   functionVersionChecks,
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{Config: config,
			ExpectError: regexp.MustCompile(`(?s)` + strings.Join(quoted, ".*"))}},
	})
}

// functionStandIn starts the stand-in API serving its seed as of now, with
// its clock at now.
func functionStandIn(t *testing.T, now time.Time) *itellicotest.Server {
	return itellicotest.NewHTTPTest(t, itellicotest.Options{
		Conversations: itellicotest.Seed(now), Now: func() time.Time { return now }})
}

// functionProviderBlock configures the provider for srv.
func functionProviderBlock(srv *itellicotest.Server) string {
	return fmt.Sprintf(`
provider "itellico" {
  base_url   = %q
  api_key    = %q
  account_id = %q
}
`, srv.URL(), srv.APIKey(), srv.AccountID())
}

// 2026-11-24T12:00:00Z is a Tuesday, 13:00 in Berlin (winter time, +01:00).
func TestAccFunctionCalendarPeriod_eachUnit(t *testing.T) {
	functionTest(t, `
output "day" {
  value = provider::itellico::calendar_period("2026-11-24T12:00:00Z", "day", "Europe/Berlin")
}
output "week" {
  value = provider::itellico::calendar_period("2026-11-24T12:00:00Z", "week", "Europe/Berlin")
}
output "month" {
  value = provider::itellico::calendar_period("2026-11-24T12:00:00Z", "month", "Europe/Berlin")
}
output "year" {
  value = provider::itellico::calendar_period("2026-11-24T12:00:00Z", "year", "Europe/Berlin")
}
output "utc_day_of_a_late_evening_in_new_york" {
  value = provider::itellico::calendar_period("2026-11-24T22:30:00-05:00", "day", "UTC")
}
`, map[string]knownvalue.Check{
		"day":   periodOutput("2026-11-24T00:00:00+01:00", "2026-11-25T00:00:00+01:00"),
		"week":  periodOutput("2026-11-23T00:00:00+01:00", "2026-11-30T00:00:00+01:00"),
		"month": periodOutput("2026-11-01T00:00:00+01:00", "2026-12-01T00:00:00+01:00"),
		// The year begins in winter time and ends in it: both +01:00.
		"year":                                  periodOutput("2026-01-01T00:00:00+01:00", "2027-01-01T00:00:00+01:00"),
		"utc_day_of_a_late_evening_in_new_york": periodOutput("2026-11-25T00:00:00Z", "2026-11-26T00:00:00Z"),
	})
}

func TestAccFunctionPreviousCalendarPeriod_eachUnit(t *testing.T) {
	functionTest(t, `
output "yesterday" {
  value = provider::itellico::previous_calendar_period("2026-11-24T12:00:00Z", "day", "Europe/Berlin")
}
output "last_week" {
  value = provider::itellico::previous_calendar_period("2026-11-24T12:00:00Z", "week", "Europe/Berlin")
}
output "last_month" {
  value = provider::itellico::previous_calendar_period("2026-11-24T12:00:00Z", "month", "Europe/Berlin")
}
output "last_year" {
  value = provider::itellico::previous_calendar_period("2026-11-24T12:00:00Z", "year", "Europe/Berlin")
}
output "last_month_across_a_year_end" {
  value = provider::itellico::previous_calendar_period("2027-01-15T08:00:00Z", "month", "Europe/Berlin")
}
output "yesterday_in_kathmandu" {
  value = provider::itellico::previous_calendar_period("2026-11-24T12:00:00Z", "day", "Asia/Kathmandu")
}
`, map[string]knownvalue.Check{
		"yesterday":                    periodOutput("2026-11-23T00:00:00+01:00", "2026-11-24T00:00:00+01:00"),
		"last_week":                    periodOutput("2026-11-16T00:00:00+01:00", "2026-11-23T00:00:00+01:00"),
		"last_month":                   periodOutput("2026-10-01T00:00:00+02:00", "2026-11-01T00:00:00+01:00"),
		"last_year":                    periodOutput("2025-01-01T00:00:00+01:00", "2026-01-01T00:00:00+01:00"),
		"last_month_across_a_year_end": periodOutput("2026-12-01T00:00:00+01:00", "2027-01-01T00:00:00+01:00"),
		// 2026-11-24T12:00:00Z is 17:45 in Kathmandu (+05:45).
		"yesterday_in_kathmandu": periodOutput("2026-11-23T00:00:00+05:45", "2026-11-24T00:00:00+05:45"),
	})
}

func TestAccFunctionOffsetCalendarPeriod_offsets(t *testing.T) {
	functionTest(t, `
output "this_week" {
  value = provider::itellico::offset_calendar_period("2026-11-24T12:00:00Z", "week", "Europe/Berlin", 0)
}
output "week_before_last" {
  value = provider::itellico::offset_calendar_period("2026-11-24T12:00:00Z", "week", "Europe/Berlin", -2)
}
output "next_month" {
  value = provider::itellico::offset_calendar_period("2026-11-24T12:00:00Z", "month", "Asia/Kolkata", 1)
}
output "four_whole_weeks" {
  value = {
    start = provider::itellico::offset_calendar_period("2026-11-24T12:00:00Z", "week", "Europe/Berlin", -4).start
    end   = provider::itellico::calendar_period("2026-11-24T12:00:00Z", "week", "Europe/Berlin").start
  }
}
output "leap_day_in_four_years" {
  value = provider::itellico::offset_calendar_period("2024-02-29T12:00:00Z", "day", "UTC", 1461)
}
output "a_thousand_weeks_ago" {
  value = provider::itellico::offset_calendar_period("2026-11-24T12:00:00Z", "week", "UTC", -1000)
}
`, map[string]knownvalue.Check{
		"this_week":        periodOutput("2026-11-23T00:00:00+01:00", "2026-11-30T00:00:00+01:00"),
		"week_before_last": periodOutput("2026-11-09T00:00:00+01:00", "2026-11-16T00:00:00+01:00"),
		"next_month":       periodOutput("2026-12-01T00:00:00+05:30", "2027-01-01T00:00:00+05:30"),
		"four_whole_weeks": periodOutput("2026-10-26T00:00:00+01:00", "2026-11-23T00:00:00+01:00"),
		// 1461 days are four years with one leap day.
		"leap_day_in_four_years": periodOutput("2028-02-29T00:00:00Z", "2028-03-01T00:00:00Z"),
		"a_thousand_weeks_ago":   periodOutput("2007-09-24T00:00:00Z", "2007-10-01T00:00:00Z"),
	})
}

// Berlin changes to summer time on Sunday 2026-03-29 (02:00 becomes 03:00)
// and back on Sunday 2026-10-25 (03:00 becomes 02:00). Santiago skipped
// midnight on 2024-09-08 (00:00 -04 became 01:00 -03); Havana had it twice
// on 2025-11-02 (01:00 -04 became 00:00 -05).
func TestAccFunctionCalendarPeriod_changesOfSummerTime(t *testing.T) {
	functionTest(t, `
output "week_of_167_hours" {
  value = provider::itellico::previous_calendar_period("2026-03-30T08:00:00+02:00", "week", "Europe/Berlin")
}
output "week_of_169_hours" {
  value = provider::itellico::calendar_period("2026-10-25T12:00:00Z", "week", "Europe/Berlin")
}
output "monday_after_the_autumn_change" {
  value = provider::itellico::calendar_period("2026-10-25T23:00:00Z", "week", "Europe/Berlin")
}
output "day_of_23_hours" {
  value = provider::itellico::calendar_period("2026-03-29T12:00:00+02:00", "day", "Europe/Berlin")
}
output "day_of_25_hours" {
  value = provider::itellico::calendar_period("2026-10-25T12:00:00Z", "day", "Europe/Berlin")
}
output "day_without_midnight" {
  value = provider::itellico::calendar_period("2024-09-08T12:00:00-03:00", "day", "America/Santiago")
}
output "day_with_two_midnights" {
  value = provider::itellico::calendar_period("2025-11-02T05:30:00Z", "day", "America/Havana")
}
`, map[string]knownvalue.Check{
		"week_of_167_hours": periodOutput("2026-03-23T00:00:00+01:00", "2026-03-30T00:00:00+02:00"),
		"week_of_169_hours": periodOutput("2026-10-19T00:00:00+02:00", "2026-10-26T00:00:00+01:00"),
		// 2026-10-25T23:00:00Z is already Monday the 26th in Berlin.
		"monday_after_the_autumn_change": periodOutput("2026-10-26T00:00:00+01:00", "2026-11-02T00:00:00+01:00"),
		"day_of_23_hours":                periodOutput("2026-03-29T00:00:00+01:00", "2026-03-30T00:00:00+02:00"),
		"day_of_25_hours":                periodOutput("2026-10-25T00:00:00+02:00", "2026-10-26T00:00:00+01:00"),
		"day_without_midnight":           periodOutput("2024-09-08T01:00:00-03:00", "2024-09-09T00:00:00-03:00"),
		"day_with_two_midnights":         periodOutput("2025-11-02T00:00:00-04:00", "2025-11-03T00:00:00-05:00"),
	})
}

// plantimestamp() is known when Terraform plans, so the result is too: the
// data sources read with it at plan time.
func TestAccFunctionCalendarPeriod_plantimestamp(t *testing.T) {
	rfc3339Midnight := `^\d{4}-\d{2}-\d{2}T00:00:00\+0[12]:00$`
	functionTest(t, `
output "yesterday" {
  value = provider::itellico::previous_calendar_period(plantimestamp(), "day", "Europe/Berlin")
}
`, map[string]knownvalue.Check{
		"yesterday": knownvalue.ObjectExact(map[string]knownvalue.Check{
			"start": knownvalue.StringRegexp(regexp.MustCompile(rfc3339Midnight)),
			"end":   knownvalue.StringRegexp(regexp.MustCompile(rfc3339Midnight)),
		}),
	})
}

// The typical use: last week's failed conversations, the week cut in Berlin.
// The data source takes the function's timestamps as its filters, and the
// stand-in answers exactly the conversations created in that week.
func TestAccFunctionPreviousCalendarPeriod_filtersLastWeeksConversations(t *testing.T) {
	// A Tuesday: last week in Berlin is Monday 2026-11-16 00:00 +01:00 to
	// Monday 2026-11-23 00:00 +01:00.
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	from := time.Date(2026, 11, 15, 23, 0, 0, 0, time.UTC)
	to := time.Date(2026, 11, 22, 23, 0, 0, 0, time.UTC)
	srv := functionStandIn(t, now)
	var want []knownvalue.Check
	for _, c := range srv.Conversations() {
		if !c.CreatedAt.Before(from) && c.CreatedAt.Before(to) {
			want = append(want, knownvalue.ObjectPartial(map[string]knownvalue.Check{
				"conversation_id": knownvalue.StringExact(c.ConversationID)}))
		}
	}
	if len(want) == 0 || len(want) == len(srv.Conversations()) {
		t.Fatalf("the seed has %d of %d conversations last week: the filter is not tested", len(want), len(srv.Conversations()))
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   functionVersionChecks,
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: functionProviderBlock(srv) + fmt.Sprintf(`
locals {
  last_week = provider::itellico::previous_calendar_period(%q, "week", "Europe/Berlin")
}
data "itellico_conversations" "test" {
  created_after    = local.last_week.start
  created_before   = local.last_week.end
  include_messages = false
}
`, now.Format(time.RFC3339)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.itellico_conversations.test", tfjsonpath.New("items"), knownvalue.ListExact(want)),
				statecheck.ExpectKnownValue("data.itellico_conversations.test", tfjsonpath.New("total_count"),
					knownvalue.Int64Exact(int64(len(want)))),
			},
		}},
	})
}

func TestAccFunctionCalendarPeriod_badTimestamp(t *testing.T) {
	functionErrorTest(t, `
output "test" {
  value = provider::itellico::calendar_period("2026-11-24 12:00", "day", "UTC")
}
`, `Invalid value for "timestamp" parameter`, `"2026-11-24 12:00" is not an RFC 3339 timestamp`,
		`"2026-11-24T12:00:00Z"`, `plantimestamp()`)
}

func TestAccFunctionCalendarPeriod_badUnit(t *testing.T) {
	functionErrorTest(t, `
output "test" {
  value = provider::itellico::previous_calendar_period("2026-11-24T12:00:00Z", "weeks", "UTC")
}
`, `Invalid value for "unit" parameter`, `"weeks" is not a calendar unit`, `"day", "week", "month" or "year"`)
}

func TestAccFunctionCalendarPeriod_badTimeZone(t *testing.T) {
	for _, zone := range []string{"Europe/Atlantis", "Local", "", "CET+1"} {
		t.Run(fmt.Sprintf("%q", zone), func(t *testing.T) {
			functionErrorTest(t, fmt.Sprintf(`
output "test" {
  value = provider::itellico::calendar_period("2026-11-24T12:00:00Z", "day", %q)
}
`, zone), `Invalid value for "time_zone" parameter`, fmt.Sprintf("%q is not an IANA time zone name", zone),
				`"Europe/Berlin"`)
		})
	}
}

func TestAccFunctionOffsetCalendarPeriod_outOfRange(t *testing.T) {
	for _, offset := range []string{"8000", "-1e30"} {
		t.Run(offset, func(t *testing.T) {
			functionErrorTest(t, fmt.Sprintf(`
output "test" {
  value = provider::itellico::offset_calendar_period("2026-11-24T12:00:00Z", "year", "UTC", %s)
}
`, offset), `Invalid value for "offset" parameter`, `the year asked for does not lie within the years 1 to 9999`)
		})
	}
}

func TestAccFunctionOffsetCalendarPeriod_fractionalOffset(t *testing.T) {
	functionErrorTest(t, `
output "test" {
  value = provider::itellico::offset_calendar_period("2026-11-24T12:00:00Z", "week", "UTC", -1.5)
}
`, `Invalid value for "offset" parameter`, `-1.5 is not a whole number of periods`, `use an integer such as -1`)
}

// The functions reach Terraform through the provider's own protocol server
// (NewProtocol6Server, which wraps the framework's), documented: Terraform
// shows these texts in editors and the docs are generated from them.
func TestFunctionDefinitions_servedAndDocumented(t *testing.T) {
	server, err := NewProtocol6Server("test")()
	if err != nil {
		t.Fatal(err)
	}
	resp, err := server.GetFunctions(context.Background(), &tfprotov6.GetFunctionsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		t.Errorf("diagnostic: %s: %s", d.Summary, d.Detail)
	}
	want := map[string][]string{
		"calendar_period":          {"timestamp", "unit", "time_zone"},
		"previous_calendar_period": {"timestamp", "unit", "time_zone"},
		"offset_calendar_period":   {"timestamp", "unit", "time_zone", "offset"},
	}
	if len(resp.Functions) != len(want) {
		t.Errorf("%d functions, want %d", len(resp.Functions), len(want))
	}
	for name, params := range want {
		f, ok := resp.Functions[name]
		if !ok {
			t.Errorf("no function %s", name)
			continue
		}
		if f.Summary == "" || f.Description == "" || f.DescriptionKind != tfprotov6.StringKindMarkdown {
			t.Errorf("%s: summary %q, %s description %q", name, f.Summary, f.DescriptionKind, f.Description)
		}
		if len(f.Parameters) != len(params) {
			t.Errorf("%s: %d parameters, want %d", name, len(f.Parameters), len(params))
			continue
		}
		for i, p := range f.Parameters {
			if p.Name != params[i] || p.Description == "" || p.AllowNullValue || p.AllowUnknownValues {
				t.Errorf("%s: parameter %d is %+v, want %s, described, neither null nor unknown", name, i, p, params[i])
			}
		}
	}

	// A call through the same server.
	arg := func(s string) *tfprotov6.DynamicValue {
		v, err := tfprotov6.NewDynamicValue(tftypes.String, tftypes.NewValue(tftypes.String, s))
		if err != nil {
			t.Fatal(err)
		}
		return &v
	}
	call, err := server.CallFunction(context.Background(), &tfprotov6.CallFunctionRequest{Name: "calendar_period",
		Arguments: []*tfprotov6.DynamicValue{arg("2026-11-24T12:00:00Z"), arg("week"), arg("Europe/Berlin")}})
	if err != nil || call.Error != nil {
		t.Fatalf("CallFunction: %v, %+v", err, call.Error)
	}
	result, err := call.Result.Unmarshal(tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"start": tftypes.String, "end": tftypes.String}})
	if err != nil {
		t.Fatal(err)
	}
	var fields map[string]tftypes.Value
	var start, end string
	if err := result.As(&fields); err != nil {
		t.Fatal(err)
	}
	if err := fields["start"].As(&start); err != nil {
		t.Fatal(err)
	}
	if err := fields["end"].As(&end); err != nil {
		t.Fatal(err)
	}
	if start != "2026-11-23T00:00:00+01:00" || end != "2026-11-30T00:00:00+01:00" {
		t.Errorf("calendar_period = {start = %s, end = %s}, want the week of Monday 2026-11-23 in Berlin", start, end)
	}
}

// callDeadline bounds one call in the tests below: a call takes
// microseconds, one that has not answered after this long never will.
const callDeadline = 20 * time.Second

// callFunction calls a function through the provider's protocol server, as
// Terraform does, and gives up after callDeadline (leaving the call's
// goroutine behind): ok is false then.
func callFunction(t *testing.T, name string, args ...any) (resp *tfprotov6.CallFunctionResponse, ok bool) {
	t.Helper()
	server, err := NewProtocol6Server("test")()
	if err != nil {
		t.Fatal(err)
	}
	var dv []*tfprotov6.DynamicValue
	for _, a := range args {
		var v tfprotov6.DynamicValue
		switch a := a.(type) {
		case string:
			v, err = tfprotov6.NewDynamicValue(tftypes.String, tftypes.NewValue(tftypes.String, a))
		case int:
			v, err = tfprotov6.NewDynamicValue(tftypes.Number, tftypes.NewValue(tftypes.Number, big.NewFloat(float64(a))))
		}
		if err != nil {
			t.Fatal(err)
		}
		dv = append(dv, &v)
	}
	done := make(chan *tfprotov6.CallFunctionResponse, 1)
	go func() {
		resp, err := server.CallFunction(context.Background(), &tfprotov6.CallFunctionRequest{Name: name, Arguments: dv})
		if err != nil {
			resp = &tfprotov6.CallFunctionResponse{Error: &tfprotov6.FunctionError{Text: err.Error()}}
		}
		done <- resp
	}()
	timer := time.NewTimer(callDeadline)
	defer timer.Stop()
	select {
	case resp := <-done:
		return resp, true
	case <-timer.C:
		return nil, false
	}
}

// periodResult reads a calendar function's result.
func periodResult(t *testing.T, resp *tfprotov6.CallFunctionResponse) (start, end string) {
	t.Helper()
	if resp.Error != nil {
		t.Fatalf("error: %s", resp.Error.Text)
	}
	result, err := resp.Result.Unmarshal(tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"start": tftypes.String, "end": tftypes.String}})
	if err != nil {
		t.Fatal(err)
	}
	var fields map[string]tftypes.Value
	if err := result.As(&fields); err != nil {
		t.Fatal(err)
	}
	if err := errors.Join(fields["start"].As(&start), fields["end"].As(&end)); err != nil {
		t.Fatal(err)
	}
	return start, end
}

// The calls that never returned before the search for the start of a day was
// bounded (issue 21): near the end of a leap year, in a zone on an ongoing
// summer-time rule. The first hung with this machine's zone data too, the
// others with Go's, which the provider now embeds.
func TestFunctionCalendarPeriod_endsNearTheEndOfALeapYear(t *testing.T) {
	for _, tc := range []struct {
		name       string
		args       []any
		start, end string
	}{
		{"calendar_period", []any{"2040-06-01T00:00:00Z", "year", "Europe/Berlin"},
			"2040-01-01T00:00:00+01:00", "2041-01-01T00:00:00+01:00"},
		{"calendar_period", []any{"2024-12-31T12:00:00Z", "day", "America/New_York"},
			"2024-12-31T00:00:00-05:00", "2025-01-01T00:00:00-05:00"},
		{"calendar_period", []any{"2025-01-01T12:00:00Z", "month", "Europe/London"},
			"2025-01-01T00:00:00Z", "2025-02-01T00:00:00Z"},
		{"offset_calendar_period", []any{"2026-12-07T05:00:00Z", "year", "Europe/Berlin", -2},
			"2024-01-01T00:00:00+01:00", "2025-01-01T00:00:00+01:00"},
		{"previous_calendar_period", []any{"2025-03-09T05:00:01Z", "year", "America/Havana"},
			"2024-01-01T00:00:00-05:00", "2025-01-01T00:00:00-05:00"},
	} {
		call := tc.name + "(" + strings.TrimSuffix(strings.TrimPrefix(fmt.Sprintf("%#v", tc.args), "[]interface {}{"), "}") + ")"
		t.Run(call, func(t *testing.T) {
			resp, ok := callFunction(t, tc.name, tc.args...)
			if !ok {
				t.Fatalf("%s did not return within %s", call, callDeadline)
			}
			if start, end := periodResult(t, resp); start != tc.start || end != tc.end {
				t.Errorf("%s = {start = %s, end = %s}, want {start = %s, end = %s}", call, start, end, tc.start, tc.end)
			}
		})
	}
}

// The same calls through Terraform.
func TestAccFunctionCalendarPeriod_endsNearTheEndOfALeapYear(t *testing.T) {
	functionTest(t, `
output "berlin_2040" {
  value = provider::itellico::calendar_period("2040-06-01T00:00:00Z", "year", "Europe/Berlin")
}
output "new_york_new_years_eve" {
  value = provider::itellico::calendar_period("2024-12-31T12:00:00Z", "day", "America/New_York")
}
output "london_january" {
  value = provider::itellico::calendar_period("2025-01-01T12:00:00Z", "month", "Europe/London")
}
output "berlin_two_years_back" {
  value = provider::itellico::offset_calendar_period("2026-12-07T05:00:00Z", "year", "Europe/Berlin", -2)
}
output "havana_last_year" {
  value = provider::itellico::previous_calendar_period("2025-03-09T05:00:01Z", "year", "America/Havana")
}
`, map[string]knownvalue.Check{
		"berlin_2040":            periodOutput("2040-01-01T00:00:00+01:00", "2041-01-01T00:00:00+01:00"),
		"new_york_new_years_eve": periodOutput("2024-12-31T00:00:00-05:00", "2025-01-01T00:00:00-05:00"),
		"london_january":         periodOutput("2025-01-01T00:00:00Z", "2025-02-01T00:00:00Z"),
		"berlin_two_years_back":  periodOutput("2024-01-01T00:00:00+01:00", "2025-01-01T00:00:00+01:00"),
		"havana_last_year":       periodOutput("2024-01-01T00:00:00-05:00", "2025-01-01T00:00:00-05:00"),
	})
}

// A date the zone skipped is refused, naming it; the days around it are
// whole. Pacific/Apia went from 2011-12-29 24:00 (-10:00) to 2011-12-31 00:00
// (+14:00).
func TestAccFunctionPreviousCalendarPeriod_skippedDate(t *testing.T) {
	functionErrorTest(t, `
output "test" {
  value = provider::itellico::previous_calendar_period("2011-12-31T12:00:00+14:00", "day", "Pacific/Apia")
}
`, `Invalid value for "timestamp" parameter`, `the day 2011-12-30 never happened in Pacific/Apia`,
		`skipped it`)
}

func TestAccFunctionOffsetCalendarPeriod_skippedDate(t *testing.T) {
	functionErrorTest(t, `
output "test" {
  value = provider::itellico::offset_calendar_period("2011-12-29T12:00:00-10:00", "day", "Pacific/Apia", 1)
}
`, `Invalid value for "offset" parameter`, `the day 2011-12-30 never happened in Pacific/Apia`)
}

func TestAccFunctionCalendarPeriod_aroundASkippedDate(t *testing.T) {
	functionTest(t, `
output "before" {
  value = provider::itellico::offset_calendar_period("2011-12-31T12:00:00+14:00", "day", "Pacific/Apia", -2)
}
output "after" {
  value = provider::itellico::calendar_period("2011-12-31T12:00:00+14:00", "day", "Pacific/Apia")
}
output "week" {
  value = provider::itellico::calendar_period("2011-12-31T12:00:00+14:00", "week", "Pacific/Apia")
}
`, map[string]knownvalue.Check{
		"before": periodOutput("2011-12-29T00:00:00-10:00", "2011-12-31T00:00:00+14:00"),
		"after":  periodOutput("2011-12-31T00:00:00+14:00", "2012-01-01T00:00:00+14:00"),
		"week":   periodOutput("2011-12-26T00:00:00-10:00", "2012-01-02T00:00:00+14:00"),
	})
}

// Zone names are those of the zone database the provider embeds, on every
// machine: what a zone database on disk holds besides zones is refused by
// the functions and by the data sources' zone check alike, and an IANA name,
// link or legacy name is accepted by both.
func TestTimeZones_sameForFunctionsAndZoneCheck(t *testing.T) {
	check := func(name string) error {
		var resp validator.StringResponse
		timeZoneValidator.ValidateString(context.Background(), validator.StringRequest{
			Path: path.Root("tz"), ConfigValue: types.StringValue(name)}, &resp)
		if resp.Diagnostics.HasError() {
			return errors.New(resp.Diagnostics.Errors()[0].Detail())
		}
		return nil
	}
	for _, name := range []string{"localtime", "posixrules", "right/Europe/Berlin", "posix/Europe/Berlin",
		"Local", "", "europe/berlin", "Europe/Atlantis", "zone.tab"} {
		if err := check(name); err == nil {
			t.Errorf("zone check accepts %q", name)
		}
		resp, ok := callFunction(t, "calendar_period", "2026-11-24T12:00:00Z", "day", name)
		if !ok || resp.Error == nil || !strings.Contains(resp.Error.Text, "is not an IANA time zone name") {
			t.Errorf("calendar_period accepts %q: %+v", name, resp)
		}
	}
	for _, name := range []string{"Europe/Berlin", "UTC", "Etc/GMT+5", "US/Eastern", "EST5EDT", "Pacific/Apia"} {
		if err := check(name); err != nil {
			t.Errorf("zone check refuses %q: %v", name, err)
		}
		if resp, ok := callFunction(t, "calendar_period", "2026-11-24T12:00:00Z", "day", name); !ok || resp.Error != nil {
			t.Errorf("calendar_period refuses %q: %+v", name, resp)
		}
	}
}
