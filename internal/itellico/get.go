package itellico

import (
	"context"
	"io"
	"net/http"
	"net/url"
)

// Get reads the JSON value at path (already escaped). validate, when given,
// checks what the API documents as required. A missing resource is an
// *APIError with StatusCode 404.
func Get[T any](ctx context.Context, c *Client, path string, query url.Values, validate func(*T) error) (*T, error) {
	var v *T
	err := c.get(ctx, path, query, func(resp *http.Response) error {
		var fresh T // every attempt decodes afresh
		if err := c.decodeResponse(resp, func(body io.Reader) *decodeFailure {
			if f := decodeValue(body, MaxItemBytes, &fresh); f != nil {
				return f
			}
			if validate != nil {
				if err := validate(&fresh); err != nil {
					return &decodeFailure{reason: err.Error(), err: err}
				}
			}
			return nil
		}); err != nil {
			return err
		}
		v = &fresh
		return nil
	})
	return v, err
}

// getKept is Get shared with the same read in flight and kept for the
// client's life, as is a final failure (see sharing): the account of the
// key, an item of the directory, the catalogs.
func getKept[T any](ctx context.Context, c *Client, path string, query url.Values, validate func(*T) error) (*T, error) {
	return shared(ctx, c, path, query, keepAlways[*T], func(ctx context.Context) (*T, error) {
		return Get(ctx, c, path, query, validate)
	})
}
