package provider

import (
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

// optString is the state of an optional string field of the stand-in.
func optString(o itellicotest.Opt[string]) knownvalue.Check {
	if v, ok := o.Get(); ok {
		return knownvalue.StringExact(v)
	}
	return knownvalue.Null()
}

func seededConversation(t *testing.T, srv *itellicotest.Server, id string) itellicotest.Conversation {
	t.Helper()
	for _, c := range srv.Conversations() {
		if c.ConversationID == id {
			return c
		}
	}
	t.Fatalf("no seeded conversation %s", id)
	return itellicotest.Conversation{}
}

// Every attribute of a conversation with every field set, with and without
// its transcript; and, for conversations of every shape, the same values as
// the list data source gives.
func TestAccConversation_everyAttributeAndSameAsTheList(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	german := seededConversation(t, srv, itellicotest.ConversationGerman)
	duration, _ := german.DurationSeconds.Get()
	capture, _ := german.Capture.Get()
	var messages []knownvalue.Check
	for _, m := range german.Messages.V {
		ts, _ := m.Timestamp.Get()
		messages = append(messages, knownvalue.ObjectExact(map[string]knownvalue.Check{
			"role": knownvalue.StringExact(m.Role), "message": optString(m.Message),
			"timestamp": knownvalue.StringExact(ts.Format(time.RFC3339Nano)),
			"name":      knownvalue.Null(), "result": knownvalue.Null(),
		}))
	}
	if len(messages) == 0 || duration == 0 || german.PhoneNumber.State != itellicotest.Present || capture.RecordingURL.State != itellicotest.Present {
		t.Fatal("the German seeded conversation no longer has every field set; pick another")
	}
	want := map[string]knownvalue.Check{
		"conversation_id":  knownvalue.StringExact(german.ConversationID),
		"type":             knownvalue.StringExact(german.Type),
		"status":           knownvalue.StringExact(german.Status),
		"start_timestamp":  knownvalue.StringExact(german.StartTimestamp.Format(time.RFC3339Nano)),
		"direction":        optString(german.Direction),
		"agent_id":         optString(german.AgentID),
		"agent_name":       optString(german.AgentName),
		"phone_number_id":  optString(german.PhoneNumberID),
		"phone_number":     optString(german.PhoneNumber),
		"contact_number":   optString(german.ContactNumber),
		"duration_seconds": knownvalue.Int64Exact(duration),
		"messages":         knownvalue.ListExact(messages),
		"capture":          knownvalue.ObjectExact(map[string]knownvalue.Check{"recording_url": optString(capture.RecordingURL)}),
		"account_id":       knownvalue.Null(),
		"include_messages": knownvalue.Null(),
	}
	if !slices.Equal(slices.Sorted(maps.Keys(want)), slices.Sorted(maps.Keys(conversationDataSource.schema.Attributes))) {
		t.Fatalf("the test checks %v, the schema has %v", slices.Sorted(maps.Keys(want)), slices.Sorted(maps.Keys(conversationDataSource.schema.Attributes)))
	}
	withoutMessages := maps.Clone(want)
	withoutMessages["messages"] = knownvalue.Null()
	withoutMessages["include_messages"] = knownvalue.Bool(false)
	withoutMessages["account_id"] = knownvalue.StringExact(srv.AccountID())

	config := keyAccountProviderBlock(srv) + fmt.Sprintf(`
data "itellico_conversation" "german" {
  conversation_id = %q
}

data "itellico_conversation" "german_without_messages" {
  account_id       = %q
  conversation_id  = %q
  include_messages = false
}
`, german.ConversationID, srv.AccountID(), german.ConversationID)
	var checks []statecheck.StateCheck
	for name, check := range want {
		checks = append(checks, statecheck.ExpectKnownValue("data.itellico_conversation.german", tfjsonpath.New(name), check))
	}
	for name, check := range withoutMessages {
		checks = append(checks, statecheck.ExpectKnownValue("data.itellico_conversation.german_without_messages", tfjsonpath.New(name), check))
	}

	for name, id := range map[string]string{
		"german": itellicotest.ConversationGerman, "tools": itellicotest.ConversationWithToolResults,
		"all_null": itellicotest.ConversationAllNull, "all_absent": itellicotest.ConversationAllAbsent,
		"unknown_role": itellicotest.ConversationUnknownRole, "offset_zone": itellicotest.ConversationOffsetZone,
	} {
		config += fmt.Sprintf(`
data "itellico_conversation" "same_%[1]s" {
  conversation_id = %[2]q
}

data "itellico_conversations" "same_%[1]s" {
  conversation_id = %[2]q
}
`, name, id)
		for attr := range conversationAttributes() {
			checks = append(checks, statecheck.CompareValuePairs(
				"data.itellico_conversation.same_"+name, tfjsonpath.New(attr),
				"data.itellico_conversations.same_"+name, tfjsonpath.New("items").AtSliceIndex(0).AtMapKey(attr),
				compare.ValuesSame()))
		}
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    []resource.TestStep{{Config: config, ConfigStateChecks: checks}},
	})
}

func TestAccConversation_noMatchIsAnErrorAtConversationID(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	const missing = "00000000-0000-4000-8000-000000000000"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + fmt.Sprintf("data \"itellico_conversation\" \"test\" {\n  conversation_id = %q\n}\n", missing),
			ExpectError: errorPattern("No itellico conversation with this id", `with data.itellico_conversation.test`,
				`conversation_id = "`+missing+`"`, "No conversation "+missing+" in account \""+srv.AccountID()+"\"",
				"Check conversation_id, and that the account"),
		}},
	})
}
