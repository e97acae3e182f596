package provider

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellico"
	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

// FuzzDecodeAndFlatten feeds arbitrary response bodies through the
// client's decoder and the flattening into state values, and on to the
// terraform value the framework stores. Nothing may panic, and a body that
// decodes must give one state value per item.
func FuzzDecodeAndFlatten(f *testing.F) {
	seed, err := json.Marshal(map[string]any{"count": itellicotest.SeedSize, "items": itellicotest.Seed(testNow)})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte(`{"count":1,"items":[{"conversation_id":"c","messages":[{"role":"tool","result":{"a":[1,2.5e300,"\u00e9"]}}],"capture":{}}]}`))
	f.Add([]byte(`{"count":0,"items":[]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		_, items, err := itellico.DecodeConversationPage(bytes.NewReader(body), 1<<20)
		if err != nil {
			return
		}
		for _, includeMessages := range []bool{true, false} {
			values := conversationValues(items, includeMessages)
			if len(values) != len(items) {
				t.Fatalf("%d items gave %d values", len(items), len(values))
			}
			list, diags := types.ListValue(conversationType, values)
			if diags.HasError() {
				t.Fatalf("list value: %v", diags)
			}
			if _, err := list.ToTerraformValue(t.Context()); err != nil {
				t.Fatalf("terraform value: %v", err)
			}
		}
	})
}
