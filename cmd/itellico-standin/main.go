// Command itellico-standin serves the stand-in itellico API (package itellicotest) on a loopback
// address, for `make demo` and for trying the provider by hand. It serves the full seed (account,
// subaccounts, agents, conversations, phone numbers, SIP trunks, catalogs) unless told to generate
// conversations:
//
//	itellico-standin -addr 127.0.0.1:8089 -conversations 5000 -page-cap 500 -url-file /tmp/standin.url
//
// Point the provider at it with ITELLICOAI_BASE_URL and ITELLICOAI_API_KEY.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "itellico-standin:", err)
		os.Exit(1)
	}
}

// run serves until ctx is done.
func run(ctx context.Context, args []string, stderr io.Writer) error {
	key := os.Getenv("ITELLICOAI_API_KEY")
	if key == "" {
		key = "demo-api-key"
	}
	flags := flag.NewFlagSet("itellico-standin", flag.ContinueOnError)
	flags.SetOutput(stderr)
	addr := flags.String("addr", "127.0.0.1:0", "loopback `address` to listen on")
	apiKey := flags.String("api-key", key, "API key to accept (default: $ITELLICOAI_API_KEY, else demo-api-key)")
	accountID := flags.String("account-id", itellicotest.DefaultAccountID, "account `id` of the key")
	conversations := flags.Int("conversations", 0, "serve `N` generated conversations; 0 serves the realistic seed")
	messages := flags.Int("messages", 10, "messages per generated conversation")
	latency := flags.Duration("latency", 0, "`delay` added to every request")
	defaultLimit := flags.Int("default-limit", 100, "page size when a request sends no limit")
	maxLimit := flags.Int("max-limit", 1000, "largest limit accepted; a larger one is a 422")
	pageCap := flags.Int("page-cap", 0, "serve at most `N` items a page whatever limit asks; 0: no cap")
	rateLimit := flags.Float64("rate-limit", 0, "allow `N` requests a second per key, then answer 429; 0: no limit")
	urlFile := flags.String("url-file", "", "write the base URL to this `file` once listening")
	if err := flags.Parse(args); err != nil {
		return err
	}

	now := time.Now()
	data := itellicotest.Seed(now)
	if *conversations > 0 {
		data = itellicotest.Generate(*conversations, *messages, now)
	}
	s := itellicotest.New(itellicotest.Options{APIKey: *apiKey, AccountID: *accountID, Conversations: data,
		Latency: *latency, DefaultLimit: *defaultLimit, MaxLimit: *maxLimit,
		PageCap: *pageCap, RateLimit: *rateLimit})

	l, err := itellicotest.ListenLoopback(*addr)
	if err != nil {
		return err
	}
	base := "http://" + l.Addr().String()
	if *urlFile != "" {
		// Write then rename, so a reader never sees half a URL.
		tmp := filepath.Join(filepath.Dir(*urlFile), "."+filepath.Base(*urlFile)+".tmp")
		if err := os.WriteFile(tmp, []byte(base), 0o644); err != nil {
			l.Close()
			return err
		}
		if err := os.Rename(tmp, *urlFile); err != nil {
			l.Close()
			return err
		}
		defer os.Remove(*urlFile)
	}
	fmt.Fprintf(stderr, "itellico-standin: listening on %s (account %s, %d conversations)\n", base, *accountID, len(data))
	return s.Serve(ctx, l)
}
