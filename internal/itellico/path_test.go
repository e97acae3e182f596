package itellico

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

// listOf reads every item of ep, dropping them.
func listOf[T any](c *Client, ep ListEndpoint[T]) func(context.Context) error {
	return func(ctx context.Context) error {
		_, err := List(ctx, c, ep, nil, ListOptions{}, func(*T) struct{} { return struct{}{} }, func(struct{}) {})
		return err
	}
}

// An account or item id that is empty, "." or ".." (also percent-encoded)
// is refused before anything is sent: a server or proxy that normalizes
// paths would read /v1/accounts/../conversations as /v1/conversations.
// The error names the value's role.
func TestDotSegmentsAreRefusedBeforeSending(t *testing.T) {
	t.Parallel()
	srv, c := standIn(t, itellicotest.Options{}, nil)
	const agent = itellicotest.AgentSalesENID
	type read = func(context.Context) error
	cases := []struct {
		name, role, value string
		read              read
	}{
		{"conversations", "account id", "..", listOf(c, Conversations(".."))},
		{"conversation summaries", "account id", ".", listOf(c, ConversationSummaries("."))},
		{"agents", "account id", "", listOf(c, Agents(""))},
		{"phone numbers", "account id", "%2e%2E", listOf(c, PhoneNumbers("%2e%2E"))},
		{"SIP trunks", "account id", "%2E", listOf(c, SipTrunks("%2E"))},
		{"subaccounts", "account id", "..", listOf(c, Subaccounts(".."))},
		{"agent, account", "account id", "..", func(ctx context.Context) error { _, err := c.GetAgent(ctx, "..", agent); return err }},
		{"agent", "agent id", "..", func(ctx context.Context) error { _, err := c.GetAgent(ctx, account, ".."); return err }},
		{"agent, empty", "agent id", "", func(ctx context.Context) error { _, err := c.GetAgent(ctx, account, ""); return err }},
		{"phone number", "phone number id", ".", func(ctx context.Context) error { _, err := c.GetPhoneNumber(ctx, account, "."); return err }},
		{"SIP trunk", "SIP trunk id", "..", func(ctx context.Context) error { _, err := c.GetSipTrunk(ctx, account, ".."); return err }},
		{"subaccount", "subaccount id", "%2e%2e", func(ctx context.Context) error { _, err := c.GetSubaccount(ctx, account, "%2e%2e"); return err }},
		{"usage", "account id", "..", func(ctx context.Context) error { _, err := c.Usage(ctx, "..", nil); return err }},
		{"models", "account id", ".", func(ctx context.Context) error { _, err := c.ModelCatalog(ctx, "."); return err }},
		{"transcribers", "account id", "..", func(ctx context.Context) error { _, err := c.TranscriberCatalog(ctx, ".."); return err }},
		{"voices", "account id", "..", func(ctx context.Context) error { _, err := c.Voices(ctx, "..", nil); return err }},
		// A path built by hand for Get is checked too, as the last step
		// before sending.
		{"Get", "request path segment", "..", func(ctx context.Context) error {
			_, err := Get[Account](ctx, c, "/v1/accounts/../conversations", nil, nil)
			return err
		}},
		{"Get, empty", "request path segment", "", func(ctx context.Context) error {
			_, err := Get[Account](ctx, c, "/v1/accounts//agents", nil, nil)
			return err
		}},
	}
	for _, tc := range cases {
		err := tc.read(testCtx(t))
		var segErr *PathSegmentError
		if !errors.As(err, &segErr) || segErr.Role != tc.role || segErr.Value != tc.value {
			t.Errorf("%s: err = %#v, want a *PathSegmentError for the %s %q", tc.name, err, tc.role, tc.value)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, "the "+tc.role+" ") {
			t.Errorf("%s: %q does not name the %s", tc.name, msg, tc.role)
		}
		if tc.value == "" && !strings.Contains(msg, "is empty") || tc.value != "" && !strings.Contains(msg, "normalize paths") {
			t.Errorf("%s: %q does not say why", tc.name, msg)
		}
		mustNotContainKey(t, tc.name, msg)
	}
	if rs := srv.Requests(); len(rs) != 0 {
		t.Errorf("%d requests reached the server, the first %s; want none", len(rs), rs[0].Path)
	}
}

// Values that hold dots or slashes among other characters are escaped as
// one segment, and sent.
func TestPathSegmentsAreEscaped(t *testing.T) {
	t.Parallel()
	var paths []string
	_, c := frontClient(t, itellicotest.Options{}, func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		paths = append(paths, r.URL.EscapedPath())
		next.ServeHTTP(w, r)
	}, func(c *Config) { c.MaxConcurrentRequests = 1 })
	for _, id := range []string{"../../x", "a/b?x=1", "...", ".x", "%2e%2e%2f"} {
		_, err := c.GetAgent(testCtx(t), account, id)
		var apiErr *APIError // no such agent, or not a UUID: an answer of the server
		if !errors.As(err, &apiErr) {
			t.Errorf("agent %q: err = %v, want the server's answer", id, err)
		}
	}
	want := []string{"../../x", "a/b?x=1", "...", ".x", "%2e%2e%2f"}
	for i, p := range paths {
		if got, _ := strings.CutPrefix(p, "/v1/accounts/"+account+"/agents/"); i >= len(want) || got != escapedSegment(want[i]) {
			t.Errorf("request %d went to %s", i+1, p)
		}
	}
	if len(paths) != len(want) {
		t.Errorf("%d requests, want %d", len(paths), len(want))
	}
}

// escapedSegment is how s travels as one path segment: '/' and '?' and '%'
// escaped, the dots of a longer name as they are.
func escapedSegment(s string) string {
	return strings.NewReplacer("%", "%25", "/", "%2F", "?", "%3F").Replace(s)
}
