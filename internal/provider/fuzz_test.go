package provider

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellico"
	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

// FuzzDecodeAndFlatten feeds arbitrary response bodies through the
// client's decoder and the flattening into state values, and on to the
// msgpack that Terraform receives. Nothing may panic, and a body that
// decodes must give one state value per item, of the schema's type.
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
			list := conversationsValue(items, includeMessages)
			var values []tftypes.Value
			if err := list.As(&values); err != nil || len(values) != len(items) {
				t.Fatalf("%d items gave %d values (%v)", len(items), len(values), err)
			}
			if _, err := (types.ListType{ElemType: conversationType}).ValueFromTerraform(t.Context(), list); err != nil {
				t.Fatalf("not of the schema's type: %v", err)
			}
			if _, err := tfprotov6.NewDynamicValue(conversationsType, list); err != nil {
				t.Fatalf("msgpack: %v", err)
			}
		}
	})
}
