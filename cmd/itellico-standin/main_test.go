package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

func TestRunServesUntilCancelled(t *testing.T) {
	urlFile := filepath.Join(t.TempDir(), "standin.url")
	ctx, cancel := context.WithCancel(context.Background())
	var stderr bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-api-key", "k", "-conversations", "3", "-messages", "2", "-url-file", urlFile}, io.Discard, &stderr)
	}()

	var base []byte
	for deadline := time.Now().Add(5 * time.Second); len(base) == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("no URL file after 5 s")
		}
		base, _ = os.ReadFile(urlFile)
	}
	if !strings.HasPrefix(string(base), "http://127.0.0.1:") {
		t.Fatalf("URL file holds %q", base)
	}
	req, _ := http.NewRequest(http.MethodGet, string(base)+"/v1/accounts/me/agents", nil)
	req.Header.Set("X-API-Key", "k")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !bytes.Contains(body, []byte(`"count":4`)) { // the active ones
		t.Fatalf("agents: %d %s", resp.StatusCode, body)
	}

	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
	for _, want := range []string{"listening on " + string(base) + ", serving 3 generated conversations of 2 messages",
		"API key      k\n", "account      " + itellicotest.DefaultAccountID + "  Acme Support GmbH (the key's account)",
		"subaccounts  " + itellicotest.SubaccountSchweizID + "  Acme Schweiz AG (active)",
		"export ITELLICOAI_BASE_URL=" + string(base) + "\n", "export ITELLICOAI_API_KEY=k\n",
		"export ITELLICOAI_ACCOUNT_ID=" + itellicotest.DefaultAccountID + "\n",
		"stopped after 1 requests"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
	if _, err := os.Stat(urlFile); !os.IsNotExist(err) {
		t.Errorf("URL file left behind: %v", err)
	}
}

// start runs the command with args until the test ends, and returns its base URL.
func start(t *testing.T, args ...string) string {
	t.Helper()
	urlFile := filepath.Join(t.TempDir(), "standin.url")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, append(args, "-url-file", urlFile), io.Discard, io.Discard) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run: %v", err)
		}
	})
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if base, _ := os.ReadFile(urlFile); len(base) > 0 {
			return string(base)
		}
	}
	t.Fatal("no URL file after 5 s")
	return ""
}

func status(t *testing.T, url string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("X-API-Key", "k")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestRunServesTheSeedWithLimits(t *testing.T) {
	base := start(t, "-api-key", "k", "-page-cap", "2", "-max-limit", "10")
	for path, want := range map[string]string{
		"/v1/accounts/me/conversations?limit=10": `{"count":44,"items":[{`,
		"/v1/accounts/me/subaccounts":            `{"count":2,`,
		"/v1/accounts/me/phone-numbers":          `{"count":6,`,
		"/v1/accounts/me/conversations?limit=11": `{"code":"validation_error"`,
	} {
		if _, body := status(t, base+path); !strings.HasPrefix(body, want) {
			t.Errorf("%s: %.80s", path, body)
		}
	}
	if _, body := status(t, base+"/v1/accounts/me/sip-trunks"); strings.Count(body, `"termination_uri"`) != 2 {
		t.Errorf("SIP trunks: %.200s", body)
	}
	if _, body := status(t, base+"/v1/accounts/me/conversations?limit=10"); strings.Count(body, `"conversation_id"`) != 2 {
		t.Errorf("page of a capped server: %.200s", body)
	}
}

func TestRunRateLimit(t *testing.T) {
	base := start(t, "-api-key", "k", "-rate-limit", "0.5")
	if code, _ := status(t, base+"/v1/accounts/current"); code != http.StatusOK {
		t.Errorf("first request: %d", code)
	}
	if code, _ := status(t, base+"/v1/accounts/current"); code != http.StatusTooManyRequests {
		t.Errorf("second request within two seconds: %d, want 429", code)
	}
}

// get reads a JSON answer of the API into v.
func get(t *testing.T, url string, v any) {
	t.Helper()
	code, body := status(t, url)
	if code != http.StatusOK {
		t.Fatalf("%s: %d %.200s", url, code, body)
	}
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("%s: %v", url, err)
	}
}

func TestRunGeneratesTheDirectory(t *testing.T) {
	base := start(t, "-api-key", "k", "-agents", "300", "-phone-numbers", "200", "-sip-trunks", "20", "-page-cap", "100")
	type named struct {
		ID, Name, Number string
		InboundAgent     *struct{ ID, Name string } `json:"inbound_agent"`
		SipTrunk         *struct{ ID, Name string } `json:"sip_trunk"`
		PhoneNumbers     []struct{ ID string }      `json:"phone_numbers"`
	}
	// all reads every page of a list, 100 at a time.
	all := func(list string) []named {
		var items []named
		for offset := 0; ; offset += 100 {
			var page struct {
				Count int
				Items []named
			}
			get(t, fmt.Sprintf("%s/v1/accounts/me/%s?limit=100&offset=%d", base, list, offset), &page)
			items = append(items, page.Items...)
			if len(page.Items) == 0 || len(items) >= page.Count {
				if len(items) != page.Count {
					t.Fatalf("%s: %d items read of %d", list, len(items), page.Count)
				}
				return items
			}
		}
	}
	agents, numbers, trunks := all("agents"), all("phone-numbers"), all("sip-trunks")
	if len(agents) != 300 || len(numbers) != 200 || len(trunks) != 20 {
		t.Fatalf("%d agents, %d phone numbers, %d SIP trunks; want 300, 200, 20", len(agents), len(numbers), len(trunks))
	}
	unique := func(what string, items []named, key func(named) string) map[string]named {
		m := map[string]named{}
		for _, it := range items {
			k := key(it)
			if _, dup := m[k]; dup || k == "" {
				t.Errorf("%s: %q empty or not unique", what, k)
			}
			m[k] = it
		}
		return m
	}
	byID := unique("agent ids", agents, func(a named) string { return a.ID })
	unique("agent names", agents, func(a named) string { return a.Name })
	unique("phone number ids", numbers, func(n named) string { return n.ID })
	unique("numbers", numbers, func(n named) string { return n.Number })
	trunkByID := unique("SIP trunk ids", trunks, func(s named) string { return s.ID })
	unique("SIP trunk names", trunks, func(s named) string { return s.Name })
	if agents[41].Name != "Support EN 042" || numbers[41].Number != "+493023120042" || trunks[6].Name != "PBX Berlin 07" {
		t.Errorf("names: agent %q, number %q, trunk %q", agents[41].Name, numbers[41].Number, trunks[6].Name)
	}
	routed := 0
	for _, n := range numbers {
		if a := byID[n.InboundAgent.ID]; a.Name != n.InboundAgent.Name {
			t.Errorf("%s: inbound agent %+v is not an agent", n.Number, n.InboundAgent)
		}
		if _, ok := trunkByID[n.SipTrunk.ID]; !ok {
			t.Errorf("%s: SIP trunk %+v is not a trunk", n.Number, n.SipTrunk)
		}
	}
	for _, s := range trunks {
		routed += len(s.PhoneNumbers)
	}
	if routed != 200 {
		t.Errorf("the trunks list %d phone numbers, want 200", routed)
	}
	// By id, as the API answers one.
	var one named
	get(t, base+"/v1/accounts/me/agents/"+agents[7].ID, &one)
	if one.Name != agents[7].Name {
		t.Errorf("agent by id: %+v", one)
	}
}

func TestRunSpreadsConversations(t *testing.T) {
	now := time.Date(2026, time.November, 24, 12, 0, 0, 0, time.UTC)
	base := start(t, "-api-key", "k", "-conversations", "1000", "-messages", "1", "-span", "2400h", "-now", now.Format(time.RFC3339))
	count := func(after, before time.Time) int {
		var page struct{ Count int }
		get(t, fmt.Sprintf("%s/v1/accounts/me/conversations?limit=1&created_after=%s&created_before=%s", base,
			after.UTC().Format(time.RFC3339), before.UTC().Format(time.RFC3339)), &page)
		return page.Count
	}
	if n := count(now.Add(-2401*time.Hour), now); n != 1000 {
		t.Errorf("%d conversations over the 100 days before -now, want 1000", n)
	}
	// A quarter of the span holds a quarter of them, give or take the generator's jitter.
	if n := count(now.Add(-1800*time.Hour), now.Add(-1200*time.Hour)); n < 240 || n > 260 {
		t.Errorf("%d conversations in a quarter of the span, want about 250", n)
	}
}

func TestRunCountsRequests(t *testing.T) {
	logFile := filepath.Join(t.TempDir(), "requests.log")
	base := start(t, "-api-key", "k", "-rate-limit", "2", "-request-log", logFile)
	codes := map[int]int{}
	for range 3 {
		code, _ := status(t, base+"/v1/accounts/current")
		codes[code]++
	}
	if codes[http.StatusOK] != 2 || codes[http.StatusTooManyRequests] != 1 {
		t.Fatalf("statuses %v, want two 200s then a 429", codes)
	}
	for range 2 { // the counts are not counted
		code, body := status(t, base+"/_standin/requests")
		if code != http.StatusOK || body != "requests=3\nstatus_200=2\nstatus_429=1\n" {
			t.Errorf("counts: %d %q", code, body)
		}
	}
	log, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(log)), "\n")
	if len(lines) != 3 || !strings.Contains(lines[2], " status=429 ") || !strings.HasSuffix(lines[0], " GET /v1/accounts/current") ||
		!strings.HasPrefix(lines[0], "t=") {
		t.Errorf("request log:\n%s", log)
	}
}

func TestRunRefusesABadNow(t *testing.T) {
	err := run(context.Background(), []string{"-now", "yesterday"}, io.Discard, io.Discard)
	var bad usageError
	if !errors.As(err, &bad) || !strings.Contains(err.Error(), "RFC 3339") {
		t.Fatalf("run -now yesterday: %v", err)
	}
}

func TestRunRefusesNegativeCounts(t *testing.T) {
	err := run(context.Background(), []string{"-agents", "-1"}, io.Discard, io.Discard)
	var bad usageError
	if !errors.As(err, &bad) || !strings.Contains(err.Error(), "-agents -1") {
		t.Fatalf("run -agents -1: %v", err)
	}
}

// TestBinaryDoesNotLinkTesting: the stand-in must not pull the testing package into the command.
func TestBinaryDoesNotLinkTesting(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	out, err := exec.Command(goTool, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(strings.Fields(string(out)), "testing") {
		t.Error("itellico-standin links the testing package")
	}
}

func TestRunRefusesNonLoopback(t *testing.T) {
	err := run(context.Background(), []string{"-addr", "0.0.0.0:0"}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "loopback") {
		t.Fatalf("run -addr 0.0.0.0:0: %v", err)
	}
}

// flagNames are the command's flags, each of which the usage must list once.
var flagNames = []string{"account-id", "addr", "agents", "api-key", "conversations", "default-limit", "latency",
	"log-requests", "max-limit", "messages", "now", "page-cap", "phone-numbers", "rate-limit", "request-log", "sip-trunks",
	"span", "url-file"}

// checkUsage checks that out is the usage, once: what the command is, each flag once with its
// default, and how to point Terraform at it.
func checkUsage(t *testing.T, out string) {
	t.Helper()
	for _, want := range []string{"itellico-standin serves a stand-in of the itellico API", "Usage:",
		"ITELLICOAI_BASE_URL=http://127.0.0.1:8089", "ITELLICOAI_API_KEY=demo-api-key",
		"-api-key demo-api-key", itellicotest.DefaultAccountID, "ITELLICOAI_ACCOUNT_ID"} {
		if !strings.Contains(out, want) {
			t.Errorf("the usage lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "Usage:"); n != 1 {
		t.Errorf("the usage is printed %d times:\n%s", n, out)
	}
	for _, name := range flagNames {
		// A bool flag's line ends with its name; the others' name their argument.
		if n := strings.Count(out, "\n  -"+name+" ") + strings.Count(out, "\n  -"+name+"\n"); n != 1 {
			t.Errorf("-%s is listed %d times", name, n)
		}
	}
	for line := range strings.SplitSeq(out, "\n") {
		if n := strings.Count(line, "default"); n > 1 {
			t.Errorf("a default said twice: %q", line)
		}
	}
	for _, want := range []string{`(default "127.0.0.1:0")`, `(default $ITELLICOAI_API_KEY, else "demo-api-key")`,
		`(default "` + itellicotest.DefaultAccountID + `")`, "(default 100)", "(default 1000)", "(default 10)"} {
		if !strings.Contains(out, want) {
			t.Errorf("the usage lacks the default %s", want)
		}
	}
}

func TestCommand_helpPrintsTheUsageOnceAndSucceeds(t *testing.T) {
	for _, arg := range []string{"-h", "--help", "-help"} {
		t.Run(arg, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := command(context.Background(), []string{arg}, &stdout, &stderr); code != 0 {
				t.Errorf("exit status %d, want 0", code)
			}
			checkUsage(t, stdout.String())
			if stderr.Len() > 0 {
				t.Errorf("stderr: %s", stderr.String())
			}
		})
	}
}

// A key from the environment may be a real one: the greeting does not print it.
func TestRun_greetingDoesNotShowTheKeyOfTheEnvironment(t *testing.T) {
	t.Setenv("ITELLICOAI_API_KEY", "key-from-the-environment")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stderr bytes.Buffer
	if err := run(ctx, nil, io.Discard, &stderr); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(stderr.String(), "key-from-the-environment") || !strings.Contains(stderr.String(), "already set") {
		t.Errorf("the greeting:\n%s", stderr.String())
	}
}

// -log-requests prints each request, numbered, with its query and fault.
func TestRun_logRequests(t *testing.T) {
	urlFile := filepath.Join(t.TempDir(), "standin.url")
	ctx, cancel := context.WithCancel(context.Background())
	var stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-api-key", "k", "-log-requests", "-url-file", urlFile}, io.Discard, &stderr)
	}()
	var base []byte
	for deadline := time.Now().Add(5 * time.Second); len(base) == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("no URL file after 5 s")
		}
		base, _ = os.ReadFile(urlFile)
	}
	status(t, string(base)+"/v1/accounts/me/conversations?limit=1&status=failed")
	status(t, string(base)+"/v1/accounts/current")
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"itellico-standin: #1 GET /v1/accounts/me/conversations?limit=1&status=failed\n",
		"itellico-standin: #2 GET /v1/accounts/current\n", "stopped after 2 requests"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
}

// syncBuffer is a bytes.Buffer that the server's goroutines may write to.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// The flag's default used to be the environment's key, which the usage then showed.
func TestCommand_helpDoesNotShowTheKeyOfTheEnvironment(t *testing.T) {
	t.Setenv("ITELLICOAI_API_KEY", "key-from-the-environment")
	var stdout bytes.Buffer
	command(context.Background(), []string{"-h"}, &stdout, io.Discard)
	if strings.Contains(stdout.String(), "key-from-the-environment") {
		t.Errorf("the usage shows the key of the environment:\n%s", stdout.String())
	}
}

func TestCommand_badCommandLineFailsWithTheUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		why  string
	}{
		{[]string{"-bogus"}, "flag provided but not defined: -bogus"},
		{[]string{"-conversations", "many"}, `invalid value "many" for flag -conversations`},
		{[]string{"-api-key", "k", "serve"}, `unexpected argument "serve"`},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := command(context.Background(), tc.args, &stdout, &stderr); code != 2 {
				t.Errorf("exit status %d, want 2", code)
			}
			if !strings.HasPrefix(stderr.String(), tc.why) {
				t.Errorf("stderr does not start with %q:\n%s", tc.why, stderr.String())
			}
			checkUsage(t, stderr.String())
			if stdout.Len() > 0 {
				t.Errorf("stdout: %s", stdout.String())
			}
		})
	}
}

func TestCommand_failureToServe(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := command(context.Background(), []string{"-addr", "0.0.0.0:0"}, &stdout, &stderr); code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	if got := stderr.String(); !strings.HasPrefix(got, "itellico-standin: listen address") || strings.Contains(got, "Usage:") {
		t.Errorf("stderr: %s", got)
	}
}

// The built command's exit statuses, as a shell or a Makefile sees them.
func TestBinary_exitStatus(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	bin := filepath.Join(t.TempDir(), "itellico-standin")
	if out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for args, want := range map[string]int{"--help": 0, "-h": 0, "-bogus": 2, "-addr 0.0.0.0:0": 1} {
		cmd := exec.Command(bin, strings.Fields(args)...)
		var stdout bytes.Buffer
		cmd.Stdout = &stdout
		err := cmd.Run()
		code := 0
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			code = exit.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != want {
			t.Errorf("itellico-standin %s: exit status %d, want %d", args, code, want)
		}
		if want == 0 {
			checkUsage(t, stdout.String())
		}
	}
}
