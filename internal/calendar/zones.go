package calendar

import (
	"archive/zip"
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"sort"
	"sync"
	"time"
)

// The zone database is the one committed next to this file, zoneinfo.zip:
// a copy of the zoneinfo.zip of Go 1.26 ($(go env GOROOT)/lib/time), which
// is built from IANA tzdata 2025c. It is embedded in the binary and is the
// only source of zones: the machine's zone database (/usr/share/zoneinfo,
// $ZONEINFO) is never read, so a zone name means the same zone, and a period
// the same instants, on every machine, and the names accepted are exactly
// the IANA names the archive holds ("Europe/Berlin", "UTC", "EST5EDT",
// links such as "US/Eastern"). What a zone database on disk holds besides
// its zones, such as "localtime" (the machine's own zone), "posixrules", and
// the "posix/" and "right/" trees, is not a name here, and neither is
// "Local".
//
// To update it: copy the zoneinfo.zip of a newer Go release (or build one
// with Go's lib/time/update.bash), set TZDataVersion, and regenerate the
// test vectors with scripts/calendar-vectors.py.

// TZDataVersion is the IANA tzdata release the embedded zone database was
// built from.
const TZDataVersion = "2025c"

//go:embed zoneinfo.zip
var zoneinfoZip []byte

var (
	zoneFilesOnce sync.Once
	zoneFiles     map[string]*zip.File // by zone name
	zoneFilesErr  error

	zoneMu    sync.Mutex
	zoneCache = map[string]*time.Location{} // at most one entry per name in zoneFiles
)

func loadZoneFiles() {
	r, err := zip.NewReader(bytes.NewReader(zoneinfoZip), int64(len(zoneinfoZip)))
	if err != nil {
		zoneFilesErr = fmt.Errorf("the embedded zone database cannot be read: %w", err)
		return
	}
	zoneFiles = make(map[string]*zip.File, len(r.File))
	for _, f := range r.File {
		if !f.FileInfo().IsDir() {
			zoneFiles[f.Name] = f
		}
	}
}

// LoadZone returns the IANA time zone named name, such as "Europe/Berlin"
// or "UTC", from the embedded zone database. Names are case-sensitive.
// Unlike time.LoadLocation it reads nothing from the machine, and refuses ""
// and "Local", which name no zone of the IANA database but the machine's own
// setting.
func LoadZone(name string) (*time.Location, error) {
	zoneMu.Lock()
	loc, ok := zoneCache[name]
	zoneMu.Unlock()
	if ok {
		return loc, nil
	}
	zoneFilesOnce.Do(loadZoneFiles)
	if zoneFilesErr != nil {
		return nil, zoneFilesErr
	}
	f, ok := zoneFiles[name]
	if !ok {
		return nil, fmt.Errorf("%q is not an IANA time zone name", name)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("zone %q: %w", name, err)
	}
	defer rc.Close()
	// A zone file is a few kilobytes; the largest in 2025c is under 4 KB.
	data, err := io.ReadAll(io.LimitReader(rc, 1<<20))
	if err != nil {
		return nil, fmt.Errorf("zone %q: %w", name, err)
	}
	loc, err = time.LoadLocationFromTZData(name, data)
	if err != nil {
		return nil, fmt.Errorf("zone %q: %w", name, err)
	}
	zoneMu.Lock()
	defer zoneMu.Unlock()
	if first, ok := zoneCache[name]; ok {
		return first, nil // another caller loaded it meanwhile; one value per name
	}
	zoneCache[name] = loc
	return loc, nil
}

// ZoneNames returns the names of every zone LoadZone accepts, sorted.
func ZoneNames() []string {
	zoneFilesOnce.Do(loadZoneFiles)
	names := make([]string, 0, len(zoneFiles))
	for name := range zoneFiles {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}
