//go:build linux

// Command treemem runs a command and measures what the whole process tree
// costs: wall time, the peak of the summed resident memory of the command
// and all its descendants (terraform and its provider plugins), and the CPU
// time of each program in the tree. bench/run.sh runs terraform plan under it.
//
//	treemem -o stats.txt -- terraform plan
//
// GNU time -v (and the rusage of wait4) reports only the largest resident
// size of any single process of the tree; a plan holds terraform and a
// provider in memory at once, so their sum is what a user's machine must
// have. It is sampled from /proc every -interval, which can miss a peak
// shorter than that: the sum of each process's own high-water mark (VmHWM),
// an upper bound, is reported beside it.
package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	out := flag.String("o", "", "write the measurements to this `file` as key=value lines (default: stderr)")
	interval := flag.Duration("interval", 50*time.Millisecond, "sampling `interval`")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: treemem [-o file] [-interval d] -- command [args...]")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	code, err := run(flag.Args(), *out, *interval)
	if err != nil {
		fmt.Fprintln(os.Stderr, "treemem:", err)
		os.Exit(1)
	}
	os.Exit(code)
}

// proc is what the samples saw of one process.
type proc struct {
	name     string
	hwmKB    int64   // VmHWM, the process's own peak resident size
	cpuTicks float64 // utime+stime, in clock ticks
}

func run(args []string, out string, interval time.Duration) (int, error) {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	started := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()

	procs := map[int]*proc{}
	var peakKB int64
	var samples int
	sample := func() {
		sum := int64(0)
		for _, pid := range tree(cmd.Process.Pid) {
			rss, hwm, name, ticks, ok := readProc(pid)
			if !ok {
				continue
			}
			sum += rss
			p := procs[pid]
			if p == nil {
				p = &proc{}
				procs[pid] = p
			}
			// The latest name: a plugin is first seen as a fork of
			// terraform, before it executes the provider.
			p.name = name
			p.hwmKB, p.cpuTicks = max(p.hwmKB, hwm), max(p.cpuTicks, ticks)
		}
		peakKB = max(peakKB, sum)
		samples++
	}
	tick := time.NewTicker(interval)
	defer tick.Stop()
	var waitErr error
	sample()
loop:
	for {
		select {
		case waitErr = <-done:
			break loop
		case <-tick.C:
			sample()
		}
	}
	wall := time.Since(started)

	code := 0
	var exitErr *exec.ExitError
	if errors.As(waitErr, &exitErr) {
		code = exitErr.ExitCode()
	} else if waitErr != nil {
		return 0, waitErr
	}
	ru, _ := cmd.ProcessState.SysUsage().(*syscall.Rusage)

	var b bytes.Buffer
	fmt.Fprintf(&b, "exit_code=%d\n", code)
	fmt.Fprintf(&b, "wall_s=%.3f\n", wall.Seconds())
	fmt.Fprintf(&b, "samples=%d\n", samples)
	fmt.Fprintf(&b, "peak_tree_rss_kb=%d\n", peakKB)
	hwmSum := int64(0)
	for _, p := range procs {
		hwmSum += p.hwmKB
	}
	fmt.Fprintf(&b, "sum_hwm_kb=%d\n", hwmSum)
	if ru != nil {
		// What GNU time -v calls "Maximum resident set size": the largest of
		// the command and the descendants it waited for, not their sum.
		fmt.Fprintf(&b, "max_single_rss_kb=%d\n", ru.Maxrss)
		fmt.Fprintf(&b, "cpu_s=%.3f\n", tvSeconds(ru.Utime)+tvSeconds(ru.Stime))
	}
	// CPU and peak by program, as the samples last saw them.
	byName := map[string]*proc{}
	for _, p := range procs {
		q := byName[p.name]
		if q == nil {
			q = &proc{name: p.name}
			byName[p.name] = q
		}
		q.cpuTicks += p.cpuTicks
		q.hwmKB = max(q.hwmKB, p.hwmKB)
	}
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(&b, "cpu_s[%s]=%.2f\n", n, byName[n].cpuTicks/clockTicks)
		fmt.Fprintf(&b, "hwm_kb[%s]=%d\n", n, byName[n].hwmKB)
	}
	var w io.Writer = os.Stderr
	if out != "" {
		f, err := os.Create(out)
		if err != nil {
			return code, err
		}
		defer f.Close()
		w = f
	}
	_, err := w.Write(b.Bytes())
	return code, err
}

// clockTicks is USER_HZ, the unit of utime and stime in /proc/PID/stat;
// 100 on every Linux architecture Go supports.
const clockTicks = 100

func tvSeconds(tv syscall.Timeval) float64 { return float64(tv.Sec) + float64(tv.Usec)/1e6 }

// tree returns root and its descendants, from the parent pids in /proc.
func tree(root int) []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return []int{root}
	}
	children := map[int][]int{}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if ppid, ok := parentOf(pid); ok {
			children[ppid] = append(children[ppid], pid)
		}
	}
	out := []int{root}
	for i := 0; i < len(out); i++ {
		out = append(out, children[out[i]]...)
	}
	return out
}

// statFields returns the fields of /proc/PID/stat after the command name,
// which is in parentheses and may itself hold spaces: state, ppid, ...
func statFields(pid int) ([]string, bool) {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return nil, false
	}
	end := bytes.LastIndexByte(b, ')')
	if end < 0 {
		return nil, false
	}
	return strings.Fields(string(b[end+1:])), true
}

func parentOf(pid int) (int, bool) {
	f, ok := statFields(pid)
	if !ok || len(f) < 2 {
		return 0, false
	}
	ppid, err := strconv.Atoi(f[1])
	return ppid, err == nil
}

// readProc returns the resident and peak resident size of pid, its program
// name and its CPU time so far in clock ticks.
func readProc(pid int) (rssKB, hwmKB int64, name string, ticks float64, ok bool) {
	f, ok := statFields(pid)
	if !ok || len(f) < 13 {
		return 0, 0, "", 0, false
	}
	utime, _ := strconv.ParseFloat(f[11], 64)
	stime, _ := strconv.ParseFloat(f[12], 64)
	file, err := os.Open(filepath.Join("/proc", strconv.Itoa(pid), "status"))
	if err != nil {
		return 0, 0, "", 0, false
	}
	defer file.Close()
	sc := bufio.NewScanner(file)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "VmRSS:"):
			rssKB = kb(line)
		case strings.HasPrefix(line, "VmHWM:"):
			hwmKB = kb(line)
		}
	}
	// The kernel cuts comm at 15 bytes (terraform-provider-itellico
	// becomes terraform-provi), so the name comes from the executable. A
	// process that has exited has none; it holds no memory either.
	exe, err := os.Readlink(filepath.Join("/proc", strconv.Itoa(pid), "exe"))
	if err != nil {
		return 0, 0, "", 0, false
	}
	return rssKB, hwmKB, filepath.Base(exe), utime + stime, true
}

func kb(line string) int64 {
	f := strings.Fields(line)
	if len(f) < 2 {
		return 0
	}
	n, _ := strconv.ParseInt(f[1], 10, 64)
	return n
}
