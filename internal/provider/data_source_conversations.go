package provider

import (
	"context"
	"fmt"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellico"
)

// The enum values of the list filters, as the API documents them.
var (
	conversationTypes      = []string{"phone", "web", "test", "unknown"}
	conversationStatuses   = []string{"in_progress", "completed", "failed", "transferred"}
	conversationDirections = []string{"inbound", "outbound", "internal"}
)

var (
	_ datasource.DataSourceWithConfigure        = (*conversationsDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*conversationsDataSource)(nil)
)

// NewConversationsDataSource returns the itellico_conversations data source.
func NewConversationsDataSource() datasource.DataSource { return &conversationsDataSource{} }

type conversationsDataSource struct {
	data *providerData
}

type conversationsModel struct {
	AccountID       types.String      `tfsdk:"account_id"`
	ConversationID  types.String      `tfsdk:"conversation_id"`
	AgentID         types.String      `tfsdk:"agent_id"`
	Type            types.String      `tfsdk:"type"`
	Status          types.String      `tfsdk:"status"`
	Direction       types.String      `tfsdk:"direction"`
	CreatedAfter    timetypes.RFC3339 `tfsdk:"created_after"`
	CreatedBefore   timetypes.RFC3339 `tfsdk:"created_before"`
	UpdatedAfter    timetypes.RFC3339 `tfsdk:"updated_after"`
	UpdatedBefore   timetypes.RFC3339 `tfsdk:"updated_before"`
	MaxItems        types.Int64       `tfsdk:"max_items"`
	IncludeMessages types.Bool        `tfsdk:"include_messages"`
	TotalCount      types.Int64       `tfsdk:"total_count"`
	Items           types.List        `tfsdk:"items"`
}

// filter returns the filters that are set.
func (m *conversationsModel) filter() itellico.ConversationFilter {
	return itellico.ConversationFilter{
		ConversationID: m.ConversationID.ValueString(),
		AgentID:        m.AgentID.ValueString(),
		Type:           m.Type.ValueString(),
		Status:         m.Status.ValueString(),
		Direction:      m.Direction.ValueString(),
		CreatedAfter:   m.CreatedAfter.ValueString(),
		CreatedBefore:  m.CreatedBefore.ValueString(),
		UpdatedAfter:   m.UpdatedAfter.ValueString(),
		UpdatedBefore:  m.UpdatedBefore.ValueString(),
	}
}

// conversationFilterAttrs are the attributes that a 422's field errors
// may name.
var conversationFilterAttrs = map[string]bool{
	"account_id": true, "conversation_id": true, "agent_id": true, "type": true, "status": true, "direction": true,
	"created_after": true, "created_before": true, "updated_after": true, "updated_before": true,
}

func (d *conversationsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_conversations"
}

func (d *conversationsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	timeFilter := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Optional: true, CustomType: timetypes.RFC3339Type{},
			MarkdownDescription: desc + " RFC 3339 with a time zone, such as `\"2026-11-24T08:00:00Z\"`; " +
				"`timeadd(plantimestamp(), \"-24h\")` gives the last 24 hours."}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the conversations of an itellico account that match the filters, every page of " +
			"them, with their transcripts. The attributes are named as the API names them " +
			"(`GET /v1/accounts/{account_id}/conversations`); filters left unset are not sent.",
		Attributes: map[string]schema.Attribute{
			"account_id": accountIDAttribute("Account whose conversations are read (its subaccounts' included)."),
			"conversation_id": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Only the conversation with this identifier (a UUID).",
				Validators:          []validator.String{uuidValidator()}},
			"agent_id": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Only conversations of the agent with this identifier (a UUID).",
				Validators:          []validator.String{uuidValidator()}},
			"type": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Only conversations of this type: `phone`, `web`, `test` or `unknown`.",
				Validators:          []validator.String{stringvalidator.OneOf(conversationTypes...)}},
			"status": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Only conversations in this status: `in_progress`, `completed`, `failed` or `transferred`.",
				Validators:          []validator.String{stringvalidator.OneOf(conversationStatuses...)}},
			"direction": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Only conversations in this direction: `inbound`, `outbound` or `internal`.",
				Validators:          []validator.String{stringvalidator.OneOf(conversationDirections...)}},
			"created_after":  timeFilter("Only conversations created at or after this time (inclusive)."),
			"created_before": timeFilter("Only conversations created before this time (exclusive); must be later than `created_after`."),
			"updated_after":  timeFilter("Only conversations updated at or after this time (inclusive)."),
			"updated_before": timeFilter("Only conversations updated before this time (exclusive); must be later than `updated_after`."),
			"max_items": schema.Int64Attribute{Optional: true,
				MarkdownDescription: "Read at most this many conversations, in the API's order (newest first). " +
					"`total_count` still gives the total number of matches. Unset, every match is read.",
				Validators: []validator.Int64{int64validator.AtLeast(1)}},
			"include_messages": schema.BoolAttribute{Optional: true,
				MarkdownDescription: "Whether transcripts are kept. Default `true`; `false` leaves every `messages` " +
					"null so that transcripts stay out of the state."},
			"total_count": schema.Int64Attribute{Computed: true,
				MarkdownDescription: "Total number of conversations that match the filters: the API's `count`, " +
					"which Terraform reserves as a meta-argument name."},
			"items": schema.ListNestedAttribute{Computed: true,
				MarkdownDescription: "The matching conversations, in the API's order (newest first), without repeats.",
				NestedObject:        schema.NestedAttributeObject{Attributes: conversationAttributes()}},
		},
	}
}

func (d *conversationsDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		timeRangeValidator{after: "created_after", before: "created_before"},
		timeRangeValidator{after: "updated_after", before: "updated_before"},
	}
}

func (d *conversationsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configureDataSource(req, resp)
}

func (d *conversationsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	state, diags := d.read(ctx, req.Config)
	resp.Diagnostics.Append(diags...)
	if !diags.HasError() {
		resp.State.Raw = state
	}
}

// read lists the conversations that config asks for and returns the whole
// state of the data source: the arguments as written, total_count and
// items. Read and protocolServer.ReadDataSource both answer with it.
func (d *conversationsDataSource) read(ctx context.Context, config tfsdk.Config) (tftypes.Value, diag.Diagnostics) {
	var diags diag.Diagnostics
	var m conversationsModel
	if diags.Append(config.Get(ctx, &m)...); diags.HasError() {
		return tftypes.Value{}, diags
	}
	ctx = d.data.logContext(ctx)
	account, ok := d.data.accountFor(ctx, m.AccountID, &diags)
	if !ok {
		return tftypes.Value{}, diags
	}

	list, err := d.data.client.ListConversations(ctx, account, m.filter(),
		itellico.ListOptions{MaxItems: m.MaxItems.ValueInt64()})
	if err != nil {
		addAPIError(&diags, fmt.Sprintf("list the conversations of account %q", account), err, conversationFilterAttrs)
		return tftypes.Value{}, diags
	}
	if s := list.Shortfall; s != nil {
		diags.AddWarning("Incomplete list of itellico conversations",
			fmt.Sprintf("Read %d of %d conversations of account %q: %s. The items that were read are in the "+
				"state; run the read again, and report the problem to itellico if it persists.",
				s.Read, s.Expected, account, s.Reason))
	}
	tflog.Debug(ctx, "listed itellico conversations", map[string]any{
		"account_id": account, "count": list.Count, "items": len(list.Items)})

	var attrs map[string]tftypes.Value
	if err := config.Raw.As(&attrs); err != nil {
		diags.AddError("Cannot read the configuration", "This is a bug in the provider; please report it: "+err.Error())
		return tftypes.Value{}, diags
	}
	includeMessages := m.IncludeMessages.IsNull() || m.IncludeMessages.ValueBool()
	attrs["total_count"] = tftypes.NewValue(tftypes.Number, new(big.Float).SetInt64(list.Count))
	attrs["items"] = conversationsValue(list.Items, includeMessages)
	return tftypes.NewValue(config.Raw.Type(), attrs), diags
}
