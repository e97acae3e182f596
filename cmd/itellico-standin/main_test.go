package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
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

func TestRunRefusesNonLoopback(t *testing.T) {
	err := run(context.Background(), []string{"-addr", "0.0.0.0:0"}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "loopback") {
		t.Fatalf("run -addr 0.0.0.0:0: %v", err)
	}
}
