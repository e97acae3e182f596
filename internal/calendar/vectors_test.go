package calendar

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The vectors come from scripts/calendar-vectors.py, a second implementation
// of the rules in Python that reads the zone files with Python's own zoneinfo
// and shares no code with this package. Each case is computed against two
// zone sources: the machine's zone database the script ran on (a copy of its
// files for the zones used is in testdata/zoneinfo-system, so that this test
// reads the same data on every machine) and Go's zoneinfo.zip, the archive
// this package embeds. The two hold the same rules but not the same
// transitions: the machine's files list changes up to 2037, Go's stop at
// each zone's last change of rule and leave the rest to the rule, the path
// that made the old search hang.
const (
	vectorsFile    = "testdata/vectors.txt.gz"
	systemZoneRoot = "testdata/zoneinfo-system"
)

// maxHangs is how many cases may time out before a source is given up:
// each costs caseDeadline, and leaves a goroutine spinning.
const maxHangs = 3

type vectorCase struct {
	line    int
	source  byte // '*' both, 's' system only, 'g' Go's only
	zone    string
	unit    Unit
	offset  int64
	instant int64
	want    string // as in the file: "R", "S date" or "start-instant startOffset end-start endOffset"
}

func (c vectorCase) String() string {
	return fmt.Sprintf("line %d: PeriodOf(%s, %s, %s, %d)", c.line,
		time.Unix(c.instant, 0).UTC().Format(time.RFC3339), c.unit, c.zone, c.offset)
}

type vectors struct {
	zones        []string
	systemTZData string
	minGap       int64
	cases        []vectorCase
}

func readVectors(t *testing.T) vectors {
	t.Helper()
	f, err := os.Open(vectorsFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	units := map[string]Unit{"d": Day, "w": Week, "m": Month, "y": Year}
	var v vectors
	sc := bufio.NewScanner(gz)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		fields := strings.Fields(line)
		switch {
		case strings.HasPrefix(line, "#") || len(fields) == 0:
		case fields[0] == "zones":
			v.zones = fields[1:]
		case fields[0] == "system-tzdata":
			v.systemTZData = fields[1]
		case fields[0] == "go-min-change-gap":
			if v.minGap, err = strconv.ParseInt(fields[1], 10, 64); err != nil {
				t.Fatalf("line %d: %v", n, err)
			}
		case fields[0] == "cases":
		default:
			if len(fields) < 6 || len(fields[0]) != 1 || !strings.Contains("*sg", fields[0]) {
				t.Fatalf("line %d: %q", n, line)
			}
			zi, err1 := strconv.Atoi(fields[1])
			offset, err2 := strconv.ParseInt(fields[3], 10, 64)
			instant, err3 := strconv.ParseInt(fields[4], 10, 64)
			unit, ok := units[fields[2]]
			if err := errors.Join(err1, err2, err3); err != nil || !ok || zi < 0 || zi >= len(v.zones) {
				t.Fatalf("line %d: %q: %v", n, line, err)
			}
			v.cases = append(v.cases, vectorCase{n, fields[0][0], v.zones[zi], unit, offset, instant,
				strings.Join(fields[5:], " ")})
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(v.cases) == 0 {
		t.Fatal("no cases")
	}
	return v
}

// got writes PeriodOf's answer the way the vectors do.
func got(c vectorCase, p Period, err error) string {
	var skipped *SkippedError
	switch {
	case errors.Is(err, ErrOutOfRange):
		return "R"
	case errors.As(err, &skipped):
		return "S " + skipped.First.Format(time.DateOnly)
	case err != nil:
		return "error: " + err.Error()
	}
	_, so := p.Start.Zone()
	_, eo := p.End.Zone()
	return fmt.Sprintf("%d %d %d %d", p.Start.Unix()-c.instant, so, p.End.Unix()-p.Start.Unix(), eo)
}

// checkVectors runs every case of source (plus those both sources share) with
// the zones load gives, each under caseDeadline, and returns how many ran and
// how many agreed.
func checkVectors(t *testing.T, v vectors, source byte, load func(string) (*time.Location, error)) (run, agreed int) {
	t.Helper()
	locs := map[string]*time.Location{}
	for _, name := range v.zones {
		loc, err := load(name)
		if err != nil {
			t.Fatal(err)
		}
		locs[name] = loc
	}
	var cases []vectorCase
	for _, c := range v.cases {
		if c.source == '*' || c.source == source {
			cases = append(cases, c)
		}
	}
	type outcome struct {
		p   Period
		err error
	}
	// One goroutine works through the cases in order; a case that does not
	// answer in time is abandoned with its goroutine, and a new one takes
	// the next case.
	work := func(from int) <-chan outcome {
		out := make(chan outcome, 1)
		go func() {
			for _, c := range cases[from:] {
				p, err := PeriodOf(time.Unix(c.instant, 0), c.unit, locs[c.zone], c.offset)
				out <- outcome{p, err}
			}
		}()
		return out
	}
	results := work(0)
	timer := time.NewTimer(caseDeadline)
	defer timer.Stop()
	hangs, failures := 0, 0
	for i, c := range cases {
		timer.Reset(caseDeadline)
		run++
		select {
		case r := <-results:
			if g := got(c, r.p, r.err); g == c.want {
				agreed++
			} else if failures++; failures <= 20 {
				t.Errorf("%s = %s, want %s", c, g, c.want)
			}
		case <-timer.C:
			hangs++
			t.Errorf("%s did not return within %s", c, caseDeadline)
			if hangs >= maxHangs {
				t.Errorf("%d cases hung; the other %d are not run", hangs, len(cases)-i-1)
				return run, agreed
			}
			results = work(i + 1)
		}
	}
	if failures > 20 {
		t.Errorf("and %d more cases disagree", failures-20)
	}
	return run, agreed
}

// TestPeriodOf_vectorsEmbedded checks every case against the zone database
// the provider uses.
func TestPeriodOf_vectorsEmbedded(t *testing.T) {
	v := readVectors(t)
	run, agreed := checkVectors(t, v, 'g', LoadZone)
	t.Logf("Go's zoneinfo.zip (tzdata %s, embedded): %d cases run, %d agreed", TZDataVersion, run, agreed)
	if run != agreed {
		t.Errorf("%d of %d cases disagree", run-agreed, run)
	}
}

// TestPeriodOf_vectorsSystem checks every case against the machine zone
// files the vectors were made from.
func TestPeriodOf_vectorsSystem(t *testing.T) {
	v := readVectors(t)
	run, agreed := checkVectors(t, v, 's', func(name string) (*time.Location, error) {
		data, err := os.ReadFile(filepath.Join(systemZoneRoot, filepath.FromSlash(name)))
		if err != nil {
			return nil, err
		}
		return time.LoadLocationFromTZData(name, data)
	})
	t.Logf("the machine's zone files (tzdata %s, testdata copy): %d cases run, %d agreed", v.systemTZData, run, agreed)
	if run != agreed {
		t.Errorf("%d of %d cases disagree", run-agreed, run)
	}
}

// dayStart finds changes of offset by sampling every sampleStep: it would
// miss two changes closer than that. The script measured the closest two
// changes in the embedded database.
func TestSampleStep_belowTheClosestChanges(t *testing.T) {
	v := readVectors(t)
	if v.minGap <= 2*sampleStep {
		t.Errorf("changes of offset as close as %d s in the embedded zones; dayStart samples every %d s",
			v.minGap, sampleStep)
	}
}

// The vectors cover what the brief of issue 21 asks: every zone named there,
// the years 1900 to 2100, the end of the leap years after each zone's last
// listed change, instants up to the year 9999, and each kind of answer.
func TestVectors_coverage(t *testing.T) {
	v := readVectors(t)
	want := []string{"America/Santiago", "America/Asuncion", "Asia/Gaza", "America/Havana",
		"Australia/Lord_Howe", "Pacific/Apia", "Africa/Casablanca", "Antarctica/Troll", "Europe/Berlin",
		"America/New_York"}
	if strings.Join(v.zones, " ") != strings.Join(want, " ") {
		t.Errorf("zones %v, want %v", v.zones, want)
	}
	perZone := map[string]int{}
	years := map[int]bool{}
	kinds := map[byte]int{}
	lateLeap := 0
	for _, c := range v.cases {
		perZone[c.zone]++
		at := time.Unix(c.instant, 0).UTC()
		years[at.Year()] = true
		kinds[c.want[0]]++
		if y := at.Year(); (y == 2028 || y == 2032 || y == 2040 || y == 2096) && at.YearDay() >= 365 {
			lateLeap++
		}
	}
	for _, z := range want {
		if perZone[z] < 1000 {
			t.Errorf("%s: %d cases", z, perZone[z])
		}
	}
	for y := 1900; y <= 2100; y++ {
		if !years[y] {
			t.Errorf("no case in %d", y)
		}
	}
	if !years[1] || !years[9999] {
		t.Error("no case in the year 1 or 9999")
	}
	if kinds['R'] == 0 || kinds['S'] == 0 || lateLeap < 100 {
		t.Errorf("%d out of range, %d skipped, %d at the end of leap years", kinds['R'], kinds['S'], lateLeap)
	}
}

// The copy of the machine's zone files is the machine's, where the machine
// has the same tzdata release.
func TestVectors_systemCopyIsTheMachines(t *testing.T) {
	v := readVectors(t)
	zi, err := os.ReadFile("/usr/share/zoneinfo/tzdata.zi")
	if err != nil || !strings.HasPrefix(string(zi), "# version "+v.systemTZData+"\n") {
		t.Skipf("this machine does not have tzdata %s in /usr/share/zoneinfo", v.systemTZData)
	}
	for _, name := range v.zones {
		a, err1 := os.ReadFile(filepath.Join("/usr/share/zoneinfo", name))
		b, err2 := os.ReadFile(filepath.Join(systemZoneRoot, name))
		if err := errors.Join(err1, err2); err != nil || string(a) != string(b) {
			t.Errorf("%s: the copy differs from the machine's file (%v)", name, err)
		}
	}
}
