package itellicotest

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestModelCatalog(t *testing.T) {
	s := newSeeded(t, Options{})
	r := get(t, s, accountPath(SubaccountSchweizID, "providers/models"))
	var catalog []ModelProvider
	decode(t, r, &catalog)
	if string(mustMarshal(catalog)) != string(r.body) || string(mustMarshal(s.Models())) != string(r.body) {
		t.Errorf("catalog sent %s", r.body)
	}
	euHosted := map[string]string{}
	for _, p := range catalog {
		euHosted[p.Provider.Code] = optBool(p.Provider.EUHosted)
	}
	want := map[string]string{"openai": "false", "azure-openai": "true", "mistral": "true", "anthropic": "absent"}
	if len(euHosted) != len(want) {
		t.Errorf("providers %v, want %v", euHosted, want)
	}
	for code, w := range want {
		if euHosted[code] != w {
			t.Errorf("%s eu_hosted %s, want %s", code, euHosted[code], w)
		}
	}

	var raw []struct {
		Provider map[string]json.RawMessage   `json:"provider"`
		Models   []map[string]json.RawMessage `json:"models"`
	}
	if err := json.Unmarshal(r.body, &raw); err != nil {
		t.Fatal(err)
	}
	every := []string{"description", "id", "intelligence_rating", "latency_range", "latency_rating", "name", "pricing",
		"recommended", "settings"}
	if got := keys(raw[0].Models[0]); !slices.Equal(got, every) {
		t.Errorf("gpt-4o sends %v, want %v", got, every)
	}
	if got := keys(raw[0].Models[2]); !slices.Equal(got, []string{"id", "name"}) {
		t.Errorf("gpt-4.1-nano sends %v", got)
	}
	if _, ok := raw[3].Provider["eu_hosted"]; ok {
		t.Errorf("anthropic sends eu_hosted")
	}

	empty := newSeeded(t, Options{Models: []ModelProvider{}, Transcribers: []TranscriberProvider{}})
	for _, p := range []string{"providers/models", "providers/transcribers"} {
		if r := get(t, empty, accountPath("me", p)); string(r.body) != "[]" {
			t.Errorf("empty %s: %s", p, r.body)
		}
	}
}

// TestComplianceJoin joins the active agents' model providers with the catalog, as a provider
// user would to find agents whose model is not hosted in the EU.
func TestComplianceJoin(t *testing.T) {
	s := newSeeded(t, Options{})
	hosted := map[string]Opt[bool]{}
	for _, p := range s.Models() {
		hosted[p.Provider.Code] = p.Provider.EUHosted
	}
	var outside, unknown []string
	for _, raw := range decodeList(t, get(t, s, accountPath("me", "agents"))).Items {
		var a struct {
			Name  string `json:"name"`
			Model *struct {
				Provider string `json:"provider"`
			} `json:"model"`
		}
		if err := json.Unmarshal(raw, &a); err != nil {
			t.Fatal(err)
		}
		if a.Model == nil {
			continue
		}
		eu, listed := hosted[a.Model.Provider]
		if !listed {
			t.Errorf("%s uses %q, not in the catalog", a.Name, a.Model.Provider)
		}
		switch v, ok := eu.Get(); {
		case !ok:
			unknown = append(unknown, a.Name)
		case !v:
			outside = append(outside, a.Name)
		}
	}
	if !slices.Equal(outside, []string{"Sales EN"}) || unknown != nil {
		t.Errorf("agents outside the EU %v, unknown %v", outside, unknown)
	}
}

func TestTranscriberCatalog(t *testing.T) {
	s := newSeeded(t, Options{})
	r := get(t, s, accountPath("me", "providers/transcribers"))
	var catalog []TranscriberProvider
	decode(t, r, &catalog)
	if string(mustMarshal(catalog)) != string(r.body) {
		t.Errorf("catalog sent %s", r.body)
	}
	var codes, hosted []string
	var withLanguages, without int
	for _, p := range catalog {
		codes = append(codes, p.Provider.Code)
		hosted = append(hosted, optBool(p.Provider.EUHosted))
		for _, m := range p.Models {
			if m.SupportedLanguages.State == Present {
				withLanguages++
			} else {
				without++
			}
		}
	}
	if !slices.Equal(codes, []string{"deepgram", "azure", "speechmatics", "assemblyai"}) ||
		!slices.Equal(hosted, []string{"false", "true", "true", "absent"}) || withLanguages == 0 || without == 0 {
		t.Errorf("providers %v, eu_hosted %v, %d with languages, %d without", codes, hosted, withLanguages, without)
	}
	// Every transcriber an agent uses is in the catalog.
	for _, a := range s.Agents() {
		var tr struct{ Provider, Model string }
		if v, ok := a.Transcriber.Get(); ok {
			if err := json.Unmarshal(v, &tr); err != nil {
				t.Fatal(err)
			}
			if !slices.ContainsFunc(catalog, func(p TranscriberProvider) bool {
				return p.Provider.Code == tr.Provider && slices.ContainsFunc(p.Models, func(m Transcriber) bool { return m.ID == tr.Model })
			}) {
				t.Errorf("%s uses transcriber %+v, not in the catalog", a.Name, tr)
			}
		}
	}
}

// optBool is "true", "false", "null" or "absent".
func optBool(o Opt[bool]) string {
	switch o.State {
	case Absent:
		return "absent"
	case NullState:
		return "null"
	}
	return strconv.FormatBool(o.V)
}

type voiceList struct {
	Provider string            `json:"provider"`
	Voices   []json.RawMessage `json:"voices"`
	Total    int               `json:"total"`
	names    []string
}

func voices(t *testing.T, s *Server, query string) voiceList {
	t.Helper()
	var l voiceList
	decode(t, get(t, s, accountPath("me", "providers/voices?"+query)), &l)
	for _, v := range l.Voices {
		var voice Voice
		if err := json.Unmarshal(v, &voice); err != nil {
			t.Fatal(err)
		}
		l.names = append(l.names, voice.Name)
	}
	return l
}

func TestVoiceCatalog(t *testing.T) {
	s := newSeeded(t, Options{})
	// Expectations from the served data: the names of provider's voices that keep says to.
	names := func(provider string, keep func(Voice) bool) []string {
		var ns []string
		for _, v := range s.Voices() {
			if v.Provider == provider && keep(v) {
				ns = append(ns, v.Name)
			}
		}
		return ns
	}
	all := func(Voice) bool { return true }
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"provider=elevenlabs", names("elevenlabs", all)},
		{"provider=azure", names("azure", all)},
		{"provider=cartesia&refresh=true", names("cartesia", all)},
		{"provider=elevenlabs&gender=female", names("elevenlabs", func(v Voice) bool { return v.Gender.V == "female" })},
		{"provider=cartesia&gender=neutral", []string{"Sage"}},
		{"provider=azure&language=de", []string{"Katja", "Conrad"}},
		{"provider=elevenlabs&language=de", []string{"Lena", "Jonas", "Mia"}},
		{"provider=elevenlabs&language=DE-CH", []string{"Mia"}},
		{"provider=elevenlabs&language=en-us&gender=male", []string{"Marcus"}},
		{"provider=azure&language=fr-ch", []string{"Ariane"}},
		{"provider=elevenlabs&search=LEN", []string{"Lena"}},
		{"provider=cartesia&search=woman", []string{"Helpful Woman", "German Conversational Woman"}},
		{"provider=azure&search=nobody", nil},
	} {
		l := voices(t, s, tc.query)
		if l.Provider != strings.TrimPrefix(strings.SplitN(tc.query, "&", 2)[0], "provider=") || !slices.Equal(l.names, tc.want) ||
			l.Total != len(tc.want) {
			t.Errorf("%s: %s %v total %d, want %v", tc.query, l.Provider, l.names, l.Total, tc.want)
		}
	}
	if l := voices(t, s, "provider=elevenlabs&limit=2"); len(l.names) != 2 || l.Total != 6 {
		t.Errorf("limit 2: %v total %d", l.names, l.Total)
	}
	var noa map[string]json.RawMessage
	if err := json.Unmarshal(voices(t, s, "provider=elevenlabs&search=noa").Voices[0], &noa); err != nil {
		t.Fatal(err)
	}
	if string(noa["accent"]) != "null" || string(noa["preview_url"]) != "null" || noa["description"] != nil {
		t.Errorf("Noa %v", noa)
	}
	if rs := s.Requests(); !slices.ContainsFunc(rs, func(r Request) bool { return r.Query.Get("refresh") == "true" }) {
		t.Error("refresh not in the request log")
	}

	for query, want := range map[string][]string{
		"":                                 {"provider"},
		"gender=male":                      {"provider"},
		"provider=openai":                  {"provider"},
		"provider=ElevenLabs":              {"provider"},
		"provider=azure&gender=other":      {"gender"},
		"provider=azure&limit=0":           {"limit"},
		"provider=azure&limit=-1":          {"limit"},
		"provider=azure&refresh=maybe":     {"refresh"},
		"provider=azure&provider=cartesia": {"provider"},
	} {
		e := decodeError(t, get(t, s, accountPath("me", "providers/voices?"+query)), 422, "validation_error")
		if !slices.Equal(errorFields(e), want) {
			t.Errorf("%q: errors %+v, want fields %v", query, e.Errors, want)
		}
	}
}
