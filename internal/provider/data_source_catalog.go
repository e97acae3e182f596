package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellico"
)

// The model and transcriber catalogs list, per vendor, what agents can run
// on. The API nests each vendor's fields under "provider"; the state lifts
// them beside "models", so a provider reads as {code, name, eu_hosted,
// models}.

func catalogProviderAttributes(models map[string]schema.Attribute, what string) map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"code":      computedString("Code of the vendor, such as `openai`: the `provider` in an agent's `" + what + "` JSON."),
		"name":      computedString("Name of the vendor."),
		"eu_hosted": computedBool("Whether the vendor's models run in the EU; null when the API does not say."),
		"models":    computedObjects("The vendor's models.", models),
	}
}

func modelAttributes() map[string]schema.Attribute {
	setting := func(what string) schema.Attribute {
		return computedObject("Range of "+what+".", map[string]schema.Attribute{
			"default": computedNumber("Default value."),
			"min":     computedNumber("Lowest value."),
			"max":     computedNumber("Highest value."),
		})
	}
	return map[string]schema.Attribute{
		"id":                  computedString("Identifier of the model, as an agent's `model` names it."),
		"name":                computedString("Name of the model."),
		"description":         computedString("Description of the model."),
		"intelligence_rating": computedInt("Intelligence, from 1 to 5."),
		"latency_rating":      computedInt("Speed, from 1 to 5."),
		"latency_range": computedObject("Typical latency.", map[string]schema.Attribute{
			"min_ms": computedInt("Lowest, in milliseconds."),
			"max_ms": computedInt("Highest, in milliseconds."),
		}),
		"pricing": computedObject("What the model costs on top of the plan.", map[string]schema.Attribute{
			"tier":                       computedString("Price tier."),
			"additional_cost_per_minute": computedNumber("Additional cost per conversation minute."),
		}),
		"recommended": computedBool("Whether itellico recommends the model."),
		"settings": computedObject("Ranges of the model's settings.", map[string]schema.Attribute{
			"temperature": setting("the temperature"),
			"max_tokens":  setting("the most tokens per answer"),
		}),
	}
}

func transcriberAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id":          computedString("Identifier of the transcriber model, as an agent's `transcriber` names it."),
		"name":        computedString("Name of the model."),
		"description": computedString("Description of the model."),
		"supported_languages": computedObjects("Languages the model transcribes.", map[string]schema.Attribute{
			"code": computedString("Language code, such as `de`."),
			"name": computedString("Language name."),
		}),
	}
}

// catalogProvider is a vendor of a catalog as the state holds it.
type catalogProvider[M any] struct {
	Code     *string `json:"code"`
	Name     *string `json:"name"`
	EUHosted *bool   `json:"eu_hosted"`
	Models   []M     `json:"models"`
}

type catalogResult[M any] struct {
	Providers []catalogProvider[M] `json:"providers"`
}

// catalogReader reads a catalog data source: the catalog, each entry's
// vendor lifted beside its models.
type catalogReader[M any] struct {
	what string // "model"
	get  func(c *itellico.Client, ctx context.Context, account string) ([]itellico.CatalogEntry[M], error)
}

// newCatalog builds a catalog data source; endpoint is the last segment of
// its path.
func newCatalog[M any](name, endpoint string, models map[string]schema.Attribute, c *catalogReader[M]) *dataSource[catalogResult[M]] {
	return newDataSource(name, fmt.Sprintf("Reads the %s catalog of itellico (`GET /v1/accounts/{account_id}/providers/%s`): "+
		"per vendor, whether it is hosted in the EU, and its models.", c.what, endpoint), map[string]schema.Attribute{
		"account_id": accountIDAttribute("Account whose catalog is read."),
		"providers":  computedObjects("The vendors, in the API's order.", catalogProviderAttributes(models, c.what)),
	}, filters{}, c)
}

func (c *catalogReader[M]) read(r *request) *catalogResult[M] {
	account := r.account
	entries, err := c.get(r.client(), r.ctx, account)
	if err != nil {
		r.fail(fmt.Sprintf("read the %s catalog of account %q", c.what, account), err)
		return nil
	}
	out := &catalogResult[M]{Providers: make([]catalogProvider[M], len(entries))}
	for i, e := range entries {
		p := e.Provider
		if p == nil {
			p = &itellico.CatalogProvider{}
		}
		out.Providers[i] = catalogProvider[M]{Code: p.Code, Name: p.Name, EUHosted: p.EUHosted, Models: e.Models}
	}
	return out
}

var modelsDataSource = newCatalog("models", "models", modelAttributes(),
	&catalogReader[itellico.Model]{what: "model", get: (*itellico.Client).ModelCatalog})

var transcribersDataSource = newCatalog("transcribers", "transcribers", transcriberAttributes(),
	&catalogReader[itellico.Transcriber]{what: "transcriber", get: (*itellico.Client).TranscriberCatalog})
