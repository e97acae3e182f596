package provider

import (
	"context"
	"fmt"
	"net"
	"net/http/httptest"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellico"
	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

// One cause, one full error: when reads fail for a provider-wide cause (the
// key refused, the API out of reach), one of them says it in full and the
// others point to it in a line. Reads run in parallel, so which one says it
// in full depends on scheduling; that exactly one does, does not.

// closedPort is a loopback URL at which nothing listens.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return url
}

// oneCauseServer is a protocol server configured with the given provider
// attributes, as Terraform configures it.
func oneCauseServer(ctx context.Context, t *testing.T, attrs map[string]string) (tfprotov6.ProviderServer, *tfprotov6.GetProviderSchemaResponse) {
	t.Helper()
	server, err := NewProtocol6Server("test")()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schemas.Diagnostics) > 0 {
		t.Fatalf("GetProviderSchema: %v %v", err, schemas.Diagnostics)
	}
	set := map[string]tftypes.Value{}
	for name, v := range attrs {
		set[name] = tftypes.NewValue(tftypes.String, v)
	}
	set["max_retries"] = tftypes.NewValue(tftypes.Number, 0)
	configured, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.11.4",
		Config: dynamicValue(t, schemas.Provider.ValueType(), set)})
	if err != nil || len(configured.Diagnostics) > 0 {
		t.Fatalf("ConfigureProvider: %v %v", err, configured.Diagnostics)
	}
	return server, schemas
}

// oneCauseRead is one read of the batch: where Terraform's output names it,
// and the read.
type oneCauseRead struct {
	at   string
	read func(ctx context.Context) ([]*tfprotov6.Diagnostic, error)
}

// oneCauseReads are n reads of data sources and one of an ephemeral
// resource, no two alike, so that none shares another's read in flight.
func oneCauseReads(t *testing.T, server tfprotov6.ProviderServer, schemas *tfprotov6.GetProviderSchemaResponse, n int) []oneCauseRead {
	t.Helper()
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	type ds struct {
		typ  string
		args map[string]tftypes.Value
	}
	kinds := []ds{{"itellico_account", nil}, {"itellico_agents", nil}, {"itellico_phone_numbers", nil},
		{"itellico_sip_trunks", nil}, {"itellico_subaccounts", nil}, {"itellico_models", nil},
		{"itellico_transcribers", nil}, {"itellico_conversations", nil}, {"itellico_conversation_stats", nil},
		{"itellico_agent", map[string]tftypes.Value{"name": str("Support EN")}}}
	for i := 0; len(kinds) < n-1; i++ {
		kinds = append(kinds, ds{"itellico_agents", map[string]tftypes.Value{"name": str(fmt.Sprintf("agent %d", i))}})
	}
	var reads []oneCauseRead
	for _, k := range kinds[:n-1] {
		req := &tfprotov6.ReadDataSourceRequest{TypeName: k.typ,
			Config: dynamicValue(t, schemas.DataSourceSchemas[k.typ].ValueType(), k.args)}
		reads = append(reads, oneCauseRead{at: "data." + k.typ, read: func(ctx context.Context) ([]*tfprotov6.Diagnostic, error) {
			resp, err := server.ReadDataSource(ctx, req)
			if err != nil {
				return nil, err
			}
			return resp.Diagnostics, nil
		}})
	}
	eph := &tfprotov6.OpenEphemeralResourceRequest{TypeName: "itellico_conversations",
		Config: dynamicValue(t, schemas.EphemeralResourceSchemas["itellico_conversations"].ValueType(),
			map[string]tftypes.Value{"status": str("failed")})}
	return append(reads, oneCauseRead{at: "ephemeral.itellico_conversations", read: func(ctx context.Context) ([]*tfprotov6.Diagnostic, error) {
		resp, err := server.OpenEphemeralResource(ctx, eph)
		if err != nil {
			return nil, err
		}
		return resp.Diagnostics, nil
	}})
}

// readAllAtOnce starts every read at once and returns the diagnostics of
// each, in the order of reads.
func readAllAtOnce(t *testing.T, reads []oneCauseRead) [][]*tfprotov6.Diagnostic {
	t.Helper()
	out := make([][]*tfprotov6.Diagnostic, len(reads))
	errs := make([]error, len(reads))
	var start, done sync.WaitGroup
	start.Add(1)
	for i, r := range reads {
		done.Add(1)
		go func() {
			defer done.Done()
			start.Wait()
			out[i], errs[i] = r.read(context.Background())
		}()
	}
	start.Done()
	done.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("%s: %v", reads[i].at, err)
		}
	}
	return out
}

func TestOneCause_concurrentReadsOneFullError(t *testing.T) {
	const n = 16
	cases := map[string]struct {
		standIn itellicotest.Options
		attrs   func(srv *itellicotest.Server) map[string]string
		summary string
		full    []string // in the full error only
	}{
		"key refused": {
			attrs: func(srv *itellicotest.Server) map[string]string {
				return map[string]string{"base_url": srv.URL(), "api_key": "wrong-" + srv.APIKey(), "account_id": srv.AccountID()}
			},
			summary: "The itellico API refused the API key",
			full:    []string{"HTTP 401 (unauthorized).", "Set a current key", "ITELLICOAI_API_KEY"},
		},
		"key refused, the key's account looked up": {
			attrs: func(srv *itellicotest.Server) map[string]string {
				return map[string]string{"base_url": srv.URL(), "api_key": "wrong-" + srv.APIKey()}
			},
			summary: "The itellico API refused the API key",
			full:    []string{"HTTP 401 (unauthorized).", "Set a current key"},
		},
		"connection refused": {
			attrs: func(srv *itellicotest.Server) map[string]string {
				return map[string]string{"base_url": closedPort(t), "api_key": srv.APIKey(), "account_id": srv.AccountID()}
			},
			summary: "Cannot reach the itellico API",
			full:    []string{"connection refused", "Check base_url"},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			srv := standIn(t, tc.standIn)
			attrs := tc.attrs(srv)
			ctx := context.Background()
			server, schemas := oneCauseServer(ctx, t, attrs)
			reads := oneCauseReads(t, server, schemas, n)
			results := readAllAtOnce(t, reads)

			fullAt := ""
			for i, diags := range results {
				if len(diags) != 1 || diags[0].Severity != tfprotov6.DiagnosticSeverityError {
					t.Fatalf("%s: want one error, got %s", reads[i].at, diagnosticsText(diags))
				}
				d := diags[0]
				for _, text := range []string{d.Summary, d.Detail} {
					if strings.Contains(text, attrs["api_key"]) {
						t.Errorf("%s: the key is in %q", reads[i].at, text)
					}
					if strings.Contains(text, "account_id") {
						t.Errorf("%s: advice about account_id, which has nothing to do with the cause: %q", reads[i].at, text)
					}
				}
				if d.Summary == tc.summary {
					if fullAt != "" {
						t.Errorf("the errors of %s and %s both say the cause in full", fullAt, reads[i].at)
					}
					fullAt = reads[i].at
					for _, part := range tc.full {
						if !strings.Contains(d.Detail, part) {
							t.Errorf("the full error of %s lacks %q:\n%s", reads[i].at, part, d.Detail)
						}
					}
				}
			}
			if fullAt == "" {
				t.Fatalf("no read says the cause in full")
			}
			for i, diags := range results {
				d := diags[0]
				if reads[i].at == fullAt {
					continue
				}
				if want := tc.summary + " (see " + fullAt + ")"; d.Summary != want {
					t.Errorf("%s: summary %q, want %q", reads[i].at, d.Summary, want)
				}
				if d.Detail != "The error of "+fullAt+" says it in full." {
					t.Errorf("%s: detail is not one line pointing to %s: %q", reads[i].at, fullAt, d.Detail)
				}
				for _, part := range tc.full {
					if strings.Contains(d.Detail, part) {
						t.Errorf("%s: a pointer repeats %q: %q", reads[i].at, part, d.Detail)
					}
				}
			}
		})
	}
}

// A failure that may be one read's own is said in full by every read that
// has it: an API fault (HTTP 500), a key that may not read the account
// (403, where account_id is the advice), and a connection reset.
func TestOneCause_readsOwnFailuresStayInFull(t *testing.T) {
	const n = 6
	for name, fault := range map[string]itellicotest.FaultKind{
		"HTTP 500": itellicotest.InternalError, "HTTP 403": itellicotest.EchoKeyError, "reset": itellicotest.ConnReset} {
		t.Run(name, func(t *testing.T) {
			srv := standIn(t, itellicotest.Options{Faults: itellicotest.Always(fault)})
			ctx := context.Background()
			server, schemas := oneCauseServer(ctx, t, map[string]string{"base_url": srv.URL(), "api_key": srv.APIKey(),
				"account_id": srv.AccountID()})
			reads := oneCauseReads(t, server, schemas, n)
			for i, diags := range readAllAtOnce(t, reads) {
				if len(diags) != 1 || diags[0].Severity != tfprotov6.DiagnosticSeverityError {
					t.Fatalf("%s: want one error, got %s", reads[i].at, diagnosticsText(diags))
				}
				if strings.Contains(diags[0].Summary, "(see ") {
					t.Errorf("%s: %q points to another read's error", reads[i].at, diags[0].Summary)
				}
			}
		})
	}
}

// What is a provider-wide cause, and what may be one read's own, for the
// errors a real server is not needed to make.
func TestOneCause_providerWide(t *testing.T) {
	dial := func(err error) error { return &net.OpError{Op: "dial", Net: "tcp", Err: err} }
	cases := []struct {
		name string
		err  error
		want cause
	}{
		{"401", &itellico.APIError{StatusCode: 401, Code: "unauthorized"}, causeKeyRefused},
		{"403", &itellico.APIError{StatusCode: 403, Code: "forbidden"}, 0},
		{"500", &itellico.APIError{StatusCode: 500}, 0},
		{"name not found", &itellico.RequestError{Path: "/v1/accounts/current",
			Err: dial(&net.DNSError{Err: "no such host", Name: "api.itellico.invalid", IsNotFound: true})}, causeUnreachable},
		{"proxy refused", &itellico.RequestError{Path: "/v1/accounts/current",
			Err: &net.OpError{Op: "proxyconnect", Net: "tcp", Err: syscall.ECONNREFUSED}}, causeUnreachable},
		{"connection refused", &itellico.RequestError{Path: "/v1/accounts/current", Err: dial(syscall.ECONNREFUSED)}, causeUnreachable},
		{"reset while reading", &itellico.RequestError{Path: "/v1/accounts/current",
			Err: &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}}, 0},
		{"canceled while dialing", &itellico.RequestError{Path: "/v1/accounts/current", Canceled: true,
			Err: dial(context.Canceled)}, 0},
		{"a rate limit", &itellico.RateLimitError{}, 0},
	}
	for _, tc := range cases {
		got, ok := providerWide(tc.err)
		if got != tc.want || ok != (tc.want != 0) {
			t.Errorf("%s: providerWide = %v, %v; want %v", tc.name, got, ok, tc.want)
		}
	}
}

// A TLS handshake that fails (here, a certificate the system does not
// trust) is the API out of reach, as a refused connection is.
func TestOneCause_tlsFailureIsProviderWide(t *testing.T) {
	ts := httptest.NewTLSServer(nil)
	t.Cleanup(ts.Close)
	ctx := context.Background()
	server, schemas := oneCauseServer(ctx, t, map[string]string{"base_url": ts.URL, "api_key": "test-api-key",
		"account_id": "8b0c7f6e-3d5a-4e2b-9c1d-2f4a6b8c0d1e"})
	reads := oneCauseReads(t, server, schemas, 4)
	pointers := 0
	for i, diags := range readAllAtOnce(t, reads) {
		if len(diags) != 1 {
			t.Fatalf("%s: want one error, got %s", reads[i].at, diagnosticsText(diags))
		}
		if strings.HasPrefix(diags[0].Summary, "Cannot reach the itellico API (see ") {
			pointers++
		}
	}
	if pointers != len(reads)-1 {
		t.Errorf("%d of %d reads point to the full error, want %d", pointers, len(reads), len(reads)-1)
	}
}

// With real terraform: a plan of several data sources with the key refused,
// and then with nothing listening at base_url, prints one full error and a
// short one for each other data source, never the key, and no advice about
// account_id.
func TestAccOneCause_planPrintsTheCauseOnce(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	const key = "wrong-key-4f1c2a"
	sources := `
data "itellico_account" "current" {}
data "itellico_agents" "all" {}
data "itellico_agent" "support" {
  name = "Support EN"
}
data "itellico_phone_numbers" "all" {}
data "itellico_conversation_counts" "by_status" {
  dimensions = ["status"]
}
data "itellico_usage" "daily" {}
`
	for name, tc := range map[string]struct {
		baseURL, summary, full string
	}{
		"key refused":        {srv.URL(), "The itellico API refused the API key", "Set a current key"},
		"connection refused": {closedPort(t), "Cannot reach the itellico API", "connection refused"},
	} {
		t.Run(name, func(t *testing.T) {
			r := newTFRun(t, fmt.Sprintf("provider \"itellico\" {\n  base_url    = %q\n  api_key     = %q\n  max_retries = 0\n}\n",
				tc.baseURL, key)+sources)
			out, err := r.run("plan", "-input=false", "-no-color")
			if err == nil {
				t.Fatalf("the plan succeeded:\n%s", out)
			}
			flat := strings.Join(strings.Fields(out), " ")
			if got := strings.Count(out, "Error: "); got != 6 {
				t.Errorf("%d errors, want one per data source (6):\n%s", got, out)
			}
			if got := strings.Count(flat, tc.full); got != 1 {
				t.Errorf("%q is said %d times, want once:\n%s", tc.full, got, out)
			}
			if got := strings.Count(out, "Error: "+tc.summary+" (see "); got != 5 {
				t.Errorf("%d errors point to the full one, want 5:\n%s", got, out)
			}
			for _, bad := range []string{key, "account_id", "skip the lookup"} {
				if strings.Contains(flat, bad) {
					t.Errorf("the output holds %q:\n%s", bad, out)
				}
			}
		})
	}
}
