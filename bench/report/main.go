// Command report turns the raw outputs of bench/run.sh (go test -bench
// output, and the treemem and GNU time files of each terraform plan) into
// the one markdown table of `make bench`, with the targets of GitHub issue 5
// marked met or missed.
//
//	report -dir bench/out -n 10000
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

func main() {
	dir := flag.String("dir", "bench/out", "`directory` of the raw outputs")
	n := flag.Int("n", 10000, "conversations of the terraform plans")
	flag.Parse()
	benches, err := readBenchmarks(*dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
	plans, err := readPlans(*dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
	t := &table{}
	goRows(t, benches)
	pagedRows(t, benches)
	planRows(t, plans, *n, readBodyBytes(*dir))
	t.write(os.Stdout)
}

// --- go test -bench output ---------------------------------------------------

// sample is one result line of a benchmark.
type sample struct{ nsOp, bytesOp, allocsOp float64 }

// benchLine matches "BenchmarkX/n=1000-2   36   39008460 ns/op   ...".
var benchLine = regexp.MustCompile(`^Benchmark(\S+?)(?:-\d+)?\s+\d+\s+(.*)$`)

func readBenchmarks(dir string) (map[string][]sample, error) {
	out := map[string][]sample{}
	files, err := filepath.Glob(filepath.Join(dir, "go-*.txt"))
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		for _, line := range strings.Split(string(b), "\n") {
			m := benchLine.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			var s sample
			fields := strings.Fields(m[2])
			for i := 0; i+1 < len(fields); i += 2 {
				v, err := strconv.ParseFloat(fields[i], 64)
				if err != nil {
					continue
				}
				switch fields[i+1] {
				case "ns/op":
					s.nsOp = v
				case "B/op":
					s.bytesOp = v
				case "allocs/op":
					s.allocsOp = v
				}
			}
			out[m[1]] = append(out[m[1]], s)
		}
	}
	return out, nil
}

// stat is the median of each measure of a benchmark's samples.
type stat struct {
	ok                      bool
	runs                    int
	nsOp, bytesOp, allocsOp float64
}

func medianOf(samples []sample) stat {
	if len(samples) == 0 {
		return stat{}
	}
	pick := func(f func(sample) float64) float64 {
		v := make([]float64, len(samples))
		for i, s := range samples {
			v[i] = f(s)
		}
		return median(v)
	}
	return stat{ok: true, runs: len(samples),
		nsOp:     pick(func(s sample) float64 { return s.nsOp }),
		bytesOp:  pick(func(s sample) float64 { return s.bytesOp }),
		allocsOp: pick(func(s sample) float64 { return s.allocsOp })}
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// --- the table -----------------------------------------------------------------

type row struct{ what, n, time, memory, allocs, against, ratio, target, result string }

type table struct{ rows []row }

func (t *table) add(r row) { t.rows = append(t.rows, r) }

func (t *table) write(w io.Writer) {
	fmt.Fprintln(w, "| Measurement | N | Time | Memory | Allocs | Compared with | Ratio | Target | Result |")
	fmt.Fprintln(w, "| --- | ---: | ---: | ---: | ---: | --- | ---: | --- | --- |")
	for _, r := range t.rows {
		cells := []string{r.what, r.n, r.time, r.memory, r.allocs, r.against, r.ratio, r.target, r.result}
		for i, c := range cells {
			if c == "" {
				cells[i] = "–"
			}
		}
		fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
	}
}

var goSizes = []int{1_000, 10_000, 50_000}

func goRows(t *table, benches map[string][]sample) {
	type kind struct{ name, what string }
	floor := "DecodeFloor"
	for _, k := range []kind{
		{"DecodeConversationPage", "Client decode of one page (`DecodeConversationPage`: streaming, bounded, checked)"},
		{floor, "Floor: `json.Unmarshal` of the same bytes into plain structs"},
		{"DecodeAndFlatten", "**Decode + flatten into state values** (the client's decode, then the items' state values)"},
		{"Flatten", "Flatten alone (the items' state values, from decoded conversations)"},
		{"StateEncode", "terraform-plugin-go: msgpack encoding of the state"},
		{"ReadDataSource", "Whole `ReadDataSource` over the plugin protocol (stand-in, no latency, pages of 100 ×4)"},
	} {
		for _, n := range goSizes {
			s := medianOf(benches[fmt.Sprintf("%s/n=%d", k.name, n)])
			if !s.ok {
				continue
			}
			r := row{what: k.what, n: thousands(n),
				time:   perConv(s.nsOp, n) + runsNote(s.runs),
				memory: bytesPerConv(s.bytesOp, n),
				allocs: fmt.Sprintf("%.0f/conv", s.allocsOp/float64(n))}
			if k.name != floor {
				if f := medianOf(benches[fmt.Sprintf("%s/n=%d", floor, n)]); f.ok {
					ratio := s.nsOp / f.nsOp
					r.against, r.ratio = "floor, same N", fmt.Sprintf("%.1f×", ratio)
					if k.name == "DecodeAndFlatten" {
						r.target, r.result = "≤ 3× floor", metOrMissed(ratio <= 3)
					}
				}
			}
			t.add(r)
		}
	}
}

func pagedRows(t *table, benches map[string][]sample) {
	const n = 10_000
	one := medianOf(benches[fmt.Sprintf("PagedRead/page=%d/concurrency=1", n)])
	for _, c := range []int{1, 4, 8} {
		s := medianOf(benches[fmt.Sprintf("PagedRead/page=100/concurrency=%d", c)])
		if !s.ok {
			continue
		}
		what := fmt.Sprintf("Paged read, pages of 100, %d at once%s, 50 ms latency", c, map[bool]string{true: " (default)"}[c == 4])
		r := row{what: what, n: thousands(n), time: seconds(s.nsOp/1e9) + runsNote(s.runs),
			memory: bytesPerConv(s.bytesOp, n), allocs: fmt.Sprintf("%.0f/conv", s.allocsOp/n)}
		if one.ok {
			ratio := s.nsOp / one.nsOp
			r.against, r.ratio = "one page of 10,000", fmt.Sprintf("%.1f×", ratio)
			r.target, r.result = "≤ 2× one page", metOrMissed(ratio <= 2)
		}
		t.add(r)
	}
	if one.ok {
		t.add(row{what: "Read in one page of 10,000, 50 ms latency", n: thousands(n), time: seconds(one.nsOp/1e9) + runsNote(one.runs),
			memory: bytesPerConv(one.bytesOp, n), allocs: fmt.Sprintf("%.0f/conv", one.allocsOp/n)})
	}
}

// --- terraform plans -------------------------------------------------------------

// planRun is one terraform plan, from treemem's and GNU time's files.
type planRun map[string]float64

var planFile = regexp.MustCompile(`^plan-(\w+)-(\d+)\.stats$`)

func readPlans(dir string) (map[string][]planRun, error) {
	out := map[string][]planRun{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		m := planFile.FindStringSubmatch(e.Name())
		if m == nil { // warm-up runs are not counted
			continue
		}
		r := planRun{}
		if err := readKeyValues(filepath.Join(dir, e.Name()), r); err != nil {
			return nil, err
		}
		if err := readGNUTime(filepath.Join(dir, strings.TrimSuffix(e.Name(), ".stats")+".time"), r); err != nil {
			return nil, err
		}
		out[m[1]] = append(out[m[1]], r)
	}
	return out, nil
}

func readKeyValues(path string, r planRun) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), "=")
		if !ok {
			continue
		}
		if x, err := strconv.ParseFloat(v, 64); err == nil {
			r[k] = x
		}
	}
	return sc.Err()
}

// readGNUTime reads the wall time and "Maximum resident set size" of
// /usr/bin/time -v.
func readGNUTime(path string, r planRun) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "Maximum resident set size (kbytes):"):
			v, _ := strconv.ParseFloat(strings.TrimSpace(line[strings.LastIndex(line, ":")+1:]), 64)
			r["time_max_rss_kb"] = v
		case strings.HasPrefix(line, "Elapsed (wall clock) time"):
			r["time_wall_s"] = clockSeconds(line[strings.Index(line, "): ")+3:])
		}
	}
	return nil
}

// clockSeconds parses GNU time's h:mm:ss or m:ss.ss.
func clockSeconds(s string) float64 {
	total := 0.0
	for _, part := range strings.Split(strings.TrimSpace(s), ":") {
		v, _ := strconv.ParseFloat(part, 64)
		total = total*60 + v
	}
	return total
}

func readBodyBytes(dir string) float64 {
	r := planRun{}
	if readKeyValues(filepath.Join(dir, "plan-body.txt"), r) != nil {
		return 0
	}
	return r["body_bytes"]
}

// planKind is the runs of one configuration.
type planKind struct {
	runs []planRun
}

// median is the median of one measure over the runs that have it.
func (k planKind) median(key string) float64 {
	v := make([]float64, 0, len(k.runs))
	for _, r := range k.runs {
		if x, ok := r[key]; ok {
			v = append(v, x)
		}
	}
	return median(v)
}

// providerCPU is the CPU time of the provider processes of a run.
func providerCPU(r planRun) float64 {
	total := 0.0
	for k, v := range r {
		if strings.HasPrefix(k, "cpu_s[terraform-provider-") {
			total += v
		}
	}
	return total
}

func planRows(t *table, plans map[string][]planRun, n int, bodyBytes float64) {
	ours, peer := planKind{plans["itellico"]}, planKind{plans["http"]}
	if len(ours.runs) == 0 || len(peer.runs) == 0 {
		return
	}
	for _, rs := range [][]planRun{ours.runs, peer.runs} {
		for _, r := range rs {
			r["cpu_provider_s"] = providerCPU(r)
		}
	}
	body := ""
	if bodyBytes > 0 {
		body = fmt.Sprintf(", %.1f MB of JSON", bodyBytes/1e6)
	}
	runs := fmt.Sprintf(" (median of %d)", min(len(ours.runs), len(peer.runs)))
	kinds := []struct {
		name string
		k    planKind
	}{
		{"`terraform plan`, itellico_conversations", ours},
		{"`terraform plan`, http v1.2.0 + `jsondecode`", peer},
	}
	for i, kd := range kinds {
		k := kd.k
		r := row{what: kd.name + body + runs, n: thousands(n),
			time:   seconds(k.median("wall_s")),
			memory: mb(k.median("peak_tree_rss_kb")) + " peak, terraform + providers summed"}
		if i == 0 {
			wall := k.median("wall_s") / peer.median("wall_s")
			memory := k.median("peak_tree_rss_kb") / peer.median("peak_tree_rss_kb")
			r.against = "http v1.2.0 + jsondecode"
			r.ratio = fmt.Sprintf("%.2f× time, %.2f× memory", wall, memory)
			r.target = "≤ 0.5× time and ≤ 0.5× memory"
			r.result = fmt.Sprintf("time %s, memory %s", metOrMissed(wall <= 0.5), metOrMissed(memory <= 0.5))
		}
		t.add(r)
	}
	for _, kd := range kinds {
		k := kd.k
		t.add(row{what: "– where it goes: " + strings.TrimPrefix(kd.name, "`terraform plan`, "), n: thousands(n),
			time: fmt.Sprintf("CPU: terraform %.1f s, providers %.1f s (load average %.1f)",
				k.median("cpu_s[terraform]"), k.median("cpu_provider_s"), k.median("load1")),
			memory: fmt.Sprintf("largest process %s (GNU time), own peaks summed %s",
				mb(k.median("time_max_rss_kb")), mb(k.median("sum_hwm_kb")))})
	}
}

// --- formatting -------------------------------------------------------------------

func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func perConv(nsOp float64, n int) string {
	ns := nsOp / float64(n)
	switch {
	case ns >= 1e6:
		return fmt.Sprintf("%.2f ms/conv", ns/1e6)
	case ns >= 1e3:
		return fmt.Sprintf("%.1f µs/conv", ns/1e3)
	}
	return fmt.Sprintf("%.0f ns/conv", ns)
}

func bytesPerConv(bytesOp float64, n int) string {
	b := bytesOp / float64(n)
	if b >= 1024 {
		return fmt.Sprintf("%.1f KiB/conv", b/1024)
	}
	return fmt.Sprintf("%.0f B/conv", b)
}

func seconds(s float64) string { return fmt.Sprintf("%.2f s", s) }

func mb(kb float64) string { return fmt.Sprintf("%.0f MiB", kb/1024) }

func runsNote(runs int) string {
	if runs > 1 {
		return fmt.Sprintf(" (median of %d)", runs)
	}
	return ""
}

func metOrMissed(ok bool) string {
	if ok {
		return "**met**"
	}
	return "**missed**"
}
