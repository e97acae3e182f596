package itellico

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
)

// headLen is how much of a body is kept for an excerpt in an error.
const headLen = 512

// bodyReader streams a body into the JSON decoder while it keeps the first
// bytes for error excerpts, counts what was read, and remembers a read error
// (a connection cut mid-body) apart from a syntax error in what arrived.
type bodyReader struct {
	r       io.Reader
	n       int64
	head    []byte
	readErr error
}

func (b *bodyReader) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if room := headLen - len(b.head); room > 0 {
		b.head = append(b.head, p[:min(n, room)]...)
	}
	b.n += int64(n)
	if err != nil && err != io.EOF && b.readErr == nil {
		b.readErr = err
	}
	return n, err
}

// decodeFailure says why a body could not be decoded.
type decodeFailure struct {
	reason    string
	head      []byte
	retryable bool
	err       error
}

func (f *decodeFailure) Error() string { return f.reason }

// decodeJSON decodes exactly one JSON value of at most limit bytes from r
// into v, straight from the connection: json.Decoder buffers the one value
// (a page, about 200 KB for 100 conversations), and no other copy of the
// body is made.
func decodeJSON(r io.Reader, limit int64, v any) *decodeFailure {
	body := &bodyReader{r: io.LimitReader(r, limit+1)}
	dec := json.NewDecoder(body)
	err := dec.Decode(v)
	if err == nil {
		// One value and nothing after it but white space.
		if _, terr := dec.Token(); terr != io.EOF {
			err = errors.New("unexpected data after the JSON value")
		}
	}
	if err == nil && body.n <= limit {
		return nil
	}
	switch {
	case body.n > limit:
		return &decodeFailure{reason: fmt.Sprintf("the body exceeds the limit of %s", byteSize(limit)), head: body.head, err: err}
	case body.readErr != nil:
		return &decodeFailure{reason: fmt.Sprintf("the body was cut short after %d bytes: %v", body.n, body.readErr),
			head: body.head, retryable: true, err: body.readErr}
	case body.n == 0:
		return &decodeFailure{reason: "the body is empty", err: err}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return &decodeFailure{reason: fmt.Sprintf("the JSON ends early, after %d bytes", body.n), head: body.head, err: err}
	}
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		return &decodeFailure{reason: fmt.Sprintf("the JSON does not have the documented shape: %s", typeErrorText(typeErr)),
			head: body.head, err: err}
	}
	return &decodeFailure{reason: "the body is not valid JSON: " + err.Error(), head: body.head, err: err}
}

func typeErrorText(e *json.UnmarshalTypeError) string {
	if e.Field == "" {
		return fmt.Sprintf("expected %s, got a JSON %s", e.Type, e.Value)
	}
	return fmt.Sprintf("field %q should be %s, got a JSON %s", e.Field, e.Type, e.Value)
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// decodeResponse decodes a successful response into v, refusing bodies that
// say they are something other than JSON.
func (c *Client) decodeResponse(resp *http.Response, v any, validate func() error) error {
	ct := resp.Header.Get("Content-Type")
	fail := func(reason string, head []byte, retryable bool, err error) error {
		return &ResponseError{StatusCode: resp.StatusCode, ContentType: ct, Reason: reason,
			Excerpt: c.excerpt(head), retryable: retryable, err: err}
	}
	if mt, _, err := mime.ParseMediaType(ct); ct != "" && (err != nil || !isJSONMediaType(mt)) {
		head, _ := io.ReadAll(io.LimitReader(resp.Body, headLen))
		return fail("expected a JSON body", head, false, nil)
	}
	if f := decodeJSON(resp.Body, c.maxBodyBytes, v); f != nil {
		return fail(f.reason, f.head, f.retryable, f.err)
	}
	if err := validate(); err != nil {
		return fail(err.Error(), nil, false, err)
	}
	return nil
}

func isJSONMediaType(mt string) bool {
	return mt == "application/json" || (len(mt) > 5 && mt[len(mt)-5:] == "+json")
}
