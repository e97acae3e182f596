package itellico

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// maxRedirects bounds a chain of redirects within the API's origin.
const maxRedirects = 10

// checkRedirect keeps the API key at the API's origin. Go's client forwards
// custom headers such as X-API-Key on every redirect (it strips only
// Authorization and cookies, and only across domains), so a redirect to
// another scheme, host or port would hand the key to whoever answers there:
// a misconfigured proxy, or a hostile one. Such a redirect ends the request
// with a *RedirectError instead; one within the origin is followed.
func checkRedirect(req *http.Request, via []*http.Request) error {
	from := via[len(via)-1].URL
	if !sameOrigin(via[0].URL, req.URL) {
		return &RedirectError{From: redactURL(from), To: redactURL(req.URL), Status: req.Response.StatusCode}
	}
	if len(via) >= maxRedirects {
		return &RedirectError{From: redactURL(from), To: redactURL(req.URL), Status: req.Response.StatusCode, TooMany: true}
	}
	return nil
}

// sameOrigin compares scheme, host and port, with default ports made
// explicit, as browsers define an origin.
func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(a.Hostname(), b.Hostname()) &&
		portOf(a) == portOf(b)
}

func portOf(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return "443"
	case "http":
		return "80"
	}
	return ""
}

// redactURL shows a URL without credentials or query: a redirect target
// chosen by a server may carry anything there.
func redactURL(u *url.URL) string {
	c := *u
	c.User = nil
	c.RawQuery, c.ForceQuery, c.Fragment, c.RawFragment = "", false, "", ""
	return c.String()
}

// RedirectError is a redirect the client refused to follow.
type RedirectError struct {
	From, To string
	Status   int
	// TooMany is set when the chain, within the API's origin, was too long.
	TooMany bool
}

func (e *RedirectError) Error() string {
	if e.TooMany {
		return fmt.Sprintf("stopped after %d redirects within the API's origin, the last from %s to %s", maxRedirects, e.From, e.To)
	}
	what := "another origin"
	if strings.HasPrefix(e.From, "https:") && strings.HasPrefix(e.To, "http:") {
		what = "plain http"
	}
	return fmt.Sprintf("HTTP %d redirect from %s to %s, %s: not followed, so that the API key is not sent there",
		e.Status, e.From, e.To, what)
}
