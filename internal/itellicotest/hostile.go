package itellicotest

import (
	"net"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// The faults of a hostile or broken front (see FaultKind). Each that echoes the key shows it in
// several forms: as sent, percent-encoded as a path segment (url.PathEscape) and as a query
// value (url.QueryEscape), which differ for keys with '/', '+', '=' or spaces, so that a test
// can check that none of them comes through.

// trickleInterval is the pause between the bytes of a Trickle answer.
const trickleInterval = 50 * time.Millisecond

// redirectWithKey answers 302 to another origin: the same port on another loopback address,
// where the stand-in does not listen (it listens on one address), so that a client that
// followed would fail to connect rather than reach the stand-in again. The Location carries the
// request's key in its path and its query, as a proxy that echoes it would.
func redirectWithKey(w http.ResponseWriter, r *http.Request) {
	key := r.Header.Get("X-API-Key")
	loc := otherOrigin(r) + "/keys/" + url.PathEscape(key) + r.URL.EscapedPath() + "?api_key=" + url.QueryEscape(key)
	if r.URL.RawQuery != "" {
		loc += "&" + r.URL.RawQuery
	}
	w.Header().Set("Location", loc)
	writeError(w, http.StatusFound, "found", "Moved.", "")
}

// otherOrigin is http://127.0.0.2 (127.0.0.3 if the stand-in is on 127.0.0.2) with the port the
// request came in on.
func otherOrigin(r *http.Request) string {
	host, port := "", ""
	if a, ok := r.Context().Value(http.LocalAddrContextKey).(*net.TCPAddr); ok {
		host, port = a.IP.String(), strconv.Itoa(a.Port)
	} else if _, p, err := net.SplitHostPort(r.Host); err == nil {
		port = p
	}
	other := "127.0.0.2"
	if host == other {
		other = "127.0.0.3"
	}
	if port == "" {
		return "http://" + other
	}
	return "http://" + net.JoinHostPort(other, port)
}

// echoKeyError answers 403 in the API's error format with the request's key in every part a
// server may fill from the request: the message (as sent), the detail (path-escaped), a field
// error (its field as sent, its message query-escaped) and the request id.
func echoKeyError(w http.ResponseWriter, r *http.Request) {
	key := r.Header.Get("X-API-Key")
	w.Header().Set("X-Request-Id", w.Header().Get("X-Request-Id")+"/"+key)
	_, body := errorJSON(http.StatusForbidden, "forbidden", "The API key "+key+" may not read this account.",
		"See /keys/"+url.PathEscape(key)+" for what it may read.",
		[]FieldError{{Field: "X-API-Key: " + key, Message: "api_key=" + url.QueryEscape(key) + " is not allowed here"}})
	writeJSON(w, http.StatusForbidden, body)
}

// echoKeyHTML answers 400 with a proxy's HTML error page that shows the request it refused,
// the key query-escaped first (within what a client keeps of such a body), then as sent and
// path-escaped.
func echoKeyHTML(w http.ResponseWriter, r *http.Request) {
	key := r.Header.Get("X-API-Key")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusBadRequest)
	_, _ = w.Write([]byte("<html><body><h1>400 Bad Request</h1><p>api_key=" + url.QueryEscape(key) +
		" refused</p><pre>GET " + r.URL.EscapedPath() + "\nX-API-Key: " + key + "\n</pre><p>/keys/" +
		url.PathEscape(key) + "</p></body></html>\n"))
}

// echoKeyPage answers 200 with a proxy's HTML sign-in page whose first link carries the key,
// query-escaped, then path-escaped and as sent.
func echoKeyPage(w http.ResponseWriter, r *http.Request) {
	key := r.Header.Get("X-API-Key")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte(`<html><body><a href="/sso/login?api_key=` + url.QueryEscape(key) +
		`&next=` + url.QueryEscape(r.URL.RequestURI()) + `">Sign in</a> <a href="/keys/` + url.PathEscape(key) +
		`">Your key</a> <!-- ` + key + " --></body></html>\n"))
}

// echoKeyGarbage sends a status line, then the request's X-API-Key header line without its colon,
// then closes the connection: a client's HTTP library reports a malformed header and quotes that
// line whole.
func echoKeyGarbage(w http.ResponseWriter, r *http.Request) {
	line := "X-API-Key " + r.Header.Get("X-API-Key")
	hj, ok := w.(http.Hijacker)
	if !ok { // an httptest.ResponseRecorder: write the line as the body
		_, _ = w.Write([]byte(line + "\r\n"))
		return
	}
	conn, rw, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	defer conn.Close()
	_, _ = rw.WriteString("HTTP/1.1 200 OK\r\n" + line + "\r\n\r\n")
	_ = rw.Flush()
}

// trickle answers 200 with body, declared whole, but sends one byte every trickleInterval. It
// stops, leaving the answer incomplete, as soon as the client goes away or the server closes,
// so that a test that gives up ends promptly.
func (s *Server) trickle(w http.ResponseWriter, r *http.Request, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	flush := func() {}
	if f, ok := w.(http.Flusher); ok {
		flush = f.Flush
	}
	flush()
	t := time.NewTicker(trickleInterval)
	defer t.Stop()
	for i := range body {
		select {
		case <-t.C:
		case <-r.Context().Done():
			return
		case <-s.closing:
			// Returning with the body incomplete makes the server close the connection.
			return
		}
		if _, err := w.Write(body[i : i+1]); err != nil {
			return
		}
		flush()
	}
}
