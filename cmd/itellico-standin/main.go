// Command itellico-standin serves the stand-in itellico API (package itellicotest) on a loopback
// address, for `make demo` and for trying the provider by hand. It serves the full seed (account,
// subaccounts, agents, conversations, phone numbers, SIP trunks, catalogs) unless told to generate
// conversations:
//
//	itellico-standin -addr 127.0.0.1:8089 -conversations 5000 -page-cap 500 -url-file /tmp/standin.url
//
// Point the provider at it with ITELLICOAI_BASE_URL and ITELLICOAI_API_KEY, as it says when it
// starts; -h prints the flags and an example. `make standin` builds it and serves the seed on
// 127.0.0.1:8089 in the foreground.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := command(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// command runs the command line args and returns the exit status, as the flag package's
// ExitOnError would: 0 when the stand-in served until ctx ended or when -h asked for the usage
// (printed to stdout), 2 for a command line it cannot read (the usage printed to stderr), 1 when
// serving failed.
func command(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	err := run(ctx, args, stdout, stderr)
	var bad usageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &bad):
		return 2
	default:
		fmt.Fprintln(stderr, "itellico-standin:", err)
		return 1
	}
}

// usageError is a command line that run could not read; it has said why and printed the usage.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// run serves until ctx is done. For -h it prints the usage to stdout and returns flag.ErrHelp.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("itellico-standin", flag.ContinueOnError)
	// Parse writes its errors here; the usage is printed below, once, where it belongs.
	flags.SetOutput(stderr)
	flags.Usage = func() {}
	addr := flags.String("addr", "127.0.0.1:0", "loopback `address` to listen on; port 0 picks a free one")
	// The key's default is not the flag's, so that the usage never shows a key from the environment.
	apiKey := flags.String("api-key", "", "API `key` to accept (default $ITELLICOAI_API_KEY, else \""+demoAPIKey+"\")")
	accountID := flags.String("account-id", itellicotest.DefaultAccountID, "`id` of the account the key belongs to, which the seed fills")
	conversations := flags.Int("conversations", 0, "serve `N` generated conversations; 0 serves the realistic seed")
	messages := flags.Int("messages", 10, "messages per generated conversation")
	latency := flags.Duration("latency", 0, "`delay` added to every request")
	defaultLimit := flags.Int("default-limit", 100, "page size when a request sends no limit")
	maxLimit := flags.Int("max-limit", 1000, "largest limit accepted; a larger one is a 422")
	pageCap := flags.Int("page-cap", 0, "serve at most `N` items a page whatever limit asks; 0: no cap")
	rateLimit := flags.Float64("rate-limit", 0, "allow `N` requests a second per key, then answer 429; 0: no limit")
	urlFile := flags.String("url-file", "", "write the base URL to this `file` once listening")
	logRequests := flags.Bool("log-requests", false, "print each request to stderr as it arrives, numbered, to count a plan's requests")
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage(stdout, flags)
			return err
		}
		usage(stderr, flags)
		return usageError{err}
	}
	if flags.NArg() > 0 {
		fmt.Fprintf(stderr, "unexpected argument %q: the stand-in takes flags only\n", flags.Arg(0))
		usage(stderr, flags)
		return usageError{fmt.Errorf("unexpected argument %q", flags.Arg(0))}
	}
	keyFromEnv := false
	if *apiKey == "" {
		*apiKey = os.Getenv("ITELLICOAI_API_KEY")
		keyFromEnv = *apiKey != ""
	}
	if *apiKey == "" {
		*apiKey = demoAPIKey
	}

	now := time.Now()
	data := itellicotest.Seed(now)
	if *conversations > 0 {
		data = itellicotest.Generate(*conversations, *messages, now)
	}
	opts := itellicotest.Options{APIKey: *apiKey, AccountID: *accountID, Conversations: data,
		Latency: *latency, DefaultLimit: *defaultLimit, MaxLimit: *maxLimit,
		PageCap: *pageCap, RateLimit: *rateLimit}
	if *logRequests {
		var mu sync.Mutex
		opts.OnRequest = func(r itellicotest.Request) {
			line := fmt.Sprintf("itellico-standin: #%d %s %s", r.N, r.Method, r.Path)
			if len(r.Query) > 0 {
				line += "?" + r.Query.Encode()
			}
			if r.Fault != itellicotest.None {
				line += " (" + r.Fault.String() + ")"
			}
			mu.Lock()
			fmt.Fprintln(stderr, line)
			mu.Unlock()
		}
	}
	s := itellicotest.New(opts)

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
	what := fmt.Sprintf("the seed (%d conversations)", len(data))
	if *conversations > 0 {
		what = fmt.Sprintf("%d generated conversations of %d messages", len(data), *messages)
	}
	fmt.Fprintf(stderr, "itellico-standin: listening on %s, serving %s\n", base, what)
	greet(stderr, base, *apiKey, keyFromEnv, s)
	err = s.Serve(ctx, l)
	fmt.Fprintf(stderr, "itellico-standin: stopped after %d requests\n", len(s.Requests()))
	return err
}

// greet says what the stand-in serves and how to point Terraform at it: the key, the key's
// account and its subaccounts, and the environment variables to export.
// A key taken from the environment is not printed: it may be a real one.
func greet(w io.Writer, base, apiKey string, keyFromEnv bool, s *itellicotest.Server) {
	account := s.Account()
	exportKey := "export ITELLICOAI_API_KEY=" + apiKey
	if keyFromEnv {
		apiKey = "the value of $ITELLICOAI_API_KEY"
		exportKey = "# ITELLICOAI_API_KEY: already set, and the stand-in accepts it"
	}
	fmt.Fprintf(w, "\n  %-11s  %s\n", "API key", apiKey)
	fmt.Fprintf(w, "  %-11s  %s  %s (the key's account)\n", "account", account.ID, account.Name)
	for i, sub := range s.Subaccounts() {
		label := "subaccounts"
		if i > 0 {
			label = ""
		}
		state := "active"
		if !sub.IsActive {
			state = "inactive"
		}
		fmt.Fprintf(w, "  %-11s  %s  %s (%s)\n", label, sub.ID, sub.Name, state)
	}
	fmt.Fprintf(w, `
Point the provider at it in the shell where terraform runs:

  export ITELLICOAI_BASE_URL=%s
  %s
  # Optional: without it, the provider looks the key's account up once per plan.
  export ITELLICOAI_ACCOUNT_ID=%s

Stop it with Ctrl-C.
`, base, exportKey, account.ID)
}

// demoAPIKey is the key the stand-in accepts when told none.
const demoAPIKey = "demo-api-key"

// usage prints what the command is, its flags with their defaults, and how to point Terraform at it.
func usage(w io.Writer, flags *flag.FlagSet) {
	fmt.Fprint(w, `itellico-standin serves a stand-in of the itellico API on a loopback address: an account with
subaccounts, agents, conversations with transcripts, phone numbers, SIP trunks and catalogs, for
trying the Terraform provider without an itellico account, and for make demo and the benchmarks.
It serves until interrupted.

Usage:
  itellico-standin [flags]

Flags:
`)
	out := flags.Output()
	flags.SetOutput(w)
	flags.PrintDefaults()
	flags.SetOutput(out)
	fmt.Fprintf(w, `
Example: serve the seed on a fixed port and point Terraform at it.
  itellico-standin -addr 127.0.0.1:8089 -api-key %[1]s &
  export ITELLICOAI_BASE_URL=http://127.0.0.1:8089
  export ITELLICOAI_API_KEY=%[1]s
  terraform plan

The provider then reads the account of the key, %[2]s unless -account-id
names another; it finds the account on its own, or set ITELLICOAI_ACCOUNT_ID to it.
`, demoAPIKey, itellicotest.DefaultAccountID)
}
