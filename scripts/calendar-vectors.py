#!/usr/bin/env python3
"""Test vectors for package internal/calendar, from an independent implementation of its rules.

A period of a zone is [start of its first date, start of the date after its last); a date starts
at the first instant at which the zone's wall clock reads that date or a later one: the least s
with s + offset(s) >= the date's midnight. A date that has no instant (the zone skipped it) is an
error, and so is a period whose start or end is not within the years 1 to 9999, on the wall clock
or in UTC.

This implementation shares nothing with the Go one but the rules: it reads the zone files with
Python's zoneinfo (its TZif reader and its POSIX TZ rule parser), lists each zone's changes of
offset exactly (the transitions of the file, then the rule's for every year after the last), and
walks the stretches of constant offset in order. It uses no datetime arithmetic on zoned times.

It computes every case against two zone sources, the machine's (default /usr/share/zoneinfo)
and Go's embedded archive (default internal/calendar/zoneinfo.zip, extracted to a temporary
directory), stores a case once when both agree and once per source when they do not, and copies
the machine's files of the zones used to internal/calendar/testdata/zoneinfo-system/ so that the
Go test reads the very data the vectors came from.

Usage (from the repository root; python3 3.9 or later, standard library only):

    python3 scripts/calendar-vectors.py

writes internal/calendar/testdata/vectors.txt.gz. The output is deterministic for given zone
data and --seed.
"""

import argparse
import bisect
import datetime
import gzip
import os
import random
import shutil
import sys
import tempfile
import zipfile
from zoneinfo import _common, _zoneinfo

ZONES = [
    "America/Santiago", "America/Asuncion", "Asia/Gaza", "America/Havana", "Australia/Lord_Howe",
    "Pacific/Apia", "Africa/Casablanca", "Antarctica/Troll", "Europe/Berlin", "America/New_York",
]
UNITS = ["day", "week", "month", "year"]
DAY = 86400
WINDOW = 2 * DAY  # offsets stay within a day of UTC: a date starts within a day of its midnight


class OutOfRange(Exception):
    pass


class Zone:
    """A zone's offset at every instant, and its changes of offset, from one TZif file."""

    def __init__(self, path):
        with open(path, "rb") as f:
            trans_idx, trans_utc, utcoff, isdst, abbr, tz_str = _common.load_data(f)
        self.trans = list(trans_utc)
        self.offs = [utcoff[i] for i in trans_idx]
        # RFC 8536: before the first transition, time type 0.
        self.before = utcoff[0]
        self.rule = None
        self.fixed_after = self.offs[-1] if self.offs else utcoff[0]
        if tz_str:
            r = _zoneinfo._parse_tz_str(tz_str.decode())
            if isinstance(r, _zoneinfo._TZStr):
                self.rule = r
            else:
                self.fixed_after = int(r.utcoff.total_seconds())
        self._rule_cache = {}

    def rule_changes(self, year):
        """The rule's changes of offset in a year: [(utc instant, offset from then)]."""
        if year not in self._rule_cache:
            out = []
            if 1 <= year <= 9999:
                r = self.rule
                start, end = r.transitions(year)
                std = int(r.std.utcoff.total_seconds())
                dst = int(r.dst.utcoff.total_seconds())
                # The rule's times are local: the start of summer time in standard time, its
                # end in summer time.
                out = [(start - std, dst), (end - dst, std)]
            self._rule_cache[year] = out
        return self._rule_cache[year]

    def last(self):
        return self.trans[-1] if self.trans else None

    def changes(self, lo, hi):
        """The changes of offset in (lo, hi], in order: [(instant, offset from then)]."""
        out = []
        i = bisect.bisect_right(self.trans, lo)
        while i < len(self.trans) and self.trans[i] <= hi:
            out.append((self.trans[i], self.offs[i]))
            i += 1
        last = self.last()
        if self.rule is not None:
            y0 = utc_year(max(lo, last if last is not None else lo)) - 1
            y1 = utc_year(hi) + 1
            for y in range(y0, y1 + 1):
                for at, off in self.rule_changes(y):
                    if lo < at <= hi and (last is None or at > last):
                        out.append((at, off))
            out.sort()
        return out

    def offset(self, t):
        last = self.last()
        if last is None or t >= last:
            if self.rule is None:
                return self.fixed_after if last is not None else self.before
            # The latest change of the rule at or before t.
            best = None
            y = utc_year(t)
            for yy in range(y - 2, y + 2):
                for at, off in self.rule_changes(yy):
                    if at <= t and (best is None or at >= best[0]):
                        best = (at, off)
            if best is None:
                raise OutOfRange
            return best[1]
        i = bisect.bisect_right(self.trans, t) - 1
        if i < 0:
            return self.before
        return self.offs[i]

    def day_start(self, days):
        """The first instant at which the wall clock reads the date or a later one."""
        midnight = days * DAY
        lo, hi = midnight - WINDOW, midnight + WINDOW
        seg_start, off = lo, self.offset(lo)
        for at, new in self.changes(lo, hi) + [(hi + 1, None)]:
            s = max(seg_start, midnight - off)
            if s < at:
                return s
            seg_start, off = at, new
        raise AssertionError("no start found")


def civil(days):
    """The proleptic Gregorian (year, month, day) of a count of days since 1970-01-01, any year."""
    # H. Hinnant's civil_from_days.
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    return (y + (m <= 2), m, d)


def days_of(y, m, d):
    """The count of days since 1970-01-01 of a proleptic Gregorian date, any year."""
    y -= m <= 2
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def utc_year(t):
    return civil(t // DAY)[0]


def first_of(unit, wall_days):
    y, m, d = civil(wall_days)
    if unit == "day":
        return (y, m, d)
    if unit == "week":  # ISO weeks start on Monday; 1970-01-01 was a Thursday
        return civil(wall_days - (wall_days + 3) % 7)
    if unit == "month":
        return (y, m, 1)
    return (y, 1, 1)


def add(unit, key, n):
    """The first date of the period n periods after the one that starts on key, as (y, m, d)."""
    y, m, d = key
    if unit == "day":
        return civil(days_of(y, m, d) + n)
    if unit == "week":
        return civil(days_of(y, m, d) + 7 * n)
    if unit == "month":
        k = y * 12 + (m - 1) + n
        return (k // 12, k % 12 + 1, 1)
    return (y + n, 1, 1)


def writable(zone, s):
    """Whether s lies in the years 1 to 9999 both on the zone's wall clock and in UTC."""
    return 1 <= utc_year(s + zone.offset(s)) <= 9999 and 1 <= utc_year(s) <= 9999


def period(zone, t, unit, n):
    """("ok", start, start offset, end, end offset) | ("range",) | ("skip", "YYYY-MM-DD")."""
    try:
        key = first_of(unit, (t + zone.offset(t)) // DAY)
        start = zone.day_start(days_of(*key))
        assert start <= t, (t, unit, key)
        for _ in range(3):
            nxt = zone.day_start(days_of(*add(unit, key, 1)))
            if t < nxt:
                break
            key, start = add(unit, key, 1), nxt
        else:
            raise AssertionError("not placed")
        key = add(unit, key, n)
        end_key = add(unit, key, 1)
        s = zone.day_start(days_of(*key))
        e = zone.day_start(days_of(*end_key))
    except OutOfRange:
        return ("range",)
    if not writable(zone, s) or not writable(zone, e):
        return ("range",)
    if s >= e:
        return ("skip", "%04d-%02d-%02d" % key)
    return ("ok", s, zone.offset(s), e, zone.offset(e))


def encode(t, res):
    if res[0] == "range":
        return "R"
    if res[0] == "skip":
        return "S " + res[1]
    _, s, so, e, eo = res
    return "%d %d %d %d" % (s - t, so, e - s, eo)


def tzdata_version(root):
    for name in ("tzdata.zi", "+VERSION", "version"):
        p = os.path.join(root, name)
        if os.path.exists(p):
            with open(p) as f:
                line = f.readline().strip()
            return line.replace("# version ", "")
    return "unknown"


def min_change_gap(root):
    """The least time between two changes of offset in any zone file under root."""
    best = None
    for dirpath, _, files in os.walk(root):
        for fn in files:
            p = os.path.join(dirpath, fn)
            rel = os.path.relpath(p, root)
            if rel.split(os.sep)[0] in ("posix", "right"):
                continue
            with open(p, "rb") as f:
                if f.read(4) != b"TZif":
                    continue
            z = Zone(p)
            pts = [(a, o) for a, o in zip(z.trans, z.offs)]
            if z.rule is not None:
                y0 = utc_year(z.last()) if z.last() is not None else 1900
                for y in range(y0, 2101):
                    pts += [c for c in z.rule_changes(y) if z.last() is None or c[0] > z.last()]
            pts.sort()
            prev_off, prev_at = z.before, None
            for at, off in pts:
                if off == prev_off:
                    continue
                if prev_at is not None and (best is None or at - prev_at < best[0]):
                    best = (at - prev_at, rel)
                prev_off, prev_at = off, at
    return best


def instants(zones, rng):
    """The instants to test in one zone, from the changes and dates of every source, and extra
    cases [(instant, unit, offset)] that reach each date a source skipped."""
    lo = days_of(1900, 1, 1) * DAY
    hi = days_of(2101, 1, 1) * DAY
    out, extra = set(), set()
    for z in zones:
        for at, _ in z.changes(lo, hi):
            out.update((at - 1, at))
            d = (at + z.offset(at)) // DAY
            out.add(z.day_start(d))
            out.add(z.day_start(d + 1) - 1)
            for dd in (d - 1, d, d + 1):
                if z.day_start(dd) == z.day_start(dd + 1):  # dd was skipped
                    before, after = z.day_start(dd - 1), z.day_start(dd + 1)
                    extra.update(((before, "day", 1), (after, "day", -1), (after + 3600, "day", -1),
                                  (before - 10 * DAY, "day", 11), (after, "week", 0)))
    for y in range(1900, 2101):
        for _ in range(2):
            d = days_of(y, 1, 1) + rng.randrange(365)
            for z in zones:
                s = z.day_start(d)
                out.update((s - 1, s))
    # The end of leap years after the last listed change of every zone: Go's time package
    # computes a year of an ongoing rule as 365 days from its start.
    for y in (2028, 2032, 2040, 2096):
        for m, d in ((2, 28), (2, 29), (3, 1), (12, 30), (12, 31)):
            for z in zones:
                s = z.day_start(days_of(y, m, d))
                out.update((s - 1, s, s + 12 * 3600, s + 23 * 3600))
        for z in zones:
            s = z.day_start(days_of(y + 1, 1, 1))
            out.update((s - 1, s, s + 12 * 3600))
    # Random instants of the years 1 to 9999, and the edges of that range.
    t1 = days_of(1, 1, 1) * DAY
    t9 = days_of(10000, 1, 1) * DAY - 1
    for _ in range(250):
        out.add(rng.randrange(t1, t9 + 1))
    out.update((t1, t1 + 12 * 3600, t1 + 3 * DAY, t9, t9 - 12 * 3600, t9 - 3 * DAY))
    return sorted(out), sorted(extra)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--system", default="/usr/share/zoneinfo", help="the machine's zone database")
    ap.add_argument("--zip", default="internal/calendar/zoneinfo.zip", help="Go's zone archive")
    ap.add_argument("--out", default="internal/calendar/testdata/vectors.txt.gz")
    ap.add_argument("--snapshot", default="internal/calendar/testdata/zoneinfo-system",
                    help="where to copy the machine's files of the zones used")
    ap.add_argument("--seed", type=int, default=21)
    args = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="calendar-vectors-")
    try:
        with zipfile.ZipFile(args.zip) as zf:
            zf.extractall(tmp)
        roots = {"system": args.system, "go": tmp}
        gap = min_change_gap(tmp)
        rng = random.Random(args.seed)
        lines = []
        counts = {"both": 0, "system": 0, "go": 0}
        for zi, name in enumerate(ZONES):
            zs = {src: Zone(os.path.join(root, name)) for src, root in roots.items()}
            points, extra = instants(list(zs.values()), rng)
            cases = []
            for t in points:
                cases += [(t, u, 0) for u in units_at_zero(rng)] + [(t, rng.choice(UNITS), rng.choice(
                    [-1, 1, rng.randint(-40, 40), rng.randint(-3000, 3000)]))]
            for t, unit, n in cases + extra:
                res = {src: encode(t, period(z, t, unit, n)) for src, z in zs.items()}
                if res["system"] == res["go"]:
                    lines.append("* %d %s %d %d %s" % (zi, unit[0], n, t, res["go"]))
                    counts["both"] += 1
                else:
                    for src in ("system", "go"):
                        lines.append("%s %d %s %d %d %s" % (src[0], zi, unit[0], n, t, res[src]))
                        counts[src] += 1
        os.makedirs(os.path.dirname(args.out), exist_ok=True)
        header = [
            "# Calendar period vectors, written by scripts/calendar-vectors.py (seed %d)." % args.seed,
            "# Sources: s = the machine's zones (%s, tzdata %s), g = Go's zoneinfo.zip (%s);"
            % (args.system, tzdata_version(args.system), args.zip),
            "# * = both agree. Fields: source zone unit offset instant, then",
            "# start-instant start-offset end-start end-offset | R (out of range) | S date (skipped).",
            "zones " + " ".join(ZONES),
            "system-tzdata " + tzdata_version(args.system),
            "go-min-change-gap %d %s" % gap,
            "cases both=%d system-only=%d go-only=%d" % (counts["both"], counts["system"], counts["go"]),
        ]
        with open(args.out, "wb") as raw:
            with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=9) as f:
                f.write(("\n".join(header + lines) + "\n").encode())
        if args.snapshot:
            for name in ZONES:
                dst = os.path.join(args.snapshot, name)
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                shutil.copyfile(os.path.join(args.system, name), dst)
        print("%s: %d lines; both %d, system only %d, go only %d; smallest gap between changes in the "
              "zip %d s (%s)" % (args.out, len(lines), counts["both"], counts["system"], counts["go"],
                                 gap[0], gap[1]), file=sys.stderr)
    finally:
        shutil.rmtree(tmp)


def units_at_zero(rng):
    """The units asked with offset 0 for an instant: the day, and one other at random."""
    return ["day", rng.choice(UNITS[1:])]


if __name__ == "__main__":
    main()
