package provider

import (
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

// catalogSpec makes a catalog data source; read fetches the catalog and
// lifts each entry's vendor beside its models.
func catalogSpec[M any](name, what, endpoint string, models map[string]schema.Attribute,
	read func(r *request, account string) ([]catalogProvider[M], error)) *spec {
	return newSpec(name, schema.Schema{
		MarkdownDescription: fmt.Sprintf("Reads the %s catalog of itellico (`GET /v1/accounts/{account_id}/providers/%s`): "+
			"per vendor, whether it is hosted in the EU, and its models.", what, endpoint),
		Attributes: map[string]schema.Attribute{
			"account_id": accountIDAttribute("Account whose catalog is read."),
			"providers":  computedObjects("The vendors, in the API's order.", catalogProviderAttributes(models, what)),
		},
	}, func(r *request, account string) *catalogResult[M] {
		providers, err := read(r, account)
		if err != nil {
			r.fail(fmt.Sprintf("read the %s catalog of account %q", what, account), err)
			return nil
		}
		return &catalogResult[M]{Providers: providers}
	})
}

func lift[M any](p *itellico.CatalogProvider, models []M) catalogProvider[M] {
	if p == nil {
		p = &itellico.CatalogProvider{}
	}
	return catalogProvider[M]{Code: p.Code, Name: p.Name, EUHosted: p.EUHosted, Models: models}
}

var modelsSpec = catalogSpec("models", "model", "models", modelAttributes(),
	func(r *request, account string) ([]catalogProvider[itellico.Model], error) {
		entries, err := r.client().ModelCatalog(r.ctx, account)
		providers := make([]catalogProvider[itellico.Model], len(entries))
		for i, e := range entries {
			providers[i] = lift(e.Provider, e.Models)
		}
		return providers, err
	})

var transcribersSpec = catalogSpec("transcribers", "transcriber", "transcribers", transcriberAttributes(),
	func(r *request, account string) ([]catalogProvider[itellico.Transcriber], error) {
		entries, err := r.client().TranscriberCatalog(r.ctx, account)
		providers := make([]catalogProvider[itellico.Transcriber], len(entries))
		for i, e := range entries {
			providers[i] = lift(e.Provider, e.Models)
		}
		return providers, err
	})
