package itellico

import (
	"context"
	"net/url"
	"strconv"
)

// Agent is a voice agent, as the agents endpoints send it. Pointers and nil
// slices stand for fields that are absent or null.
type Agent struct {
	ID         string   `json:"id"`
	Name       *string  `json:"name"`
	Tags       []string `json:"tags"`
	Note       *string  `json:"note"`
	IsArchived *bool    `json:"is_archived"`
	Created    *string  `json:"created"`
	Modified   *string  `json:"modified"`
}

// AgentFilter holds the query filters of the list of agents; empty fields
// are not sent.
type AgentFilter struct {
	// Name matches agents whose name contains it, ignoring case (the API's
	// rule).
	Name string
	// Tags matches agents that have every one of these tags.
	Tags []string
	// IsArchived, when set, matches only archived or only active agents.
	IsArchived *bool
}

// Values returns the filters that are set, named as the API names them.
// Each tag is its own tags parameter.
func (f AgentFilter) Values() url.Values {
	q := url.Values{}
	if f.Name != "" {
		q.Set("name", f.Name)
	}
	for _, t := range f.Tags {
		q.Add("tags", t)
	}
	if f.IsArchived != nil {
		q.Set("is_archived", strconv.FormatBool(*f.IsArchived))
	}
	return q
}

func agentKey(a *Agent) string { return a.ID }

func agentsPath(accountID string) string {
	return "/v1/accounts/" + url.PathEscape(accountID) + "/agents"
}

// ListAgents reads every agent of the account that matches filter
// (GET /v1/accounts/{account_id}/agents), across all pages.
func (c *Client) ListAgents(ctx context.Context, accountID string, filter AgentFilter, opts ListOptions) (*List[Agent], error) {
	l := &lister[Agent]{
		c:        c,
		path:     agentsPath(accountID),
		query:    filter.Values(),
		key:      agentKey,
		maxItems: opts.MaxItems,
	}
	return l.all(ctx)
}

// GetAgent reads one agent of the account
// (GET /v1/accounts/{account_id}/agents/{agent_id}). An agent that does not
// exist is an *APIError with StatusCode 404.
func (c *Client) GetAgent(ctx context.Context, accountID, agentID string) (*Agent, error) {
	return getObject(ctx, c, agentsPath(accountID)+"/"+url.PathEscape(agentID), agentKey)
}
