package main

import (
	"bytes"
	"context"
	"errors"
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
		"/v1/accounts/me/phone-numbers":          `{"count":5,`,
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
var flagNames = []string{"account-id", "addr", "api-key", "conversations", "default-limit", "latency",
	"log-requests", "max-limit", "messages", "page-cap", "rate-limit", "url-file"}

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
