package itellico

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
)

// CatalogProvider is a vendor of the model or transcriber catalog.
type CatalogProvider struct {
	Code     *string `json:"code"`
	Name     *string `json:"name"`
	EUHosted *bool   `json:"eu_hosted"`
}

// CatalogEntry is one vendor of a catalog and its models, of type M.
type CatalogEntry[M any] struct {
	Provider *CatalogProvider `json:"provider"`
	Models   []M              `json:"models"`
}

// ModelCatalogEntry is one vendor of the model catalog and its models.
type ModelCatalogEntry = CatalogEntry[Model]

// Model is a language model an agent can run on.
type Model struct {
	ID                 string         `json:"id"`
	Name               *string        `json:"name"`
	Description        *string        `json:"description"`
	IntelligenceRating *int64         `json:"intelligence_rating"`
	LatencyRating      *int64         `json:"latency_rating"`
	LatencyRange       *LatencyRange  `json:"latency_range"`
	Pricing            *ModelPricing  `json:"pricing"`
	Recommended        *bool          `json:"recommended"`
	Settings           *ModelSettings `json:"settings"`
}

// LatencyRange is a model's typical latency.
type LatencyRange struct {
	MinMS *int64 `json:"min_ms"`
	MaxMS *int64 `json:"max_ms"`
}

// ModelPricing is what a model costs on top of the plan.
type ModelPricing struct {
	Tier                    *string  `json:"tier"`
	AdditionalCostPerMinute *float64 `json:"additional_cost_per_minute"`
}

// ModelSettings are the ranges of a model's tunable settings.
type ModelSettings struct {
	Temperature *SettingRange `json:"temperature"`
	MaxTokens   *SettingRange `json:"max_tokens"`
}

// SettingRange is a setting's default and bounds.
type SettingRange struct {
	Default *float64 `json:"default"`
	Min     *float64 `json:"min"`
	Max     *float64 `json:"max"`
}

// TranscriberCatalogEntry is one vendor of the transcriber catalog.
type TranscriberCatalogEntry = CatalogEntry[Transcriber]

// Transcriber is a speech-to-text model.
type Transcriber struct {
	ID                 string     `json:"id"`
	Name               *string    `json:"name"`
	Description        *string    `json:"description"`
	SupportedLanguages []Language `json:"supported_languages"`
}

// Language is a language a transcriber supports.
type Language struct {
	Code *string `json:"code"`
	Name *string `json:"name"`
}

// ModelCatalog reads the models agents can run on
// (GET /v1/accounts/{account_id}/providers/models). The catalogs are read
// once per client and kept, as the directory lists are (see sharing): a
// success, or a final failure.
func (c *Client) ModelCatalog(ctx context.Context, account string) ([]ModelCatalogEntry, error) {
	return getCatalog[Model](ctx, c, account, "models")
}

// TranscriberCatalog reads the transcribers agents can use
// (GET /v1/accounts/{account_id}/providers/transcribers).
func (c *Client) TranscriberCatalog(ctx context.Context, account string) ([]TranscriberCatalogEntry, error) {
	return getCatalog[Transcriber](ctx, c, account, "transcribers")
}

// Voices reads the voice catalog of one vendor
// (GET /v1/accounts/{account_id}/providers/voices), a free-form JSON object.
// A refresh parameter in query is dropped, not sent: a read must not make
// the server clear its cache.
func (c *Client) Voices(ctx context.Context, account string, query url.Values) (json.RawMessage, error) {
	p, err := accountPath(account)
	if err != nil {
		return nil, c.refuse(err)
	}
	q := url.Values{}
	for k, v := range query {
		if k != "refresh" {
			q[k] = v
		}
	}
	v, err := getKept(ctx, c, p+"/providers/voices", q, func(raw *json.RawMessage) error {
		if len(*raw) == 0 || (*raw)[0] != '{' {
			return errors.New("the JSON is not an object")
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return *v, nil // as the API wrote it
}

// getCatalog reads the catalog at providers/{name} of account, a JSON list
// that is not paged, kept for the client's life (a success or a final
// failure); null is refused.
func getCatalog[M any](ctx context.Context, c *Client, account, name string) ([]CatalogEntry[M], error) {
	p, err := accountPath(account)
	if err != nil {
		return nil, c.refuse(err)
	}
	v, err := getKept(ctx, c, p+"/providers/"+name, nil, func(l *[]CatalogEntry[M]) error {
		if *l == nil {
			return errors.New("the JSON is not a list")
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return *v, nil
}
