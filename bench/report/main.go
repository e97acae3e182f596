// Command report turns the raw outputs of bench/run.sh (go test -bench
// output; the GNU time, treemem, provider and request files of each
// terraform plan) into the one markdown table of `make bench`: each target
// of the issues "client at scale", "reporting at scale" and "requests in
// proportion to the question" with the figure measured and whether it is
// met, then the figures behind them.
//
//	report -dir bench/out
//
// A section that was not run has no rows.
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
	flag.Parse()
	benches, err := readBenchmarks(*dir)
	if err != nil {
		fail(err)
	}
	plans, err := readPlans(*dir)
	if err != nil {
		fail(err)
	}
	t := &table{}
	latencyRows(t, plans, benches)
	shareRows(t, plans)
	peerRows(t, plans, *dir)
	statsRows(t, plans, *dir)
	stats100kRows(t, plans)
	lookupsRows(t, plans, *dir)
	countsRows(t, plans, *dir)
	stats20kRows(t, plans, *dir)
	goRows(t, benches)
	if b, err := os.ReadFile(filepath.Join(*dir, "go-failed.txt")); err == nil {
		for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			file, pkg, _ := strings.Cut(line, " ")
			t.add(row{id: "go", what: "Go benchmarks of " + pkg, measured: "failed to run: see bench/out/" + file, result: "**failed**"})
		}
	}
	t.write(os.Stdout)
	runNote(os.Stdout, *dir)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "report:", err)
	os.Exit(1)
}

// --- go test -bench output ---------------------------------------------------

// sample is one result line of a benchmark: its value per unit (ns/op,
// B/op, allocs/op, ns/conv, ...).
type sample map[string]float64

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
			s := sample{}
			fields := strings.Fields(m[2])
			for i := 0; i+1 < len(fields); i += 2 {
				if v, err := strconv.ParseFloat(fields[i], 64); err == nil {
					s[fields[i+1]] = v
				}
			}
			out[m[1]] = append(out[m[1]], s)
		}
	}
	return out, nil
}

// med is the median of one unit over a benchmark's samples, and how many
// samples there were.
func med(samples []sample, unit string) (float64, int) {
	var v []float64
	for _, s := range samples {
		if x, ok := s[unit]; ok {
			v = append(v, x)
		}
	}
	return median(v), len(v)
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

// --- terraform plans -----------------------------------------------------------

// planRun is one terraform plan: the key=value lines of its files, the
// provider's starts summed (provider_cpu_s, provider_peak_kb, provider_starts)
// and GNU time -v's wall and largest single resident size.
type planRun map[string]float64

var planFile = regexp.MustCompile(`^plan-(.+)-(\d+)\.time$`)

// readPlans reads every plan but the warm-ups, by name.
func readPlans(dir string) (map[string][]planRun, error) {
	out := map[string][]planRun{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		m := planFile.FindStringSubmatch(e.Name())
		if m == nil {
			continue
		}
		base := filepath.Join(dir, strings.TrimSuffix(e.Name(), ".time"))
		r := planRun{}
		for _, ext := range []string{".time", ".stats", ".load", ".requests"} {
			if err := readKeyValues(base+ext, r); err != nil && !os.IsNotExist(err) {
				return nil, err
			}
		}
		if err := readGNUTimeV(base+".time", r); err != nil {
			return nil, err
		}
		if err := readProviderStarts(base+".provider", r); err != nil && !os.IsNotExist(err) {
			return nil, err
		}
		if err := readRequestLog(base+".requests.log", r); err != nil && !os.IsNotExist(err) {
			return nil, err
		}
		if _, ok := r["requests"]; ok {
			r["status_429"] += 0 // a plan without a 429 has no line of them
		}
		// The tree's summed memory is sampled and can miss the top of a
		// short peak; it is at least the largest single process's peak
		// (GNU time -v), which wait4 reports exactly.
		if v, ok := r["peak_tree_rss_kb"]; ok {
			r["peak_kb"] = max(v, r["time_max_rss_kb"])
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
		k, v, ok := strings.Cut(strings.TrimSpace(sc.Text()), "=")
		if !ok {
			continue
		}
		if x, err := strconv.ParseFloat(v, 64); err == nil {
			r[k] = x
		}
	}
	return sc.Err()
}

// readGNUTimeV reads the wall time and "Maximum resident set size" of
// /usr/bin/time -v, when the file is in that format.
func readGNUTimeV(path string, r planRun) error {
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

// readProviderStarts sums the lines the provider's wrapper appends, one
// per start: "start user_s=.. sys_s=.. max_rss_kb=.. wall_s=.. exit=..".
func readProviderStarts(path string, r planRun) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if !strings.HasPrefix(line, "start ") {
			continue
		}
		kv := planRun{}
		for _, f := range strings.Fields(line)[1:] {
			k, v, _ := strings.Cut(f, "=")
			if x, err := strconv.ParseFloat(v, 64); err == nil {
				kv[k] = x
			}
		}
		r["provider_starts"]++
		r["provider_cpu_s"] += kv["user_s"] + kv["sys_s"]
		r["provider_peak_kb"] = max(r["provider_peak_kb"], kv["max_rss_kb"])
	}
	return nil
}

// runs are the plans of one kind.
type runs []planRun

// median is the median of one measure over the runs that have it.
func (rs runs) median(key string) float64 {
	v := make([]float64, 0, len(rs))
	for _, r := range rs {
		if x, ok := r[key]; ok {
			v = append(v, x)
		}
	}
	return median(v)
}

// medianOf is the median over the runs of f.
func (rs runs) medianOf(f func(planRun) float64) float64 {
	v := make([]float64, 0, len(rs))
	for _, r := range rs {
		v = append(v, f(r))
	}
	return median(v)
}

// --- the table -----------------------------------------------------------------

type row struct{ id, what, measured, target, result string }

type table struct{ rows []row }

func (t *table) add(r row) { t.rows = append(t.rows, r) }

func (t *table) write(w io.Writer) {
	fmt.Fprintln(w, "| # | Measurement | Measured | Target | Result |")
	fmt.Fprintln(w, "| --- | --- | --- | --- | --- |")
	for _, r := range t.rows {
		cells := []string{r.id, r.what, r.measured, r.target, r.result}
		for i, c := range cells {
			if c == "" {
				cells[i] = "–"
			}
		}
		fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
	}
}

func verdict(ok bool, ratio, bound float64) string {
	if math.IsNaN(ratio) {
		return "no data"
	}
	if ok {
		return "**met**"
	}
	return fmt.Sprintf("**missed** (%.2f× the bound)", ratio/bound)
}

// --- 1. latency ------------------------------------------------------------------

var kinds = []struct{ name, what string }{
	{"any", "(a) answers any page size"},
	{"cap100", "(b) caps pages at 100"},
	{"refuse100", "(c) refuses a limit above 100 (422)"},
}

func latencyBound(kind string) float64 {
	if kind == "any" {
		return 1.25
	}
	return 1.5
}

func latencyRows(t *table, plans map[string][]planRun, benches map[string][]sample) {
	for _, k := range kinds {
		fast, slow := runs(plans["latency-"+k.name+"-0ms"]), runs(plans["latency-"+k.name+"-50ms"])
		if len(fast) == 0 || len(slow) == 0 {
			continue
		}
		bound := latencyBound(k.name)
		ratio := slow.median("wall_s") / fast.median("wall_s")
		t.add(row{id: "1", what: "Latency, `terraform plan`, 10,000 conversations without transcripts, server " + k.what +
			fmt.Sprintf(": wall time at 50 ms ÷ at 0 ms (medians of %d, alternating)", min(len(fast), len(slow))),
			measured: fmt.Sprintf("%s ÷ %s = **%.2f×**", seconds(slow.median("wall_s")), seconds(fast.median("wall_s")), ratio),
			target:   fmt.Sprintf("≤ %.2f×", bound), result: verdict(ratio <= bound, ratio, bound)})
	}
	for _, k := range kinds {
		name := "ReadLatency/kind=" + k.name + "/latency="
		fast, nf := med(benches[name+"0s"], "ns/op")
		slow, ns := med(benches[name+"50ms"], "ns/op")
		if nf == 0 || ns == 0 {
			continue
		}
		bound := latencyBound(k.name)
		ratio := slow / fast
		t.add(row{id: "1", what: "Latency, Go benchmark of the provider's read alone (`BenchmarkReadLatency`), server " + k.what +
			fmt.Sprintf(": 50 ms ÷ 0 ms (medians of %d)", min(nf, ns)),
			measured: fmt.Sprintf("%s ÷ %s = **%.2f×**", seconds(slow/1e9), seconds(fast/1e9), ratio),
			target:   fmt.Sprintf("≤ %.2f×", bound), result: verdict(ratio <= bound, ratio, bound)})
	}
}

// --- 2. the provider's share ----------------------------------------------------------

// planCPU is the CPU of a whole plan: terraform and every process it waited
// for, the providers included.
func planCPU(r planRun) float64 { return r["user_s"] + r["sys_s"] }

func shareRows(t *table, plans map[string][]planRun) {
	for _, n := range []int{10_000, 30_000} {
		rs := runs(plans[fmt.Sprintf("share-%d", n)])
		if len(rs) == 0 {
			continue
		}
		share := rs.medianOf(func(r planRun) float64 { return r["provider_cpu_s"] / planCPU(r) })
		t.add(row{id: "2", what: fmt.Sprintf("Provider share of a plan's CPU, %s conversations with transcripts: provider "+
			"(user+sys, every start summed) ÷ whole plan (median of %d)", thousands(n), len(rs)),
			measured: fmt.Sprintf("%.2f s of %.2f s = **%.1f %%**", rs.median("provider_cpu_s"),
				rs.medianOf(planCPU), 100*share),
			target: "≤ 10 %", result: verdict(share <= 0.10, share, 0.10)})
		// GNU time's peak of terraform is the largest of terraform and the
		// processes it waited for: terraform's own when it exceeds every
		// provider start's peak, else terraform's is smaller still.
		own := true
		for _, r := range rs {
			if r["max_rss_kb"] <= r["provider_peak_kb"] {
				own = false
			}
		}
		ratio := rs.medianOf(func(r planRun) float64 { return r["provider_peak_kb"] / r["max_rss_kb"] })
		note := ""
		if !own {
			note = " (terraform's own peak is at most this: a provider's was the largest)"
		}
		t.add(row{id: "2", what: fmt.Sprintf("Provider peak memory ÷ terraform's, %s conversations with transcripts "+
			"(largest provider start; median of %d)", thousands(n), len(rs)),
			measured: fmt.Sprintf("%s ÷ %s%s = **%.2f×**", mib(rs.median("provider_peak_kb")), mib(rs.median("max_rss_kb")), note, ratio),
			target:   "≤ 0.25×", result: verdict(ratio <= 0.25, ratio, 0.25)})
	}
}

// --- 3. against the peer ----------------------------------------------------------

func peerComparison(t *table, id, what string, ours, peer runs, timeBound, memBound float64) {
	wall := ours.median("wall_s") / peer.median("wall_s")
	mem := ours.median("peak_kb") / peer.median("peak_kb")
	n := min(len(ours), len(peer))
	t.add(row{id: id, what: what + fmt.Sprintf(": wall time ÷ the peer's (medians of %d, alternating)", n),
		measured: fmt.Sprintf("%s ÷ %s = **%.2f×**", seconds(ours.median("wall_s")), seconds(peer.median("wall_s")), wall),
		target:   fmt.Sprintf("≤ %.1f×", timeBound), result: verdict(wall <= timeBound, wall, timeBound)})
	t.add(row{id: id, what: what + fmt.Sprintf(": peak memory, terraform and providers summed, ÷ the peer's (medians of %d)", n),
		measured: fmt.Sprintf("%s ÷ %s = **%.2f×**", mib(ours.median("peak_kb")), mib(peer.median("peak_kb")), mem),
		target:   fmt.Sprintf("≤ %.1f×", memBound), result: verdict(mem <= memBound, mem, memBound)})
}

// whereRow shows how a plan measured by treemem spends its CPU and memory.
func whereRow(t *table, id, what string, rs runs) {
	if len(rs) == 0 {
		return
	}
	providers := rs.medianOf(func(r planRun) float64 {
		total := 0.0
		for k, v := range r {
			if strings.HasPrefix(k, "cpu_s[terraform-provider-") {
				total += v
			}
		}
		return total
	})
	provider := "hwm_kb[terraform-provider-itellico]"
	if strings.Contains(what, "http") {
		provider = "hwm_kb[terraform-provider-http]"
	}
	t.add(row{id: id, what: "– where it goes: " + what,
		measured: fmt.Sprintf("wall %s; CPU: terraform %.1f s, provider %.1f s; own peaks: terraform %s, provider %s "+
			"(their sum %s bounds the summed peak from above); load %.1f",
			seconds(rs.median("wall_s")), rs.median("cpu_s[terraform]"), providers, mib(rs.median("hwm_kb[terraform]")),
			mib(rs.median(provider)), mib(rs.median("sum_hwm_kb")), rs.median("load1")),
		result: "info"})
}

func bodyNote(dir string) string {
	r := planRun{}
	if readKeyValues(filepath.Join(dir, "body-10000.txt"), r) != nil {
		return ""
	}
	return fmt.Sprintf(" (%.1f MB of JSON)", r["body_bytes"]/1e6)
}

func peerRows(t *table, plans map[string][]planRun, dir string) {
	ours, peer := runs(plans["peer-itellico"]), runs(plans["peer-http"])
	if len(ours) == 0 || len(peer) == 0 {
		return
	}
	peerComparison(t, "3", "`itellico_conversations` vs http v1.2.0 + `jsondecode`, 10,000 conversations with transcripts"+bodyNote(dir),
		ours, peer, 1.0, 0.6)
	whereRow(t, "3", "itellico_conversations", ours)
	whereRow(t, "3", "http v1.2.0 + jsondecode", peer)
}

// --- 4. stats against the peer ------------------------------------------------------

func statsRows(t *table, plans map[string][]planRun, dir string) {
	ours, peer := runs(plans["stats-itellico"]), runs(plans["stats-http"])
	if len(ours) == 0 || len(peer) == 0 {
		return
	}
	peerComparison(t, "4", "`itellico_conversation_stats` vs http v1.2.0 + `jsondecode` + expressions, 10,000 conversations",
		ours, peer, 0.2, 0.1)
	answers := "not recorded"
	if b, err := os.ReadFile(filepath.Join(dir, "stats-answers-1.txt")); err == nil {
		first, _, _ := strings.Cut(string(b), "\n")
		if _, v, ok := strings.Cut(first, "="); ok {
			if f := strings.Fields(v); len(f) == 3 {
				answers = fmt.Sprintf("failed %s, longest %s s, mean %s s", f[0], f[1], f[2])
			}
		}
	}
	t.add(row{id: "4", what: "– the same answers in both plans (checked in every run)", measured: answers, result: "info"})
	whereRow(t, "4", "itellico_conversation_stats", ours)
	whereRow(t, "4", "http v1.2.0 + jsondecode + expressions", peer)
}

// --- 5. stats over 100,000 -------------------------------------------------------------

func stats100kRows(t *table, plans map[string][]planRun) {
	rs := runs(plans["stats100k"])
	if len(rs) == 0 {
		return
	}
	peak := rs.median("provider_peak_kb")
	const bound = 100e6 / 1024 // 100 MB in KiB
	t.add(row{id: "5", what: fmt.Sprintf("`itellico_conversation_stats` over 100,000 conversations: the provider's peak "+
		"memory (largest start, GNU time in the wrapper; median of %d)", len(rs)),
		measured: fmt.Sprintf("**%s** (%.0f MB)", mib(peak), peak*1024/1e6),
		target:   "< 100 MB", result: verdict(peak < bound, peak, bound)})
	t.add(row{id: "5", what: "– that plan", measured: fmt.Sprintf("wall %s; CPU: whole plan %.1f s, provider %.1f s; terraform's peak %s",
		seconds(rs.median("wall_s")), rs.medianOf(planCPU), rs.median("provider_cpu_s"), mib(rs.median("max_rss_kb"))),
		result: "info"})
}

// --- go benchmarks without a target ------------------------------------------------------

var goSizes = []int{1_000, 10_000, 50_000}

func goRows(t *table, benches map[string][]sample) {
	perConv := func(name string, n int) (string, bool) {
		s := benches[name]
		ns, k := med(s, "ns/conv")
		if k == 0 {
			return "", false
		}
		b, _ := med(s, "B/op")
		a, _ := med(s, "allocs/op")
		return fmt.Sprintf("%s/conv, %s/conv allocated, %.0f allocs/conv%s", duration(ns), bytes(b/float64(n)),
			a/float64(n), runsNote(k)), true
	}
	for _, n := range goSizes {
		floor, _ := med(benches[fmt.Sprintf("DecodeFloor/n=%d", n)], "ns/op")
		for _, k := range []struct{ name, what string }{
			{"DecodeConversationPage", "Go: the client's decode of one page (`DecodeConversationPage`)"},
			{"DecodeAndEncode", "Go: decode + the state written as MessagePack (`DecodeAndEncode`), the provider's own work"},
		} {
			name := fmt.Sprintf("%s/n=%d", k.name, n)
			m, ok := perConv(name, n)
			if !ok {
				continue
			}
			if ns, _ := med(benches[name], "ns/op"); !math.IsNaN(floor) {
				m += fmt.Sprintf("; **%.1f×** the floor", ns/floor)
			}
			t.add(row{id: "go", what: k.what + ", " + thousands(n), measured: m, result: "info"})
		}
		if m, ok := perConv(fmt.Sprintf("DecodeFloor/n=%d", n), n); ok {
			t.add(row{id: "go", what: "Go: the floor, `json.Unmarshal` into plain structs, " + thousands(n), measured: m, result: "info"})
		}
	}
	for _, n := range goSizes {
		s := benches[fmt.Sprintf("StateEncode/n=%d", n)]
		if size, k := med(s, "state-B/conv"); k > 0 {
			js, _ := med(s, "json-B/conv")
			ns, _ := med(s, "ns/conv")
			t.add(row{id: "go", what: "Go: the state as MessagePack (`StateEncode`), " + thousands(n),
				measured: fmt.Sprintf("%.0f B/conv of state for %.0f B/conv of JSON; %s/conv to write", size, js, duration(ns)), result: "info"})
		}
	}
	for _, n := range goSizes {
		name := fmt.Sprintf("ReadDataSource/n=%d", n)
		if m, ok := perConv(name, n); ok {
			ns, _ := med(benches[name], "ns/op")
			t.add(row{id: "go", what: "Go: whole `ReadDataSource` of itellico_conversations with transcripts, no latency, " + thousands(n),
				measured: fmt.Sprintf("%s a read; %s", seconds(ns/1e9), m), result: "info"})
		}
	}
	for _, n := range []int{10_000, 100_000} {
		name := fmt.Sprintf("StatsRead/n=%d", n)
		if m, ok := perConv(name, n); ok {
			ns, _ := med(benches[name], "ns/op")
			b, _ := med(benches[name], "B/op")
			t.add(row{id: "go", what: "Go: whole `ReadDataSource` of itellico_conversation_stats, no latency, " + thousands(n),
				measured: fmt.Sprintf("%s a read, %s allocated in all; %s", seconds(ns/1e9), bytes(b), m), result: "info"})
		}
	}
}

// --- requests of a plan -----------------------------------------------------------------

// readRequestLog reads the stand-in's lines of a plan ("t=UNIX status=N
// ms=N METHOD URL"): the time from the first request to the last answer
// (requests_span_s), and the 429s grouped into bursts (a 429 within 0.5 s
// of the one before is in the same burst), as "burst_N_at_s" (from the
// first request) and "burst_N_429s"; "bursts" is their number.
func readRequestLog(path string, r planRun) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	first, last, lastLimited := math.Inf(1), math.Inf(-1), math.Inf(-1)
	type line struct {
		t       float64
		limited bool
	}
	var lines []line
	for _, l := range strings.Split(string(b), "\n") {
		f := strings.Fields(l)
		if len(f) < 3 || !strings.HasPrefix(f[0], "t=") {
			continue
		}
		t, _ := strconv.ParseFloat(strings.TrimPrefix(f[0], "t="), 64)
		ms, _ := strconv.ParseFloat(strings.TrimPrefix(f[2], "ms="), 64)
		first, last = min(first, t), max(last, t+ms/1000)
		lines = append(lines, line{t, f[1] == "status=429"})
	}
	if len(lines) == 0 {
		return nil
	}
	slices.SortStableFunc(lines, func(x, y line) int { return cmpFloat(x.t, y.t) })
	r["requests_span_s"] = last - first
	n := 0
	for _, l := range lines {
		if !l.limited {
			continue
		}
		if l.t-lastLimited > 0.5 {
			n++
			r[fmt.Sprintf("burst_%d_at_s", n)] = l.t - first
		}
		r[fmt.Sprintf("burst_%d_429s", n)]++
		lastLimited = l.t
	}
	r["bursts"] = float64(n)
	return nil
}

func cmpFloat(x, y float64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// failed is whether the plan failed.
func failed(r planRun) bool { return r["exit"] != 0 }

// medianRun is the run whose key is the median (the lower one of an even
// number of runs).
func (rs runs) medianRun(key string) planRun {
	s := slices.Clone(rs)
	slices.SortStableFunc(s, func(x, y planRun) int { return cmpFloat(x[key], y[key]) })
	return s[(len(s)-1)/2]
}

// burstsNote says when the 429s of a plan came: "17 at 0.1 s, 1 at 5.1 s, ...".
func burstsNote(r planRun) string {
	var parts []string
	for i := 1; i <= int(r["bursts"]); i++ {
		parts = append(parts, fmt.Sprintf("%.0f at %.1f s", r[fmt.Sprintf("burst_%d_429s", i)], r[fmt.Sprintf("burst_%d_at_s", i)]))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// requestsNote is "N requests, M answered 429" for the median of each.
func requestsNote(rs runs) string {
	return fmt.Sprintf("%.0f requests, %.0f answered 429", rs.median("requests"), rs.median("status_429"))
}

// --- 6. lookups ----------------------------------------------------------------------------

const lookupsWhat = "110 lookups (40 `itellico_agent` by name, 20 by id, 40 `itellico_phone_number` by number, " +
	"10 `itellico_sip_trunk` by name; 300 agents, 200 phone numbers, 20 SIP trunks, pages of 100)"

func lookupsRows(t *table, plans map[string][]planRun, dir string) {
	before := runInfo(dir)["before"]
	for _, side := range []string{"after", "before"} {
		near, far := runs(plans["lookups-"+side+"-near"]), runs(plans["lookups-"+side+"-far"])
		if len(near) == 0 || len(far) == 0 {
			continue
		}
		ratio := far.median("wall_s") / near.median("wall_s")
		n := min(len(near), len(far))
		if side == "before" {
			t.add(row{id: "6", what: fmt.Sprintf("– before (the provider at %s), the same plans (medians of %d, alternating)", before, n),
				measured: fmt.Sprintf("%s ÷ %s = **%.2f×**; %s a plan against the distant API, %s against the near one",
					seconds(far.median("wall_s")), seconds(near.median("wall_s")), ratio, requestsNote(far), requestsNote(near)),
				result: "info"})
			continue
		}
		t.add(row{id: "6", what: "Lookups, `terraform plan` of " + lookupsWhat + ": wall time against a stand-in 50 ms away " +
			"that allows 10 requests a second (429, Retry-After: 1, beyond) ÷ against one without latency or limit, " +
			fmt.Sprintf("every lookup checked (medians of %d, alternating)", n),
			measured: fmt.Sprintf("%s ÷ %s = **%.2f×**", seconds(far.median("wall_s")), seconds(near.median("wall_s")), ratio),
			target:   "≤ 2.0×", result: verdict(ratio <= 2.0, ratio, 2.0)})
		req := far.median("requests")
		t.add(row{id: "6", what: fmt.Sprintf("Lookups: requests a plan sends to the distant, rate-limited API (median of %d)", len(far)),
			measured: fmt.Sprintf("**%.0f** requests, %.0f answered 429 (the near API: %s)", req, far.median("status_429"), requestsNote(near)),
			target:   "≤ 40", result: verdict(req <= 40, req, 40)})
	}
}

// --- 7. counts against the peer --------------------------------------------------------------

func countsRows(t *table, plans map[string][]planRun, dir string) {
	window := runInfo(filepath.Join(dir, "counts-window.txt"))
	what := fmt.Sprintf("a window of three months (%s to %s) of 50,000 conversations, by status, type and direction: "+
		"`itellico_conversation_counts` vs 12 requests of http v1.2.0 + `jsondecode`", window["from"], window["to"])
	oursLimited, peerLimited := runs(plans["counts-itellico-limited"]), runs(plans["counts-http-limited"])
	oursFree, peerFree := runs(plans["counts-itellico-unlimited"]), runs(plans["counts-http-unlimited"])
	if len(oursLimited) > 0 && len(peerLimited) > 0 {
		var ok runs
		for _, r := range peerLimited {
			if !failed(r) {
				ok = append(ok, r)
			}
		}
		switch {
		case len(ok) == len(peerLimited):
			ratio := oursLimited.median("wall_s") / ok.median("wall_s")
			t.add(row{id: "7", what: "Counts, " + what + ", API 50 ms away at 10 requests a second: wall time ÷ the peer's " +
				fmt.Sprintf("(medians of %d, alternating)", min(len(oursLimited), len(ok))),
				measured: fmt.Sprintf("%s ÷ %s = **%.2f×**", seconds(oursLimited.median("wall_s")), seconds(ok.median("wall_s")), ratio),
				target:   "≤ 1.0×", result: verdict(ratio <= 1.0, ratio, 1.0)})
		default:
			t.add(row{id: "7", what: "Counts, " + what + ", API 50 ms away at 10 requests a second (429, Retry-After: 1, beyond)" +
				fmt.Sprintf(" (medians of %d, alternating)", len(oursLimited)),
				measured: fmt.Sprintf("ours **%s**, every plan answered; the peer **failed in %d of %d plans** (`HTTP request error. "+
					"Response code: 429`: http v1.2.0 does not retry), after %s", seconds(oursLimited.median("wall_s")),
					len(peerLimited)-len(ok), len(peerLimited), seconds(peerLimited.median("wall_s"))),
				target: "≤ 1.0× the peer's time", result: "the peer gets no answer"})
		}
		t.add(row{id: "7", what: "– requests a plan sends to the rate-limited API (medians)",
			measured: fmt.Sprintf("ours %s; the peer %s", requestsNote(oursLimited), requestsNote(peerLimited)), result: "info"})
	}
	if len(oursFree) > 0 && len(peerFree) > 0 {
		ratio := oursFree.median("wall_s") / peerFree.median("wall_s")
		t.add(row{id: "7", what: "Counts, the same, API 50 ms away without a rate limit: wall time ÷ the peer's " +
			fmt.Sprintf("(medians of %d, alternating)", min(len(oursFree), len(peerFree))),
			measured: fmt.Sprintf("%s ÷ %s = **%.2f×**; %s a plan, the peer %s", seconds(oursFree.median("wall_s")),
				seconds(peerFree.median("wall_s")), ratio, requestsNote(oursFree), requestsNote(peerFree)),
			target: "≤ 1.0×", result: verdict(ratio <= 1.0, ratio, 1.0)})
		if oursEmpty, peerEmpty := runs(plans["counts-empty-itellico"]), runs(plans["counts-empty-http"]); len(oursEmpty) > 0 && len(peerEmpty) > 0 {
			t.add(row{id: "7", what: "– where the time goes, without the rate limit (medians)",
				measured: fmt.Sprintf("the requests, from the first to the last answer: ours %s, the peer %s; the same plan "+
					"without any read (terraform and the provider starting): ours %s, the peer %s",
					seconds(oursFree.median("requests_span_s")), seconds(peerFree.median("requests_span_s")),
					seconds(oursEmpty.median("wall_s")), seconds(peerEmpty.median("wall_s"))),
				result: "info"})
		}
		if len(oursLimited) > 0 {
			t.add(row{id: "7", what: "– ours through the rate limit ÷ the peer without it",
				measured: fmt.Sprintf("%s ÷ %s = %.2f×; ours, the requests from the first to the last answer %s, "+
					"the 429s %s (the median plan)", seconds(oursLimited.median("wall_s")),
					seconds(peerFree.median("wall_s")), oursLimited.median("wall_s")/peerFree.median("wall_s"),
					seconds(oursLimited.median("requests_span_s")), burstsNote(oursLimited.medianRun("wall_s"))),
				result: "info"})
		}
	}
	if b, err := os.ReadFile(filepath.Join(dir, "counts-answers-1.txt")); err == nil {
		if f := strings.Fields(string(b)); len(f) == 12 {
			t.add(row{id: "7", what: "– the same twelve numbers from every plan that finished (checked in every run)",
				measured: fmt.Sprintf("total %s; by status (in_progress, completed, failed, transferred) %s; by type (phone, web, "+
					"test, unknown) %s; by direction (inbound, outbound, internal) %s", f[0], strings.Join(f[1:5], ", "),
					strings.Join(f[5:9], ", "), strings.Join(f[9:12], ", ")),
				result: "info"})
		}
	}
}

// --- 8. stats over 20,000 at 10 requests a second ---------------------------------------------

func stats20kRows(t *table, plans map[string][]planRun, dir string) {
	latency := runInfo(filepath.Join(dir, "stats20k.txt"))["latency_ms"]
	before := runInfo(dir)["before"]
	const allowed = 20.0 // seconds: 200 pages at 10 a second
	for _, side := range []string{"after", "before"} {
		rs := runs(plans["stats20k-"+side])
		if len(rs) == 0 {
			continue
		}
		ratio := rs.median("wall_s") / allowed
		share := rs.medianOf(func(r planRun) float64 { return r["status_429"] / r["requests"] })
		m := rs.medianRun("wall_s")
		where := fmt.Sprintf("the median plan, %s: requests from its first to its last answer %s; its 429s, in bursts: %s",
			seconds(m["wall_s"]), seconds(m["requests_span_s"]), burstsNote(m))
		if side == "before" {
			t.add(row{id: "8", what: fmt.Sprintf("– before (the provider at %s), the same plan (medians of %d, alternating)", before, len(rs)),
				measured: fmt.Sprintf("%s ÷ 20 s = **%.2f×**; %s (%.1f %%); %s", seconds(rs.median("wall_s")), ratio,
					requestsNote(rs), 100*share, where),
				result: "info"})
			continue
		}
		t.add(row{id: "8", what: fmt.Sprintf("`itellico_conversation_stats` over 20,000 conversations, pages capped at 100, API %s ms "+
			"away that allows 10 requests a second (429, Retry-After: 1, beyond): wall time ÷ the 20 s the rate allows (median of %d)",
			latency, len(rs)),
			measured: fmt.Sprintf("%s ÷ 20 s = **%.2f×**", seconds(rs.median("wall_s")), ratio),
			target:   "≤ 1.15×", result: verdict(ratio <= 1.15, ratio, 1.15)})
		t.add(row{id: "8", what: fmt.Sprintf("– its requests answered 429 (median of %d)", len(rs)),
			measured: fmt.Sprintf("%s = **%.1f %%**", requestsNote(rs), 100*share),
			target:   "≤ 10 %", result: verdict(share <= 0.10, share, 0.10)})
		t.add(row{id: "8", what: "– where the time goes (the stand-in's log)", measured: where, result: "info"})
	}
}

// runInfo reads the key=value lines of a file, or of dir/run.txt, as strings.
func runInfo(path string) map[string]string {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		path = filepath.Join(path, "run.txt")
	}
	b, _ := os.ReadFile(path)
	m := map[string]string{}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			m[k] = v
		}
	}
	return m
}

func runNote(w io.Writer, dir string) {
	r := planRun{}
	if readKeyValues(filepath.Join(dir, "run.txt"), r) != nil {
		return
	}
	b, _ := os.ReadFile(filepath.Join(dir, "run.txt"))
	var commit, date, load string
	var total float64
	for _, line := range strings.Split(string(b), "\n") {
		k, v, _ := strings.Cut(line, "=")
		switch k {
		case "commit":
			commit = v
		case "date":
			date = v
		case "load_start":
			if load == "" {
				load = v
			}
		case "duration_s":
			x, _ := strconv.ParseFloat(v, 64)
			total += x
		}
	}
	fmt.Fprintf(w, "\nCommit %s, %s, load average at the start %s; the run took %.1f min.\n", commit, date, load, total/60)
}

// --- formatting -------------------------------------------------------------------

func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func duration(ns float64) string {
	switch {
	case ns >= 1e6:
		return fmt.Sprintf("%.2f ms", ns/1e6)
	case ns >= 1e3:
		return fmt.Sprintf("%.1f µs", ns/1e3)
	}
	return fmt.Sprintf("%.0f ns", ns)
}

func bytes(b float64) string {
	switch {
	case b >= 1<<30:
		return fmt.Sprintf("%.2f GiB", b/(1<<30))
	case b >= 1<<20:
		return fmt.Sprintf("%.0f MiB", b/(1<<20))
	case b >= 1024:
		return fmt.Sprintf("%.1f KiB", b/1024)
	}
	return fmt.Sprintf("%.0f B", b)
}

func seconds(s float64) string { return fmt.Sprintf("%.2f s", s) }

func mib(kb float64) string { return fmt.Sprintf("%.0f MiB", kb/1024) }

func runsNote(runs int) string {
	if runs > 1 {
		return fmt.Sprintf(" (median of %d)", runs)
	}
	return ""
}
