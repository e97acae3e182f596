package provider

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/itellicoai/terraform-provider-itellico/internal/calendar"
)

// The calendar period functions turn "last week in Berlin" into the two
// instants the data sources' time filters take. The computation is package
// calendar's; these read the arguments, turn bad ones into errors that name
// them, and write the result.

// calendarPeriodFunction is one of the calendar period functions. They
// differ in name, documentation, and where the offset in periods comes from.
type calendarPeriodFunction struct {
	name          string
	summary       string
	description   string // the first paragraph; the rest is shared
	timestampRole string // what the timestamp argument is an instant of
	// offset is the offset in periods from the one containing the
	// timestamp, unless offsetArgument is set: then it is the fourth argument.
	offset         int64
	offsetArgument bool
}

var _ function.Function = (*calendarPeriodFunction)(nil)

func newCalendarPeriodFunction() function.Function {
	return &calendarPeriodFunction{
		name:    "calendar_period",
		summary: "The calendar day, week, month or year that contains a timestamp, in a time zone",
		description: "Returns the start and end of the calendar `unit` (day, week, month or year) of " +
			"`time_zone` that contains `timestamp`: today, this week, this month or this year when " +
			"`timestamp` is `plantimestamp()`.",
		timestampRole: "An instant in the period wanted",
	}
}

func newPreviousCalendarPeriodFunction() function.Function {
	return &calendarPeriodFunction{
		name:    "previous_calendar_period",
		summary: "The calendar day, week, month or year before the one that contains a timestamp, in a time zone",
		description: "Returns the start and end of the calendar `unit` (day, week, month or year) of " +
			"`time_zone` before the one that contains `timestamp`: yesterday, last week, last month or last " +
			"year when `timestamp` is `plantimestamp()`, the usual window of a report on a whole period.",
		timestampRole: "An instant in the period after the one wanted",
		offset:        -1,
	}
}

func newOffsetCalendarPeriodFunction() function.Function {
	return &calendarPeriodFunction{
		name:    "offset_calendar_period",
		summary: "The calendar day, week, month or year a number of periods away from the one that contains a timestamp",
		description: "Returns the start and end of the calendar `unit` (day, week, month or year) of " +
			"`time_zone` that is `offset` periods away from the one that contains `timestamp`: with " +
			"`plantimestamp()`, an `offset` of `-2` and the unit `week`, the week before last. With " +
			"`calendar_period` it also makes windows of several periods: the four whole weeks before this " +
			"one start at the `start` of offset `-4` and end at the `start` of this week.",
		timestampRole:  "An instant in the period that `offset` counts from",
		offsetArgument: true,
	}
}

// calendarPeriodDoc follows each function's first paragraph.
const calendarPeriodDoc = "\n\n" +
	"Periods follow the wall clock of `time_zone`: a `day` runs from midnight to midnight, a `week` is an " +
	"ISO 8601 week from Monday to Sunday, and a `month` or `year` starts at midnight of its first day. A day " +
	"lasts 23 or 25 hours when the zone changes to or from summer time. Where a change skips midnight " +
	"(clocks going from 00:00 to 01:00, as in America/Santiago, America/Havana or Asia/Beirut), the day " +
	"starts at its first instant, 01:00; where midnight happens twice (America/Havana going back from 01:00 " +
	"to 00:00), it starts at the first midnight. A date the zone skipped altogether has no instant and " +
	"is an error that names it: Pacific/Apia went from 29 to 31 December 2011, so the `day` before " +
	"`2011-12-31T12:00:00+14:00` in Pacific/Apia is refused rather than given as an empty range (which the " +
	"filters refuse) or as a neighbouring day (which a report would count twice). No instant lies in such a " +
	"date, so the period that contains a timestamp is never one.\n\n" +
	"The result is an object of two RFC 3339 timestamps, each written with the offset the zone has at that " +
	"instant, such as `2026-11-23T00:00:00+01:00`:\n\n" +
	"- `start` (String) The first instant of the period, which belongs to it.\n" +
	"- `end` (String) The first instant of the next period, which does not.\n\n" +
	"Consecutive periods meet without a gap or an overlap. Pass them as they are to the time filters: " +
	"`created_after` of `itellico_conversations` and `itellico_conversation_stats` includes its instant and " +
	"`created_before` excludes it; for `itellico_usage`, pass them as `start` and `end` with `tz` set to the " +
	"same zone, so that its buckets start where the period does."

// timestampDoc follows the description of the timestamp argument's role.
const timestampDoc = ", as an RFC 3339 timestamp such as `2026-11-24T12:00:00Z`. Usually `plantimestamp()`, " +
	"which is known when Terraform plans and the same for every read of a plan; `timestamp()` is not known " +
	"until apply. Its offset does not matter, only the instant it names."

// periodAttrTypes is the type of the functions' result.
var periodAttrTypes = map[string]attr.Type{
	"start": types.StringType,
	"end":   types.StringType,
}

func (f *calendarPeriodFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = f.name
}

func (f *calendarPeriodFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	params := []function.Parameter{
		function.StringParameter{
			Name:                "timestamp",
			MarkdownDescription: f.timestampRole + timestampDoc,
		},
		function.StringParameter{
			Name: "unit",
			MarkdownDescription: "Length of the period: `day`, `week` (an ISO 8601 week, Monday to Sunday), " +
				"`month` or `year`.",
		},
		function.StringParameter{
			Name: "time_zone",
			MarkdownDescription: "IANA time zone whose calendar cuts the periods, such as `Europe/Berlin`, " +
				"`America/New_York` or `UTC`, case-sensitive. Zones come from the IANA time zone database " +
				"built into the provider (tzdata " + calendar.TZDataVersion + "), never from the machine that " +
				"runs Terraform, so a name means the same zone and gives the same periods on every machine. " +
				"`Local`, `\"\"`, `localtime`, `posixrules` and names under `posix/` or `right/` are refused: " +
				"they are not zone names, or their meaning would depend on the machine.",
		},
	}
	if f.offsetArgument {
		// A number rather than an Int64Parameter, whose conversion error for
		// 1.5 asks the user to report a bug to the provider's developers.
		params = append(params, function.NumberParameter{
			Name: "offset",
			MarkdownDescription: "Whole number of periods from the one that contains `timestamp`: `0` is that " +
				"period, `-1` the one before it, `1` the one after it.",
		})
	}
	resp.Definition = function.Definition{
		Summary:             f.summary,
		MarkdownDescription: f.description + calendarPeriodDoc,
		Parameters:          params,
		Return:              function.ObjectReturn{AttributeTypes: periodAttrTypes},
	}
}

// Argument positions.
const (
	argTimestamp = iota
	argUnit
	argTimeZone
	argOffset
)

func (f *calendarPeriodFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var timestamp, unitName, zoneName string
	var offsetArg *big.Float
	args := []any{&timestamp, &unitName, &zoneName}
	if f.offsetArgument {
		args = append(args, &offsetArg)
	}
	if resp.Error = req.Arguments.Get(ctx, args...); resp.Error != nil {
		return
	}
	offset := f.offset
	if f.offsetArgument {
		if !offsetArg.IsInt() {
			resp.Error = function.NewArgumentFuncError(argOffset, fmt.Sprintf("%s is not a whole number of "+
				"periods; use an integer such as -1 for the period before", offsetArg.Text('g', -1)))
			return
		}
		// An offset beyond int64 is out of range like any other too large.
		offset, _ = offsetArg.Int64()
	}

	at, err := time.Parse(time.RFC3339, timestamp)
	if err != nil {
		resp.Error = function.NewArgumentFuncError(argTimestamp, fmt.Sprintf("%q is not an RFC 3339 timestamp; "+
			"write one such as \"2026-11-24T12:00:00Z\" or \"2026-11-24T13:00:00+01:00\", or pass plantimestamp()",
			timestamp))
		return
	}
	unit, ok := calendar.ParseUnit(unitName)
	if !ok {
		resp.Error = function.NewArgumentFuncError(argUnit, fmt.Sprintf("%q is not a calendar unit; "+
			"use \"day\", \"week\", \"month\" or \"year\"", unitName))
		return
	}
	loc, err := calendar.LoadZone(zoneName)
	if err != nil {
		resp.Error = function.NewArgumentFuncError(argTimeZone, fmt.Sprintf("%q is not an IANA time zone name; "+
			"use a name such as \"Europe/Berlin\", \"America/New_York\" or \"UTC\"", zoneName))
		return
	}

	period, err := calendar.PeriodOf(at, unit, loc, offset)
	if err != nil {
		pos := argTimestamp
		if f.offsetArgument && offset != 0 {
			pos = argOffset
		}
		if errors.Is(err, calendar.ErrOutOfRange) {
			err = fmt.Errorf("the %s asked for does not lie within the years 1 to 9999, the years an RFC 3339 "+
				"timestamp can be written in", unit)
		}
		resp.Error = function.NewArgumentFuncError(int64(pos), err.Error())
		return
	}

	result, diags := types.ObjectValue(periodAttrTypes, map[string]attr.Value{
		"start": types.StringValue(calendar.RFC3339(period.Start)),
		"end":   types.StringValue(calendar.RFC3339(period.End)),
	})
	if resp.Error = function.FuncErrorFromDiags(ctx, diags); resp.Error != nil {
		return
	}
	resp.Error = resp.Result.Set(ctx, result)
}
