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

// Bounds of what a server can make the client hold. A list is decoded item
// by item straight from the connection, so that memory follows what is kept
// of each item, not the size of a page's body; these bounds stop a broken or
// hostile server from making one item, or one page, arbitrarily large.
const (
	// MaxItemBytes bounds one item of a list (a conversation with its
	// transcript is a few kilobytes) and one whole answer that is not a
	// list.
	MaxItemBytes int64 = 4 << 20
	// pageBytesPerItem is what a page may hold per item it was asked for,
	// on top of MaxItemBytes: 16 times a conversation with ten messages.
	pageBytesPerItem int64 = 32 << 10
)

// pageBodyLimit bounds the body of a page of limit items: proportionate to
// the page asked for, so that the memory a server can take is too.
func pageBodyLimit(limit int64) int64 { return MaxItemBytes + limit*pageBytesPerItem }

// errItemTooLarge stops the decoder inside an item larger than MaxItemBytes.
var errItemTooLarge = errors.New("item too large")

// bodyReader streams a body into the JSON decoder while it keeps the first
// bytes for error excerpts, counts what was read, remembers a read error (a
// connection cut mid-body) apart from a syntax error in what arrived, and
// refuses to feed the decoder more than MaxItemBytes for one item.
type bodyReader struct {
	r         io.Reader
	n         int64
	head      []byte
	readErr   error
	itemStart int64 // offset where the item being decoded starts; -1 outside items
}

func (b *bodyReader) Read(p []byte) (int, error) {
	if b.itemStart >= 0 {
		room := b.itemStart + MaxItemBytes - b.n
		if room <= 0 {
			return 0, errItemTooLarge
		}
		p = p[:min(int64(len(p)), room)]
	}
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
	tooLarge  bool
	err       error
	// cut is set when reading the body failed after read bytes (err is
	// the read's error), rather than what arrived being wrong.
	cut  bool
	read int64
}

func (f *decodeFailure) Error() string { return f.reason }

// decoder reads one JSON value of at most limit bytes from a body.
type decoder struct {
	body  *bodyReader
	dec   *json.Decoder
	limit int64
}

func newDecoder(r io.Reader, limit int64) *decoder {
	body := &bodyReader{r: io.LimitReader(r, limit+1), itemStart: -1}
	return &decoder{body: body, dec: json.NewDecoder(body), limit: limit}
}

// finish checks that nothing but white space follows the value, and turns
// err, the first error met, into a decodeFailure.
func (d *decoder) finish(err error) *decodeFailure {
	if err == nil {
		if _, terr := d.dec.Token(); terr != io.EOF {
			err = errors.New("unexpected data after the JSON value")
		}
	}
	body := d.body
	if err == nil && body.n <= d.limit {
		return nil
	}
	switch {
	case body.n > d.limit:
		return &decodeFailure{reason: fmt.Sprintf("the body exceeds the limit of %s", byteSize(d.limit)), head: body.head, tooLarge: true, err: err}
	case errors.Is(err, errItemTooLarge):
		return &decodeFailure{reason: fmt.Sprintf("an item exceeds the limit of %s", byteSize(MaxItemBytes)), head: body.head, tooLarge: true, err: err}
	case body.readErr != nil:
		return &decodeFailure{reason: fmt.Sprintf("the body was cut short after %d bytes: %v", body.n, body.readErr),
			head: body.head, retryable: true, err: body.readErr, cut: true, read: body.n}
	case body.n == 0:
		return &decodeFailure{reason: "the body is empty", err: err}
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return &decodeFailure{reason: fmt.Sprintf("the JSON ends early, after %d bytes", body.n), head: body.head, err: err}
	}
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		return &decodeFailure{reason: fmt.Sprintf("the JSON does not have the documented shape: %s", typeErrorText(typeErr)),
			head: body.head, err: err}
	}
	var shapeErr *shapeError
	if errors.As(err, &shapeErr) {
		return &decodeFailure{reason: shapeErr.Error(), head: body.head, err: err}
	}
	return &decodeFailure{reason: "the body is not valid JSON: " + err.Error(), head: body.head, err: err}
}

// shapeError is JSON that is valid but not in the documented shape.
type shapeError struct{ msg string }

func (e *shapeError) Error() string { return e.msg }

// decodeValue decodes exactly one JSON value of at most limit bytes into v.
func decodeValue(r io.Reader, limit int64, v any) *decodeFailure {
	d := newDecoder(r, limit)
	return d.finish(d.dec.Decode(v))
}

// decodeList decodes a page of a list, {"count": n, "items": [...]}, item by
// item: each item is decoded into a fresh T and handed to onItem, then
// dropped, so the page's body is never held whole. It refuses a page
// without a count or items, and an item without a key. Items beyond
// maxItems (more than were asked for) and members other than count and
// items are skipped.
func decodeList[T any](r io.Reader, limit, maxItems int64, key func(*T) string, onItem func(key string, item *T)) (int64, *decodeFailure) {
	d := newDecoder(r, limit)
	count, err := listItems(d, maxItems, key, onItem)
	if f := d.finish(err); f != nil {
		return 0, f
	}
	return count, nil
}

func listItems[T any](d *decoder, maxItems int64, key func(*T) string, onItem func(string, *T)) (int64, error) {
	dec := d.dec
	if err := expectDelim(dec, '{', "a JSON object"); err != nil {
		return 0, err
	}
	var count *int64
	items := int64(-1) // -1 until the items list is met
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return 0, err
		}
		switch tok {
		case "count":
			if err := dec.Decode(&count); err != nil {
				var typeErr *json.UnmarshalTypeError
				if errors.As(err, &typeErr) {
					return 0, &shapeError{fmt.Sprintf(`the JSON does not have the documented shape: field "count" should be an integer, got a JSON %s`, typeErr.Value)}
				}
				return 0, err
			}
		case "items":
			if err := expectDelim(dec, '[', `"items" as a list`); err != nil {
				return 0, err
			}
			items = 0
			for dec.More() {
				d.body.itemStart = dec.InputOffset()
				if items == maxItems {
					// More than was asked for: a server that ignores limit.
					// The surplus is read, within the body's bound, and
					// dropped; the pager notices the missing progress.
					var skip json.RawMessage
					err := dec.Decode(&skip)
					d.body.itemStart = -1
					if err != nil {
						return 0, err
					}
					continue
				}
				var item T
				err := dec.Decode(&item)
				d.body.itemStart = -1
				if err != nil {
					var typeErr *json.UnmarshalTypeError
					if errors.As(err, &typeErr) {
						return 0, &shapeError{fmt.Sprintf("the JSON does not have the documented shape: item %d: %s", items, typeErrorText(typeErr))}
					}
					return 0, err
				}
				k := key(&item)
				if k == "" {
					return 0, &shapeError{fmt.Sprintf("item %d has no id", items)}
				}
				onItem(k, &item)
				items++
			}
			if _, err := dec.Token(); err != nil { // ]
				return 0, err
			}
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return 0, err
			}
		}
	}
	if _, err := dec.Token(); err != nil { // }
		return 0, err
	}
	switch {
	case count == nil:
		return 0, &shapeError{`the JSON has no "count"`}
	case *count < 0:
		return 0, &shapeError{fmt.Sprintf(`"count" is negative (%d)`, *count)}
	case items < 0:
		return 0, &shapeError{`the JSON has no "items" list`}
	}
	return *count, nil
}

// expectDelim reads the next token, which must be the delimiter want.
func expectDelim(dec *json.Decoder, want json.Delim, what string) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok != want {
		return &shapeError{fmt.Sprintf("the JSON does not have the documented shape: expected %s, got %s", what, tokenKind(tok))}
	}
	return nil
}

func tokenKind(tok json.Token) string {
	switch t := tok.(type) {
	case json.Delim:
		if t == '{' {
			return "an object"
		}
		return "a list"
	case string:
		return "a string"
	case float64, json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%v", tok)
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

// decodeResponse decodes a successful response with decode, refusing bodies
// that say they are something other than JSON.
func (c *Client) decodeResponse(resp *http.Response, decode func(io.Reader) *decodeFailure) error {
	ct := resp.Header.Get("Content-Type")
	fail := func(f *decodeFailure) error {
		return &ResponseError{StatusCode: resp.StatusCode, ContentType: ct, Reason: f.reason,
			Excerpt: c.excerpt(f.head), retryable: f.retryable, tooLarge: f.tooLarge, err: f.err, cut: f.cut, read: f.read}
	}
	if mt, _, err := mime.ParseMediaType(ct); ct != "" && (err != nil || !isJSONMediaType(mt)) {
		head, _ := io.ReadAll(io.LimitReader(resp.Body, headLen))
		return fail(&decodeFailure{reason: "expected a JSON body", head: head})
	}
	if f := decode(resp.Body); f != nil {
		return fail(f)
	}
	return nil
}

func isJSONMediaType(mt string) bool {
	return mt == "application/json" || (len(mt) > 5 && mt[len(mt)-5:] == "+json")
}
