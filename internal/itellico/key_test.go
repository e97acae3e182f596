package itellico

import (
	"strings"
	"testing"
)

// mustNotShowKeyPart fails when text holds any 5 characters in a row of
// key: an error about a key must not show even part of it.
func mustNotShowKeyPart(t *testing.T, what, text, key string) {
	t.Helper()
	const piece = 5
	for i := 0; i+piece <= len(key); i++ {
		if p := key[i : i+piece]; strings.TrimSpace(p) == p && strings.Contains(text, p) {
			t.Errorf("%s shows part of the key (%q): %s", what, p, text)
			return
		}
	}
}

func TestCheckAPIKey(t *testing.T) {
	t.Parallel()
	const k = "itk_live_7f3c9a1e5b2d4c6a8e0f1b3d5c7a9e2" // 40 characters
	bad := []struct{ key, want string }{
		{"", "an API key is required"},
		{k + "\n", "the API key contains a line break (character 41 of 41); control characters cannot travel in an HTTP header; " +
			"a key read from a file often keeps the file's final line break: remove it"},
		{k + "\r\n", "contains a carriage return (character 41 of 42)"},
		{k[:32] + "\n" + k[32:], "contains a line break (character 33 of 41); control characters cannot travel in an HTTP header"},
		{k[:10] + "\x00" + k[10:], "contains a NUL character (character 11 of 41)"},
		{"\t" + k, "contains a tab (character 1 of 41)"},
		{k[:5] + "\x7f" + k[5:], "contains a control character (character 6 of 41)"},
		{"ä" + k + "\x1b", "contains a control character (character 42 of 42)"}, // characters, not bytes
		{" " + k, "the API key begins with a space (character 1 of 41); servers and proxies remove white space"},
		{k + " ", "the API key ends with a space (character 41 of 41); servers and proxies remove white space"},
		{" ", "begins with a space (character 1 of 1)"},
	}
	for _, tc := range bad {
		err := CheckAPIKey(tc.key)
		if err == nil {
			t.Errorf("CheckAPIKey(%q) = nil, want an error", tc.key)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("CheckAPIKey(%q) = %q, want it to say %q", tc.key, err, tc.want)
		}
		mustNotShowKeyPart(t, "CheckAPIKey's error", err.Error(), tc.key)
	}
	for _, good := range []string{k, "a", "itk/7f3c+9a1e=5b2d==", "key with inner spaces", "ключ-ä"} {
		if err := CheckAPIKey(good); err != nil {
			t.Errorf("CheckAPIKey(%q) = %v", good, err)
		}
	}
}

// New refuses a malformed key with CheckAPIKey's words, before any request
// could fail on it and be reported as a network failure.
func TestNewRefusesAMalformedKey(t *testing.T) {
	t.Parallel()
	_, err := New(Config{BaseURL: "http://127.0.0.1:1", APIKey: testKey + "\n"})
	if err == nil || err.Error() != CheckAPIKey(testKey+"\n").Error() {
		t.Fatalf("New with a key ending in a line break: err = %v", err)
	}
	mustNotShowKeyPart(t, "New's error", err.Error(), testKey)
	if _, err := New(Config{BaseURL: "http://127.0.0.1:1", APIKey: " " + testKey}); err == nil || !strings.Contains(err.Error(), "begins with a space") {
		t.Errorf("New with a key beginning with a space: err = %v", err)
	}
}
