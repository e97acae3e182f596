package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellico"
)

// The attribute types of a conversation, derived from the schema so that
// each field is defined once.
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

// The state of conversations is built directly as terraform-plugin-go
// values, from types derived once from the schema: no reflection, no
// framework values in between. A large account holds tens of thousands of
// conversations, and itellico_conversations hands these values to Terraform
// as they are (see protocolServer).
var (
	conversationTFType = mustTerraformType(conversationType)
	messageTFType      = mustTerraformType(messageType)
	captureTFType      = mustTerraformType(types.ObjectType{AttrTypes: captureAttrTypes})
	messagesTFType     = tftypes.List{ElementType: messageTFType}
	conversationsType  = tftypes.List{ElementType: conversationTFType}

	// Values are immutable: the nulls are made once.
	nullString   = tftypes.NewValue(tftypes.String, nil)
	nullNumber   = tftypes.NewValue(tftypes.Number, nil)
	nullMessages = tftypes.NewValue(messagesTFType, nil)
	nullCapture  = tftypes.NewValue(captureTFType, nil)
)

func mustTerraformType(t attr.Type) tftypes.Type {
	return t.TerraformType(context.Background())
}

// conversationsValue returns the list of the conversations' states, in
// order. With includeMessages false, messages stay null so that transcripts
// do not reach the state.
func conversationsValue(items []itellico.Conversation, includeMessages bool) tftypes.Value {
	values := make([]tftypes.Value, len(items))
	for i := range items {
		values[i] = conversationTerraformValue(&items[i], includeMessages)
	}
	return tftypes.NewValue(conversationsType, values)
}

func conversationTerraformValue(c *itellico.Conversation, includeMessages bool) tftypes.Value {
	messages := nullMessages
	if includeMessages && c.Messages != nil {
		elems := make([]tftypes.Value, len(c.Messages))
		for i := range c.Messages {
			elems[i] = messageTerraformValue(&c.Messages[i])
		}
		messages = tftypes.NewValue(messagesTFType, elems)
	}
	capture := nullCapture
	if c.Capture != nil {
		capture = tftypes.NewValue(captureTFType, map[string]tftypes.Value{
			"recording_url": stringValue(c.Capture.RecordingURL),
		})
	}
	duration := nullNumber
	if c.DurationSeconds != nil {
		duration = tftypes.NewValue(tftypes.Number, new(big.Float).SetInt64(*c.DurationSeconds))
	}
	return tftypes.NewValue(conversationTFType, map[string]tftypes.Value{
		"conversation_id":  tftypes.NewValue(tftypes.String, c.ConversationID),
		"type":             stringValue(c.Type),
		"status":           stringValue(c.Status),
		"start_timestamp":  stringValue(c.StartTimestamp),
		"direction":        stringValue(c.Direction),
		"agent_id":         stringValue(c.AgentID),
		"agent_name":       stringValue(c.AgentName),
		"phone_number_id":  stringValue(c.PhoneNumberID),
		"phone_number":     stringValue(c.PhoneNumber),
		"contact_number":   stringValue(c.ContactNumber),
		"duration_seconds": duration,
		"messages":         messages,
		"capture":          capture,
	})
}

func messageTerraformValue(m *itellico.Message) tftypes.Value {
	return tftypes.NewValue(messageTFType, map[string]tftypes.Value{
		"role":      stringValue(m.Role),
		"message":   stringValue(m.Message),
		"timestamp": stringValue(m.Timestamp),
		"name":      stringValue(m.Name),
		"result":    jsonValue(m.Result),
	})
}

// conversationValue is the state of one conversation as a framework value,
// for itellico_conversation, which sets it at the top level.
func conversationValue(ctx context.Context, c *itellico.Conversation, includeMessages bool) (basetypes.ObjectValue, diag.Diagnostics) {
	v, err := conversationType.ValueFromTerraform(ctx, conversationTerraformValue(c, includeMessages))
	if err != nil {
		return basetypes.ObjectValue{}, diag.Diagnostics{diag.NewErrorDiagnostic("Cannot build the conversation's state",
			"This is a bug in the provider; please report it: "+err.Error())}
	}
	obj, ok := v.(basetypes.ObjectValue)
	if !ok {
		return basetypes.ObjectValue{}, diag.Diagnostics{diag.NewErrorDiagnostic("Cannot build the conversation's state",
			fmt.Sprintf("This is a bug in the provider; please report it: got %T.", v))}
	}
	return obj, nil
}

// stringValue passes a string through as the API sends it (timestamps
// included: a form the provider does not expect must not fail a read), or
// null.
func stringValue(s *string) tftypes.Value {
	if s == nil {
		return nullString
	}
	return tftypes.NewValue(tftypes.String, *s)
}

// jsonValue returns raw JSON in compact form, or null for an absent value
// or a JSON null.
func jsonValue(raw json.RawMessage) tftypes.Value {
	if len(raw) == 0 || string(raw) == "null" {
		return nullString
	}
	var b bytes.Buffer
	b.Grow(len(raw))
	if err := json.Compact(&b, raw); err != nil {
		// The decoder has checked the JSON already; keep it as sent.
		return tftypes.NewValue(tftypes.String, string(raw))
	}
	return tftypes.NewValue(tftypes.String, b.String())
}
