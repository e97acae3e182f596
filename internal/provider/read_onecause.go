package provider

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellico"
)

// One cause, one full error. Some failures are the provider's, not a
// read's: the API refused the key (HTTP 401), or no connection to the API
// could be made (refused, a name that does not resolve, a proxy out of
// reach, a TLS handshake that fails). Then every read of the plan fails
// alike, and a plan of a dozen data sources printed the same error, advice
// and all, a dozen times. Now the first read whose diagnostics are returned
// says it in full, and every other read of the provider process says in
// one line that it failed for the same cause and where the full error is.

// cause is a provider-wide cause of failure.
type cause int

const (
	causeKeyRefused  cause = iota + 1 // HTTP 401: the key is missing, revoked or expired
	causeUnreachable                  // no connection to the API could be made
)

// providerWide is the provider-wide cause of err, if it has one. A 403 is
// not one: the key is valid, and may not read one account (account_id),
// which is a read's own. Neither is a timeout, a connection reset, or an
// answer the provider cannot read, which may be one read's (a large page,
// a proxy's hiccup).
func providerWide(err error) (cause, bool) {
	var apiErr *itellico.APIError
	if errors.As(err, &apiErr) {
		if apiErr.StatusCode == http.StatusUnauthorized {
			return causeKeyRefused, true
		}
		return 0, false
	}
	var reqErr *itellico.RequestError
	if !errors.As(err, &reqErr) || reqErr.Canceled {
		return 0, false
	}
	var opErr *net.OpError
	var dnsErr *net.DNSError
	var certErr *tls.CertificateVerificationError
	var recordErr tls.RecordHeaderError
	var alert tls.AlertError
	var authority x509.UnknownAuthorityError
	var host x509.HostnameError
	var invalid x509.CertificateInvalidError
	switch {
	case errors.As(err, &opErr) && (opErr.Op == "dial" || opErr.Op == "proxyconnect"), errors.As(err, &dnsErr),
		errors.As(err, &certErr), errors.As(err, &recordErr), errors.As(err, &alert),
		errors.As(err, &authority), errors.As(err, &host), errors.As(err, &invalid):
		return causeUnreachable, true
	}
	return 0, false
}

// causeDiagnostic is the error of a read that failed for a provider-wide
// cause: the full diagnostic, which it is until causes.resolve decides,
// and the line it becomes when another read already said it in full.
type causeDiagnostic struct {
	diag.Diagnostic       // the full error
	cause           cause // its cause
}

// addCauseError adds the full error summary, detail of a read that failed
// for the provider-wide cause c.
func addCauseError(diags *diag.Diagnostics, c cause, summary, detail string) {
	diags.Append(causeDiagnostic{Diagnostic: diag.NewErrorDiagnostic(summary, detail), cause: c})
}

// Equal compares the full errors and the causes (diag.Diagnostics.Append
// leaves out a diagnostic equal to one it has).
func (d causeDiagnostic) Equal(other diag.Diagnostic) bool {
	o, ok := other.(causeDiagnostic)
	return ok && o.cause == d.cause && d.Diagnostic.Equal(o.Diagnostic)
}

// pointer is the short error of a read that failed for the cause that the
// error of at, shown in full, explains: the summary names the cause, and
// Terraform names the read; what the read was doing adds nothing.
func (d causeDiagnostic) pointer(at string) diag.Diagnostic {
	return diag.NewErrorDiagnostic(fmt.Sprintf("%s (see %s)", d.Summary(), at),
		fmt.Sprintf("The error of %s says it in full.", at))
}

// causes remembers, for a provider process, which read's error said each
// provider-wide cause in full. The zero value is ready to use.
type causes struct {
	mu    sync.Mutex
	shown map[cause]string // the cause: where its full error is, "data.itellico_account"
}

// resolve turns the provider-wide errors among the diagnostics of a read of
// rd into the full error, for the first read to get there with
// that cause, or a line that points to it. Reads run in parallel; the mutex
// makes one of them, whichever comes first, the one in full.
func (c *causes) resolve(rd readable, diags diag.Diagnostics) diag.Diagnostics {
	var out diag.Diagnostics
	for i, d := range diags {
		cd, ok := d.(causeDiagnostic)
		if !ok {
			if out != nil {
				out = append(out, d)
			}
			continue
		}
		if out == nil {
			out = append(make(diag.Diagnostics, 0, len(diags)), diags[:i]...)
		}
		at := c.claim(cd.cause, address(rd))
		if at == "" {
			out = append(out, cd.Diagnostic)
		} else {
			out = append(out, cd.pointer(at))
		}
	}
	if out == nil {
		return diags
	}
	return out
}

// claim records that the error of here says the cause k in full, unless another
// read's already does: it then returns where that one is, else "".
func (c *causes) claim(k cause, here string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if at, ok := c.shown[k]; ok {
		return at
	}
	if c.shown == nil {
		c.shown = map[cause]string{}
	}
	c.shown[k] = here
	return ""
}

// address is how Terraform's output names what rd reads, without the name
// Terraform gives it, which the provider is not told: data.itellico_agent,
// ephemeral.itellico_conversations.
func address(rd readable) string {
	if rd.kind() == "ephemeral resource" {
		return "ephemeral." + rd.typeName()
	}
	return "data." + rd.typeName()
}
