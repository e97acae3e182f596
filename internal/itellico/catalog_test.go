package itellico

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"reflect"
	"testing"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

func wantProvider(p itellicotest.CatalogProvider) *CatalogProvider {
	return &CatalogProvider{Code: ptrTo(p.Code), Name: ptrTo(p.Name), EUHosted: optPtr(p.EUHosted)}
}

func wantRange(o itellicotest.Opt[itellicotest.SettingRange]) *SettingRange {
	return optObj(o, func(r itellicotest.SettingRange) SettingRange {
		return SettingRange{Default: optPtr(r.Default), Min: optPtr(r.Min), Max: optPtr(r.Max)}
	})
}

func TestModelCatalog(t *testing.T) {
	t.Parallel()
	srv, c := standIn(t, itellicotest.Options{}, nil)
	got, err := c.ModelCatalog(testCtx(t), account)
	if err != nil {
		t.Fatal(err)
	}
	var want []ModelCatalogEntry
	for _, p := range srv.Models() {
		e := ModelCatalogEntry{Provider: wantProvider(p.Provider), Models: []Model{}}
		for _, m := range p.Models {
			e.Models = append(e.Models, Model{
				ID: m.ID, Name: ptrTo(m.Name), Description: optPtr(m.Description),
				IntelligenceRating: optPtr(m.IntelligenceRating), LatencyRating: optPtr(m.LatencyRating),
				LatencyRange: optObj(m.LatencyRange, func(r itellicotest.LatencyRange) LatencyRange {
					return LatencyRange{MinMS: optPtr(r.MinMS), MaxMS: optPtr(r.MaxMS)}
				}),
				Pricing: optObj(m.Pricing, func(p itellicotest.Pricing) ModelPricing {
					return ModelPricing{Tier: optPtr(p.Tier), AdditionalCostPerMinute: optPtr(p.AdditionalCostPerMinute)}
				}),
				Recommended: optPtr(m.Recommended),
				Settings: optObj(m.Settings, func(s itellicotest.ModelSettings) ModelSettings {
					return ModelSettings{Temperature: wantRange(s.Temperature), MaxTokens: wantRange(s.MaxTokens)}
				}),
			})
		}
		want = append(want, e)
	}
	if len(want) != 4 {
		t.Errorf("%d providers seeded", len(want))
	}
	checkDecoded(t, "the model catalog", got, want)
	if got[3].Provider.EUHosted != nil || got[0].Models[0].Settings.MaxTokens.Max == nil {
		t.Errorf("anthropic eu_hosted %v, gpt-4o max_tokens %+v", got[3].Provider.EUHosted, got[0].Models[0].Settings.MaxTokens)
	}
	if reqs := srv.Requests(); len(reqs) != 1 || reqs[0].Path != "/v1/accounts/"+account+"/providers/models" || len(reqs[0].Query) != 0 {
		t.Errorf("requests = %+v", reqs)
	}
}

func TestTranscriberCatalog(t *testing.T) {
	t.Parallel()
	srv, c := standIn(t, itellicotest.Options{}, nil)
	got, err := c.TranscriberCatalog(testCtx(t), "me")
	if err != nil {
		t.Fatal(err)
	}
	var want []TranscriberCatalogEntry
	for _, p := range srv.Transcribers() {
		e := TranscriberCatalogEntry{Provider: wantProvider(p.Provider), Models: []Transcriber{}}
		for _, m := range p.Models {
			e.Models = append(e.Models, Transcriber{ID: m.ID, Name: ptrTo(m.Name), Description: optPtr(m.Description),
				SupportedLanguages: optSlice(m.SupportedLanguages, func(l itellicotest.Language) Language {
					return Language{Code: ptrTo(l.Code), Name: ptrTo(l.Name)}
				})})
		}
		want = append(want, e)
	}
	checkDecoded(t, "the transcriber catalog", got, want)
}

func TestCatalogNotAListRefused(t *testing.T) {
	t.Parallel()
	for _, body := range []string{`null`, `{"data":[]}`} {
		_, c := frontClient(t, itellicotest.Options{}, script(reply(http.StatusOK, body)), nil)
		_, err := c.ModelCatalog(testCtx(t), account)
		var respErr *ResponseError
		if !errors.As(err, &respErr) {
			t.Errorf("%s: err = %v, want a *ResponseError", body, err)
		}
	}
	// An empty catalog is a catalog.
	_, c := standIn(t, itellicotest.Options{Transcribers: []itellicotest.TranscriberProvider{}}, nil)
	got, err := c.TranscriberCatalog(testCtx(t), account)
	if err != nil || got == nil || len(got) != 0 {
		t.Errorf("empty catalog: %#v, %v", got, err)
	}
}

// The voice catalog is kept as free-form JSON; refresh, which would make
// the server clear its cache, is never sent, even when the query has it.
func TestVoices(t *testing.T) {
	t.Parallel()
	srv, c := standIn(t, itellicotest.Options{}, nil)
	query := url.Values{"provider": {"azure"}, "language": {"de"}, "refresh": {"true"}}
	got, err := c.Voices(testCtx(t), account, query)
	if err != nil {
		t.Fatal(err)
	}
	type voice struct {
		VoiceID  string `json:"voice_id"`
		Name     string `json:"name"`
		Gender   string `json:"gender"`
		Language string `json:"language"`
	}
	var want struct {
		Provider string  `json:"provider"`
		Voices   []voice `json:"voices"`
		Total    int     `json:"total"`
	}
	want.Provider = "azure"
	for _, v := range srv.Voices() {
		if lang, _ := v.Language.Get(); v.Provider == "azure" && (lang == "de-de" || lang == "de-ch") {
			g, _ := v.Gender.Get()
			want.Voices = append(want.Voices, voice{VoiceID: v.VoiceID, Name: v.Name, Gender: g, Language: lang})
			want.Total++
		}
	}
	var gotAny, wantAny any
	wantJSON, _ := json.Marshal(want)
	if err := json.Unmarshal(got, &gotAny); err != nil {
		t.Fatalf("Voices returned %q: %v", got, err)
	}
	_ = json.Unmarshal(wantJSON, &wantAny)
	if !reflect.DeepEqual(gotAny, wantAny) || want.Total != 2 {
		t.Errorf("voices = %s, want %s", got, wantJSON)
	}
	reqs := srv.Requests()
	if len(reqs) != 1 || reqs[0].Query.Encode() != "language=de&provider=azure" {
		t.Errorf("requests = %+v, want one with language=de&provider=azure and no refresh", reqs)
	}
	if query.Get("refresh") != "true" {
		t.Errorf("the caller's query lost refresh: %v", query)
	}

	_, err = c.Voices(testCtx(t), account, url.Values{"provider": {"acme-tts"}})
	wantAPIError(t, err, http.StatusUnprocessableEntity, "validation_error", []string{"provider"})
}

// The voice catalog is a JSON object; anything else is refused, as the
// other catalogs refuse what is not a list.
func TestVoicesNotAnObjectRefused(t *testing.T) {
	t.Parallel()
	for _, body := range []string{`null`, `[]`, `"voices"`, `{"voices": [}`} {
		_, c := frontClient(t, itellicotest.Options{}, script(reply(http.StatusOK, body)), nil)
		v, err := c.Voices(testCtx(t), account, url.Values{"provider": {"azure"}})
		var respErr *ResponseError
		if !errors.As(err, &respErr) {
			t.Errorf("%s: Voices = %s, %v; want a *ResponseError", body, v, err)
		}
	}
}
