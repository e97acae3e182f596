package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestRunServesUntilCancelled(t *testing.T) {
	urlFile := filepath.Join(t.TempDir(), "standin.url")
	ctx, cancel := context.WithCancel(context.Background())
	var stderr bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-api-key", "k", "-conversations", "3", "-messages", "2", "-url-file", urlFile}, &stderr)
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
	if !strings.Contains(stderr.String(), "listening on "+string(base)) || !strings.Contains(stderr.String(), "3 conversations") {
		t.Errorf("log line: %q", stderr.String())
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
	go func() { done <- run(ctx, append(args, "-url-file", urlFile), io.Discard) }()
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
	err := run(context.Background(), []string{"-addr", "0.0.0.0:0"}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "loopback") {
		t.Fatalf("run -addr 0.0.0.0:0: %v", err)
	}
}
