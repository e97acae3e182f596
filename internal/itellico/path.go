package itellico

import (
	"fmt"
	"net/url"
	"strings"
)

// PathSegmentError refuses a value that would become a path segment the
// request cannot be sent with: an empty one, or "." or ".." (also when
// percent-encoded). A server or proxy that normalizes paths would read
// /v1/accounts/../conversations as /v1/conversations, another endpoint,
// and an empty segment turns the path into another one too.
type PathSegmentError struct {
	// Role names the value: "account id", "agent id", ….
	Role string
	// Value is the value as given: empty, or dots, possibly escaped.
	Value string
}

func (e *PathSegmentError) Error() string {
	if e.Value == "" {
		return fmt.Sprintf("the %s is empty: it would leave an empty segment in the request path, "+
			"which then names another endpoint", e.Role)
	}
	return fmt.Sprintf("the %s %q cannot be sent: as a path segment, %q means the segment above or the same one, "+
		"and servers and proxies that normalize paths would read another endpoint", e.Role, e.Value, dots(e.Value))
}

// dots is what a refused non-empty value means once unescaped: "." or "..".
func dots(v string) string {
	if u, err := url.PathUnescape(v); err == nil {
		return u
	}
	return v
}

// refusedSegment reports whether v, once unescaped, is an empty segment or
// a dot segment. A value that does not unescape is sent escaped, as itself.
func refusedSegment(v string) bool {
	switch v {
	case "", ".", "..":
		return true
	}
	u, err := url.PathUnescape(v)
	return err == nil && (u == "." || u == "..")
}

// segment escapes value, whose role is named in the error, as one path
// segment.
func segment(role, value string) (string, error) {
	if refusedSegment(value) {
		return "", &PathSegmentError{Role: role, Value: value}
	}
	return url.PathEscape(value), nil
}

// accountPath is the path of an account's resources; account may be an
// account id or "me".
func accountPath(account string) (string, error) {
	seg, err := segment("account id", account)
	return "/v1/accounts/" + seg, err
}

// itemPath is the path of one item of an account's collection, such as
// /v1/accounts/{account_id}/agents/{agent_id}; role names the item's id.
func itemPath(account, collection, role, id string) (string, error) {
	p, err := accountPath(account)
	if err != nil {
		return "", err
	}
	seg, err := segment(role, id)
	if err != nil {
		return "", err
	}
	return p + "/" + collection + "/" + seg, nil
}

// checkPath refuses a path (already escaped, as Get takes it) that has an
// empty or dot segment, whoever built it: the endpoints above name the
// value's role; this is the last check before anything is sent.
func checkPath(path string) error {
	for _, seg := range strings.Split(strings.TrimPrefix(path, "/"), "/") {
		if refusedSegment(seg) {
			return &PathSegmentError{Role: "request path segment", Value: seg}
		}
	}
	return nil
}
