package itellico

import (
	"context"
	"io"
	"net/http"
	"net/url"
)

// countBodyLimit bounds the page read for a count: a server that ignores
// limit=1 answers with a whole page, whose items are read and dropped one
// at a time, within the bound of a page of DefaultPageSize.
var countBodyLimit = pageBodyLimit(DefaultPageSize)

// CountConversations returns how many conversations of account (and its
// subaccounts) match query. The API's count is the total number of
// matches whatever the page size, so one request with limit=1 gives it;
// the item that comes with it is read and dropped. The same count in
// flight is shared; none is kept.
func (c *Client) CountConversations(ctx context.Context, account string, query url.Values) (int64, error) {
	path := Conversations(account).Path
	q := make(url.Values, len(query)+2)
	for k, v := range query {
		q[k] = v
	}
	q.Set("limit", "1")
	q.Set("offset", "0")
	return shared(ctx, c, path, q, nil, func(ctx context.Context) (int64, error) {
		var count int64
		err := c.get(ctx, path, q, func(resp *http.Response) error {
			return c.decodeResponse(resp, func(body io.Reader) *decodeFailure {
				n, f := decodeList[struct{}](body, countBodyLimit, 0, nil, nil)
				count = n
				return f
			})
		})
		return count, err
	})
}
