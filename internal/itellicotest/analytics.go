package itellicotest

import (
	"cmp"
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/itellicoai/terraform-provider-itellico/internal/calendar"
)

// Values of the usage endpoint's granularity and group_by parameters.
var (
	Granularities = []string{"hour", "day", "month"}
	UsageGroups   = []string{"agent", "subaccount", "type"}
)

// Usage is the answer of GET /v1/accounts/{account_id}/analytics/usage.
type Usage struct {
	Meta UsageMeta     `json:"meta"`
	Data []UsageBucket `json:"data"`
}

// UsageMeta is the window and the settings the server used. Start and End are sent in UTC.
type UsageMeta struct {
	AccountID   string    `json:"account_id"`
	Start       time.Time `json:"start"`
	End         time.Time `json:"end"`
	Granularity string    `json:"granularity"`
	GroupBy     []string  `json:"group_by,omitempty"`
	TZ          string    `json:"tz"`
}

// UsageBucket is one hour, day or month; TS is its start, in the offset of the requested zone.
type UsageBucket struct {
	TS     time.Time    `json:"ts"`
	Values []UsageValue `json:"values"`
}

// UsageValue is the completed conversations of a bucket, or of one group of them.
type UsageValue struct {
	Conversations int               `json:"conversations"`
	Seconds       int64             `json:"seconds"`
	Dimensions    map[string]string `json:"dimensions,omitempty"`
}

// usage computes the answer from the conversations served. The API documents the parameters and
// the shape but not the arithmetic, so the stand-in assumes:
//
//   - A conversation counts when its status is completed and its start_timestamp is in the window
//     [start, end); seconds add up its duration_seconds, 0 when absent or null. The scope is that of
//     the conversations list: the path's account and its subaccounts, or the one subaccount named.
//   - A bucket starts at a whole hour, day or month of the wall clock in tz. Days and months start
//     at local midnight (a DST day lasts 23 or 25 hours), or at the first instant of the date where
//     a change of offset skips midnight; an hour is the instant minus its local minutes and
//     seconds, which keeps the two 02:00 hours of an autumn night apart (see bucketStart).
//   - data lists every bucket from the one holding start to the one holding the last instant
//     before end, earliest first, empty ones included. limit keeps the first limit buckets; end
//     in meta is then the end of the last one kept, since that is the window counted.
//   - Without group_by each bucket has exactly one value, without dimensions. With group_by it has
//     one value per group that has conversations in it (so possibly none), whose dimensions map
//     each group name to the conversation's agent_id ("" when it has none), account id
//     (subaccount, the key's own account included) or type; values are sorted by their
//     dimensions, compared in group_by's order. A group named twice is a 422; an empty group_by
//     is no grouping.
//   - start must be before end; otherwise the window is empty, and that is a 422 on start.
func (s *Server) usage(c *call) (int, []byte) {
	p := &c.params
	before := len(p.errs)
	start, end := p.time("start"), p.time("end")
	to, ok := end.Get()
	if !ok {
		to = s.opts.Now()
	}
	from, ok := start.Get()
	if !ok {
		from = to.Add(-30 * 24 * time.Hour)
	}
	if len(p.errs) == before && !from.Before(to) {
		p.fail("start", "must be before end %s; got %s", to.Format(time.RFC3339Nano), from.Format(time.RFC3339Nano))
	}
	granularity := cmp.Or(p.enum("granularity", Granularities).V, "day")
	groupBy := p.list("group_by", UsageGroups)
	for i, g := range groupBy {
		if slices.Contains(groupBy[:i], g) {
			p.fail("group_by", "names %s twice", g)
			break
		}
	}
	loc, tz := p.zone("tz", "UTC")
	limit := p.integer("limit", 500, 1, 500)
	if p.errs != nil {
		return p.failure()
	}

	var data []UsageBucket
	b := bucketStart(from, granularity, loc)
	for ; b.Before(to) && len(data) < limit; b = nextBucket(b, granularity, loc) {
		data = append(data, UsageBucket{TS: b, Values: []UsageValue{}})
		if groupBy == nil {
			data[len(data)-1].Values = []UsageValue{{}}
		}
	}
	if b.Before(to) { // limit left buckets out
		to = b
	}
	s.tally(data, c.account, from, to, groupBy)
	body := mustMarshal(Usage{
		Meta: UsageMeta{AccountID: c.account, Start: from.UTC(), End: to.UTC(), Granularity: granularity,
			GroupBy: groupBy, TZ: tz},
		Data: data,
	})
	return http.StatusOK, objectBody(body, c.fault)
}

// tally adds the completed conversations of account that start in [from, to) to their buckets,
// grouped by groupBy, and sorts each bucket's values by their dimensions.
func (s *Server) tally(data []UsageBucket, account string, from, to time.Time, groupBy []string) {
	groups := make([]map[string]int, len(data)) // per bucket: a group's dimensions, joined, to its value
	s.mu.RLock()
	for i := range s.convs {
		cv := &s.convs[i].v
		if cv.Status != "completed" || cv.StartTimestamp.Before(from) || !cv.StartTimestamp.Before(to) ||
			!s.inScope(account, cv.AccountID) {
			continue
		}
		k := sort.Search(len(data), func(j int) bool { return data[j].TS.After(cv.StartTimestamp) }) - 1
		v := 0
		if groupBy != nil {
			dims := make([]string, len(groupBy))
			for j, g := range groupBy {
				dims[j] = dimension(cv, g)
			}
			key := strings.Join(dims, "\x00")
			if groups[k] == nil {
				groups[k] = map[string]int{}
			}
			var seen bool
			if v, seen = groups[k][key]; !seen {
				v = len(data[k].Values)
				groups[k][key] = v
				m := make(map[string]string, len(groupBy))
				for j, g := range groupBy {
					m[g] = dims[j]
				}
				data[k].Values = append(data[k].Values, UsageValue{Dimensions: m})
			}
		}
		duration, _ := cv.DurationSeconds.Get()
		data[k].Values[v].Conversations++
		data[k].Values[v].Seconds += duration
	}
	s.mu.RUnlock()

	for k := range data {
		slices.SortFunc(data[k].Values, func(x, y UsageValue) int {
			for _, g := range groupBy {
				if c := strings.Compare(x.Dimensions[g], y.Dimensions[g]); c != 0 {
					return c
				}
			}
			return 0
		})
	}
}

// dimension is the value of conversation c in the group g.
func dimension(c *Conversation, g string) string {
	switch g {
	case "agent":
		id, _ := c.AgentID.Get()
		return id
	case "subaccount":
		return c.AccountID
	default:
		return c.Type
	}
}

// bucketStart is the start of the bucket that holds t.
//
// Days and months are calendar periods of loc (package calendar): they start at the first
// instant of their first date, which is 01:00 where a change of offset skips midnight. time.Date
// cannot be used: for a midnight that does not exist it may answer an instant of the day before
// (America/Santiago on 8 September 2024 gives 23:00 on the 7th), and the next bucket is then the
// same instant again.
//
// An hour starts at the instant minus t's local minutes and seconds, which keeps the two 02:00
// hours of an autumn night apart, but not before the change of offset that t follows: where a
// change skips part of an hour (Australia/Lord_Howe goes from 02:00 to 02:30), that hour starts
// at its first instant that exists.
func bucketStart(t time.Time, granularity string, loc *time.Location) time.Time {
	l := t.In(loc)
	switch granularity {
	case "hour":
		b := l.Add(-time.Duration(l.Minute())*time.Minute - time.Duration(l.Second())*time.Second -
			time.Duration(l.Nanosecond()))
		if changed, _ := l.ZoneBounds(); b.Before(changed) {
			b = changed.In(loc)
		}
		return b
	default:
		return period(l, granularity, loc).Start
	}
}

// nextBucket is the start of the bucket after the one starting at b.
func nextBucket(b time.Time, granularity string, loc *time.Location) time.Time {
	switch granularity {
	case "hour":
		return bucketStart(b.Add(time.Hour), granularity, loc)
	default:
		return period(b, granularity, loc).End
	}
}

// period is the day or month of loc that holds t.
func period(t time.Time, granularity string, loc *time.Location) calendar.Period {
	unit := calendar.Day
	if granularity == "month" {
		unit = calendar.Month
	}
	if p, err := calendar.PeriodOf(t, unit, loc, 0); err == nil {
		return p
	}
	// Outside the years 1 to 9999 (a window at the edge of RFC 3339's years, in a zone behind
	// UTC), where no zone changes its offset: midnight by the wall clock.
	l := t.In(loc)
	if unit == calendar.Month {
		return calendar.Period{Start: time.Date(l.Year(), l.Month(), 1, 0, 0, 0, 0, loc),
			End: time.Date(l.Year(), l.Month()+1, 1, 0, 0, 0, 0, loc)}
	}
	return calendar.Period{Start: time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, loc),
		End: time.Date(l.Year(), l.Month(), l.Day()+1, 0, 0, 0, 0, loc)}
}
