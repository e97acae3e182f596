// Package calendar computes the calendar periods of a time zone — days, ISO
// weeks, months and years — as ranges of instants, for reports that ask
// "last week in Berlin" rather than "the last 168 hours". It knows nothing of
// Terraform.
//
// A period is half-open: it starts at the first instant of its first date
// (inclusive) and ends where the next period starts (exclusive), so
// consecutive periods tile time without gaps or overlaps, whatever the length
// of their days. Where a change of offset skips local midnight (clocks going
// from 00:00 to 01:00, as in America/Santiago, America/Havana, Asia/Beirut or
// Asia/Tehran), a date starts at its first instant that exists; where
// midnight happens twice (America/Havana going back from 01:00 to 00:00), it
// starts at the first one. In general a date starts at the first instant at
// which the zone's wall clock reads that date or a later one, so the rare
// hour that a zone repeats from the day before (America/Goose_Bay fell back
// from 00:01 to 23:01 until 2010) belongs to the new day, and a date that a
// zone skipped entirely (Pacific/Apia went from 29 to 31 December 2011) is
// an empty period.
package calendar

import (
	"errors"
	"fmt"
	"time"
)

// Unit is the length of a calendar period.
type Unit string

// The units. A week is an ISO 8601 week: Monday to Sunday.
const (
	Day   Unit = "day"
	Week  Unit = "week"
	Month Unit = "month"
	Year  Unit = "year"
)

// Units lists the units in increasing length.
var Units = []Unit{Day, Week, Month, Year}

// ParseUnit returns the unit named s, which is case-sensitive.
func ParseUnit(s string) (Unit, bool) {
	for _, u := range Units {
		if string(u) == s {
			return u, true
		}
	}
	return "", false
}

// Period is a half-open range of instants: [Start, End).
type Period struct {
	Start, End time.Time
}

// ErrOutOfRange is returned for a period that does not lie within the years
// 1 to 9999, the years an RFC 3339 timestamp can be written in.
var ErrOutOfRange = errors.New("the period does not lie within the years 1 to 9999")

// maxOffset bounds offsets before any arithmetic: more days than there are
// in 10,000 years is out of range for every unit.
const maxOffset = 10_000 * 366

// SkippedError is returned for a period that has no instant because the
// zone skipped its dates: a day such as 2011-12-30 in Pacific/Apia, whose
// clocks went from the end of the 29th to the start of the 31st.
type SkippedError struct {
	Unit  Unit
	First time.Time // the period's first date, at midnight UTC
	Zone  string
}

func (e *SkippedError) Error() string {
	if e.Unit == Day {
		return fmt.Sprintf("the day %s never happened in %s: the zone's clocks skipped it, going from the day "+
			"before to the day after", e.First.Format(time.DateOnly), e.Zone)
	}
	return fmt.Sprintf("the %s from %s has no instant in %s: the zone's clocks skipped its dates",
		e.Unit, e.First.Format(time.DateOnly), e.Zone)
}

// PeriodOf returns the period of unit in loc that is offset periods away
// from the one containing t: 0 is the period containing t, -1 the one before
// it, 1 the one after. Start and End are in loc. It returns ErrOutOfRange
// for a period outside the years 1 to 9999 and a *SkippedError for one the
// zone skipped.
func PeriodOf(t time.Time, unit Unit, loc *time.Location, offset int64) (Period, error) {
	if _, ok := ParseUnit(string(unit)); !ok {
		return Period{}, fmt.Errorf("unknown calendar unit %q", unit)
	}
	if offset > maxOffset || offset < -maxOffset {
		return Period{}, ErrOutOfRange
	}
	if !inDateRange(t) {
		return Period{}, ErrOutOfRange
	}
	// The date on t's wall clock names its period: the first instant at
	// which the wall clock reads that date or a later one is no later than
	// t. Only an hour that a zone repeats from the day before lies after the
	// start of the next period; as offsets differ by less than 2 days, that
	// is at most 2 periods on. The loop is bounded; PeriodOf checks that t
	// was placed.
	key := first(unit, t.In(loc))
	start, err := dayStart(key, loc)
	if err != nil {
		return Period{}, err
	}
	placed := false
	for i := 0; i < 3 && !placed; i++ {
		next, err := dayStart(add(unit, key, 1), loc)
		if err != nil {
			return Period{}, err
		}
		if placed = !t.Before(start) && t.Before(next); !placed {
			key, start = add(unit, key, 1), next
		}
	}
	if !placed {
		return Period{}, fmt.Errorf("calendar: no %s of %s found around %s", unit, loc, t)
	}
	key = add(unit, key, int(offset))
	if key.Year() < 0 || key.Year() > 10000 {
		return Period{}, ErrOutOfRange
	}
	var p Period
	if p.Start, err = dayStart(key, loc); err != nil {
		return Period{}, err
	}
	if p.End, err = dayStart(add(unit, key, 1), loc); err != nil {
		return Period{}, err
	}
	if !writable(p.Start) || !writable(p.End) {
		return Period{}, ErrOutOfRange
	}
	if !p.Start.Before(p.End) {
		return Period{}, &SkippedError{Unit: unit, First: key, Zone: loc.String()}
	}
	return p, nil
}

// inDateRange reports whether t lies within a day of the years 1 to 9999,
// in UTC, so that the dates around it can be computed without care for the
// edges of time.Time.
func inDateRange(t time.Time) bool {
	y := t.UTC().Year()
	return y >= 0 && y <= 10000
}

// A date is a civil date, held as midnight UTC of that date so that the time
// package does the calendar arithmetic.
type date = time.Time

// first returns the first date of the period of unit containing the date on
// t's wall clock.
func first(unit Unit, t time.Time) date {
	y, m, d := t.Date()
	switch unit {
	case Week:
		// Go counts weekdays from Sunday = 0; ISO weeks start on Monday.
		return time.Date(y, m, d-(int(t.Weekday())+6)%7, 0, 0, 0, 0, time.UTC)
	case Month:
		return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	case Year:
		return time.Date(y, time.January, 1, 0, 0, 0, 0, time.UTC)
	default:
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
}

// add returns the first date of the period n periods after the one that
// starts on d.
func add(unit Unit, d date, n int) date {
	switch unit {
	case Week:
		return d.AddDate(0, 0, 7*n)
	case Month:
		return d.AddDate(0, n, 0)
	case Year:
		return d.AddDate(n, 0, 0)
	default:
		return d.AddDate(0, 0, n)
	}
}

// maxZoneOffset bounds the offset of every zone, in seconds. Offsets in the
// embedded database lie within ±16 hours (the largest is Asia/Manila's local
// mean time before 1845, -15:56:08); RFC 8536 asks for -25 to +26 hours.
const maxZoneOffset = 26 * 3600

// sampleStep is the distance, in seconds, between the instants at which
// dayStart reads a zone's offset. Two changes of offset closer than this
// could hide each other; in the embedded database changes are at least 3
// days apart (the closest are Africa/Freetown's of 1939, 95 hours; the
// vectors' script measures it). The sampling costs 2*maxZoneOffset/
// sampleStep+1 = 53 reads of the offset per date.
const sampleStep = 3600

// dayStart returns the first instant at which the wall clock of loc reads
// the date d or a later one.
//
// time.Date cannot answer this: for a local time that a change of offset
// skips or repeats it returns a time "correct in one of the two zones
// involved", without saying which. The wall clock of an instant s reads
// s + offset(s), so the answer is the least s with s + offset(s) >= the
// midnight of d, and it lies within maxZoneOffset of that midnight. dayStart
// reads the offset at every sampleStep across that window, finds each change
// of offset between two samples by bisection, and within each stretch of
// constant offset o, in order, takes the first s with s + o >= midnight.
// Each loop has a fixed bound.
func dayStart(d date, loc *time.Location) (time.Time, error) {
	midnight := d.Unix() // midnight of d on the wall clock, in seconds
	offsetAt := func(s int64) int64 {
		_, o := time.Unix(s, 0).In(loc).Zone()
		return int64(o)
	}
	lo, hi := midnight-maxZoneOffset, midnight+maxZoneOffset
	from, o := lo, offsetAt(lo) // the stretch [from, ...) has offset o
	for at := lo; at < hi; at += sampleStep {
		end := min(at+sampleStep, hi)
		oEnd := offsetAt(end)
		var change int64 // the first instant of (at, end] whose offset is oEnd
		if oEnd == o {
			change = end + 1 // none within (at, end]
		} else {
			// The offset is o at a and oEnd at b: bisect to the change. Each
			// step halves b-a, which starts at most sampleStep, so 64 steps
			// are more than enough.
			a, b := at, end
			for i := 0; i < 64 && b-a > 1; i++ {
				mid := a + (b-a)/2
				if offsetAt(mid) == o {
					a = mid
				} else {
					b = mid
				}
			}
			change = b
		}
		if o < -maxZoneOffset || o > maxZoneOffset {
			return time.Time{}, fmt.Errorf("calendar: zone %s has an offset of %d s, beyond ±%d s", loc, o, maxZoneOffset)
		}
		// The stretch [from, change) has offset o.
		if s := max(from, midnight-o); s < min(change, hi+1) {
			return time.Unix(s, 0).In(loc), nil
		}
		if change <= end {
			from, o = change, offsetAt(change)
		}
	}
	// At hi the wall clock reads hi + offset >= midnight unless the offset
	// is below -maxZoneOffset.
	return time.Time{}, fmt.Errorf("calendar: no instant of %s reads %s or later within %d s of its midnight",
		loc, d.Format(time.DateOnly), maxZoneOffset)
}

// writable reports whether t's year is between 1 and 9999 both on its wall
// clock and in UTC, so that RFC3339 can write it.
func writable(t time.Time) bool {
	return t.Year() >= 1 && t.Year() <= 9999 && t.UTC().Year() >= 1 && t.UTC().Year() <= 9999
}

// RFC3339 writes t as an RFC 3339 timestamp with the offset of t's zone, as
// in "2026-11-23T00:00:00+01:00", or "Z" for an offset of zero. RFC 3339
// offsets are whole minutes; a time whose zone's offset is not (local mean
// time before a zone adopted standard time, such as Europe/Amsterdam's
// +00:19:32 until 1937 or Africa/Monrovia's -00:44:30 until 1972) is written
// in UTC instead, so that the text names the same instant.
func RFC3339(t time.Time) string {
	if _, offset := t.Zone(); offset%60 != 0 {
		t = t.UTC()
	}
	return t.Format(time.RFC3339)
}
