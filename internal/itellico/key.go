package itellico

import (
	"errors"
	"fmt"
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
