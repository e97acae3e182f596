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
	_ "time/tzdata" // zones resolve on machines without a zone database
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

// LoadZone returns the IANA time zone named name, such as "Europe/Berlin"
// or "UTC". Unlike time.LoadLocation it refuses "" and "Local", which name
// no zone of the IANA database but the machine's own setting.
func LoadZone(name string) (*time.Location, error) {
	if name == "" || name == "Local" {
		return nil, fmt.Errorf("%q is not an IANA time zone name", name)
	}
	return time.LoadLocation(name)
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

// PeriodOf returns the period of unit in loc that is offset periods away
// from the one containing t: 0 is the period containing t, -1 the one before
// it, 1 the one after. Start and End are in loc.
func PeriodOf(t time.Time, unit Unit, loc *time.Location, offset int64) (Period, error) {
	if _, ok := ParseUnit(string(unit)); !ok {
		return Period{}, fmt.Errorf("unknown calendar unit %q", unit)
	}
	if offset > maxOffset || offset < -maxOffset {
		return Period{}, ErrOutOfRange
	}
	key := first(unit, t.In(loc))
	// The date on t's wall clock names its period, except in an hour that a
	// zone repeats from the day before, which belongs to the next day.
	for t.Before(dayStart(key, loc)) {
		key = add(unit, key, -1)
	}
	for !t.Before(dayStart(add(unit, key, 1), loc)) {
		key = add(unit, key, 1)
	}
	key = add(unit, key, int(offset))
	p := Period{Start: dayStart(key, loc), End: dayStart(add(unit, key, 1), loc)}
	if !writable(p.Start) || !writable(p.End) {
		return Period{}, ErrOutOfRange
	}
	return p, nil
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

// dayStart returns the first instant at which the wall clock of loc reads
// the date d or a later one.
//
// time.Date cannot answer this: for a local time that a change of offset
// skips or repeats it returns a time "correct in one of the two zones
// involved", without saying which. So dayStart walks the zone's periods of
// constant offset (time.Time.ZoneBounds) from two days before d. Within one
// such period the wall clock is the instant plus a fixed offset, so the first
// instant reading midnight of d or later is found by subtraction.
func dayStart(d date, loc *time.Location) time.Time {
	midnight := d.Unix() // midnight of d on the wall clock, in seconds
	// Offsets stay well within a day of UTC, so the wall clock reads an
	// earlier date two days before.
	at := time.Unix(midnight-2*86400, 0).In(loc)
	for {
		_, offset := at.Zone()
		candidate := max(midnight-int64(offset), at.Unix())
		_, end := at.ZoneBounds()
		if end.IsZero() || candidate < end.Unix() {
			return time.Unix(candidate, 0).In(loc)
		}
		at = end
	}
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
