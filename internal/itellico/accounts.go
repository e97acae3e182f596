package itellico

import "context"

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

func accountID(a *Account) string { return a.ID }

// CurrentAccount reads the account that the API key belongs to
// (GET /v1/accounts/current).
// It is read once per client and kept, as is a final failure (see final).
func (c *Client) CurrentAccount(ctx context.Context) (*Account, error) {
	return getKept(ctx, c, "/v1/accounts/current", nil, hasID(accountID))
}

// Subaccounts is the list of an account's subaccounts
// (GET /v1/accounts/{account_id}/subaccounts).
func Subaccounts(account string) ListEndpoint[Account] { return subaccounts.list(account) }

// GetSubaccount reads one subaccount of an account
// (GET /v1/accounts/{account_id}/subaccounts/{subaccount_id}).
func (c *Client) GetSubaccount(ctx context.Context, account, id string) (*Account, error) {
	return subaccounts.get(ctx, c, account, id)
}
