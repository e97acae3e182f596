// Command pipelines runs the plans of the pipelines section of bench/run.sh:
// K terraform plans started at the same instant, each in its own
// directory, against one stand-in that limits the key's rate, as K CI
// runners of one organisation would. It reads the stand-in's counts of
// answered requests before and after, and writes one key=value file:
//
//	k, requests, ok (answered 2xx), limited (answered 429), share_429
//	(limited / requests), floor_s (ok / rate: the least time the rate
//	allows for the requests the plans needed), last_s (from the start of
//	the plans to the end of the last), last_over_floor, first_s (the end
//	of the first), spread_s (last_s - first_s) and plans_s (every plan's
//	time, in the order they ended).
//
// Every plan must succeed and print each -want output (name=value).
//
//	pipelines -terraform terraform -url URL -rate 10 -o out.txt -log-prefix out/plan \
//	    -want total=5000 -want read=5000 dir1 dir2 ...
//
// With -summary it instead reads the files given as arguments (each named
// pipelines-SIDE-kK-RUN.txt) and prints a markdown table: for every side
// and K, the medians (with min and max) over the runs.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

type wants []string

func (w *wants) String() string     { return strings.Join(*w, ",") }
func (w *wants) Set(s string) error { *w = append(*w, s); return nil }

func main() {
	terraform := flag.String("terraform", "terraform", "terraform `binary`")
	base := flag.String("url", "", "base `URL` of the stand-in, whose /_standin/requests is read before and after")
	rate := flag.Float64("rate", 10, "the key's `requests a second`")
	out := flag.String("o", "", "write the figures to this `file` (default stdout)")
	logPrefix := flag.String("log-prefix", "", "write plan i's output to PREFIX-i.log")
	summary := flag.Bool("summary", false, "summarize the files given as arguments")
	var want wants
	flag.Var(&want, "want", "an output each plan must print, `name=value` (repeatable)")
	flag.Parse()
	if *summary {
		if err := summarize(os.Stdout, flag.Args()); err != nil {
			fail(err)
		}
		return
	}
	dirs := flag.Args()
	if len(dirs) == 0 || *base == "" {
		fail(fmt.Errorf("want -url and at least one directory"))
	}
	before, err := counts(*base)
	if err != nil {
		fail(err)
	}
	type result struct {
		i    int
		took time.Duration
		out  []byte
		err  error
	}
	results := make([]result, len(dirs))
	var wg sync.WaitGroup
	start := make(chan struct{})
	var t0 time.Time
	for i, dir := range dirs {
		cmd := exec.Command(*terraform, "-chdir="+dir, "plan", "-input=false", "-no-color", "-lock=false")
		wg.Go(func() {
			<-start
			b, err := cmd.CombinedOutput()
			results[i] = result{i: i, took: time.Since(t0), out: b, err: err}
		})
	}
	t0 = time.Now()
	close(start)
	wg.Wait()
	after, err := counts(*base)
	if err != nil {
		fail(err)
	}
	failed := false
	for _, r := range results {
		if *logPrefix != "" {
			if err := os.WriteFile(fmt.Sprintf("%s-%d.log", *logPrefix, r.i+1), r.out, 0o644); err != nil {
				fail(err)
			}
		}
		if r.err != nil {
			fmt.Fprintf(os.Stderr, "plan %d (%s) failed: %v\n%s\n", r.i+1, dirs[r.i], r.err, tail(r.out))
			failed = true
			continue
		}
		for _, w := range want {
			name, value, _ := strings.Cut(w, "=")
			re := regexp.MustCompile(`(?m)^ *\+ ` + regexp.QuoteMeta(name) + ` *= *` + regexp.QuoteMeta(value) + `$`)
			if !re.Match(r.out) {
				fmt.Fprintf(os.Stderr, "plan %d (%s): no output %s = %s\n%s\n", r.i+1, dirs[r.i], name, value, tail(r.out))
				failed = true
			}
		}
	}
	if failed {
		os.Exit(1)
	}
	diff := func(k string) int64 { return after[k] - before[k] }
	requests, limited := diff("requests"), diff("status_429")
	ok := diff("status_200")
	took := make([]float64, len(results))
	for i, r := range results {
		took[i] = r.took.Seconds()
	}
	slices.Sort(took)
	first, last := took[0], took[len(took)-1]
	floor := float64(ok) / *rate
	w := io.Writer(os.Stdout)
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			fail(err)
		}
		defer f.Close()
		w = f
	}
	var plans []string
	for _, s := range took {
		plans = append(plans, strconv.FormatFloat(s, 'f', 2, 64))
	}
	fmt.Fprintf(w, "k=%d\nrequests=%d\nok=%d\nlimited=%d\nshare_429=%.4f\nfloor_s=%.2f\nlast_s=%.2f\nlast_over_floor=%.3f\nfirst_s=%.2f\nspread_s=%.2f\nplans_s=%s\n",
		len(dirs), requests, ok, limited, float64(limited)/float64(max(requests, 1)), floor, last, last/floor,
		first, last-first, strings.Join(plans, " "))
}

func tail(b []byte) string {
	if len(b) > 3000 {
		b = b[len(b)-3000:]
	}
	return string(b)
}

// counts reads the stand-in's key=value counts.
func counts(base string) (map[string]int64, error) {
	resp, err := http.Get(strings.TrimSuffix(base, "/") + "/_standin/requests")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET /_standin/requests: %s", resp.Status)
	}
	return keyValues(resp.Body)
}

func keyValues(r io.Reader) (map[string]int64, error) {
	m := map[string]int64{}
	s := bufio.NewScanner(r)
	for s.Scan() {
		k, v, ok := strings.Cut(strings.TrimSpace(s.Text()), "=")
		if !ok {
			continue
		}
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			m[k] = n
		}
	}
	return m, s.Err()
}

var fileName = regexp.MustCompile(`^pipelines-(.+)-k(\d+)-([^-]+)\.txt$`)

// summarize prints, for every side and K, the median [min–max] of each
// figure over the runs (a run named warmup is left out).
func summarize(w io.Writer, files []string) error {
	type key struct {
		side string
		k    int
	}
	figures := map[key]map[string][]float64{}
	for _, f := range files {
		m := fileName.FindStringSubmatch(filepath.Base(f))
		if m == nil || m[3] == "warmup" {
			continue
		}
		k, _ := strconv.Atoi(m[2])
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		kk := key{m[1], k}
		if figures[kk] == nil {
			figures[kk] = map[string][]float64{}
		}
		for line := range strings.SplitSeq(string(b), "\n") {
			name, v, ok := strings.Cut(line, "=")
			if x, err := strconv.ParseFloat(v, 64); ok && err == nil {
				figures[kk][name] = append(figures[kk][name], x)
			}
		}
	}
	keys := make([]key, 0, len(figures))
	for k := range figures {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].k != keys[j].k {
			return keys[i].k < keys[j].k
		}
		return keys[i].side < keys[j].side
	})
	fmt.Fprintln(w, "| plans | provider | runs | requests | answered 429 | last plan / floor | last plan s | first plan s | spread s |")
	fmt.Fprintln(w, "| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
	for _, k := range keys {
		f := figures[k]
		pct := func(xs []float64) []float64 {
			ys := make([]float64, len(xs))
			for i, x := range xs {
				ys[i] = 100 * x
			}
			return ys
		}
		fmt.Fprintf(w, "| %d | %s | %d | %s | %s %% | %s | %s | %s | %s |\n", k.k, k.side, len(f["k"]),
			stat(f["requests"], 0), stat(pct(f["share_429"]), 1), stat(f["last_over_floor"], 2),
			stat(f["last_s"], 1), stat(f["first_s"], 1), stat(f["spread_s"], 1))
	}
	return nil
}

// stat is "median [min–max]".
func stat(xs []float64, prec int) string {
	if len(xs) == 0 {
		return "-"
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	med := s[len(s)/2]
	if len(s)%2 == 0 {
		med = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', prec, 64) }
	return fmt.Sprintf("%s [%s–%s]", f(med), f(s[0]), f(s[len(s)-1]))
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "pipelines:", err)
	os.Exit(1)
}
