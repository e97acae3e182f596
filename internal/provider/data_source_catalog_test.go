package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

// catalogValue is the state of the providers of a catalog: each vendor's
// fields lifted beside its models, whose state model makes.
func catalogValue[M any](p itellicotest.CatalogProvider, models []M, model func(M) knownvalue.Check) knownvalue.Check {
	var list knownvalue.Check = knownvalue.Null()
	if models != nil {
		items := make([]knownvalue.Check, len(models))
		for i, m := range models {
			items[i] = model(m)
		}
		list = knownvalue.ListExact(items)
	}
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"code":      strValue(p.Code),
		"name":      strValue(p.Name),
		"eu_hosted": want(p.EUHosted, boolValue),
		"models":    list,
	})
}

func modelValue(m itellicotest.Model) knownvalue.Check {
	setting := func(r itellicotest.SettingRange) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{
			"default": want(r.Default, floatValue), "min": want(r.Min, floatValue), "max": want(r.Max, floatValue)})
	}
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"id":                  strValue(m.ID),
		"name":                strValue(m.Name),
		"description":         want(m.Description, strValue),
		"intelligence_rating": want(m.IntelligenceRating, intValue),
		"latency_rating":      want(m.LatencyRating, intValue),
		"latency_range": want(m.LatencyRange, func(r itellicotest.LatencyRange) knownvalue.Check {
			return knownvalue.ObjectExact(map[string]knownvalue.Check{
				"min_ms": want(r.MinMS, intValue), "max_ms": want(r.MaxMS, intValue)})
		}),
		"pricing": want(m.Pricing, func(p itellicotest.Pricing) knownvalue.Check {
			return knownvalue.ObjectExact(map[string]knownvalue.Check{
				"tier": want(p.Tier, strValue), "additional_cost_per_minute": want(p.AdditionalCostPerMinute, floatValue)})
		}),
		"recommended": want(m.Recommended, boolValue),
		"settings": want(m.Settings, func(s itellicotest.ModelSettings) knownvalue.Check {
			return knownvalue.ObjectExact(map[string]knownvalue.Check{
				"temperature": want(s.Temperature, setting), "max_tokens": want(s.MaxTokens, setting)})
		}),
	})
}

func transcriberValue(m itellicotest.Transcriber) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"id":          strValue(m.ID),
		"name":        strValue(m.Name),
		"description": want(m.Description, strValue),
		"supported_languages": want(m.SupportedLanguages, func(ls []itellicotest.Language) knownvalue.Check {
			items := make([]knownvalue.Check, len(ls))
			for i, l := range ls {
				items[i] = knownvalue.ObjectExact(map[string]knownvalue.Check{"code": strValue(l.Code), "name": strValue(l.Name)})
			}
			return knownvalue.ListExact(items)
		}),
	})
}

func modelCatalog(srv *itellicotest.Server) knownvalue.Check {
	var providers []knownvalue.Check
	for _, p := range srv.Models() {
		providers = append(providers, catalogValue(p.Provider, p.Models, modelValue))
	}
	return knownvalue.ListExact(providers)
}

func transcriberCatalog(srv *itellicotest.Server) knownvalue.Check {
	var providers []knownvalue.Check
	for _, p := range srv.Transcribers() {
		providers = append(providers, catalogValue(p.Provider, p.Models, transcriberValue))
	}
	return knownvalue.ListExact(providers)
}

// euHostedStates says which of eu_hosted true, false and absent the
// catalog's providers show.
func euHostedStates(ps []itellicotest.CatalogProvider) map[string]bool {
	states := map[string]bool{}
	for _, p := range ps {
		if v, ok := p.EUHosted.Get(); ok {
			states[fmt.Sprint(v)] = true
		} else {
			states["unset"] = true
		}
	}
	return states
}

// The seeded catalogs have vendors hosted in the EU, not, and unsaid; both
// catalogs are read whole, in one plan.
func TestAccCatalogs_everyProviderAndModel(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	for what, providers := range map[string][]itellicotest.CatalogProvider{
		"model":       vendorsOf(srv.Models(), func(p itellicotest.ModelProvider) itellicotest.CatalogProvider { return p.Provider }),
		"transcriber": vendorsOf(srv.Transcribers(), func(p itellicotest.TranscriberProvider) itellicotest.CatalogProvider { return p.Provider }),
	} {
		if s := euHostedStates(providers); len(s) != 3 {
			t.Fatalf("the served %s vendors have eu_hosted %v; the test needs true, false and unset", what, s)
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + "data \"itellico_models\" \"test\" {}\ndata \"itellico_transcribers\" \"test\" {}\n",
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttr("data.itellico_models.test", "providers", modelCatalog(srv)),
				expectAttr("data.itellico_models.test", "account_id", knownvalue.Null()),
				expectAttr("data.itellico_transcribers.test", "providers", transcriberCatalog(srv)),
			},
		}},
	})
}

// vendorsOf returns the vendor of each entry of a served catalog.
func vendorsOf[E any](entries []E, vendor func(E) itellicotest.CatalogProvider) []itellicotest.CatalogProvider {
	out := make([]itellicotest.CatalogProvider, len(entries))
	for i, e := range entries {
		out[i] = vendor(e)
	}
	return out
}

// eu_hosted sent as null is null; nested objects sent empty are objects of
// nulls; empty lists stay empty; a vendor without its models list has null
// models.
func TestAccCatalogs_nullAndEmptyFields(t *testing.T) {
	models := []itellicotest.ModelProvider{
		{Provider: itellicotest.CatalogProvider{Code: "acme-llm", Name: "Acme LLM", EUHosted: itellicotest.Null[bool]()},
			Models: []itellicotest.Model{
				{ID: "empty-objects", Name: "Empty objects",
					LatencyRange: itellicotest.Some(itellicotest.LatencyRange{}),
					Pricing:      itellicotest.Some(itellicotest.Pricing{}),
					Settings: itellicotest.Some(itellicotest.ModelSettings{
						Temperature: itellicotest.Some(itellicotest.SettingRange{}), MaxTokens: itellicotest.Null[itellicotest.SettingRange]()})},
				{ID: "null-objects", Name: "Null objects",
					Description:        itellicotest.Null[string](),
					IntelligenceRating: itellicotest.Null[int64](), LatencyRating: itellicotest.Null[int64](),
					LatencyRange: itellicotest.Null[itellicotest.LatencyRange](),
					Pricing:      itellicotest.Null[itellicotest.Pricing](),
					Recommended:  itellicotest.Null[bool](),
					Settings:     itellicotest.Null[itellicotest.ModelSettings]()},
			}},
		{Provider: itellicotest.CatalogProvider{Code: "no-models", Name: "No models", EUHosted: itellicotest.Some(true)},
			Models: []itellicotest.Model{}},
		{Provider: itellicotest.CatalogProvider{Code: "models-null", Name: "Models null"}},
	}
	transcribers := []itellicotest.TranscriberProvider{
		{Provider: itellicotest.CatalogProvider{Code: "acme-stt", Name: "Acme STT", EUHosted: itellicotest.Some(false)},
			Models: []itellicotest.Transcriber{
				{ID: "no-languages", Name: "No languages", SupportedLanguages: itellicotest.Some([]itellicotest.Language{})},
				{ID: "null-languages", Name: "Null languages", Description: itellicotest.Null[string](),
					SupportedLanguages: itellicotest.Null[[]itellicotest.Language]()},
			}},
	}
	srv := standIn(t, itellicotest.Options{Models: models, Transcribers: transcribers})
	config := providerBlock(srv) + `
data "itellico_models" "test" {}
data "itellico_transcribers" "test" {}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttr("data.itellico_models.test", "providers", modelCatalog(srv)),
				expectAttr("data.itellico_transcribers.test", "providers", transcriberCatalog(srv)),
			},
		}},
	})
}

// An empty catalog is an empty list of providers, not null.
func TestAccCatalogs_emptyCatalogIsAnEmptyList(t *testing.T) {
	srv := standIn(t, itellicotest.Options{Models: []itellicotest.ModelProvider{},
		Transcribers: []itellicotest.TranscriberProvider{}})
	config := providerBlock(srv) + `
data "itellico_models" "test" {}
data "itellico_transcribers" "test" {}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttr("data.itellico_models.test", "providers", knownvalue.ListExact([]knownvalue.Check{})),
				expectAttr("data.itellico_transcribers.test", "providers", knownvalue.ListExact([]knownvalue.Check{})),
			},
		}},
	})
}

// account_id chooses the account whose catalog is read.
func TestAccCatalogs_readForTheAccountID(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	config := providerBlock(srv) + fmt.Sprintf(`
data "itellico_models" "test" {
  account_id = %[1]q
}

data "itellico_transcribers" "test" {
  account_id = %[1]q
}
`, itellicotest.SubaccountSchweizID)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttr("data.itellico_models.test", "providers", modelCatalog(srv)),
				expectAttr("data.itellico_transcribers.test", "account_id", strValue(itellicotest.SubaccountSchweizID)),
				requestCheck(func() error {
					for _, p := range []string{"providers/models", "providers/transcribers"} {
						if len(requestsTo(srv, accountPath(itellicotest.SubaccountSchweizID, p))) == 0 {
							return fmt.Errorf("no request to %s", accountPath(itellicotest.SubaccountSchweizID, p))
						}
					}
					return nil
				}),
			},
		}},
	})
}
