package itellico

import (
	"context"
	"errors"
	"net/http"
)

// Account is an itellico account, as GET /v1/accounts/current sends it.
// Pointers stand for fields that are absent or null.
type Account struct {
	ID              string  `json:"id"`
	Name            *string `json:"name"`
	IsActive        *bool   `json:"is_active"`
	ParentAccountID *string `json:"parent_account_id"`
	Created         *string `json:"created"`
	Modified        *string `json:"modified"`
}

// CurrentAccount reads the account that the API key belongs to
// (GET /v1/accounts/current).
func (c *Client) CurrentAccount(ctx context.Context) (*Account, error) {
	return getObject(ctx, c, "/v1/accounts/current", func(a *Account) string { return a.ID })
}

// getObject reads one JSON object from path. id returns the object's
// identifier, which the API always sends: a body without one is refused.
func getObject[T any](ctx context.Context, c *Client, path string, id func(*T) string) (*T, error) {
	var v *T
	err := c.get(ctx, path, nil, func(resp *http.Response) error {
		var fresh T // every attempt decodes afresh
		if err := c.decodeResponse(resp, &fresh, func() error {
			if id(&fresh) == "" {
				return errors.New(`the JSON has no "id"`)
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
