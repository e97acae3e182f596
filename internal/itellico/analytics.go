package itellico

import (
	"context"
	"errors"
	"net/url"
)

// Usage is the answer of the usage analytics: the window and settings the
// server used, and one bucket per period.
type Usage struct {
	Meta *UsageMeta    `json:"meta"`
	Data []UsageBucket `json:"data"`
}

// UsageMeta is what the server used to answer.
type UsageMeta struct {
	AccountID   *string  `json:"account_id"`
	Start       *string  `json:"start"`
	End         *string  `json:"end"`
	Granularity *string  `json:"granularity"`
	GroupBy     []string `json:"group_by"`
	TZ          *string  `json:"tz"`
}

// UsageBucket is one period, with one value per group (one value when not
// grouped).
type UsageBucket struct {
	TS     *string      `json:"ts"`
	Values []UsageValue `json:"values"`
}

// UsageValue counts completed conversations and their seconds.
type UsageValue struct {
	Conversations *int64            `json:"conversations"`
	Seconds       *int64            `json:"seconds"`
	Dimensions    map[string]string `json:"dimensions"`
}

// Usage reads the usage analytics of an account
// (GET /v1/accounts/{account_id}/analytics/usage).
// The same read in flight is shared; none is kept.
func (c *Client) Usage(ctx context.Context, account string, query url.Values) (*Usage, error) {
	p, err := accountPath(account)
	if err != nil {
		return nil, c.refuse(err)
	}
	path := p + "/analytics/usage"
	return shared(ctx, c, path, query, nil, func(ctx context.Context) (*Usage, error) {
		return Get(ctx, c, path, query, func(u *Usage) error {
			switch {
			case u.Meta == nil:
				return errors.New(`the JSON has no "meta"`)
			case u.Data == nil:
				return errors.New(`the JSON has no "data" list`)
			}
			return nil
		})
	})
}
