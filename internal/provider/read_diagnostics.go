package provider

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellico"
)

// addAPIError turns an error of the client into a diagnostic that says what
// happened and what to do about it. what names the read ("list
// conversations of account x"); attrs maps the names a 422's field errors
// may give (query parameters, arguments) to the data source's argument,
// to which the diagnostic is then attached. An error with a provider-wide
// cause (see providerWide) is said in full by one read of the provider
// process and pointed to by the others (causes.resolve).
func addAPIError(diags *diag.Diagnostics, what string, err error, attrs map[string]string) {
	c, ok := providerWide(err)
	if !ok {
		describeAPIError(diags, what, err, attrs)
		return
	}
	var full diag.Diagnostics
	describeAPIError(&full, what, err, attrs)
	for _, d := range full {
		addCauseError(diags, c, d.Summary(), d.Detail())
	}
}

// addAccountLookupError reports that the account of the API key could not
// be looked up. Setting account_id skips the lookup, which helps only when
// the lookup's own endpoint failed: with a key the API refused, or an API
// out of reach, every read fails alike, so the error does not suggest it.
func addAccountLookupError(diags *diag.Diagnostics, kind string, err error) {
	what := "look up the account of the API key with GET /v1/accounts/current"
	if _, ok := providerWide(err); !ok {
		what += " (done because neither this " + kind + " nor the provider sets account_id; set one to skip the lookup)"
	}
	addAPIError(diags, what, err, nil)
}

// describeAPIError is addAPIError for one read, whatever its cause.
func describeAPIError(diags *diag.Diagnostics, what string, err error, attrs map[string]string) {
	var apiErr *itellico.APIError
	var respErr *itellico.ResponseError
	var reqErr *itellico.RequestError
	var rateErr *itellico.RateLimitError
	var redirErr *itellico.RedirectError
	var segErr *itellico.PathSegmentError
	switch {
	case errors.As(err, &rateErr):
		diags.AddError("The itellico API kept rate-limiting the read",
			fmt.Sprintf("Could not %s: %s.\n\nEvery request of the provider paused for the time the API asked, and "+
				"the read gave up rather than wait beyond max_rate_limit_wait. Raise max_rate_limit_wait, read "+
				"less at once (fewer data sources, narrower filters), or try again later.", what, rateErr))
	case errors.As(err, &redirErr) && redirErr.TooMany:
		diags.AddError("The itellico API redirected too many times",
			fmt.Sprintf("Could not %s: %s.\n\nCheck base_url: it may point at a path that redirects in a loop.", what, redirErr))
	case errors.As(err, &redirErr):
		diags.AddError("The itellico API redirected to another origin",
			fmt.Sprintf("Could not %s: %s.\n\nThe provider sends the API key only to the origin of base_url. If "+
				"the redirect is expected, set base_url to where it points; if not, check the proxy or network "+
				"that answered.", what, redirErr))
	case errors.As(err, &apiErr):
		addStatusError(diags, what, apiErr, attrs)
	case errors.As(err, &respErr):
		diags.AddError("The itellico API sent a response the provider cannot read",
			fmt.Sprintf("Could not %s: %s.\n\nCheck that base_url points at the itellico API and not at a proxy "+
				"or web page. If it does, this is a fault of the service: try again later.", what, respErr))
	case errors.As(err, &segErr):
		diags.AddError("An itellico identifier cannot be sent",
			fmt.Sprintf("Could not %s: %s.\n\nCorrect the identifier: the API's identifiers are UUIDs, or me for the "+
				"key's own account.", what, segErr))
	case errors.As(err, &reqErr) && reqErr.Canceled:
		diags.AddError("Read of the itellico API canceled", fmt.Sprintf("Could not %s: %s.", what, reqErr))
	case errors.As(err, &reqErr) && reqErr.Timeout:
		diags.AddError("The itellico API did not answer in time",
			fmt.Sprintf("Could not %s: %s.\n\nEach request may take at most request_timeout; raise it, or "+
				"max_retries, if the service is slow, and check that base_url is right.", what, reqErr))
	case errors.As(err, &reqErr):
		diags.AddError("Cannot reach the itellico API",
			fmt.Sprintf("Could not %s: %s.\n\nCheck base_url and the network between Terraform and the API.", what, reqErr))
	default:
		diags.AddError("Cannot read from the itellico API", fmt.Sprintf("Could not %s: %s.", what, err))
	}
}

func addStatusError(diags *diag.Diagnostics, what string, e *itellico.APIError, attrs map[string]string) {
	var hint, summary string
	switch code := e.StatusCode; {
	case code == http.StatusUnauthorized:
		summary = "The itellico API refused the API key"
		hint = "Set a current key in the provider's api_key attribute or in the ITELLICOAI_API_KEY environment " +
			"variable. The cause is the same for every itellico data source and ephemeral resource of this " +
			"configuration, which all fail with it: the provider sends no further request with this key."
	case code == http.StatusForbidden:
		summary = "The API key may not read this itellico account"
		hint = "The key is valid but not allowed for this account. Check account_id (in the data source or ephemeral resource, or in the provider, or ITELLICOAI_ACCOUNT_ID), and that the key belongs to this account or to its parent account."
	case code == http.StatusPaymentRequired:
		summary = "The itellico plan does not include this feature"
		hint = "The account's plan does not include this API. Check the plan in the itellico dashboard."
	case code == http.StatusNotFound:
		summary = "Not found in the itellico API"
		hint = "Check account_id, and that base_url points at the itellico API."
	case code == http.StatusUnprocessableEntity:
		summary = "The itellico API refused a filter value"
		hint = "Correct the values named above."
	case code == http.StatusTooManyRequests:
		summary = "The itellico API rate limit was exceeded"
		hint = "The API answered HTTP 429 and forbade a retry (x-should-retry: false). Try again later."
	case code == http.StatusRequestTimeout, code == http.StatusConflict, code >= 500:
		summary = "The itellico API failed"
		hint = "This is a fault of the service. Try again later, or raise max_retries."
		if e.Attempts > 1 {
			hint = "This is a fault of the service, which lasted through every retry. Try again later, or raise max_retries."
		}
	default:
		summary = "The itellico API returned an error"
		hint = "Check the configuration against the API's documentation."
	}
	detail := fmt.Sprintf("Could not %s: %s\n\n%s", what, statusText(e), hint)

	// A field error about one of our arguments is shown at that argument.
	for _, f := range e.Errors {
		name := f.Param()
		if attr, ok := attrs[name]; ok {
			diags.AddAttributeError(path.Root(attr), summary, detail)
			return
		}
	}
	diags.AddError(summary, detail)
}

// sentence is the error text s as a sentence of a diagnostic: its first
// letter upper case, a full stop at its end. Go's errors start lower case
// and end without one.
func sentence(s string) string {
	first, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(first)) + s[size:] + "."
}

// statusText says what the API answered with an error status: the status
// and the API's code, the attempts, the API's message and detail, each
// field error, the start of a body not in the API's format, and the request
// ID. Every error status a diagnostic shows is said by it.
func statusText(e *itellico.APIError) string {
	var b strings.Builder
	fmt.Fprintf(&b, "HTTP %d", e.StatusCode)
	if e.Code != "" {
		fmt.Fprintf(&b, " (%s)", e.Code)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, ", after %d attempts", e.Attempts)
	}
	b.WriteString(".")
	if e.Message != "" {
		fmt.Fprintf(&b, "\n\n%s", e.Message)
	}
	if e.Detail != "" {
		fmt.Fprintf(&b, "\n%s", e.Detail)
	}
	for _, f := range e.Errors {
		fmt.Fprintf(&b, "\n  - %s: %s", f.Field, f.Message)
	}
	if e.Excerpt != "" {
		fmt.Fprintf(&b, "\n\nThe body is not in the API's error format; it starts: %q", e.Excerpt)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, "\n\nRequest ID (for itellico support): %s", e.RequestID)
	}
	return b.String()
}
