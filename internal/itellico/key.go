package itellico

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// CheckAPIKey refuses a key that cannot reach the API as it is: an empty
// one, one with a control character (a line break, a NUL …), which Go's
// HTTP client refuses to send and which would otherwise be reported as a
// network failure, and one with a space at either end, which servers and
// proxies trim from a header's value, so that the key would not match. Its
// error says what is wrong and where, never the key or any part of it.
func CheckAPIKey(key string) error {
	if key == "" {
		return errors.New("an API key is required")
	}
	n := utf8.RuneCountInString(key)
	i := 0
	for _, r := range key {
		i++
		if r >= 0x20 && r != 0x7f {
			continue
		}
		msg := fmt.Sprintf("the API key contains %s (character %d of %d); control characters cannot travel in an HTTP header",
			controlName(r), i, n)
		if i == n && (r == '\n' || r == '\r') {
			msg += "; a key read from a file often keeps the file's final line break: remove it"
		}
		return errors.New(msg)
	}
	const trimmed = "servers and proxies remove white space at the ends of a header's value, so the key would not match: remove it"
	if key[0] == ' ' {
		return fmt.Errorf("the API key begins with a space (character 1 of %d); %s", n, trimmed)
	}
	if key[len(key)-1] == ' ' {
		return fmt.Errorf("the API key ends with a space (character %d of %d); %s", n, n, trimmed)
	}
	return nil
}

func controlName(r rune) string {
	switch r {
	case '\n':
		return "a line break"
	case '\r':
		return "a carriage return"
	case '\t':
		return "a tab"
	case 0:
		return "a NUL character"
	}
	return "a control character"
}

// redacted replaces the key wherever it is found in a text.
const redacted = "[redacted]"

// redactKey replaces every occurrence of key in s by "[redacted]": as it
// is, and percent-encoded in any of its bytes, with upper- or lower-case
// hex, or with '+' for a space, so the forms of url.PathEscape and
// url.QueryEscape among others. A server or proxy that echoes the key may
// have put it in a path, a query or a page in any of them.
func redactKey(s, key string) string {
	if key == "" {
		return s
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		end, _ := matchKey(s, i, key)
		if end < 0 {
			i++
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(redacted)
		i, last = end, end
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// keyStartAtEnd is where a start of the key, of `least` bytes of it or more
// in any of the forms redactKey knows, runs to the end of s; -1 if none
// does. A text cut short (an excerpt) may end inside the key.
func keyStartAtEnd(s, key string, least int) int {
	from := max(0, len(s)-3*len(key))
	for i := from; i < len(s); i++ {
		if _, partial := matchKey(s, i, key); partial >= least {
			return i
		}
	}
	return -1
}

// matchKey follows key through s from i, each of its bytes as it is,
// percent-encoded, or '+' for a space. It returns where the longest whole
// occurrence ends (-1 if there is none), and how many bytes of the key
// were matched when s ended before the key did (0 if it did not).
func matchKey(s string, i int, key string) (end, partial int) {
	at := []int{i} // where the bytes matched so far may end; at most a few
	for k := 0; k < len(key); k++ {
		want := key[k]
		var next []int
		for _, j := range at {
			if j == len(s) {
				partial = max(partial, k)
				continue
			}
			switch {
			case s[j] == want:
				next = appendNew(next, j+1)
			case want == ' ' && s[j] == '+':
				next = appendNew(next, j+1)
			}
			if s[j] == '%' {
				switch {
				case j+2 < len(s):
					if h, ok := unhex(s[j+1], s[j+2]); ok && h == want {
						next = appendNew(next, j+3)
					}
				case j+1 == len(s) || isHex(s[j+1]) && upperHex(want>>4) == upper(s[j+1]):
					partial = max(partial, k) // cut inside the escape
				}
			}
		}
		if len(next) == 0 {
			return -1, partial
		}
		at = next
	}
	return slices.Max(at), 0
}

func appendNew(at []int, j int) []int {
	if slices.Contains(at, j) {
		return at
	}
	return append(at, j)
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func upper(c byte) byte {
	if 'a' <= c && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}

func upperHex(n byte) byte { return "0123456789ABCDEF"[n&0xf] }

func unhex(hi, lo byte) (byte, bool) {
	if !isHex(hi) || !isHex(lo) {
		return 0, false
	}
	v := func(c byte) byte {
		switch {
		case c <= '9':
			return c - '0'
		case c >= 'a':
			return c - 'a' + 10
		}
		return c - 'A' + 10
	}
	return v(hi)<<4 | v(lo), true
}
