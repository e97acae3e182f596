package provider

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

// voiceAnswer is the stand-in's answer for the voices of vendor that keep
// accepts, at most limit of them (limit < 0: all), decoded: the provider
// passes the answer through, so catalog must decode to it.
func voiceAnswer(t *testing.T, srv *itellicotest.Server, vendor string, limit int, keep func(v itellicotest.Voice) bool) any {
	t.Helper()
	voices := []itellicotest.Voice{}
	total := 0
	for _, v := range srv.Voices() {
		if v.Provider != vendor || !keep(v) {
			continue
		}
		total++
		if limit < 0 || len(voices) < limit {
			voices = append(voices, v)
		}
	}
	if len(voices) == 0 {
		t.Fatalf("no served %s voice matches: the test would prove little", vendor)
	}
	b, err := json.Marshal(map[string]any{"provider": vendor, "voices": voices, "total": total})
	if err != nil {
		t.Fatal(err)
	}
	var answer any
	if err := json.Unmarshal(b, &answer); err != nil {
		t.Fatal(err)
	}
	return answer
}

// decodesTo checks that a JSON string decodes to want.
func decodesTo(want any) knownvalue.Check {
	return knownvalue.StringFunc(func(s string) error {
		var got any
		if err := json.Unmarshal([]byte(s), &got); err != nil {
			return fmt.Errorf("catalog is not JSON: %w", err)
		}
		if !reflect.DeepEqual(got, want) {
			return fmt.Errorf("catalog decodes to %v, want %v", got, want)
		}
		return nil
	})
}

func TestAccVoices_catalogDecodesToTheAPIsAnswer(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	config := providerBlock(srv) + `
data "itellico_voices" "elevenlabs_en_us" {
  voice_provider = "elevenlabs"
  language       = "en-us"
}

data "itellico_voices" "azure" {
  voice_provider = "azure"
}

data "itellico_voices" "cartesia_neutral" {
  voice_provider = "cartesia"
  gender         = "neutral"
}
`
	all := func(itellicotest.Voice) bool { return true }
	enUS := func(v itellicotest.Voice) bool {
		l := strings.ToLower(v.Language.V)
		return v.Language.State == itellicotest.Present && (l == "en-us" || strings.HasPrefix(l, "en-us-"))
	}
	neutral := func(v itellicotest.Voice) bool { g, ok := v.Gender.Get(); return ok && g == "neutral" }
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttr("data.itellico_voices.elevenlabs_en_us", "catalog", decodesTo(voiceAnswer(t, srv, "elevenlabs", -1, enUS))),
				expectAttr("data.itellico_voices.azure", "catalog", decodesTo(voiceAnswer(t, srv, "azure", -1, all))),
				expectAttr("data.itellico_voices.cartesia_neutral", "catalog", decodesTo(voiceAnswer(t, srv, "cartesia", -1, neutral))),
			},
		}},
	})
}

// The filters go out under the API's names (voice_provider as provider),
// only those set, and refresh never: a plan must not make the API clear
// its cache.
func TestAccVoices_filtersSentAsTheAPIsParameters(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	config := providerBlock(srv) + `
data "itellico_voices" "every_filter" {
  voice_provider = "azure"
  gender         = "female"
  language       = "de-de"
  search         = "Katja"
  limit          = 5
}

data "itellico_voices" "vendor_only" {
  voice_provider = "elevenlabs"
}
`
	katja := func(v itellicotest.Voice) bool {
		return v.Gender.V == "female" && strings.EqualFold(v.Language.V, "de-de") && strings.Contains(strings.ToLower(v.Name), "katja")
	}
	path := accountPath(srv.AccountID(), "providers/voices")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttr("data.itellico_voices.every_filter", "catalog", decodesTo(voiceAnswer(t, srv, "azure", 5, katja))),
				requestCheck(func() error {
					want := map[string]bool{
						fmt.Sprint(map[string][]string{"provider": {"azure"}, "gender": {"female"}, "language": {"de-de"},
							"search": {"Katja"}, "limit": {"5"}}): false,
						fmt.Sprint(map[string][]string{"provider": {"elevenlabs"}}): false,
					}
					for _, r := range requestsTo(srv, path) {
						q := fmt.Sprint(map[string][]string(r.Query))
						if _, ok := want[q]; !ok {
							return fmt.Errorf("request %d sent %s", r.N, q)
						}
						want[q] = true
					}
					for q, sent := range want {
						if !sent {
							return fmt.Errorf("no request sent %s", q)
						}
					}
					return nil
				}),
			},
		}},
	})
}

// catalog is the API's answer as the API wrote it, only made compact: the
// order of its keys and its characters are kept, as the agents' free-form
// JSON keeps them.
func TestAccVoices_catalogKeptAsTheAPIWroteIt(t *testing.T) {
	voices := []itellicotest.Voice{
		{Provider: "azure", VoiceID: "en-US-Tom&JerryNeural", Name: "Tom & Jerry <duo>", Gender: itellicotest.Some("male"),
			Language: itellicotest.Some("en-us")},
	}
	srv := standIn(t, itellicotest.Options{Voices: voices})
	var mu sync.Mutex
	var answer []byte
	url := proxy(t, srv, func(r *http.Request, status int, body []byte) (int, []byte) {
		if strings.HasSuffix(r.URL.Path, "/providers/voices") {
			mu.Lock()
			answer = bytes.Clone(body)
			mu.Unlock()
		}
		return status, body
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: proxyProviderBlock(srv, url) + `data "itellico_voices" "test" { voice_provider = "azure" }`,
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttr("data.itellico_voices.test", "catalog", knownvalue.StringFunc(func(s string) error {
					mu.Lock()
					defer mu.Unlock()
					var b bytes.Buffer
					if err := json.Compact(&b, answer); err != nil {
						return fmt.Errorf("the API's answer %q: %w", answer, err)
					}
					if s != b.String() {
						return fmt.Errorf("catalog is\n  %s\nthe API wrote\n  %s", s, b.String())
					}
					return nil
				})),
			},
		}},
	})
}

// A parameter the API refuses (HTTP 422) is shown at the argument that
// sent it, voice_provider for the API's provider.
func TestAccVoices_apiRefusalIsAnErrorAtTheArgument(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	refusing := func(field string) string {
		return proxy(t, srv, func(r *http.Request, status int, body []byte) (int, []byte) {
			if !strings.HasSuffix(r.URL.Path, "/providers/voices") {
				return status, body
			}
			b, _ := json.Marshal(itellicotest.ErrorBody{Code: "validation_error", Message: "Invalid query parameters.",
				Errors: []itellicotest.FieldError{{Field: field, Message: "is not available for this account"}}})
			return http.StatusUnprocessableEntity, b
		})
	}
	config := func(url string) string {
		return proxyProviderBlock(srv, url) + `
data "itellico_voices" "test" {
  voice_provider = "cartesia"
  language       = "de-de"
}
`
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config(refusing("provider")),
				ExpectError: argumentError("voices", "voice_provider", "The itellico API refused a filter value",
					"HTTP 422 (validation_error)", "provider: is not available for this account"),
			},
			{
				Config: config(refusing("query.language")),
				ExpectError: argumentError("voices", "language", "The itellico API refused a filter value",
					"HTTP 422 (validation_error)", "query.language: is not available for this account"),
			},
		},
	})
}
