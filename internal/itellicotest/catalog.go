package itellicotest

import (
	"net/http"
	"slices"
	"strings"
)

// The catalogs are the same for every account: they describe what the service offers.

// CatalogProvider is a vendor of models or transcribers. EUHosted absent means the service does
// not say.
type CatalogProvider struct {
	Code     string    `json:"code"`
	Name     string    `json:"name"`
	EUHosted Opt[bool] `json:"eu_hosted,omitzero"`
}

// ModelProvider is one entry of the model catalog: a provider and its language models.
type ModelProvider struct {
	Provider CatalogProvider `json:"provider"`
	Models   []Model         `json:"models"`
}

// Model is a language model an agent can use. The ratings run from 1 to 5.
type Model struct {
	ID                 string             `json:"id"`
	Name               string             `json:"name"`
	Description        Opt[string]        `json:"description,omitzero"`
	IntelligenceRating Opt[int64]         `json:"intelligence_rating,omitzero"`
	LatencyRating      Opt[int64]         `json:"latency_rating,omitzero"`
	LatencyRange       Opt[LatencyRange]  `json:"latency_range,omitzero"`
	Pricing            Opt[Pricing]       `json:"pricing,omitzero"`
	Recommended        Opt[bool]          `json:"recommended,omitzero"`
	Settings           Opt[ModelSettings] `json:"settings,omitzero"`
}

// LatencyRange is a model's typical latency.
type LatencyRange struct {
	MinMS Opt[int64] `json:"min_ms,omitzero"`
	MaxMS Opt[int64] `json:"max_ms,omitzero"`
}

// Pricing is what a model costs on top of the plan.
type Pricing struct {
	Tier                    Opt[string]  `json:"tier,omitzero"`
	AdditionalCostPerMinute Opt[float64] `json:"additional_cost_per_minute,omitzero"`
}

// ModelSettings are the settings a model accepts, with their defaults and bounds.
type ModelSettings struct {
	Temperature Opt[SettingRange] `json:"temperature,omitzero"`
	MaxTokens   Opt[SettingRange] `json:"max_tokens,omitzero"`
}

// SettingRange is a setting's default and bounds.
type SettingRange struct {
	Default Opt[float64] `json:"default,omitzero"`
	Min     Opt[float64] `json:"min,omitzero"`
	Max     Opt[float64] `json:"max,omitzero"`
}

// TranscriberProvider is one entry of the transcriber catalog: a provider and its speech-to-text
// models.
type TranscriberProvider struct {
	Provider CatalogProvider `json:"provider"`
	Models   []Transcriber   `json:"models"`
}

// Transcriber is a speech-to-text model.
type Transcriber struct {
	ID                 string          `json:"id"`
	Name               string          `json:"name"`
	Description        Opt[string]     `json:"description,omitzero"`
	SupportedLanguages Opt[[]Language] `json:"supported_languages,omitzero"`
}

// Language is a language a transcriber understands.
type Language struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// VoiceProviders are the values the voice catalog's provider parameter accepts.
var VoiceProviders = []string{"elevenlabs", "azure", "cartesia"}

// VoiceGenders are the values of its gender parameter.
var VoiceGenders = []string{"male", "female", "neutral"}

// Voice is one voice of a voice vendor. The API types the voice catalog as a free-form object;
// the stand-in answers {"provider": p, "voices": [Voice, ...], "total": n}, the way it lists
// ElevenLabs, Azure and Cartesia voices alike. Provider says which listing the voice is in and is
// not sent inside it.
type Voice struct {
	Provider    string      `json:"-"`
	VoiceID     string      `json:"voice_id"`
	Name        string      `json:"name"`
	Gender      Opt[string] `json:"gender,omitzero"`
	Language    Opt[string] `json:"language,omitzero"` // a BCP 47 tag in lower case, such as en-us
	Accent      Opt[string] `json:"accent,omitzero"`
	Description Opt[string] `json:"description,omitzero"`
	PreviewURL  Opt[string] `json:"preview_url,omitzero"`
}

func (s *Server) setCatalogs() {
	s.models = mustMarshal(nonNil(s.opts.Models))
	s.transcribers = mustMarshal(nonNil(s.opts.Transcribers))
}

// nonNil makes an empty catalog [] rather than null.
func nonNil[T any](vs []T) []T {
	if vs == nil {
		return []T{}
	}
	return vs
}

// Models returns the model catalog served.
func (s *Server) Models() []ModelProvider { return slices.Clone(s.opts.Models) }

// Transcribers returns the transcriber catalog served.
func (s *Server) Transcribers() []TranscriberProvider { return slices.Clone(s.opts.Transcribers) }

// Voices returns the voices served, of every provider, in the order the catalog lists them.
func (s *Server) Voices() []Voice { return slices.Clone(s.opts.Voices) }

func (s *Server) modelCatalog(c *call) (int, []byte) {
	return http.StatusOK, objectBody(s.models, c.fault)
}

func (s *Server) transcriberCatalog(c *call) (int, []byte) {
	return http.StatusOK, objectBody(s.transcribers, c.fault)
}

// voiceCatalog lists one provider's voices. The filters are assumptions, the API documents only
// their names: gender is exact; language matches a tag and its regional variants (en matches
// en-us), ignoring case; search is a case-insensitive part of the name; total counts every match
// and voices holds the first limit of them. refresh is validated and otherwise ignored, since the
// stand-in has no cache to clear; the request log shows it.
func (s *Server) voiceCatalog(c *call) (int, []byte) {
	p := &c.params
	if _, given := p.q["provider"]; !given {
		p.fail("provider", "is required: one of %s", strings.Join(VoiceProviders, ", "))
	}
	provider, _ := p.enum("provider", VoiceProviders).Get()
	gender := p.enum("gender", VoiceGenders)
	language := p.str("language")
	search := p.str("search")
	limit := p.integer("limit", -1, 1, -1)
	p.boolean("refresh") // validated only
	if p.errs != nil {
		return p.failure()
	}
	lang, _ := language.Get()
	lang = strings.ToLower(lang)
	name, _ := search.Get()
	name = strings.ToLower(name)
	voices := []Voice{}
	total := 0
	for _, v := range s.opts.Voices {
		vg, _ := v.Gender.Get()
		vl, _ := v.Language.Get()
		vl = strings.ToLower(vl)
		switch {
		case v.Provider != provider,
			gender.State == Present && vg != gender.V,
			lang != "" && vl != lang && !strings.HasPrefix(vl, lang+"-"),
			!strings.Contains(strings.ToLower(v.Name), name):
			continue
		}
		total++
		if limit < 0 || len(voices) < limit {
			voices = append(voices, v)
		}
	}
	body := mustMarshal(struct {
		Provider string  `json:"provider"`
		Voices   []Voice `json:"voices"`
		Total    int     `json:"total"`
	}{provider, voices, total})
	return http.StatusOK, objectBody(body, c.fault)
}
