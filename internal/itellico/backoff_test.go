package itellico

import (
	"net/http"
	"testing"
	"time"
)

func respWith(headers ...string) *http.Response {
	h := http.Header{}
	for i := 0; i+1 < len(headers); i += 2 {
		h.Set(headers[i], headers[i+1])
	}
	return &http.Response{StatusCode: http.StatusTooManyRequests, Header: h}
}

func TestRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		name    string
		resp    *http.Response
		want    time.Duration
		wantSet bool
	}{
		{"nil response", nil, 0, false},
		{"no header", respWith(), 0, false},
		{"seconds", respWith("Retry-After", "3"), 3 * time.Second, true},
		{"zero", respWith("Retry-After", "0"), 0, true},
		{"fractional seconds", respWith("Retry-After", "1.5"), 1500 * time.Millisecond, true},
		{"milliseconds", respWith("retry-after-ms", "250"), 250 * time.Millisecond, true},
		{"fractional milliseconds", respWith("retry-after-ms", "2.5"), 2500 * time.Microsecond, true},
		{"milliseconds win", respWith("retry-after-ms", "100", "Retry-After", "9"), 100 * time.Millisecond, true},
		{"bad milliseconds fall back", respWith("retry-after-ms", "soon", "Retry-After", "2"), 2 * time.Second, true},
		{"negative milliseconds fall back", respWith("retry-after-ms", "-5", "Retry-After", "2"), 2 * time.Second, true},
		{"HTTP date ahead", respWith("Retry-After", now.Add(90*time.Second).Format(http.TimeFormat)), 90 * time.Second, true},
		{"HTTP date in the past", respWith("Retry-After", now.Add(-time.Hour).Format(http.TimeFormat)), 0, true},
		{"RFC 850 date", respWith("Retry-After", "Saturday, 01-Mar-25 12:00:10 GMT"), 10 * time.Second, true},
		{"garbage", respWith("Retry-After", "later please"), 0, false},
		{"negative seconds", respWith("Retry-After", "-3"), 0, false},
		{"NaN", respWith("Retry-After", "NaN"), 0, false},
		{"huge seconds", respWith("Retry-After", "1e300"), 0, false},
		{"huge milliseconds", respWith("retry-after-ms", "1e300"), 0, false},
	}
	for _, tc := range cases {
		got, ok := retryAfter(tc.resp, now)
		if got != tc.want || ok != tc.wantSet {
			t.Errorf("%s: retryAfter = (%v, %v), want (%v, %v)", tc.name, got, ok, tc.want, tc.wantSet)
		}
	}
}

func TestBackoffHonoursAndCapsRetryAfter(t *testing.T) {
	t.Parallel()
	b := backoff(10 * time.Second)
	cases := []struct {
		resp *http.Response
		want time.Duration
	}{
		{respWith("Retry-After", "3"), 3 * time.Second},
		{respWith("Retry-After", "3600"), 10 * time.Second},
		{respWith("retry-after-ms", "1500"), 1500 * time.Millisecond},
		{respWith("retry-after-ms", "60000"), 10 * time.Second},
		{respWith("Retry-After", time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)), 10 * time.Second},
		{respWith("Retry-After", "0"), 0},
	}
	for _, tc := range cases {
		// The server's wait replaces the exponential step, whatever the attempt.
		for _, attempt := range []int{0, 1, 5} {
			if got := b(time.Millisecond, 2*time.Millisecond, attempt, tc.resp); got != tc.want {
				t.Errorf("backoff(%v, attempt %d) = %v, want %v", tc.resp.Header, attempt, got, tc.want)
			}
		}
	}
}

func TestBackoffFullJitter(t *testing.T) {
	t.Parallel()
	b := backoff(time.Minute)
	minWait, maxWait := 100*time.Millisecond, 2*time.Second
	garbage := respWith("Retry-After", "whenever")
	for attempt := range 8 {
		step := min(maxWait, minWait<<attempt)
		var low, high bool
		for range 2000 {
			resp := (*http.Response)(nil)
			if attempt%2 == 1 {
				resp = garbage // an unreadable Retry-After is ignored
			}
			got := b(minWait, maxWait, attempt, resp)
			if got < 0 || got > step {
				t.Fatalf("attempt %d: backoff = %v, want within [0, %v]", attempt, got, step)
			}
			low = low || got < step/4
			high = high || got > step*3/4
		}
		if !low || !high {
			t.Errorf("attempt %d: 2000 waits never went below a quarter (%v) or above three quarters (%v) of %v: not full jitter",
				attempt, low, high, step)
		}
	}
}

// The exponential step must stay within [0, maxWait] for every attempt,
// whatever the configured minimum; it must never overflow or panic.
func TestBackoffLargeAttempts(t *testing.T) {
	t.Parallel()
	b := backoff(time.Minute)
	for _, w := range []struct{ minWait, maxWait time.Duration }{
		{500 * time.Millisecond, 8 * time.Second},
		{time.Millisecond, time.Millisecond},
		{time.Second, time.Hour},
		{time.Minute, time.Hour},
	} {
		for attempt := 0; attempt <= 64; attempt++ {
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Errorf("backoff(min %v, max %v, attempt %d) panicked: %v", w.minWait, w.maxWait, attempt, r)
					}
				}()
				for range 20 {
					if got := b(w.minWait, w.maxWait, attempt, nil); got < 0 || got > w.maxWait {
						t.Errorf("backoff(min %v, max %v, attempt %d) = %v, want within [0, %v]",
							w.minWait, w.maxWait, attempt, got, w.maxWait)
						return
					}
				}
			}()
		}
	}
}

func TestByteSize(t *testing.T) {
	t.Parallel()
	for n, want := range map[int64]string{
		0: "0 bytes", 1000: "1000 bytes", 1024: "1 KiB", 1536: "1536 bytes", 4 << 10: "4 KiB",
		1 << 20: "1 MiB", 256 << 20: "256 MiB", 1<<20 + 1024: "1025 KiB",
	} {
		if got := byteSize(n); got != want {
			t.Errorf("byteSize(%d) = %q, want %q", n, got, want)
		}
	}
}
