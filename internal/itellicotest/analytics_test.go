package itellicotest

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

// usageAnswer is the usage answer with each bucket's ts as sent.
type usageAnswer struct {
	Meta struct {
		AccountID   string   `json:"account_id"`
		Start       string   `json:"start"`
		End         string   `json:"end"`
		Granularity string   `json:"granularity"`
		GroupBy     []string `json:"group_by"`
		TZ          string   `json:"tz"`
	} `json:"meta"`
	Data []struct {
		TS     string       `json:"ts"`
		Values []UsageValue `json:"values"`
	} `json:"data"`
}

func usage(t *testing.T, s *Server, account string, q url.Values) usageAnswer {
	t.Helper()
	var u usageAnswer
	decode(t, get(t, s, accountPath(account, "analytics/usage?"+q.Encode())), &u)
	return u
}

// tally is what a bucket, or a group in it, should hold.
type tally struct{ conversations, seconds int64 }

// expected counts the completed conversations of cs that start in [from, to), by the key that
// key gives each; it is the test's own reading of the rules, not the server's code.
func expected(cs []Conversation, from, to time.Time, account string, key func(Conversation) string) map[string]tally {
	m := map[string]tally{}
	for _, c := range cs {
		if c.Status != "completed" || c.StartTimestamp.Before(from) || !c.StartTimestamp.Before(to) ||
			account != DefaultAccountID && c.AccountID != account {
			continue
		}
		d, _ := c.DurationSeconds.Get()
		k := key(c)
		m[k] = tally{m[k].conversations + 1, m[k].seconds + d}
	}
	return m
}

// ungrouped turns an answer without group_by into tallies by ts, checking each bucket has one
// value without dimensions.
func ungrouped(t *testing.T, u usageAnswer) map[string]tally {
	t.Helper()
	m := map[string]tally{}
	for _, b := range u.Data {
		if len(b.Values) != 1 || b.Values[0].Dimensions != nil {
			t.Fatalf("bucket %s: values %+v, want exactly one without dimensions", b.TS, b.Values)
		}
		if v := b.Values[0]; v.Conversations > 0 {
			m[b.TS] = tally{int64(v.Conversations), v.Seconds}
		}
	}
	return m
}

func tss(u usageAnswer) []string {
	var ts []string
	for _, b := range u.Data {
		ts = append(ts, b.TS)
	}
	return ts
}

func sameTallies(t *testing.T, what string, got, want map[string]tally) {
	t.Helper()
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("%s:\n got %v\nwant %v", what, got, want)
	}
}

func TestUsageDefaults(t *testing.T) {
	s := newSeeded(t, Options{})
	u := usage(t, s, "me", nil)
	from := now.Add(-30 * 24 * time.Hour)
	if u.Meta.AccountID != DefaultAccountID || u.Meta.Start != "2025-05-16T12:00:00Z" || u.Meta.End != "2025-06-15T12:00:00Z" ||
		u.Meta.Granularity != "day" || u.Meta.GroupBy != nil || u.Meta.TZ != "UTC" {
		t.Errorf("meta %+v", u.Meta)
	}
	if len(u.Data) != 31 || u.Data[0].TS != "2025-05-16T00:00:00Z" || u.Data[30].TS != "2025-06-15T00:00:00Z" {
		t.Errorf("buckets %v", tss(u))
	}
	want := expected(s.Conversations(), from, now, DefaultAccountID, func(c Conversation) string {
		return c.StartTimestamp.UTC().Format("2006-01-02") + "T00:00:00Z"
	})
	sameTallies(t, "days", ungrouped(t, u), want)
	// Conversations 6 and 7, completed without a duration, count with 0 seconds.
	if got := want[now.Format("2006-01-02")+"T00:00:00Z"]; got.conversations == 0 {
		t.Errorf("today %+v", got)
	}
}

func TestUsageGranularities(t *testing.T) {
	s := newSeeded(t, Options{})
	cs := s.Conversations()

	from := now.Add(-24 * time.Hour)
	u := usage(t, s, DefaultAccountID, url.Values{"start": {rfc3339(from)}, "end": {rfc3339(now)}, "granularity": {"hour"}})
	if len(u.Data) != 24 || u.Data[0].TS != "2025-06-14T12:00:00Z" || u.Meta.Granularity != "hour" {
		t.Errorf("hours %v", tss(u))
	}
	sameTallies(t, "hours", ungrouped(t, u), expected(cs, from, now, DefaultAccountID, func(c Conversation) string {
		return c.StartTimestamp.UTC().Truncate(time.Hour).Format(time.RFC3339)
	}))

	from = time.Date(2025, time.March, 10, 0, 0, 0, 0, time.UTC)
	u = usage(t, s, "me", url.Values{"start": {rfc3339(from)}, "granularity": {"month"}})
	if !slices.Equal(tss(u), []string{"2025-03-01T00:00:00Z", "2025-04-01T00:00:00Z", "2025-05-01T00:00:00Z", "2025-06-01T00:00:00Z"}) ||
		u.Meta.Start != "2025-03-10T00:00:00Z" || u.Meta.End != "2025-06-15T12:00:00Z" {
		t.Errorf("months %v, meta %+v", tss(u), u.Meta)
	}
	sameTallies(t, "months", ungrouped(t, u), expected(cs, from, now, DefaultAccountID, func(c Conversation) string {
		return c.StartTimestamp.UTC().Format("2006-01") + "-01T00:00:00Z"
	}))

	// A subaccount counts its own conversations only.
	u = usage(t, s, SubaccountSchweizID, url.Values{"start": {"2025-04-01T00:00:00Z"}, "granularity": {"month"}})
	got := ungrouped(t, u)
	sameTallies(t, "subaccount", got, expected(cs, time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC), now, SubaccountSchweizID,
		func(c Conversation) string { return c.StartTimestamp.UTC().Format("2006-01") + "-01T00:00:00Z" }))
	if u.Meta.AccountID != SubaccountSchweizID || len(got) == 0 {
		t.Errorf("subaccount: meta %+v, %v", u.Meta, got)
	}
}

func TestUsageGroups(t *testing.T) {
	s := newSeeded(t, Options{})
	from := now.Add(-70 * 24 * time.Hour)
	u := usage(t, s, "me", url.Values{"start": {rfc3339(from)}, "granularity": {"month"}, "group_by": {"type,subaccount"}})
	if !slices.Equal(u.Meta.GroupBy, []string{"type", "subaccount"}) {
		t.Errorf("meta %+v", u.Meta)
	}
	got := map[string]tally{}
	for _, b := range u.Data {
		var dims []string
		for _, v := range b.Values {
			if len(v.Dimensions) != 2 || v.Conversations == 0 {
				t.Errorf("%s: value %+v", b.TS, v)
			}
			d := v.Dimensions["type"] + "/" + v.Dimensions["subaccount"]
			dims = append(dims, d)
			got[b.TS+" "+d] = tally{int64(v.Conversations), v.Seconds}
		}
		if !slices.IsSorted(dims) {
			t.Errorf("%s: values not sorted by type, then subaccount: %v", b.TS, dims)
		}
	}
	want := expected(s.Conversations(), from, now, DefaultAccountID, func(c Conversation) string {
		return c.StartTimestamp.UTC().Format("2006-01") + "-01T00:00:00Z " + c.Type + "/" + c.AccountID
	})
	sameTallies(t, "by type and subaccount", got, want)
	if !strings.Contains(fmt.Sprint(want), SubaccountSchweizID) || !strings.Contains(fmt.Sprint(want), DefaultAccountID) {
		t.Errorf("the window should hold conversations of both accounts: %v", want)
	}

	// By agent: the conversations without one have the agent "".
	u = usage(t, s, "me", url.Values{"start": {rfc3339(now.Add(-48 * time.Hour))}, "granularity": {"day"}, "group_by": {"agent"}})
	got = map[string]tally{}
	for _, b := range u.Data {
		for _, v := range b.Values {
			got[b.TS+" "+v.Dimensions["agent"]] = tally{int64(v.Conversations), v.Seconds}
		}
	}
	sameTallies(t, "by agent", got, expected(s.Conversations(), now.Add(-48*time.Hour), now, DefaultAccountID, func(c Conversation) string {
		return c.StartTimestamp.UTC().Format("2006-01-02") + "T00:00:00Z " + c.AgentID.V
	}))
	if _, ok := got["2025-06-15T00:00:00Z "]; !ok {
		t.Errorf("no group without agent today: %v", got)
	}

	// A bucket without conversations has no values when grouped.
	u = usage(t, s, "me", url.Values{"start": {"2025-01-01T00:00:00Z"}, "end": {"2025-01-03T00:00:00Z"}, "group_by": {"agent"}})
	if len(u.Data) != 2 || len(u.Data[0].Values) != 0 || u.Data[0].Values == nil {
		t.Errorf("empty days grouped: %+v", u.Data)
	}
}

// TestUsageAcrossDST puts conversations around the changes of Central European time in 2025
// (30 March: 02:00 becomes 03:00; 26 October: 03:00 becomes 02:00) and reads them in Berlin time.
func TestUsageAcrossDST(t *testing.T) {
	at := func(rfc string, seconds int64) Conversation {
		start, err := time.Parse(time.RFC3339, rfc)
		if err != nil {
			t.Fatal(err)
		}
		return Conversation{ConversationID: derivedUUID("dst", int(start.Unix())), Type: "phone", Status: "completed",
			StartTimestamp: start, CreatedAt: start, UpdatedAt: start.Add(time.Minute), DurationSeconds: Some(seconds)}
	}
	s := newSeeded(t, Options{Conversations: []Conversation{
		at("2025-03-29T23:30:00+01:00", 10), // the 29th in Berlin, the 29th in UTC
		at("2025-03-30T00:30:00+01:00", 20), // the 30th in Berlin, the 29th in UTC
		at("2025-03-30T23:30:00+02:00", 30), // still the 30th in Berlin
		at("2025-03-31T00:30:00+02:00", 40), // the 31st in Berlin, the 30th in UTC
		at("2025-10-26T02:30:00+02:00", 50), // the first 02:00 hour
		at("2025-10-26T02:30:00+01:00", 60), // the second one
		at("2025-10-26T03:10:00+01:00", 70),
	}})
	tz := url.Values{"tz": {"Europe/Berlin"}}
	with := func(kv ...string) url.Values {
		q := url.Values{}
		for k, v := range tz {
			q[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			q.Set(kv[i], kv[i+1])
		}
		return q
	}

	u := usage(t, s, "me", with("start", "2025-03-29T00:00:00+01:00", "end", "2025-04-01T00:00:00+02:00"))
	if !slices.Equal(tss(u), []string{"2025-03-29T00:00:00+01:00", "2025-03-30T00:00:00+01:00", "2025-03-31T00:00:00+02:00"}) ||
		u.Meta.TZ != "Europe/Berlin" || u.Meta.Start != "2025-03-28T23:00:00Z" || u.Meta.End != "2025-03-31T22:00:00Z" {
		t.Errorf("spring days %v, meta %+v", tss(u), u.Meta)
	}
	sameTallies(t, "spring days", ungrouped(t, u), map[string]tally{
		"2025-03-29T00:00:00+01:00": {1, 10}, "2025-03-30T00:00:00+01:00": {2, 50}, "2025-03-31T00:00:00+02:00": {1, 40}})

	u = usage(t, s, "me", with("start", "2025-03-30T00:00:00+01:00", "end", "2025-03-30T05:00:00+02:00", "granularity", "hour"))
	if !slices.Equal(tss(u), []string{"2025-03-30T00:00:00+01:00", "2025-03-30T01:00:00+01:00", "2025-03-30T03:00:00+02:00",
		"2025-03-30T04:00:00+02:00"}) {
		t.Errorf("spring hours %v", tss(u))
	}

	u = usage(t, s, "me", with("start", "2025-10-26T00:00:00+02:00", "end", "2025-10-26T04:00:00+01:00", "granularity", "hour"))
	if !slices.Equal(tss(u), []string{"2025-10-26T00:00:00+02:00", "2025-10-26T01:00:00+02:00", "2025-10-26T02:00:00+02:00",
		"2025-10-26T02:00:00+01:00", "2025-10-26T03:00:00+01:00"}) {
		t.Errorf("autumn hours %v", tss(u))
	}
	sameTallies(t, "autumn hours", ungrouped(t, u), map[string]tally{
		"2025-10-26T02:00:00+02:00": {1, 50}, "2025-10-26T02:00:00+01:00": {1, 60}, "2025-10-26T03:00:00+01:00": {1, 70}})

	u = usage(t, s, "me", with("start", "2025-10-25T12:00:00Z", "end", "2025-10-27T12:00:00Z"))
	if !slices.Equal(tss(u), []string{"2025-10-25T00:00:00+02:00", "2025-10-26T00:00:00+02:00", "2025-10-27T00:00:00+01:00"}) {
		t.Errorf("autumn days %v", tss(u))
	}
	sameTallies(t, "autumn days", ungrouped(t, u), map[string]tally{"2025-10-26T00:00:00+02:00": {3, 180}})

	// The same data by UTC days.
	u = usage(t, s, "me", url.Values{"start": {"2025-03-29T00:00:00Z"}, "end": {"2025-04-01T00:00:00Z"}})
	sameTallies(t, "UTC days", ungrouped(t, u), map[string]tally{"2025-03-29T00:00:00Z": {2, 30}, "2025-03-30T00:00:00Z": {2, 70}})
}

// TestUsageWhereMidnightIsSkipped reads days, months and hours in zones whose clocks skip a
// stretch of time at a bucket's start: America/Santiago went from 00:00 to 01:00 on 8 September
// 2024, America/Asuncion on 1 October 2023, and Australia/Lord_Howe goes from 02:00 to 02:30 in
// October. A bucket starts at the first instant of its day, month or hour that exists; each
// bucket once, every instant in one.
func TestUsageWhereMidnightIsSkipped(t *testing.T) {
	at := func(rfc string, seconds int64) Conversation {
		start, err := time.Parse(time.RFC3339, rfc)
		if err != nil {
			t.Fatal(err)
		}
		return Conversation{ConversationID: derivedUUID("skipped-midnight", int(start.Unix())), Type: "phone",
			Status: "completed", StartTimestamp: start, CreatedAt: start, UpdatedAt: start.Add(time.Minute),
			DurationSeconds: Some(seconds)}
	}
	s := newSeeded(t, Options{Conversations: []Conversation{
		at("2024-09-07T23:30:00-04:00", 10), // the 7th in Santiago
		at("2024-09-08T01:30:00-03:00", 20), // the 8th, half an hour after its first instant
		at("2024-09-09T00:30:00-03:00", 30), // the 9th
		at("2023-09-30T23:30:00-04:00", 40), // September in Asuncion
		at("2023-10-01T01:30:00-03:00", 50), // October, whose first midnight did not happen
		at("2024-10-06T01:45:00+10:30", 60), // Lord Howe, the hour before the change
		at("2024-10-06T02:45:00+11:00", 70), // the 02:00 hour, which starts at 02:30
	}})
	for _, tc := range []struct {
		name, tz, granularity, start, end string
		want                              []string
		tallies                           map[string]tally
	}{
		{"Santiago days", "America/Santiago", "day", "2024-09-06T12:00:00-04:00", "2024-09-10T00:00:00-03:00",
			[]string{"2024-09-06T00:00:00-04:00", "2024-09-07T00:00:00-04:00", "2024-09-08T01:00:00-03:00", "2024-09-09T00:00:00-03:00"},
			map[string]tally{"2024-09-07T00:00:00-04:00": {1, 10}, "2024-09-08T01:00:00-03:00": {1, 20}, "2024-09-09T00:00:00-03:00": {1, 30}}},
		{"Santiago hours", "America/Santiago", "hour", "2024-09-07T22:00:00-04:00", "2024-09-08T03:00:00-03:00",
			[]string{"2024-09-07T22:00:00-04:00", "2024-09-07T23:00:00-04:00", "2024-09-08T01:00:00-03:00", "2024-09-08T02:00:00-03:00"},
			map[string]tally{"2024-09-07T23:00:00-04:00": {1, 10}, "2024-09-08T01:00:00-03:00": {1, 20}}},
		{"Asuncion months", "America/Asuncion", "month", "2023-09-15T00:00:00-04:00", "2023-11-15T00:00:00-03:00",
			[]string{"2023-09-01T00:00:00-04:00", "2023-10-01T01:00:00-03:00", "2023-11-01T00:00:00-03:00"},
			map[string]tally{"2023-09-01T00:00:00-04:00": {1, 40}, "2023-10-01T01:00:00-03:00": {1, 50}}},
		{"Lord Howe hours", "Australia/Lord_Howe", "hour", "2024-10-06T01:00:00+10:30", "2024-10-06T04:00:00+11:00",
			[]string{"2024-10-06T01:00:00+10:30", "2024-10-06T02:30:00+11:00", "2024-10-06T03:00:00+11:00"},
			map[string]tally{"2024-10-06T01:00:00+10:30": {1, 60}, "2024-10-06T02:30:00+11:00": {1, 70}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u := usage(t, s, "me", url.Values{"tz": {tc.tz}, "granularity": {tc.granularity}, "start": {tc.start}, "end": {tc.end}})
			if !slices.Equal(tss(u), tc.want) {
				t.Errorf("buckets %v, want %v", tss(u), tc.want)
			}
			sameTallies(t, tc.name, ungrouped(t, u), tc.tallies)
		})
	}
}

func TestUsageLimit(t *testing.T) {
	s := newSeeded(t, Options{})
	from := now.Add(-10 * 24 * time.Hour)
	u := usage(t, s, "me", url.Values{"start": {rfc3339(from)}, "limit": {"3"}})
	if !slices.Equal(tss(u), []string{"2025-06-05T00:00:00Z", "2025-06-06T00:00:00Z", "2025-06-07T00:00:00Z"}) ||
		u.Meta.Start != "2025-06-05T12:00:00Z" || u.Meta.End != "2025-06-08T00:00:00Z" {
		t.Errorf("limit 3: %v, meta %+v", tss(u), u.Meta)
	}
	end := time.Date(2025, time.June, 8, 0, 0, 0, 0, time.UTC)
	sameTallies(t, "limit 3", ungrouped(t, u), expected(s.Conversations(), from, end, DefaultAccountID, func(c Conversation) string {
		return c.StartTimestamp.UTC().Format("2006-01-02") + "T00:00:00Z"
	}))

	u = usage(t, s, "me", url.Values{"start": {"2024-01-01T00:00:00Z"}, "granularity": {"hour"}})
	if len(u.Data) != 500 || u.Meta.End != "2024-01-21T20:00:00Z" {
		t.Errorf("default limit: %d buckets, meta %+v", len(u.Data), u.Meta)
	}
	// An end on a bucket's start leaves that bucket out.
	u = usage(t, s, "me", url.Values{"start": {"2025-06-01T00:00:00Z"}, "end": {"2025-06-03T00:00:00Z"}})
	if !slices.Equal(tss(u), []string{"2025-06-01T00:00:00Z", "2025-06-02T00:00:00Z"}) {
		t.Errorf("end on a boundary: %v", tss(u))
	}
}

func TestUsageValidation(t *testing.T) {
	s := newSeeded(t, Options{})
	for query, want := range map[string][]string{
		"tz=Mars/Olympus":  {"tz"},
		"tz=Local":         {"tz"},
		"tz=":              {"tz"},
		"tz=../etc/passwd": {"tz"},
		"start=2025-06-15T12:00:00Z&end=2025-06-15T12:00:00Z": {"start"},
		"start=2025-06-16T00:00:00Z":                          {"start"}, // after the default end, now
		"end=2025-05-01T00:00:00Z&start=2025-05-02T00:00:00Z": {"start"},
		"start=yesterday&end=2025-01-01":                      {"start", "end"},
		"granularity=week":                                    {"granularity"},
		"granularity=DAY":                                     {"granularity"},
		"group_by=agent,agent":                                {"group_by"},
		"group_by=team":                                       {"group_by"},
		"group_by=agent&group_by=type":                        {"group_by"},
		"limit=0":                                             {"limit"},
		"limit=501":                                           {"limit"},
		"tz=Europe/Atlantis&limit=x&granularity=year":         {"granularity", "tz", "limit"},
	} {
		e := decodeError(t, get(t, s, accountPath("me", "analytics/usage?"+query)), 422, "validation_error")
		if !slices.Equal(errorFields(e), want) {
			t.Errorf("%q: errors %+v, want fields %v", query, e.Errors, want)
		}
	}
	for _, good := range []string{"tz=America/St_Johns&granularity=hour", "tz=Asia/Kolkata", "group_by=agent,subaccount,type",
		"limit=1", "limit=500", "start=2025-06-15T11:59:59.999Z"} {
		if r := get(t, s, accountPath("me", "analytics/usage?"+good)); r.status != 200 {
			t.Errorf("%s: %d %s", good, r.status, r.body)
		}
	}
	// Hours in a zone half an hour off UTC start at its half hours.
	u := usage(t, s, "me", url.Values{"tz": {"Asia/Kolkata"}, "granularity": {"hour"}, "start": {"2025-06-15T10:00:00Z"}})
	if !slices.Equal(tss(u), []string{"2025-06-15T15:00:00+05:30", "2025-06-15T16:00:00+05:30", "2025-06-15T17:00:00+05:30"}) {
		t.Errorf("Kolkata hours %v", tss(u))
	}
}

// A window at the edge of the years RFC 3339 can write, in a zone behind UTC, still gets its
// buckets: its first day lies in year 0.
func TestUsageAtTheEdgeOfTime(t *testing.T) {
	s := newSeeded(t, Options{})
	u := usage(t, s, "me", url.Values{"tz": {"America/New_York"}, "start": {"0001-01-01T00:00:00Z"},
		"end": {"0001-01-03T00:00:00Z"}})
	if len(u.Data) != 3 {
		t.Errorf("buckets %v, want 3", tss(u))
	}
}
