// Command itellico-standin serves the stand-in itellico API (package itellicotest) on a loopback
// address, for `make demo`, the benchmarks and trying the provider by hand. It serves the full seed
// (account, subaccounts, agents, conversations, phone numbers, SIP trunks, catalogs) unless told to
// generate conversations, agents, phone numbers or SIP trunks:
//
//	itellico-standin -addr 127.0.0.1:8089 -conversations 5000 -page-cap 500 -url-file /tmp/standin.url
//	itellico-standin -agents 300 -phone-numbers 200 -sip-trunks 20 -page-cap 100 -rate-limit 10
//
// Point the provider at it with ITELLICOAI_BASE_URL and ITELLICOAI_API_KEY, as it says when it
// starts; -h prints the flags and an example. `make standin` builds it and serves the seed on
// 127.0.0.1:8089 in the foreground.
//
// Outside the API, GET /_standin/requests answers how many requests the stand-in has answered
// since it started, in all and by status, as key=value lines ("requests=12", "status_200=10",
// "status_429=2"); the benchmarks read it before and after a plan. -request-log writes a line per
// answered request to a file, -log-requests one to stderr as it is answered, numbered.
package main

import (
	"bufio"
	"context"
	"crypto/sha1"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
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
	asOf := flags.String("now", "", "generate the conversations (or the seed) as of this RFC 3339 `time`, so that two stand-ins serve the same ones; default when it starts")
	span := flags.Duration("span", 0, "spread the generated conversations evenly over this `period` before now; 0: about 97 s apart")
	agents := flags.Int("agents", 0, "serve `N` generated agents (\"Support DE 001\", ...) instead of the seed's")
	phoneNumbers := flags.Int("phone-numbers", 0, "serve `N` generated phone numbers (+493023120001, ...) instead of the seed's")
	sipTrunks := flags.Int("sip-trunks", 0, "serve `N` generated SIP trunks (\"PBX Berlin 01\", ...) instead of the seed's")
	latency := flags.Duration("latency", 0, "`delay` added to every request")
	defaultLimit := flags.Int("default-limit", 100, "page size when a request sends no limit")
	maxLimit := flags.Int("max-limit", 1000, "largest limit accepted; a larger one is a 422")
	pageCap := flags.Int("page-cap", 0, "serve at most `N` items a page whatever limit asks; 0: no cap")
	rateLimit := flags.Float64("rate-limit", 0, "allow `N` requests a second per key (a second's worth at once), then answer 429 with Retry-After in whole seconds, at least 1; 0: no limit")
	urlFile := flags.String("url-file", "", "write the base URL to this `file` once listening")
	requestLog := flags.String("request-log", "", "append a line per answered request to this `file`: when it came, its status, how long it took, method and URL")
	logRequests := flags.Bool("log-requests", false, "print each answered request to stderr, numbered, to count a plan's requests")
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

	for _, n := range []struct {
		name string
		v    int
	}{{"agents", *agents}, {"phone-numbers", *phoneNumbers}, {"sip-trunks", *sipTrunks}} {
		if n.v < 0 {
			err := fmt.Errorf("-%s %d: want 0 or more", n.name, n.v)
			fmt.Fprintln(stderr, err)
			usage(stderr, flags)
			return usageError{err}
		}
	}

	now := time.Now()
	if *asOf != "" {
		t, err := time.Parse(time.RFC3339, *asOf)
		if err != nil {
			err = fmt.Errorf("-now %q: want an RFC 3339 time such as 2026-11-24T12:00:00Z", *asOf)
			fmt.Fprintln(stderr, err)
			usage(stderr, flags)
			return usageError{err}
		}
		now = t
	}
	data := itellicotest.Seed(now)
	if *conversations > 0 {
		data = itellicotest.Generate(*conversations, *messages, now)
		if *span > 0 {
			spread(data, now, *span)
		}
	}
	opts := itellicotest.Options{APIKey: *apiKey, AccountID: *accountID, Conversations: data,
		Latency: *latency, DefaultLimit: *defaultLimit, MaxLimit: *maxLimit,
		PageCap: *pageCap, RateLimit: *rateLimit}
	opts.Agents, opts.PhoneNumbers, opts.SipTrunks = directory(*agents, *phoneNumbers, *sipTrunks)
	s := itellicotest.New(opts)

	var logFile *os.File
	if *requestLog != "" {
		f, err := os.OpenFile(*requestLog, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
		if err != nil {
			return err
		}
		defer f.Close()
		logFile = f
	}
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
	c := newCounter(s, logFile)
	if *logRequests {
		c.stderr = stderr
	}
	err = serve(ctx, s, c, l)
	fmt.Fprintf(stderr, "itellico-standin: stopped after %d requests\n", c.total())
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

// serve answers requests on l with h, in front of s, until ctx is done, then shuts down as
// itellicotest.Server.Serve does: stalled requests are released, the others given 5 s to finish.
func serve(ctx context.Context, s *itellicotest.Server, h http.Handler, l net.Listener) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(l) }()
	select {
	case err := <-served:
		s.Close()
		return err
	case <-ctx.Done():
	}
	s.Close()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(shutdownCtx)
}

// requestsPath is where the counts are served, outside the API's /v1.
const requestsPath = "/_standin/requests"

// counter stands in front of the stand-in: it counts the requests answered by status, serves the
// counts at requestsPath (not counted), and logs each request when told to.
type counter struct {
	next http.Handler

	mu       sync.Mutex
	byStatus map[int]int64 // 0: no status was written (the connection was taken over and closed)
	log      *os.File
	stderr   io.Writer // with -log-requests: each request, numbered
	n        int64
}

func newCounter(next http.Handler, log *os.File) *counter {
	return &counter{next: next, byStatus: map[int]int64{}, log: log}
}

func (c *counter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == requestsPath {
		c.serveCounts(w, r)
		return
	}
	start := time.Now()
	sw := &statusWriter{ResponseWriter: w}
	defer func() {
		took := time.Since(start)
		c.mu.Lock()
		defer c.mu.Unlock()
		c.byStatus[sw.status]++
		c.n++
		if c.stderr != nil {
			fmt.Fprintf(c.stderr, "itellico-standin: #%d %s %s\n", c.n, r.Method, r.URL.RequestURI())
		}
		if c.log != nil {
			fmt.Fprintf(c.log, "t=%.3f status=%d ms=%d %s %s\n", float64(start.UnixMilli())/1000, sw.status,
				took.Milliseconds(), r.Method, r.URL.RequestURI())
		}
	}()
	c.next.ServeHTTP(sw, r)
}

// total is how many requests were answered.
func (c *counter) total() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

// serveCounts writes "requests=N" and a "status_NNN=N" line per status answered, as plain text.
func (c *counter) serveCounts(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		http.Error(w, "GET only", http.StatusMethodNotAllowed)
		return
	}
	c.mu.Lock()
	var total int64
	statuses := make([]int, 0, len(c.byStatus))
	for st, n := range c.byStatus {
		total += n
		statuses = append(statuses, st)
	}
	slices.Sort(statuses)
	b := []byte("requests=" + strconv.FormatInt(total, 10) + "\n")
	for _, st := range statuses {
		b = fmt.Appendf(b, "status_%d=%d\n", st, c.byStatus[st])
	}
	c.mu.Unlock()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(b)
}

// statusWriter records the status of the answer. It passes Hijack and Flush on, which the
// stand-in's faults of a broken connection and of a slow body need.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	h, ok := w.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, errors.New("itellico-standin: the connection cannot be taken over")
	}
	return h.Hijack()
}

func (w *statusWriter) Flush() {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// spread stretches the ages of the generated conversations cs (newest first, before now) so
// that they cover span evenly: each conversation keeps its place, and its times (start, created,
// updated, the messages') move together, by whole seconds.
func spread(cs []itellicotest.Conversation, now time.Time, span time.Duration) {
	if len(cs) == 0 {
		return
	}
	now = now.UTC().Truncate(time.Second)
	oldest := now.Sub(cs[len(cs)-1].StartTimestamp)
	if oldest <= 0 {
		return
	}
	factor := float64(span) / float64(oldest)
	for i := range cs {
		c := &cs[i]
		age := now.Sub(c.StartTimestamp)
		shift := -(time.Duration(float64(age)*factor) - age).Round(time.Second)
		c.StartTimestamp = c.StartTimestamp.Add(shift)
		c.CreatedAt = c.CreatedAt.Add(shift)
		c.UpdatedAt = c.UpdatedAt.Add(shift)
		for j := range c.Messages.V {
			if t, ok := c.Messages.V[j].Timestamp.Get(); ok {
				c.Messages.V[j].Timestamp = itellicotest.Some(t.Add(shift))
			}
		}
	}
}

// directory generates the agents, phone numbers and SIP trunks asked for; nil for a kind not
// asked for, which New then seeds. Names and numbers are unique: agents are "Support DE 001",
// "Support EN 002", ... (a team and a number), phone numbers Berlin numbers from +493023120001,
// SIP trunks "PBX Berlin 01", "PBX Hamburg 02", .... When both are generated, phone number i is
// answered by agent i (cycling) and routed through SIP trunk i (cycling), which lists it.
func directory(agents, phoneNumbers, sipTrunks int) ([]itellicotest.Agent, []itellicotest.PhoneNumber, []itellicotest.SipTrunk) {
	var as []itellicotest.Agent
	var ns []itellicotest.PhoneNumber
	var ts []itellicotest.SipTrunk
	created := time.Date(2024, time.January, 8, 9, 0, 0, 0, time.UTC)
	for i := range agents {
		team := teams[i%len(teams)]
		as = append(as, itellicotest.Agent{
			ID:              generatedID("agent", i),
			Name:            fmt.Sprintf("%s %0*d", team.name, width(agents, 3), i+1),
			AllowAutoHangup: i%3 != 0,
			AmbientSound:    itellicotest.AmbientSound{Source: itellicotest.Some("customer_service_center")},
			InactivitySettings: itellicotest.InactivitySettings{EndCallTimeoutMS: itellicotest.Some[int64](45000),
				ReminderMaxCount: itellicotest.Some[int64](2)},
			InitialMessage: itellicotest.InitialMessage{Mode: itellicotest.Some("fixed_message"),
				Message: itellicotest.Some(team.greeting)},
			ResponseTiming: itellicotest.ResponseTiming{MinEndpointingDelaySeconds: itellicotest.Some(0.4)},
			Created:        itellicotest.Some(created.Add(time.Duration(i) * 7 * time.Hour)),
			Modified:       itellicotest.Some(created.Add(time.Duration(i)*7*time.Hour + 30*24*time.Hour)),
			Model:          rawJSON(`{"provider":"azure-openai","model":"gpt-4o","temperature":0.2}`),
			Tags:           itellicotest.Some(team.tags),
			Transcriber:    rawJSON(`{"provider":"deepgram","model":"nova-2","language":"` + team.language + `"}`),
			Voice:          rawJSON(`{"provider":"elevenlabs","voice_id":"hX3kR9pLw2TzQm7vNc4B"}`),
		})
	}
	for i := range sipTrunks {
		city := cities[i%len(cities)]
		ts = append(ts, itellicotest.SipTrunk{
			ID:              generatedID("sip-trunk", i),
			Name:            fmt.Sprintf("PBX %s %0*d", city, width(sipTrunks, 2), i+1),
			AllowedIPs:      itellicotest.Some([]string{fmt.Sprintf("203.0.113.%d", 1+i%250)}),
			HasAuthPassword: itellicotest.Some(i%2 == 0),
			SipAuthUsername: itellicotest.Some(fmt.Sprintf("acme-trunk-%d", i+1)),
			TerminationURI:  itellicotest.Some(fmt.Sprintf("sip:pbx%d.acme-support.example:5061;transport=tls", i+1)),
			PhoneNumbers:    itellicotest.Some([]itellicotest.PhoneNumberRef{}),
		})
	}
	for i := range phoneNumbers {
		number := fmt.Sprintf("+4930%08d", 23120001+i)
		n := itellicotest.PhoneNumber{
			ID:           generatedID("phone-number", i),
			FriendlyName: itellicotest.Some(fmt.Sprintf("Line %0*d", width(phoneNumbers, 3), i+1)),
			Number:       itellicotest.Some(number),
			InboundAgent: itellicotest.Null[itellicotest.AgentRef](),
			SipTrunk:     itellicotest.Null[itellicotest.SipTrunkRef](),
			SpamData:     rawJSON(`{"is_spam":false,"score":0}`),
		}
		if len(as) > 0 {
			a := &as[i%len(as)]
			n.InboundAgent = itellicotest.Some(itellicotest.AgentRef{ID: a.ID, Name: a.Name})
		}
		if len(ts) > 0 {
			t := &ts[i%len(ts)]
			n.SipTrunk = itellicotest.Some(itellicotest.SipTrunkRef{ID: t.ID, Name: t.Name, IsManaged: itellicotest.Some(false)})
			t.PhoneNumbers.V = append(t.PhoneNumbers.V, itellicotest.PhoneNumberRef{ID: n.ID, FriendlyName: n.FriendlyName, Number: n.Number})
		}
		ns = append(ns, n)
	}
	return as, ns, ts
}

var teams = []struct {
	name, language, greeting string
	tags                     []string
}{
	{"Support DE", "de", "Guten Tag, Acme Kundenservice. Wie kann ich helfen?", []string{"support", "de"}},
	{"Support EN", "en", "Hello, Acme support. How can I help?", []string{"support", "en"}},
	{"Sales EN", "en", "Hi, this is Acme sales. What are you looking for?", []string{"sales", "en"}},
	{"Billing", "multi", "Acme billing, how can I help with your invoice?", []string{"billing", "de", "en"}},
	{"Empfang", "de", "Acme, guten Tag. Wohin darf ich Sie verbinden?", []string{"reception", "de"}},
}

var cities = []string{"Berlin", "Hamburg", "München", "Köln", "Wien", "Zürich"}

// width is the number of digits that numbers up to n take, at least least.
func width(n, least int) int { return max(least, len(strconv.Itoa(n))) }

func rawJSON(s string) itellicotest.Opt[json.RawMessage] {
	return itellicotest.Some(json.RawMessage(s))
}

// generatedID is a UUID (version 5 layout) derived from kind and i: the same on every start.
func generatedID(kind string, i int) string {
	h := sha1.Sum([]byte("itellico-standin/" + kind + "/" + strconv.Itoa(i)))
	h[6] = h[6]&0x0f | 0x50
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

// demoAPIKey is the key the stand-in accepts when told none.
const demoAPIKey = "demo-api-key"

// usage prints what the command is, its flags with their defaults, and how to point Terraform at it.
func usage(w io.Writer, flags *flag.FlagSet) {
	fmt.Fprint(w, `itellico-standin serves a stand-in of the itellico API on a loopback address: an account with
subaccounts, agents, conversations with transcripts, phone numbers, SIP trunks and catalogs, for
trying the Terraform provider without an itellico account, and for make demo and the benchmarks.
It serves until interrupted. GET /_standin/requests, outside the API, answers how many requests it
has answered, in all and by status ("requests=12", "status_200=10", "status_429=2", a line each).

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
