package calendar

import (
	"testing"
	"time"
)

// caseDeadline bounds one computation in the tests. A period takes
// microseconds; a computation that has not ended after this long never will
// (the search it ran had no bound), and the test reports it as failed rather
// than hang the suite.
const caseDeadline = 20 * time.Second

// periodWithin runs PeriodOf in its own goroutine and gives up after
// caseDeadline. A computation that hangs keeps its goroutine spinning until
// the test binary exits; the test has failed by then.
func periodWithin(t time.Time, unit Unit, loc *time.Location, offset int64) (Period, error, bool) {
	type result struct {
		p   Period
		err error
	}
	done := make(chan result, 1)
	go func() {
		p, err := PeriodOf(t, unit, loc, offset)
		done <- result{p, err}
	}()
	timer := time.NewTimer(caseDeadline)
	defer timer.Stop()
	select {
	case r := <-done:
		return r.p, r.err, true
	case <-timer.C:
		return Period{}, nil, false
	}
}

// The calls that never returned before the search for the start of a day
// was bounded: Go's time package computes a year of an ongoing summer-time
// rule as 365 days from its start, so near the end of a leap year
// ZoneBounds gave an end no later than the instant, and the walk over the
// zone's periods stood still. The first hung with this machine's zone data
// as well; the others with Go's (the zone data the provider embeds).
func TestPeriodOf_endsNearTheEndOfALeapYear(t *testing.T) {
	for _, tc := range []struct {
		at         string
		unit       Unit
		zone       string
		offset     int64
		start, end string
	}{
		{"2040-06-01T00:00:00Z", Year, "Europe/Berlin", 0,
			"2040-01-01T00:00:00+01:00", "2041-01-01T00:00:00+01:00"},
		{"2024-12-31T12:00:00Z", Day, "America/New_York", 0,
			"2024-12-31T00:00:00-05:00", "2025-01-01T00:00:00-05:00"},
		{"2025-01-01T12:00:00Z", Month, "Europe/London", 0,
			"2025-01-01T00:00:00Z", "2025-02-01T00:00:00Z"},
		{"2026-12-07T05:00:00Z", Year, "Europe/Berlin", -2,
			"2024-01-01T00:00:00+01:00", "2025-01-01T00:00:00+01:00"},
		{"2025-03-09T05:00:01Z", Year, "America/Havana", -1,
			"2024-01-01T00:00:00-05:00", "2025-01-01T00:00:00-05:00"},
	} {
		t.Run(tc.zone+" "+tc.at, func(t *testing.T) {
			at, err := time.Parse(time.RFC3339, tc.at)
			if err != nil {
				t.Fatal(err)
			}
			loc, err := LoadZone(tc.zone)
			if err != nil {
				t.Fatal(err)
			}
			p, err, ok := periodWithin(at, tc.unit, loc, tc.offset)
			if !ok {
				t.Fatalf("PeriodOf(%s, %s, %s, %d) did not return within %s", tc.at, tc.unit, tc.zone, tc.offset, caseDeadline)
			}
			if err != nil {
				t.Fatal(err)
			}
			if start, end := RFC3339(p.Start), RFC3339(p.End); start != tc.start || end != tc.end {
				t.Errorf("PeriodOf(%s, %s, %s, %d) = [%s, %s), want [%s, %s)",
					tc.at, tc.unit, tc.zone, tc.offset, start, end, tc.start, tc.end)
			}
		})
	}
}
