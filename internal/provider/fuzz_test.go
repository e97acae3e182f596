package provider

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellico"
	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
	"github.com/itellicoai/terraform-provider-itellico/internal/tfstate"
)

// FuzzDecodeAndEncode feeds arbitrary pages to the client's decoder and
// what it accepts to the state encoder of a conversation: Terraform's
// decoder must then read every item back, with its id, whatever the page
// held.
func FuzzDecodeAndEncode(f *testing.F) {
	seed, err := json.Marshal(map[string]any{"count": itellicotest.SeedSize, "items": itellicotest.Seed(testNow)})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte(`{"count":1,"items":[{"conversation_id":"c","messages":[{"role":"tool","result":{"a":[1,2.5e300,"\u00e9"]}}],"capture":{}}]}`))
	f.Add([]byte(`{"items":[],"count":0}`))
	typ, ok := conversationsDataSource.stateType().AttributeTypes["items"].(tftypes.List)
	if !ok {
		f.Fatal("items is not a list")
	}
	enc, err := tfstate.NewItem[itellico.Conversation](typ.ElementType)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		_, items, err := itellico.DecodeConversationPage(bytes.NewReader(body), 1000)
		if err != nil {
			return
		}
		list := &tfstate.List{}
		for i := range items {
			list.Add(enc.Encode(&items[i]))
		}
		b, err := conversationsDataSource.state.Encode(nil, &listResult{Items: list})
		if err != nil {
			t.Fatal(err)
		}
		state := decodeState(t, conversationsDataSource.stateType(), b)
		var top map[string]tftypes.Value
		if err := state.As(&top); err != nil {
			t.Fatal(err)
		}
		v := top["items"]
		var values []tftypes.Value
		if err := v.As(&values); err != nil || len(values) != len(items) {
			t.Fatalf("%d items gave %d values (%v)", len(items), len(values), err)
		}
		for i, item := range values {
			var attrs map[string]tftypes.Value
			var id string
			if err := item.As(&attrs); err != nil || attrs["conversation_id"].As(&id) != nil || id != items[i].ConversationID {
				t.Fatalf("item %d: conversation_id %q, want %q (%v)", i, id, items[i].ConversationID, err)
			}
		}
	})
}
