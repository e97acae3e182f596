package calendar

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// The expectations are written from the calendar and the zones' published
// rules, not computed: a start written with a different offset than its end
// is a change of offset inside the period.
func TestPeriodOf(t *testing.T) {
	for _, tc := range []struct {
		name       string
		at         string
		unit       Unit
		zone       string
		offset     int64
		start, end string
	}{
		// Europe/Berlin: summer time from 2026-03-29 02:00 (clocks to 03:00)
		// to 2026-10-25 03:00 (clocks back to 02:00).
		{"Berlin day of 23 hours", "2026-03-29T12:00:00+02:00", Day, "Europe/Berlin", 0,
			"2026-03-29T00:00:00+01:00", "2026-03-30T00:00:00+02:00"},
		{"Berlin day of 25 hours", "2026-10-25T12:00:00Z", Day, "Europe/Berlin", 0,
			"2026-10-25T00:00:00+02:00", "2026-10-26T00:00:00+01:00"},
		{"Berlin day before the change", "2026-03-29T12:00:00+02:00", Day, "Europe/Berlin", -1,
			"2026-03-28T00:00:00+01:00", "2026-03-29T00:00:00+01:00"},
		{"Berlin week ending on the spring change", "2026-03-29T23:59:59+02:00", Week, "Europe/Berlin", 0,
			"2026-03-23T00:00:00+01:00", "2026-03-30T00:00:00+02:00"},
		{"Berlin last week, asked on the Monday after", "2026-03-30T08:00:00+02:00", Week, "Europe/Berlin", -1,
			"2026-03-23T00:00:00+01:00", "2026-03-30T00:00:00+02:00"},
		{"Berlin week starts at its first instant", "2026-03-30T00:00:00+02:00", Week, "Europe/Berlin", 0,
			"2026-03-30T00:00:00+02:00", "2026-04-06T00:00:00+02:00"},
		{"Berlin week ending on the autumn change", "2026-10-21T09:00:00+02:00", Week, "Europe/Berlin", 0,
			"2026-10-19T00:00:00+02:00", "2026-10-26T00:00:00+01:00"},
		{"Berlin last week from the stand-in's now", "2026-11-24T12:00:00Z", Week, "Europe/Berlin", -1,
			"2026-11-16T00:00:00+01:00", "2026-11-23T00:00:00+01:00"},
		{"Berlin date ahead of UTC", "2026-11-23T23:30:00Z", Day, "Europe/Berlin", 0,
			"2026-11-24T00:00:00+01:00", "2026-11-25T00:00:00+01:00"},
		{"Berlin month with the spring change", "2026-03-15T10:00:00Z", Month, "Europe/Berlin", 0,
			"2026-03-01T00:00:00+01:00", "2026-04-01T00:00:00+02:00"},
		{"Berlin year", "2026-07-01T00:00:00Z", Year, "Europe/Berlin", 0,
			"2026-01-01T00:00:00+01:00", "2027-01-01T00:00:00+01:00"},

		// Month and year ends, leap years, ISO weeks across a year end.
		{"UTC day across a year end", "2026-12-31T23:30:00-05:00", Day, "UTC", 0,
			"2027-01-01T00:00:00Z", "2027-01-02T00:00:00Z"},
		{"UTC next month across a year end", "2026-12-31T12:00:00Z", Month, "UTC", 1,
			"2027-01-01T00:00:00Z", "2027-02-01T00:00:00Z"},
		{"UTC month before a 31st", "2026-03-31T12:00:00Z", Month, "UTC", -1,
			"2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z"},
		{"UTC leap day", "2024-02-29T12:00:00Z", Day, "UTC", 0,
			"2024-02-29T00:00:00Z", "2024-03-01T00:00:00Z"},
		{"UTC February of a leap year", "2024-02-10T12:00:00Z", Month, "UTC", 0,
			"2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z"},
		{"UTC 365 days after a leap day", "2024-02-29T12:00:00Z", Day, "UTC", 365,
			"2025-02-28T00:00:00Z", "2025-03-01T00:00:00Z"},
		{"UTC twelve months after a leap day", "2024-02-29T12:00:00Z", Month, "UTC", 12,
			"2025-02-01T00:00:00Z", "2025-03-01T00:00:00Z"},
		{"UTC ISO week across a year end", "2027-01-01T12:00:00Z", Week, "UTC", 0,
			"2026-12-28T00:00:00Z", "2027-01-04T00:00:00Z"},
		{"UTC year before", "2027-01-01T00:00:00Z", Year, "UTC", -1,
			"2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z"},

		// Large and negative offsets.
		{"UTC ten years of days", "2026-01-01T08:00:00Z", Day, "UTC", 3652,
			"2036-01-01T00:00:00Z", "2036-01-02T00:00:00Z"},
		{"UTC a thousand weeks back", "2026-11-24T12:00:00Z", Week, "UTC", -1000,
			"2007-09-24T00:00:00Z", "2007-10-01T00:00:00Z"},
		{"UTC 24,000 months back", "2026-01-15T00:00:00Z", Month, "UTC", -24000,
			"0026-01-01T00:00:00Z", "0026-02-01T00:00:00Z"},
		{"UTC the first ISO week of the era", "0001-01-03T00:00:00Z", Week, "UTC", 0,
			"0001-01-01T00:00:00Z", "0001-01-08T00:00:00Z"},

		// Half-hour and 45-minute zones.
		{"Kolkata day", "2026-11-24T12:00:00Z", Day, "Asia/Kolkata", 0,
			"2026-11-24T00:00:00+05:30", "2026-11-25T00:00:00+05:30"},
		{"Kolkata date ahead of UTC", "2026-11-24T20:00:00Z", Day, "Asia/Kolkata", 0,
			"2026-11-25T00:00:00+05:30", "2026-11-26T00:00:00+05:30"},
		{"Kolkata last week", "2026-11-24T12:00:00Z", Week, "Asia/Kolkata", -1,
			"2026-11-16T00:00:00+05:30", "2026-11-23T00:00:00+05:30"},
		{"Kathmandu day from its first instant", "2026-11-24T18:15:00Z", Day, "Asia/Kathmandu", 0,
			"2026-11-25T00:00:00+05:45", "2026-11-26T00:00:00+05:45"},
		{"Kathmandu day to its last second", "2026-11-24T18:14:59Z", Day, "Asia/Kathmandu", 0,
			"2026-11-24T00:00:00+05:45", "2026-11-25T00:00:00+05:45"},
		{"Kathmandu month", "2026-11-30T18:15:00Z", Month, "Asia/Kathmandu", 0,
			"2026-12-01T00:00:00+05:45", "2027-01-01T00:00:00+05:45"},

		// Local midnight skipped: the date starts at its first instant.
		// America/Santiago, 2024-09-08: 00:00 -04 became 01:00 -03.
		{"Santiago day without midnight", "2024-09-08T12:00:00-03:00", Day, "America/Santiago", 0,
			"2024-09-08T01:00:00-03:00", "2024-09-09T00:00:00-03:00"},
		{"Santiago day before it", "2024-09-07T12:00:00-04:00", Day, "America/Santiago", 0,
			"2024-09-07T00:00:00-04:00", "2024-09-08T01:00:00-03:00"},
		// America/Havana, 2025-03-09: 00:00 -05 became 01:00 -04.
		{"Havana day without midnight", "2025-03-09T06:00:00Z", Day, "America/Havana", 0,
			"2025-03-09T01:00:00-04:00", "2025-03-10T00:00:00-04:00"},
		// Asia/Beirut, 2025-03-30: 00:00 +02 became 01:00 +03.
		{"Beirut month with a day without midnight", "2025-03-30T12:00:00+03:00", Month, "Asia/Beirut", 0,
			"2025-03-01T00:00:00+02:00", "2025-04-01T00:00:00+03:00"},
		{"Beirut day without midnight", "2025-03-30T12:00:00+03:00", Day, "Asia/Beirut", 0,
			"2025-03-30T01:00:00+03:00", "2025-03-31T00:00:00+03:00"},
		// America/Asuncion, 2024-10-06: 00:00 -04 became 01:00 -03.
		{"Asuncion day without midnight", "2024-10-06T12:00:00-03:00", Day, "America/Asuncion", 0,
			"2024-10-06T01:00:00-03:00", "2024-10-07T00:00:00-03:00"},
		// Asia/Tehran, Monday 2021-03-22: 00:00 +03:30 became 01:00 +04:30.
		{"Tehran week starting on a Monday without midnight", "2021-03-24T12:00:00+04:30", Week, "Asia/Tehran", 0,
			"2021-03-22T01:00:00+04:30", "2021-03-29T00:00:00+04:30"},
		{"Tehran week before it", "2021-03-24T12:00:00+04:30", Week, "Asia/Tehran", -1,
			"2021-03-15T00:00:00+03:30", "2021-03-22T01:00:00+04:30"},
		// Asia/Damascus, 2002-04-01: 00:00 +02 became 01:00 +03.
		{"Damascus month starting without midnight", "2002-04-15T12:00:00+03:00", Month, "Asia/Damascus", 0,
			"2002-04-01T01:00:00+03:00", "2002-05-01T00:00:00+03:00"},
		// Asia/Khandyga, 2004-01-01: 00:00 +09 became 01:00 +10.
		{"Khandyga year starting without midnight", "2004-06-01T00:00:00Z", Year, "Asia/Khandyga", 0,
			"2004-01-01T01:00:00+10:00", "2005-01-01T00:00:00+10:00"},
		{"Khandyga year before it", "2004-06-01T00:00:00Z", Year, "Asia/Khandyga", -1,
			"2003-01-01T00:00:00+09:00", "2004-01-01T01:00:00+10:00"},

		// Local midnight twice: America/Havana, 2025-11-02: 01:00 -04 became
		// 00:00 -05. The date starts at the first midnight.
		{"Havana day with two midnights", "2025-11-02T12:00:00-05:00", Day, "America/Havana", 0,
			"2025-11-02T00:00:00-04:00", "2025-11-03T00:00:00-05:00"},
		{"Havana first midnight", "2025-11-02T04:00:00Z", Day, "America/Havana", 0,
			"2025-11-02T00:00:00-04:00", "2025-11-03T00:00:00-05:00"},
		{"Havana second midnight", "2025-11-02T05:00:00Z", Day, "America/Havana", 0,
			"2025-11-02T00:00:00-04:00", "2025-11-03T00:00:00-05:00"},
		{"Havana day before two midnights", "2025-11-01T12:00:00-04:00", Day, "America/Havana", 0,
			"2025-11-01T00:00:00-04:00", "2025-11-02T00:00:00-04:00"},

		// The hour repeated from the day before: America/Goose_Bay,
		// 2010-11-07: 00:01 -03 became 23:01 -04 on the 6th. The 7th starts
		// at its first midnight, and the repeated hour belongs to it.
		{"Goose Bay day before the repeated hour", "2010-11-06T12:00:00-03:00", Day, "America/Goose_Bay", 0,
			"2010-11-06T00:00:00-03:00", "2010-11-07T00:00:00-03:00"},
		{"Goose Bay repeated hour", "2010-11-07T03:30:00Z", Day, "America/Goose_Bay", 0,
			"2010-11-07T00:00:00-03:00", "2010-11-08T00:00:00-04:00"},
		{"Goose Bay day after", "2010-11-07T03:30:00Z", Day, "America/Goose_Bay", 1,
			"2010-11-08T00:00:00-04:00", "2010-11-09T00:00:00-04:00"},

		// A skipped date: Pacific/Apia went from 2011-12-29 24:00 -10 to
		// 2011-12-31 00:00 +14.
		{"Apia last day before the skip", "2011-12-29T12:00:00-10:00", Day, "Pacific/Apia", 0,
			"2011-12-29T00:00:00-10:00", "2011-12-31T00:00:00+14:00"},
		{"Apia day after the skip", "2011-12-29T12:00:00-10:00", Day, "Pacific/Apia", 2,
			"2011-12-31T00:00:00+14:00", "2012-01-01T00:00:00+14:00"},
		{"Apia week of six days", "2011-12-31T12:00:00+14:00", Week, "Pacific/Apia", 0,
			"2011-12-26T00:00:00-10:00", "2012-01-02T00:00:00+14:00"},

		// An offset that is not whole minutes is written in UTC: Africa/
		// Monrovia kept -00:44:30 until 1972-01-07 00:00, which became
		// 00:44:30 GMT.
		{"Monrovia year at -00:44:30", "1971-06-01T00:00:00Z", Year, "Africa/Monrovia", 0,
			"1971-01-01T00:44:30Z", "1972-01-01T00:44:30Z"},
		{"Monrovia day of the change", "1972-01-07T12:00:00Z", Day, "Africa/Monrovia", 0,
			"1972-01-07T00:44:30Z", "1972-01-08T00:00:00Z"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			at, err := time.Parse(time.RFC3339, tc.at)
			if err != nil {
				t.Fatal(err)
			}
			loc, err := LoadZone(tc.zone)
			if err != nil {
				t.Fatal(err)
			}
			p, err := PeriodOf(at, tc.unit, loc, tc.offset)
			if err != nil {
				t.Fatal(err)
			}
			if start, end := RFC3339(p.Start), RFC3339(p.End); start != tc.start || end != tc.end {
				t.Errorf("PeriodOf(%s, %s, %s, %d) = [%s, %s), want [%s, %s)",
					tc.at, tc.unit, tc.zone, tc.offset, start, end, tc.start, tc.end)
			}
			if p.Start.Location() != loc || p.End.Location() != loc {
				t.Errorf("start and end in %s and %s, want %s", p.Start.Location(), p.End.Location(), loc)
			}
		})
	}
}

func TestPeriodOf_outOfRange(t *testing.T) {
	for _, tc := range []struct {
		name   string
		at     string
		unit   Unit
		offset int64
	}{
		{"the day that ends in the year 10000", "9999-12-31T12:00:00Z", Day, 0},
		{"a year before the year 1", "0001-06-01T00:00:00Z", Year, -1},
		{"the week before the first", "0001-01-03T00:00:00Z", Week, -1},
		{"the year 0", "0000-06-01T00:00:00Z", Day, 0},
		{"8,000 years on", "2026-01-01T00:00:00Z", Year, 8000},
		{"the largest offset", "2026-01-01T00:00:00Z", Day, math.MaxInt64},
		{"the smallest offset", "2026-01-01T00:00:00Z", Month, math.MinInt64},
	} {
		t.Run(tc.name, func(t *testing.T) {
			at, err := time.Parse(time.RFC3339, tc.at)
			if err != nil {
				t.Fatal(err)
			}
			p, err := PeriodOf(at, tc.unit, time.UTC, tc.offset)
			if !errors.Is(err, ErrOutOfRange) {
				t.Errorf("PeriodOf = [%s, %s), %v; want ErrOutOfRange", p.Start, p.End, err)
			}
		})
	}
}

// A date a zone skipped has no instant: asking for it is an error that
// names it, whatever the offset that reaches it, and the days around it are
// whole.
func TestPeriodOf_skippedDate(t *testing.T) {
	apia, err := LoadZone("Pacific/Apia")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		at     string
		offset int64
	}{
		{"2011-12-29T12:00:00-10:00", 1},
		{"2011-12-31T00:00:00+14:00", -1},
		{"2011-12-20T00:00:00-10:00", 10},
		{"2012-01-30T00:00:00+14:00", -31},
	} {
		at, err := time.Parse(time.RFC3339, tc.at)
		if err != nil {
			t.Fatal(err)
		}
		p, err := PeriodOf(at, Day, apia, tc.offset)
		var skipped *SkippedError
		if !errors.As(err, &skipped) {
			t.Errorf("PeriodOf(%s, day, Pacific/Apia, %d) = [%s, %s), %v; want a SkippedError",
				tc.at, tc.offset, p.Start, p.End, err)
			continue
		}
		const want = "the day 2011-12-30 never happened in Pacific/Apia: the zone's clocks skipped it, " +
			"going from the day before to the day after"
		if err.Error() != want {
			t.Errorf("error %q, want %q", err, want)
		}
	}
	// The week, month and year around it are not empty.
	at := time.Date(2011, 12, 30, 12, 0, 0, 0, time.UTC)
	for _, unit := range []Unit{Week, Month, Year} {
		if p, err := PeriodOf(at, unit, apia, 0); err != nil || !p.Start.Before(p.End) {
			t.Errorf("%s around the skipped date: [%s, %s), %v", unit, p.Start, p.End, err)
		}
	}
}

func TestPeriodOf_unknownUnit(t *testing.T) {
	if _, err := PeriodOf(time.Now(), "fortnight", time.UTC, 0); err == nil {
		t.Error("no error for the unit fortnight")
	}
}

// Whatever the zone does, consecutive days tile time and each instant lies
// in the day PeriodOf gives for it: checked day by day from 1970 to 2040 in
// zones with skipped, repeated and doubled midnights, a skipped date, and
// offsets that are not whole hours or minutes.
func TestPeriodOf_daysTileTime(t *testing.T) {
	if testing.Short() {
		t.Skip("walks 70 years of days in several zones")
	}
	zones := []string{"Europe/Berlin", "America/Santiago", "America/Havana", "Asia/Beirut",
		"America/Goose_Bay", "Pacific/Apia", "Asia/Tehran", "Asia/Kathmandu", "Africa/Monrovia",
		"Australia/Lord_Howe", "Pacific/Kwajalein"}
	for _, zone := range zones {
		loc, err := LoadZone(zone)
		if err != nil {
			t.Fatal(err)
		}
		origin := time.Date(1970, 1, 1, 12, 0, 0, 0, time.UTC)
		p, err := PeriodOf(origin, Day, loc, 0)
		if err != nil {
			t.Fatal(err)
		}
		for n := int64(1); p.Start.Year() < 2040; n++ {
			next, err := PeriodOf(origin, Day, loc, n)
			var skipped *SkippedError
			if errors.As(err, &skipped) {
				// A skipped date: the next day starts where this one ends.
				n++
				next, err = PeriodOf(origin, Day, loc, n)
			}
			if err != nil {
				t.Fatal(err)
			}
			if !next.Start.Equal(p.End) {
				t.Fatalf("%s: the day after [%s, %s) starts at %s", zone, p.Start, p.End, next.Start)
			}
			if p.End.Before(p.Start) {
				t.Fatalf("%s: day [%s, %s) ends before it starts", zone, p.Start, p.End)
			}
			if p.End.After(p.Start) {
				for _, at := range []time.Time{p.Start, p.End.Add(-time.Nanosecond)} {
					got, err := PeriodOf(at, Day, loc, 0)
					if err != nil || !got.Start.Equal(p.Start) || !got.End.Equal(p.End) {
						t.Fatalf("%s: PeriodOf(%s) = [%s, %s), %v; want [%s, %s)",
							zone, at, got.Start, got.End, err, p.Start, p.End)
					}
				}
			}
			p = next
		}
	}
}

func TestParseUnit(t *testing.T) {
	for _, s := range []string{"day", "week", "month", "year"} {
		if u, ok := ParseUnit(s); !ok || string(u) != s {
			t.Errorf("ParseUnit(%q) = %q, %v", s, u, ok)
		}
	}
	for _, s := range []string{"", "Day", "days", "hour", "quarter", "isoweek"} {
		if u, ok := ParseUnit(s); ok {
			t.Errorf("ParseUnit(%q) = %q, want none", s, u)
		}
	}
}

func TestLoadZone(t *testing.T) {
	for _, name := range []string{"UTC", "Europe/Berlin", "Asia/Kathmandu", "America/Argentina/Buenos_Aires"} {
		if loc, err := LoadZone(name); err != nil || loc.String() != name {
			t.Errorf("LoadZone(%q) = %v, %v", name, loc, err)
		}
	}
	// What a zone database on disk holds besides its zones is refused on
	// every machine, with or without one.
	for _, name := range []string{"", "Local", "Mars/Olympus_Mons", "europe/berlin ", "../etc/passwd", "+01:00",
		"localtime", "posixrules", "right/Europe/Berlin", "posix/Europe/Berlin", "europe/berlin", "Europe/",
		"Europe", "/Europe/Berlin", "zone.tab", "tzdata.zi", "leapseconds"} {
		if loc, err := LoadZone(name); err == nil {
			t.Errorf("LoadZone(%q) = %v, want an error", name, loc)
		}
	}
}

// The zone names are exactly those of the embedded archive: about 600 IANA
// names, each of which loads.
func TestZoneNames(t *testing.T) {
	names := ZoneNames()
	if len(names) < 590 || len(names) > 700 {
		t.Errorf("%d zone names", len(names))
	}
	for _, name := range names {
		loc, err := LoadZone(name)
		if err != nil || loc.String() != name {
			t.Errorf("LoadZone(%q) = %v, %v", name, loc, err)
		}
	}
	if again, _ := LoadZone("Europe/Berlin"); again != mustZone(t, "Europe/Berlin") {
		t.Error("LoadZone does not keep the zones it loads")
	}
	if len(zoneinfoZip) >= 1<<20 {
		t.Errorf("the embedded zone database is %d bytes", len(zoneinfoZip))
	}
}

// LoadZone reads nothing from the machine: a zone that only $ZONEINFO holds
// is not one.
func TestLoadZone_ignoresTheMachine(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "Mars"), 0o755); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(systemZoneRoot, "Europe", "Berlin"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "Mars", "Olympus_Mons"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("ZONEINFO", dir)
	if _, err := time.LoadLocation("Mars/Olympus_Mons"); err != nil {
		t.Fatalf("time.LoadLocation does not read $ZONEINFO here: %v", err)
	}
	if loc, err := LoadZone("Mars/Olympus_Mons"); err == nil {
		t.Errorf("LoadZone(Mars/Olympus_Mons) = %v from $ZONEINFO", loc)
	}
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := LoadZone(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestRFC3339(t *testing.T) {
	at := time.Date(2026, 1, 15, 11, 0, 0, 0, time.UTC)
	for zone, want := range map[string]string{
		"UTC":                 "2026-01-15T11:00:00Z",
		"Europe/London":       "2026-01-15T11:00:00Z",
		"Europe/Berlin":       "2026-01-15T12:00:00+01:00",
		"America/Santiago":    "2026-01-15T08:00:00-03:00",
		"Asia/Kolkata":        "2026-01-15T16:30:00+05:30",
		"Asia/Kathmandu":      "2026-01-15T16:45:00+05:45",
		"America/St_Johns":    "2026-01-15T07:30:00-03:30",
		"Pacific/Kiritimati":  "2026-01-16T01:00:00+14:00",
		"Australia/Lord_Howe": "2026-01-15T22:00:00+11:00",
	} {
		loc, err := LoadZone(zone)
		if err != nil {
			t.Fatal(err)
		}
		if got := RFC3339(at.In(loc)); got != want {
			t.Errorf("%s: %s, want %s", zone, got, want)
		}
	}
	// Amsterdam kept local mean time, +00:19:32, until 1937.
	ams, err := LoadZone("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := RFC3339(time.Date(1930, 1, 1, 0, 0, 0, 0, ams)), "1929-12-31T23:40:28Z"; got != want {
		t.Errorf("Amsterdam 1930: %s, want %s", got, want)
	}
}
