package provider

import (
	"bytes"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellico"
)

// The state of a conversation is built directly as framework values from
// attribute-type maps made once, instead of by reflection over tagged
// structs: a large account holds tens of thousands of conversations. The
// maps are derived from the schema, so each field is defined once.
var (
	messageAttrTypes      = attrTypes(messageAttributes())
	messageType           = types.ObjectType{AttrTypes: messageAttrTypes}
	captureAttrTypes      = attrTypes(captureAttributes())
	conversationAttrTypes = attrTypes(conversationAttributes())
	conversationType      = types.ObjectType{AttrTypes: conversationAttrTypes}
)

// attrTypes returns the value type of each attribute of a schema.
func attrTypes(attrs map[string]schema.Attribute) map[string]attr.Type {
	m := make(map[string]attr.Type, len(attrs))
	for name, a := range attrs {
		m[name] = a.GetType()
	}
	return m
}

// conversationAttributes is the schema of one conversation, named as the
// API names its fields. Every attribute is computed. itellico_conversations
// nests it in items; itellico_conversation has it at the top level.
func conversationAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"conversation_id": schema.StringAttribute{Computed: true,
			MarkdownDescription: "Identifier of the conversation (a UUID)."},
		"type": schema.StringAttribute{Computed: true,
			MarkdownDescription: "Conversation type: `phone`, `web`, `test` or `unknown`; a value the API adds later is passed through."},
		"status": schema.StringAttribute{Computed: true,
			MarkdownDescription: "Lifecycle status: `in_progress`, `completed`, `failed` or `transferred`; a value the API adds later is passed through."},
		"start_timestamp": schema.StringAttribute{Computed: true, CustomType: timetypes.RFC3339Type{},
			MarkdownDescription: "When the conversation started (RFC 3339)."},
		"direction": schema.StringAttribute{Computed: true,
			MarkdownDescription: "Direction: `inbound`, `outbound` or `internal`; null when the API does not say."},
		"agent_id": schema.StringAttribute{Computed: true,
			MarkdownDescription: "Identifier of the agent that handled the conversation; null when none did."},
		"agent_name": schema.StringAttribute{Computed: true,
			MarkdownDescription: "Name of that agent; null when unknown."},
		"phone_number_id": schema.StringAttribute{Computed: true,
			MarkdownDescription: "Identifier of the agent-side phone number; null for conversations not on the phone."},
		"phone_number": schema.StringAttribute{Computed: true,
			MarkdownDescription: "Agent-side phone number (phone conversations only)."},
		"contact_number": schema.StringAttribute{Computed: true,
			MarkdownDescription: "Contact-side phone number (phone conversations only). Personal data: mind who can read your state."},
		"duration_seconds": schema.Int64Attribute{Computed: true,
			MarkdownDescription: "Length of the conversation in seconds; null while it is in progress or when unknown (`0` is a real length)."},
		"messages": schema.ListNestedAttribute{Computed: true,
			MarkdownDescription: "The transcript, in order; null when the API sends none, or when `include_messages` is false. " +
				"Transcripts are personal data: they are stored in state like every other attribute.",
			NestedObject: schema.NestedAttributeObject{Attributes: messageAttributes()},
		},
		"capture": schema.SingleNestedAttribute{Computed: true,
			MarkdownDescription: "What was recorded of the conversation; null when the API sends none.",
			Attributes:          captureAttributes(),
		},
	}
}

func messageAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"role": schema.StringAttribute{Computed: true,
			MarkdownDescription: "Who spoke: `user`, `agent`, `system`, `tool` or `event`; a role the API adds later is passed through."},
		"message": schema.StringAttribute{Computed: true,
			MarkdownDescription: "Text of the message; null for tool and event messages without text."},
		"timestamp": schema.StringAttribute{Computed: true, CustomType: timetypes.RFC3339Type{},
			MarkdownDescription: "When the message was sent (RFC 3339); null when unknown."},
		"name": schema.StringAttribute{Computed: true,
			MarkdownDescription: "Name of the tool (`tool` messages)."},
		"result": schema.StringAttribute{Computed: true, CustomType: jsontypes.NormalizedType{},
			MarkdownDescription: "Result of a tool call as a compact JSON string (decode it with `jsondecode`); " +
				"null when the API sends none or sends `null`."},
	}
}

func captureAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"recording_url": schema.StringAttribute{Computed: true,
			MarkdownDescription: "URL of the call recording; null when there is none."},
	}
}

// conversationValues returns the state of each conversation, in order.
// With includeMessages false, messages stay null so that transcripts do
// not reach the state.
func conversationValues(items []itellico.Conversation, includeMessages bool) []attr.Value {
	values := make([]attr.Value, len(items))
	for i := range items {
		values[i] = conversationValue(&items[i], includeMessages)
	}
	return values
}

func conversationValue(c *itellico.Conversation, includeMessages bool) basetypes.ObjectValue {
	messages := types.ListNull(messageType)
	if includeMessages && c.Messages != nil {
		elems := make([]attr.Value, len(c.Messages))
		for i := range c.Messages {
			elems[i] = messageValue(&c.Messages[i])
		}
		messages = types.ListValueMust(messageType, elems)
	}
	capture := types.ObjectNull(captureAttrTypes)
	if c.Capture != nil {
		capture = types.ObjectValueMust(captureAttrTypes, map[string]attr.Value{
			"recording_url": types.StringPointerValue(c.Capture.RecordingURL),
		})
	}
	return types.ObjectValueMust(conversationAttrTypes, map[string]attr.Value{
		"conversation_id":  types.StringValue(c.ConversationID),
		"type":             types.StringPointerValue(c.Type),
		"status":           types.StringPointerValue(c.Status),
		"start_timestamp":  rfc3339(c.StartTimestamp),
		"direction":        types.StringPointerValue(c.Direction),
		"agent_id":         types.StringPointerValue(c.AgentID),
		"agent_name":       types.StringPointerValue(c.AgentName),
		"phone_number_id":  types.StringPointerValue(c.PhoneNumberID),
		"phone_number":     types.StringPointerValue(c.PhoneNumber),
		"contact_number":   types.StringPointerValue(c.ContactNumber),
		"duration_seconds": types.Int64PointerValue(c.DurationSeconds),
		"messages":         messages,
		"capture":          capture,
	})
}

func messageValue(m *itellico.Message) basetypes.ObjectValue {
	return types.ObjectValueMust(messageAttrTypes, map[string]attr.Value{
		"role":      types.StringPointerValue(m.Role),
		"message":   types.StringPointerValue(m.Message),
		"timestamp": rfc3339(m.Timestamp),
		"name":      types.StringPointerValue(m.Name),
		"result":    jsonValue(m.Result),
	})
}

// rfc3339 passes a timestamp through as the API sends it: a form the
// provider does not expect must not fail a read.
func rfc3339(s *string) timetypes.RFC3339 {
	return timetypes.RFC3339{StringValue: types.StringPointerValue(s)}
}

// jsonValue returns raw JSON in compact form, or null for an absent value
// or a JSON null.
func jsonValue(raw json.RawMessage) jsontypes.Normalized {
	if len(raw) == 0 || string(raw) == "null" {
		return jsontypes.NewNormalizedNull()
	}
	var b bytes.Buffer
	b.Grow(len(raw))
	if err := json.Compact(&b, raw); err != nil {
		// The decoder has checked the JSON already; keep it as sent.
		return jsontypes.NewNormalizedValue(string(raw))
	}
	return jsontypes.NewNormalizedValue(b.String())
}
