package provider

import (
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellico"
)

// As for conversations, the state of an agent is built from an
// attribute-type map derived from the schema.
var (
	agentAttrTypes = attrTypes(agentAttributes())
	agentType      = types.ObjectType{AttrTypes: agentAttrTypes}
)

// agentAttributes is the schema of one agent, named as the API names its
// fields. Every attribute is computed. itellico_agents nests it in items;
// itellico_agent has it at the top level.
func agentAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id": schema.StringAttribute{Computed: true,
			MarkdownDescription: "Identifier of the agent (a UUID); `agent_id` of its conversations."},
		"name": schema.StringAttribute{Computed: true,
			MarkdownDescription: "Name of the agent; null when the API sends none."},
		"tags": schema.ListAttribute{Computed: true, ElementType: types.StringType,
			MarkdownDescription: "Tags of the agent, in the API's order: empty when it has none, null when the API sends no list."},
		"note": schema.StringAttribute{Computed: true,
			MarkdownDescription: "Free-text note on the agent; null when there is none."},
		"is_archived": schema.BoolAttribute{Computed: true,
			MarkdownDescription: "Whether the agent is archived; null when the API does not say."},
		"created": schema.StringAttribute{Computed: true, CustomType: timetypes.RFC3339Type{},
			MarkdownDescription: "When the agent was created (RFC 3339); null when the API does not say."},
		"modified": schema.StringAttribute{Computed: true, CustomType: timetypes.RFC3339Type{},
			MarkdownDescription: "When the agent was last modified (RFC 3339); null when the API does not say."},
	}
}

// agentValues returns the state of each agent, in order.
func agentValues(items []itellico.Agent) []attr.Value {
	values := make([]attr.Value, len(items))
	for i := range items {
		values[i] = agentValue(&items[i])
	}
	return values
}

func agentValue(a *itellico.Agent) basetypes.ObjectValue {
	tags := types.ListNull(types.StringType)
	if a.Tags != nil {
		elems := make([]attr.Value, len(a.Tags))
		for i, t := range a.Tags {
			elems[i] = types.StringValue(t)
		}
		tags = types.ListValueMust(types.StringType, elems)
	}
	return types.ObjectValueMust(agentAttrTypes, map[string]attr.Value{
		"id":          types.StringValue(a.ID),
		"name":        types.StringPointerValue(a.Name),
		"tags":        tags,
		"note":        types.StringPointerValue(a.Note),
		"is_archived": types.BoolPointerValue(a.IsArchived),
		"created":     rfc3339(a.Created),
		"modified":    rfc3339(a.Modified),
	})
}
