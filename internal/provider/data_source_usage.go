package provider

import (
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/itellicoai/terraform-provider-itellico/internal/calendar"
	"github.com/itellicoai/terraform-provider-itellico/internal/itellico"
)

var (
	usageGranularities = []string{"hour", "day", "month"}
	usageGroups        = []string{"agent", "subaccount", "type"}
)

// maxUsageBuckets is the API's largest and default limit.
const maxUsageBuckets = 500

var usageFilters = filters{
	list: []filter{
		{name: "start", attr: schema.StringAttribute{Optional: true, Computed: true, CustomType: timetypes.RFC3339Type{},
			MarkdownDescription: "Start of the window (RFC 3339). Unset, the API takes 30 days before `end`, and " +
				"this attribute holds the start it used."}},
		{name: "end", attr: schema.StringAttribute{Optional: true, Computed: true, CustomType: timetypes.RFC3339Type{},
			MarkdownDescription: "End of the window (RFC 3339); must be later than `start`. Unset, the API takes " +
				"now, and this attribute holds the end it used: pass `plantimestamp()` for a window that is the " +
				"same for every read of a plan."}},
		{name: "granularity", attr: schema.StringAttribute{Optional: true, Computed: true,
			MarkdownDescription: "Length of a bucket: " + oneOf(usageGranularities) + ". Unset, the API's default " +
				"(`day`), which this attribute then holds.",
			Validators: []validator.String{stringvalidator.OneOf(usageGranularities...)}}},
		{name: "group_by", attr: schema.ListAttribute{Optional: true, ElementType: types.StringType,
			MarkdownDescription: "Split each bucket into one value per group of these: " + oneOf(usageGroups) +
				". Sent comma-joined, as the official SDKs send lists.",
			Validators: []validator.List{listvalidator.SizeAtLeast(1), listvalidator.UniqueValues(),
				listvalidator.ValueStringsAre(stringvalidator.OneOf(usageGroups...))}}},
		{name: "tz", attr: schema.StringAttribute{Optional: true, Computed: true,
			MarkdownDescription: "IANA time zone of the bucket boundaries, such as `Europe/Berlin`. Unset, the " +
				"API's default (`UTC`), which this attribute then holds.",
			Validators: []validator.String{timeZoneValidator}}},
		{name: "limit", attr: schema.Int64Attribute{Optional: true,
			MarkdownDescription: "At most this many buckets, from 1 to 500 (the API's default). When the window " +
				"holds more, the read warns that the buckets stop short of `end`.",
			Validators: []validator.Int64{int64validator.Between(1, maxUsageBuckets)}}},
	},
	validators: []datasource.ConfigValidator{timeRangeValidator{lower: "start", upper: "end"}},
}

// usageResult is the state of itellico_usage besides its arguments. The
// API's data is buckets, because data.itellico_usage.x.data reads badly.
type usageResult struct {
	Start              *string                `json:"start"`
	End                *string                `json:"end"`
	Granularity        *string                `json:"granularity"`
	TZ                 *string                `json:"tz"`
	Buckets            []itellico.UsageBucket `json:"buckets"`
	TotalConversations int64                  `json:"total_conversations"`
	TotalSeconds       int64                  `json:"total_seconds"`
}

var usageDataSource = newDataSource[usageResult]("usage", "Reads the usage analytics of an itellico account "+
	"(`GET /v1/accounts/{account_id}/analytics/usage`): completed conversations and their seconds per "+
	"hour, day or month, optionally per agent, subaccount or type.", usageAttributes(), usageFilters, usageReader{})

func usageAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"account_id": accountIDAttribute("Account whose usage is read."),
		"buckets": computedObjects("The API's `data`, named so because `data.itellico_usage.x.data` reads badly: "+
			"one bucket per period of the window, earliest first, empty periods included.", map[string]schema.Attribute{
			"ts": computedTime("Start of the bucket, in the zone `tz` (RFC 3339)."),
			"values": computedObjects("One value per group that had completed conversations in the bucket (so none "+
				"for a quiet bucket when grouped); exactly one when not grouped, with 0 conversations in a quiet bucket.",
				map[string]schema.Attribute{
					"conversations": computedInt("Completed conversations that started in the bucket: in-progress, " +
						"failed and transferred ones do not count."),
					"seconds": computedInt("Their length, in seconds; a conversation without a duration adds 0, so a " +
						"value may hold conversations and 0 seconds."),
					"dimensions": schema.MapAttribute{Computed: true, ElementType: types.StringType,
						MarkdownDescription: "The group: for each name of `group_by`, its value: the agent's identifier " +
							"(`\"\"` for conversations without an agent), the account's identifier (the key's own " +
							"account included), or the conversation type; null when not grouped."},
				}),
		}),
		"total_conversations": computedInt("Completed conversations, summed over every bucket (only completed " +
			"conversations count; `itellico_conversation_counts` counts every status)."),
		"total_seconds": computedInt("Their length in seconds, summed over every bucket."),
	}
}

type usageReader struct{}

func (usageReader) read(r *request) *usageResult {
	account := r.account
	u, err := r.client().Usage(r.ctx, account, r.query(usageFilters))
	if err != nil {
		r.fail(fmt.Sprintf("read the usage of account %q", account), err)
		return nil
	}
	out := &usageResult{Start: u.Meta.Start, End: u.Meta.End, Granularity: u.Meta.Granularity, TZ: u.Meta.TZ,
		Buckets: u.Data}
	for _, b := range u.Data {
		for _, v := range b.Values {
			out.TotalConversations += deref(v.Conversations)
			out.TotalSeconds += deref(v.Seconds)
		}
	}
	limit, set := r.intArg("limit")
	if !set {
		limit = maxUsageBuckets // the API's default
	}
	if int64(len(u.Data)) >= limit {
		if stop, cut := bucketsCut(r, u); cut {
			r.diags.AddWarning("Usage buckets stop short of the window's end",
				fmt.Sprintf("The API answered with %d buckets, the limit, and they stop at %s: the window asked for "+
					"goes on, and the totals leave the rest out. Raise limit (at most %d), choose a coarser "+
					"granularity, or a shorter window.", len(u.Data), stop.Format(time.RFC3339), maxUsageBuckets))
		}
	}
	return out
}

// bucketsCut returns where the buckets of u stop, and whether the window
// goes on beyond: past the end configured, or, with none, up to the end the
// API reports (a server that cuts the buckets may report the window it
// counted, which then ends exactly where they stop).
func bucketsCut(r *request, u *itellico.Usage) (time.Time, bool) {
	last := u.Data[len(u.Data)-1].TS
	loc, err := calendar.LoadZone(deref(u.Meta.TZ))
	if last == nil || err != nil {
		return time.Time{}, false
	}
	ts, err := time.Parse(time.RFC3339Nano, *last)
	if err != nil {
		return time.Time{}, false
	}
	ts = ts.In(loc)
	var stop time.Time
	switch deref(u.Meta.Granularity) {
	case "hour":
		stop = ts.Add(time.Hour)
	case "month":
		stop = ts.AddDate(0, 1, 0)
	default:
		stop = ts.AddDate(0, 0, 1)
	}
	if configured, ok := r.stringArg("end"); ok {
		end, err := time.Parse(time.RFC3339Nano, configured)
		return stop, err == nil && stop.Before(end)
	}
	end, err := time.Parse(time.RFC3339Nano, deref(u.Meta.End))
	return stop, err == nil && !stop.After(end)
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
