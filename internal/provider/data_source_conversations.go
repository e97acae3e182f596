package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellico"
	"github.com/itellicoai/terraform-provider-itellico/internal/tfstate"
)

// The enum values of the conversation filters, as the API documents them.
var (
	conversationTypes      = []string{"phone", "web", "test", "unknown"}
	conversationStatuses   = []string{"in_progress", "completed", "failed", "transferred"}
	conversationDirections = []string{"inbound", "outbound", "internal"}
)

// conversationFilters are the query filters of
// GET /v1/accounts/{account_id}/conversations, shared by
// itellico_conversations and itellico_conversation_stats.
var conversationFilters = filters{
	list: []filter{
		{name: "conversation_id", attr: schema.StringAttribute{Optional: true,
			MarkdownDescription: "Only the conversation with this identifier (a UUID).",
			Validators:          []validator.String{uuidValidator()}}},
		{name: "agent_id", attr: schema.StringAttribute{Optional: true,
			MarkdownDescription: "Only conversations of the agent with this identifier (a UUID).",
			Validators:          []validator.String{uuidValidator()}}},
		{name: "type", attr: schema.StringAttribute{Optional: true,
			MarkdownDescription: "Only conversations of this type: " + oneOf(conversationTypes) + ".",
			Validators:          []validator.String{stringvalidator.OneOf(conversationTypes...)}}},
		{name: "status", attr: schema.StringAttribute{Optional: true,
			MarkdownDescription: "Only conversations in this status: " + oneOf(conversationStatuses) + ".",
			Validators:          []validator.String{stringvalidator.OneOf(conversationStatuses...)}}},
		{name: "direction", attr: schema.StringAttribute{Optional: true,
			MarkdownDescription: "Only conversations in this direction: " + oneOf(conversationDirections) + ".",
			Validators:          []validator.String{stringvalidator.OneOf(conversationDirections...)}}},
		{name: "created_after", attr: timeFilter("Only conversations created at or after this time (inclusive).")},
		{name: "created_before", attr: timeFilter("Only conversations created before this time (exclusive); must be later than `created_after`.")},
		{name: "updated_after", attr: timeFilter("Only conversations updated at or after this time (inclusive).")},
		{name: "updated_before", attr: timeFilter("Only conversations updated before this time (exclusive); must be later than `updated_after`.")},
	},
	validators: []datasource.ConfigValidator{
		timeRangeValidator{lower: "created_after", upper: "created_before"},
		timeRangeValidator{lower: "updated_after", upper: "updated_before"},
	},
}

// personalData marks the attributes that hold personal data: what callers
// said, their numbers, their recordings.
const personalData = "Personal data: a data source writes it into the plan and the state; the ephemeral resource " +
	"of the same name never does (see the guide \"Personal data\")."

// conversationAttributes is the schema of one conversation, named as the
// API names its fields.
func conversationAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"conversation_id": computedString("Identifier of the conversation (a UUID)."),
		"type":            computedString("Conversation type: " + oneOf(conversationTypes) + "; a value the API adds later is passed through."),
		"status":          computedString("Lifecycle status: " + oneOf(conversationStatuses) + "; a value the API adds later is passed through."),
		"start_timestamp": computedTime("When the conversation started (RFC 3339)."),
		"direction":       computedString("Direction: " + oneOf(conversationDirections) + "; null when the API does not say."),
		"agent_id":        computedString("Identifier of the agent that handled the conversation; null when none did."),
		"agent_name":      computedString("Name of that agent; null when unknown."),
		"phone_number_id": computedString("Identifier of the agent-side phone number; null for conversations not on the phone."),
		"phone_number":    computedString("Agent-side phone number (phone conversations only)."),
		"contact_number":  computedString("Contact-side phone number (phone conversations only). " + personalData),
		"duration_seconds": computedInt("Length of the conversation in seconds; null while it is in progress or when unknown " +
			"(`0` is a real length)."),
		"messages": computedObjects("The transcript, in order; null when the API sends none, or when `include_messages` "+
			"is false. "+personalData,
			map[string]schema.Attribute{
				"role":      computedString("Who spoke: `user`, `agent`, `system`, `tool` or `event`; a role the API adds later is passed through."),
				"message":   computedString("Text of the message; null for tool and event messages without text. " + personalData),
				"timestamp": computedTime("When the message was sent (RFC 3339); null when unknown."),
				"name":      computedString("Name of the tool (`tool` messages)."),
				"result":    computedJSON("Result of a tool call (`tool` messages); null also when the API sends `null`. " + personalData),
			}),
		"capture": computedObject("What was recorded of the conversation; null when the API sends none.",
			map[string]schema.Attribute{
				"recording_url": computedString("URL of the call recording; null when there is none. " + personalData),
			}),
	}
}

var conversationsDataSource = newDataSource[listResult]("conversations", "Lists the conversations of an itellico account that "+
	"match the filters, every page of them, with their transcripts. The attributes are named as the API names them "+
	"(`GET /v1/accounts/{account_id}/conversations`); filters left unset are not sent.",
	conversationsAttributes(), conversationFilters,
	&conversationsReader{item: itemEncoder[itellico.Conversation]("conversations", conversationAttributes())})

func conversationsAttributes() map[string]schema.Attribute {
	attrs := listAttributes("conversations", "conversations that match the filters",
		"Account whose conversations are read (its subaccounts' included).", conversationAttributes())
	attrs["max_items"] = schema.Int64Attribute{Optional: true,
		MarkdownDescription: "Read at most this many conversations, in the API's order (newest first). " +
			"`total_count` still gives the total number of matches. Unset, every match is read.",
		Validators: []validator.Int64{int64validator.AtLeast(1)}}
	attrs["include_messages"] = includeMessagesAttribute("Whether transcripts are kept. Default `true`; `false` leaves " +
		"every `messages` null so that transcripts stay out of the state.")
	return attrs
}

// conversationsReader reads itellico_conversations: every page, at most
// max_items conversations, with or without transcripts. Each conversation
// is written as state by the goroutine that read its page, then dropped,
// so that memory follows the state, not the pages.
type conversationsReader struct {
	item tfstate.Item[itellico.Conversation]
}

func (c *conversationsReader) read(r *request) *listResult {
	account := r.account
	encode := c.item.Encode
	if !includeMessages(r) {
		encode = c.encodeWithoutMessages
	}
	items := &tfstate.List{}
	maxItems, _ := r.intArg("max_items") // unset, 0: every match
	res, err := itellico.List(r.ctx, r.client(), itellico.Conversations(account), r.query(conversationFilters),
		itellico.ListOptions{MaxItems: maxItems}, encode, items.Add)
	if err != nil {
		r.fail(fmt.Sprintf("list the conversations of account %q", account), err)
		return nil
	}
	r.shortfall("conversations", account, res.Shortfall)
	return &listResult{TotalCount: res.Count, Items: items}
}

func (c *conversationsReader) encodeWithoutMessages(cv *itellico.Conversation) []byte {
	cv.Messages = nil
	return c.item.Encode(cv)
}

func includeMessagesAttribute(desc string) schema.Attribute {
	return schema.BoolAttribute{Optional: true, MarkdownDescription: desc}
}

// includeMessages is include_messages, true unless set to false.
func includeMessages(r *request) bool {
	include, set := r.boolArg("include_messages")
	return include || !set
}

var conversationDataSource = newDataSource[itellico.Conversation]("conversation", "Reads one conversation of an itellico account by its "+
	"identifier, with its transcript. The attributes are those of an item of `itellico_conversations`, at the top level.",
	conversationTopLevelAttributes(), filters{list: []filter{{name: "conversation_id", attr: schema.StringAttribute{Required: true,
		MarkdownDescription: "Identifier of the conversation (a UUID).",
		Validators:          []validator.String{uuidValidator()}}}}},
	&conversationReader{single[itellico.Conversation]{noun: "conversation", get: (*itellico.Client).GetConversation,
		id: func(c *itellico.Conversation) string { return c.ConversationID }}})

// The ephemeral twins of the two data sources that hold transcripts,
// callers' numbers and recordings (see read_ephemeral.go).
var (
	conversationsEphemeral = newEphemeral(conversationsDataSource, "Lists the conversations of an itellico account "+
		"that match the filters, every page of them, with their transcripts, as `itellico_conversations` does, "+
		"but as an ephemeral resource: Terraform never writes its values to a plan or to the state. A `check`, an "+
		"output's `precondition` or a `lifecycle` condition may read them, so a pipeline can gate on what callers "+
		"and agents said without storing a word of it. Terraform 1.10 or later, OpenTofu 1.11 or later.")
	conversationEphemeral = newEphemeral(conversationDataSource, "Reads one conversation of an itellico account by "+
		"its identifier, with its transcript, as `itellico_conversation` does, but as an ephemeral resource: "+
		"Terraform never writes its values to a plan or to the state. Terraform 1.10 or later, OpenTofu 1.11 or later.")
)

func conversationTopLevelAttributes() map[string]schema.Attribute {
	attrs := conversationAttributes()
	attrs["account_id"] = accountIDAttribute("Account of the conversation (or its parent account).")
	attrs["include_messages"] = includeMessagesAttribute("Whether the transcript is kept. Default `true`; `false` " +
		"leaves `messages` null so that the transcript stays out of the state.")
	return attrs
}

// conversationReader reads itellico_conversation: the singular lookup by
// id, with or without the transcript. It is a single without a list, which
// reads an item by id alone, with get (single.byID), and says so when the
// API has none: of single's fields it sets those that this uses (noun, get,
// id). The others serve the lookup by key and newSingle's schema, which
// itellico_conversation has not: its only lookup is conversation_id,
// required, which the API finds in the account or its subaccounts.
type conversationReader struct{ single[itellico.Conversation] }

func (c *conversationReader) read(r *request) *itellico.Conversation {
	account := r.account
	id, _ := r.stringArg("conversation_id")
	conv := c.byID(r, account, "conversation_id", id)
	if conv != nil && !includeMessages(r) {
		without := *conv // the client's conversation may be another read's too
		without.Messages = nil
		return &without
	}
	return conv
}
