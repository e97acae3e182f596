package itellico

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

// otherOrigin is a server standing for another origin; it counts the
// requests it gets and those that carry the API key.
type otherOrigin struct {
	*httptest.Server
	requests, withKey atomic.Int32
}

func newOtherOrigin(t *testing.T) *otherOrigin {
	t.Helper()
	o := &otherOrigin{}
	o.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		o.requests.Add(1)
		if r.Header.Get("X-API-Key") != "" {
			o.withKey.Add(1)
		}
		writeBody(w, http.StatusOK, `{"id":"stolen"}`)
	}))
	t.Cleanup(o.Close)
	return o
}

// moved redirects requests whose path starts with /moved to the same path
// without it, at target (this server when empty), with status.
func moved(status int, target func() string) frontFunc {
	return func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		if rest, ok := strings.CutPrefix(r.URL.Path, "/moved"); ok {
			to := rest
			if target != nil {
				to = target() + rest
			}
			if r.URL.RawQuery != "" {
				to += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, to, status)
			return
		}
		next.ServeHTTP(w, r)
	}
}

// A redirect within the API's origin is followed, and the key goes with it.
func TestRedirectWithinOriginFollowed(t *testing.T) {
	t.Parallel()
	for _, status := range []int{http.StatusFound, http.StatusTemporaryRedirect, http.StatusMovedPermanently, http.StatusPermanentRedirect} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			t.Parallel()
			srv, base := front(t, itellicotest.Options{Conversations: generated(150)}, moved(status, nil))
			c := newClient(t, base+"/moved", nil)
			a, err := c.CurrentAccount(testCtx(t))
			if err != nil || a.ID != account {
				t.Fatalf("account %+v, err %v", a, err)
			}
			ids, _, err := readConversations(testCtx(t), c, nil, ListOptions{})
			if err != nil || len(ids) != 150 {
				t.Fatalf("%d ids, err %v", len(ids), err)
			}
			reqs := srv.Requests()
			if len(reqs) != 3 {
				t.Fatalf("requests at the stand-in = %d, want 3", len(reqs))
			}
			for _, r := range reqs {
				if r.Header.Get("X-API-Key") != testKey {
					t.Errorf("%s reached without the key", r.Path)
				}
			}
			if got := pagesAsked(srv)[1:]; got[0] != "0/100" {
				t.Errorf("pages after the redirect = %v: the query was lost", got)
			}
		})
	}
}

// A redirect to another port or host is not followed: the error names
// where it pointed, and nothing reaches the other origin.
func TestRedirectToAnotherOriginRefused(t *testing.T) {
	t.Parallel()
	t.Run("another port", func(t *testing.T) {
		t.Parallel()
		other := newOtherOrigin(t)
		srv, base := front(t, itellicotest.Options{}, moved(http.StatusFound, func() string { return other.URL }))
		c := newClient(t, base+"/moved", nil)
		_, err := c.CurrentAccount(testCtx(t))
		var re *RedirectError
		if !errors.As(err, &re) || re.TooMany || re.Status != http.StatusFound ||
			re.From != base+"/moved/v1/accounts/current" || re.To != other.URL+"/v1/accounts/current" {
			t.Fatalf("err = %#v, want a *RedirectError from %s to %s", err, base, other.URL)
		}
		want := "HTTP 302 redirect from " + base + "/moved/v1/accounts/current to " + other.URL +
			"/v1/accounts/current, another origin: not followed, so that the API key is not sent there"
		if err.Error() != want {
			t.Errorf("error = %q, want %q", err, want)
		}
		if n := other.requests.Load(); n != 0 {
			t.Errorf("the other origin got %d requests (%d with the key)", n, other.withKey.Load())
		}
		if n := len(srv.Requests()); n != 0 {
			t.Errorf("the stand-in got %d requests", n)
		}
	})
	t.Run("another host, same port", func(t *testing.T) {
		t.Parallel()
		var withKey atomic.Int32
		var localhost atomic.Pointer[string] // this server, named localhost
		_, base := front(t, itellicotest.Options{}, func(w http.ResponseWriter, r *http.Request, next http.Handler) {
			if strings.HasPrefix(r.Host, "localhost:") && r.Header.Get("X-API-Key") != "" {
				withKey.Add(1)
			}
			moved(http.StatusTemporaryRedirect, func() string { return *localhost.Load() })(w, r, next)
		})
		target := strings.Replace(base, "127.0.0.1", "localhost", 1)
		localhost.Store(&target)
		c := newClient(t, base+"/moved", nil)
		_, _, err := readConversations(testCtx(t), c, nil, ListOptions{})
		var re *RedirectError
		if !errors.As(err, &re) || !strings.HasPrefix(re.To, "http://localhost:") || re.Status != http.StatusTemporaryRedirect {
			t.Fatalf("err = %#v, want a *RedirectError to localhost", err)
		}
		if !strings.HasPrefix(err.Error(), "read page at offset 0: HTTP 307 redirect from http://127.0.0.1:") {
			t.Errorf("error = %q", err)
		}
		if strings.Contains(err.Error(), "limit=") {
			t.Errorf("the error shows the target's query: %q", err)
		}
		if n := withKey.Load(); n != 0 {
			t.Errorf("%d requests with the key reached the other host", n)
		}
	})
}

// A redirect from https to http would send the key in clear text.
func TestRedirectHTTPSToHTTPRefused(t *testing.T) {
	t.Parallel()
	other := newOtherOrigin(t)
	s := itellicotest.New(withKey(itellicotest.Options{}))
	var tlsCount atomic.Int32
	var ts *httptest.Server
	ts = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tlsCount.Add(1)
		switch r.URL.Path {
		case "/v1/accounts/current":
			// the same host and port, but plain http
			http.Redirect(w, r, strings.Replace(ts.URL, "https:", "http:", 1)+"/plain", http.StatusFound)
		case "/v1/accounts/me/agents":
			http.Redirect(w, r, other.URL+r.URL.Path, http.StatusFound)
		default:
			s.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(func() { s.Close(); ts.Close() })
	c := newClient(t, ts.URL, func(c *Config) { c.Transport = ts.Client().Transport })

	// The client reaches the TLS server at all.
	if _, err := c.ModelCatalog(testCtx(t), account); err != nil {
		t.Fatalf("over https: %v", err)
	}
	_, err := c.CurrentAccount(testCtx(t))
	var re *RedirectError
	if !errors.As(err, &re) || !strings.HasPrefix(re.From, "https://") || !strings.HasPrefix(re.To, "http://") ||
		!strings.Contains(err.Error(), ", plain http: not followed") {
		t.Fatalf("err = %v, want a *RedirectError to plain http", err)
	}
	_, err = List(testCtx(t), c, Agents("me"), nil, ListOptions{}, func(a *Agent) string { return a.ID }, func(string) {})
	if !errors.As(err, &re) || re.To != other.URL+"/v1/accounts/me/agents" || !strings.Contains(err.Error(), ", plain http: not followed") {
		t.Fatalf("err = %v, want a *RedirectError to %s", err, other.URL)
	}
	if n := other.requests.Load(); n != 0 {
		t.Errorf("the http server got %d requests", n)
	}
	if n := tlsCount.Load(); n != 3 {
		t.Errorf("the https server got %d requests, want 3 (no retries of a refused redirect)", n)
	}
}

// A chain of redirects within the origin ends after ten.
func TestTooManyRedirects(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	hops := 0
	srv, c := frontClient(t, itellicotest.Options{}, func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		mu.Lock()
		hops++
		n := hops
		mu.Unlock()
		http.Redirect(w, r, "/loop/"+strconv.Itoa(n), http.StatusFound)
	}, nil)
	_, err := c.CurrentAccount(testCtx(t))
	var re *RedirectError
	if !errors.As(err, &re) || !re.TooMany {
		t.Fatalf("err = %#v, want a *RedirectError with TooMany", err)
	}
	if !strings.HasPrefix(err.Error(), "stopped after 10 redirects within the API's origin, the last from ") ||
		!strings.HasSuffix(re.To, "/loop/10") {
		t.Errorf("error = %q", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if hops != 10 {
		t.Errorf("requests = %d, want 10 (the first and nine redirects followed)", hops)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("the stand-in got %d requests", n)
	}
}

func TestRedactURL(t *testing.T) {
	t.Parallel()
	for raw, want := range map[string]string{
		"https://user:pw@api.example/v1/x?key=secret#frag": "https://api.example/v1/x",
		"http://127.0.0.1:8080/a%2Fb?":                     "http://127.0.0.1:8080/a%2Fb",
	} {
		u, err := ParseBaseURL("https://api.itellico.ai")
		if err != nil {
			t.Fatal(err)
		}
		u, err = u.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		if got := redactURL(u); got != want {
			t.Errorf("redactURL(%q) = %q, want %q", raw, got, want)
		}
	}
}

func TestSameOrigin(t *testing.T) {
	t.Parallel()
	base, _ := ParseBaseURL("https://API.itellico.ai")
	for raw, want := range map[string]bool{
		"https://api.itellico.ai/x":       true,
		"https://api.itellico.ai:443/x":   true,
		"https://api.itellico.ai:8443/x":  false,
		"http://api.itellico.ai/x":        false,
		"https://evil.example/x":          false,
		"https://api.itellico.ai.evil/x":  false,
		"HTTPS://api.itellico.ai/x?y=1#z": true,
	} {
		u, err := base.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		if got := sameOrigin(base, u); got != want {
			t.Errorf("sameOrigin(%s, %s) = %v, want %v", base, raw, got, want)
		}
	}
}
