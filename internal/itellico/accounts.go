package itellico

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
)

// Account is an itellico account, as the accounts endpoints send it.
// Pointers stand for fields that are absent or null.
type Account struct {
	ID              string  `json:"id"`
	Name            *string `json:"name"`
	IsActive        *bool   `json:"is_active"`
	Created         *string `json:"created"`
	Modified        *string `json:"modified"`
	ParentAccountID *string `json:"parent_account_id"`
}

func accountKey(a *Account) string { return a.ID }

// CurrentAccount reads the account that the API key belongs to
// (GET /v1/accounts/current).
// It is read once per client and kept, as is a final failure (see final).
func (c *Client) CurrentAccount(ctx context.Context) (*Account, error) {
	const path = "/v1/accounts/current"
	return shared(ctx, c, path, nil, keepAlways[*Account], func(ctx context.Context) (*Account, error) {
		return Get(ctx, c, path, nil, hasID(accountKey))
	})
}

// Subaccounts is the list of an account's subaccounts
// (GET /v1/accounts/{account_id}/subaccounts).
func Subaccounts(account string) ListEndpoint[Account] {
	p, err := accountPath(account)
	return ListEndpoint[Account]{Path: p + "/subaccounts", Key: accountKey, err: err}
}

// GetSubaccount reads one subaccount of an account
// (GET /v1/accounts/{account_id}/subaccounts/{subaccount_id}).
func (c *Client) GetSubaccount(ctx context.Context, account, id string) (*Account, error) {
	p, err := itemPath(account, "subaccounts", "subaccount id", id)
	if err != nil {
		return nil, c.refuse(err)
	}
	return getShared(ctx, c, p, hasID(accountKey))
}

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

// getShared is Get of one item of the directory, shared with the same read
// in flight and kept, as is a final failure such as a 404 (see sharing):
// two lookups of one id get one answer.
func getShared[T any](ctx context.Context, c *Client, path string, validate func(*T) error) (*T, error) {
	return shared(ctx, c, path, nil, keepAlways[*T], func(ctx context.Context) (*T, error) {
		return Get(ctx, c, path, nil, validate)
	})
}

// hasID refuses an object without the identifier the API always sends.
func hasID[T any](key func(*T) string) func(*T) error {
	return func(v *T) error {
		if key(v) == "" {
			return errors.New(`the JSON has no "id"`)
		}
		return nil
	}
}
