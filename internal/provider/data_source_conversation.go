package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellico"
)

var _ datasource.DataSourceWithConfigure = (*conversationDataSource)(nil)

// NewConversationDataSource returns the itellico_conversation data source.
func NewConversationDataSource() datasource.DataSource { return &conversationDataSource{} }

type conversationDataSource struct {
	data *providerData
}

// conversationDataSourceAttributes is the schema of itellico_conversation:
// the attributes of one conversation at the top level, with conversation_id
// as the argument, plus account_id and include_messages.
func conversationDataSourceAttributes() map[string]schema.Attribute {
	attrs := conversationAttributes()
	attrs["conversation_id"] = schema.StringAttribute{Required: true,
		MarkdownDescription: "Identifier of the conversation (a UUID).",
		Validators:          []validator.String{uuidValidator()}}
	attrs["account_id"] = accountIDAttribute("Account of the conversation (or its parent account).")
	attrs["include_messages"] = schema.BoolAttribute{Optional: true,
		MarkdownDescription: "Whether the transcript is kept. Default `true`; `false` leaves `messages` null so that " +
			"the transcript stays out of the state."}
	return attrs
}

// conversationDataSourceAttrTypes is the type of the data source's state.
var conversationDataSourceAttrTypes = attrTypes(conversationDataSourceAttributes())

// singleConversationAttrs are the attributes that a 422's field errors may name.
var singleConversationAttrs = map[string]bool{"account_id": true, "conversation_id": true}

func (d *conversationDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_conversation"
}

func (d *conversationDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one conversation of an itellico account by its identifier, with its transcript. " +
			"The attributes are those of an item of `itellico_conversations`, at the top level.",
		Attributes: conversationDataSourceAttributes(),
	}
}

func (d *conversationDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configureDataSource(req, resp)
}

func (d *conversationDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var accountID, conversationID types.String
	var includeMessages types.Bool
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("account_id"), &accountID)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("conversation_id"), &conversationID)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("include_messages"), &includeMessages)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = d.data.logContext(ctx)
	account, ok := d.data.accountFor(ctx, accountID, &resp.Diagnostics)
	if !ok {
		return
	}
	id := conversationID.ValueString()

	// The API has no endpoint for one conversation: the list is asked for
	// the one with this id.
	list, err := d.data.client.ListConversations(ctx, account, itellico.ConversationFilter{ConversationID: id},
		itellico.ListOptions{MaxItems: 1})
	if err != nil {
		addAPIError(&resp.Diagnostics, fmt.Sprintf("read conversation %s of account %q", id, account), err, singleConversationAttrs)
		return
	}
	if len(list.Items) == 0 {
		if list.Shortfall != nil {
			resp.Diagnostics.AddError("The itellico API sent no conversation",
				fmt.Sprintf("The API counted %d conversations with id %s in account %q but sent none. "+
					"Run the read again, and report the problem to itellico if it persists.", list.Count, id, account))
			return
		}
		resp.Diagnostics.AddAttributeError(path.Root("conversation_id"), "No itellico conversation with this id",
			fmt.Sprintf("No conversation %s in account %q or its subaccounts. Check conversation_id, and that the "+
				"account (account_id of this data source or of the provider, else the API key's account) is the "+
				"conversation's account or its parent.", id, account))
		return
	}
	c := &list.Items[0]
	if !strings.EqualFold(c.ConversationID, id) {
		resp.Diagnostics.AddError("The itellico API sent another conversation",
			fmt.Sprintf("Asked for conversation %s of account %q, the API sent conversation %s: it may not support "+
				"the conversation_id filter. Report the problem to itellico.", id, account, c.ConversationID))
		return
	}

	obj, diags := conversationValue(ctx, c, includeMessages.IsNull() || includeMessages.ValueBool())
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	values := obj.Attributes()
	values["conversation_id"] = conversationID // as configured, whatever the case of its hex digits
	values["account_id"] = accountID
	values["include_messages"] = includeMessages
	state, diags := types.ObjectValue(conversationDataSourceAttrTypes, values)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}
