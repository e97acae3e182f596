package calendar

import (
	"errors"
	"math/rand/v2"
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

// In every zone of the embedded database, at random instants of the years 1
// to 9999, of the years around now and of the last days of leap years, each
// period ends (within
// caseDeadline), contains its instant, meets the next period, and starts at
// the first instant whose wall clock reads its first date or later: one
// second before, the wall clock reads an earlier date.
func TestPeriodOf_everyZoneEnds(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 21))
	lo := time.Date(1, 1, 2, 0, 0, 0, 0, time.UTC).Unix()
	hi := time.Date(9999, 12, 30, 0, 0, 0, 0, time.UTC).Unix()
	now0 := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	now1 := time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	calls, failed := 0, 0
	for _, name := range ZoneNames() {
		loc := mustZone(t, name)
		for i := 0; i < 24 && failed < 20; i++ {
			var s int64
			switch i % 3 {
			case 0:
				s = lo + rng.Int64N(hi-lo)
			case 1:
				s = now0 + rng.Int64N(now1-now0)
			default: // the last two days of a leap year
				y := 2024 + 4*rng.IntN(20)
				s = time.Date(y, 12, 30, 0, 0, 0, 0, time.UTC).Unix() + rng.Int64N(2*86400)
			}
			at := time.Unix(s, 0)
			unit := Units[i%len(Units)]
			p, err, ok := periodWithin(at, unit, loc, 0)
			calls++
			if !ok {
				t.Fatalf("%s: PeriodOf(%s, %s) did not return within %s", name, at.UTC(), unit, caseDeadline)
			}
			if err != nil {
				failed++
				t.Errorf("%s: PeriodOf(%s, %s): %v", name, at.UTC(), unit, err)
				continue
			}
			next, err, ok := periodWithin(at, unit, loc, 1)
			calls++
			if !ok {
				t.Fatalf("%s: PeriodOf(%s, %s, 1) did not return within %s", name, at.UTC(), unit, caseDeadline)
			}
			var skipped *SkippedError
			if err == nil && !next.Start.Equal(p.End) {
				failed++
				t.Errorf("%s: the %s after [%s, %s) starts at %s", name, unit, p.Start, p.End, next.Start)
			} else if err != nil && !errors.As(err, &skipped) && !errors.Is(err, ErrOutOfRange) {
				failed++
				t.Errorf("%s: PeriodOf(%s, %s, 1): %v", name, at.UTC(), unit, err)
			}
			wall := func(t time.Time) date {
				y, m, d := t.In(loc).Date()
				return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
			}
			firstDate := first(unit, p.Start.In(loc))
			if at.Before(p.Start) || !at.Before(p.End) || wall(p.Start).Before(firstDate) ||
				!wall(p.Start.Add(-time.Second)).Before(firstDate) {
				failed++
				t.Errorf("%s: PeriodOf(%s, %s) = [%s, %s)", name, at.UTC(), unit, p.Start, p.End)
			}
		}
	}
	t.Logf("%d zones, %d calls", len(ZoneNames()), calls)
}
