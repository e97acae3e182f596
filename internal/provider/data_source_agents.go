package provider

import (
	"net/url"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellico"
)

// agentAttributes is the schema of one agent: every field of the API's
// agent, named as the API names it.
func agentAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id":                             computedString("Identifier of the agent (a UUID); `agent_id` of its conversations."),
		"account_id":                     computedString("Identifier of the account the agent belongs to."),
		"name":                           computedString("Name of the agent."),
		"allow_auto_hangup":              computedBool("Whether the agent may end a call by itself."),
		"allow_caller_recording_opt_out": computedBool("Whether callers may refuse to be recorded."),
		"ambient_sound": computedObject("Background sound mixed into calls.", map[string]schema.Attribute{
			"source": computedString("The sound: `open_plan_office`, `customer_service_center`, `internet_cafe`, " +
				"`urban_street`, `rural_outdoors` or `ac_fan`; null for none."),
			"volume": computedNumber("Its volume."),
		}),
		"inactivity_settings": computedObject("What the agent does when the caller is silent.", map[string]schema.Attribute{
			"end_call_timeout_ms": computedInt("Silence, in milliseconds, after which the call ends."),
			"reminder_max_count":  computedInt("How many reminders the agent gives at most."),
			"reminder_timeout_ms": computedInt("Silence, in milliseconds, before a reminder."),
			"reset_on_activity":   computedBool("Whether the reminder count starts again when the caller speaks."),
		}),
		"initial_message": computedObject("How a conversation opens.", map[string]schema.Attribute{
			"delay_ms":      computedInt("Delay, in milliseconds, before the first message."),
			"interruptible": computedBool("Whether the caller may interrupt it."),
			"message":       computedString("The first message."),
			"mode":          computedString("Who opens: `fixed_message`, `user_first` or `dynamic_message`."),
		}),
		"response_timing": computedObject("When the agent answers.", map[string]schema.Attribute{
			"min_endpointing_delay_seconds": computedNumber("Silence, in seconds, after which the caller's turn is taken as ended."),
		}),
		"capture_settings": computedObject("What is recorded.", map[string]schema.Attribute{
			"recording_enabled": computedBool("Whether calls are recorded."),
		}),
		"created":  computedTime("When the agent was created (RFC 3339)."),
		"modified": computedTime("When the agent was last modified (RFC 3339)."),
		"denoising": computedObject("Where background noise is filtered out.", map[string]schema.Attribute{
			"telephony": computedBool("On phone calls."),
			"web":       computedBool("In web conversations."),
		}),
		"interrupt_settings": computedObject("When the caller may interrupt the agent.", map[string]schema.Attribute{
			"enabled":            computedBool("Whether the caller may interrupt."),
			"min_speech_seconds": computedNumber("Speech, in seconds, that counts as an interruption."),
			"min_words":          computedInt("Words that count as an interruption."),
		}),
		"max_duration_seconds": computedInt("Longest a conversation may last, in seconds."),
		"metadata":             computedJSON("Free-form metadata of the agent."),
		"model":                computedJSON("The language model and its settings, such as `{\"provider\":\"openai\",\"model\":\"gpt-4o-mini\"}`; `jsondecode(...).provider` is the `code` of a provider of `itellico_models`."),
		"note":                 computedString("Free-text note on the agent."),
		"tags":                 computedStrings("Tags of the agent, in the API's order."),
		"transcriber":          computedJSON("The speech-to-text model and its settings."),
		"voice":                computedJSON("The voice and its settings."),
		"volume": computedObject("The agent's output volume.", map[string]schema.Attribute{
			"allow_adjustment": computedBool("Whether the caller may adjust it."),
			"telephony":        computedNumber("On phone calls."),
			"web":              computedNumber("In web conversations."),
		}),
	}
}

// Each lower bound of a time filter of agents is checked against each upper
// bound of the same time.
func agentTimeRanges(field string) []datasource.ConfigValidator {
	var vs []datasource.ConfigValidator
	for _, lower := range []string{"_ge", "_gt"} {
		for _, upper := range []string{"_le", "_lt"} {
			vs = append(vs, timeRangeValidator{lower: field + lower, upper: field + upper,
				inclusive: lower == "_ge" && upper == "_le"})
		}
	}
	return append(vs,
		datasourcevalidator.Conflicting(path.MatchRoot(field+"_ge"), path.MatchRoot(field+"_gt")),
		datasourcevalidator.Conflicting(path.MatchRoot(field+"_le"), path.MatchRoot(field+"_lt")))
}

func agentTimeFilters(field, what string) []filter {
	return []filter{
		{name: field + "_ge", attr: timeFilter("Only agents " + what + " at or after this time.")},
		{name: field + "_gt", attr: timeFilter("Only agents " + what + " after this time.")},
		{name: field + "_le", attr: timeFilter("Only agents " + what + " at or before this time.")},
		{name: field + "_lt", attr: timeFilter("Only agents " + what + " before this time.")},
	}
}

// tagValue refuses a tag with a comma, since tags are sent comma-joined,
// and one that is blank or starts or ends with white space, which a server
// splitting the list may trim away.
var tagValue = stringvalidator.RegexMatches(regexp.MustCompile(`^[^,\s](?:[^,]*[^,\s])?$`),
	"must not be blank, start or end with white space, or contain a comma: the API receives tags comma-joined")

var agentFilters = filters{
	list: append([]filter{
		{name: "name", attr: schema.StringAttribute{Optional: true,
			MarkdownDescription: "Only agents whose name contains this text, ignoring case (the API's rule): " +
				"`\"support\"` matches `Support DE` and `Customer Support`. The `itellico_agent` data source " +
				"finds one agent by its exact name.",
			Validators: []validator.String{stringvalidator.LengthAtLeast(1)}}},
		{name: "tags", attr: schema.ListAttribute{Optional: true, ElementType: types.StringType,
			MarkdownDescription: "Only agents that have every one of these tags (compared exactly). Sent " +
				"comma-joined (`tags=support,en`), as the official SDKs send lists, so a tag must not contain a comma.",
			Validators: []validator.List{listvalidator.SizeAtLeast(1), listvalidator.NoNullValues(),
				listvalidator.ValueStringsAre(tagValue)}}},
		{name: "is_archived", attr: schema.BoolAttribute{Optional: true,
			MarkdownDescription: "`true` for archived agents only, `false` for active agents only. Unset, the API " +
				"leaves archived agents out unless `include_archived` is `true`."}},
		{name: "include_archived", attr: schema.BoolAttribute{Optional: true,
			MarkdownDescription: "`true` to list archived agents beside active ones when `is_archived` is unset."}},
	}, append(agentTimeFilters("created", "created"), agentTimeFilters("modified", "last modified")...)...),
	validators: append(agentTimeRanges("created"), agentTimeRanges("modified")...),
}

var agentsList = &listDef[itellico.Agent]{
	name: "agents",
	noun: "agents",
	description: "Lists the voice agents of an itellico account that match the filters, every page of them, with " +
		"every field of the API's agent (`GET /v1/accounts/{account_id}/agents`); filters left unset are not sent.",
	accountIDSummary: "Account whose agents are read.",
	path:             "/v1/accounts/{account_id}/agents",
	endpoint:         itellico.Agents,
	filters:          agentFilters,
	item:             agentAttributes(),
}

var agentsDataSource = newList(agentsList)

var agentDataSource = newSingle(&single[itellico.Agent]{name: "agent", noun: "agent", list: agentsList,
	get: (*itellico.Client).GetAgent, idParam: "agent_id", id: func(a *itellico.Agent) string { return a.ID },
	key: "name", keyOf: func(a *itellico.Agent) *string { return a.Name },
	keyNote: " Archived agents are found by `id` only, as the API lists them only when asked.",
	hidden: &hiddenItems{adjective: "archived", others: "active", query: url.Values{"is_archived": {"true"}}, keyFilter: "name",
		listArgs: "is_archived = true"}})
