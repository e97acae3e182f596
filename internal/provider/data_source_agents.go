package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellico"
)

var _ datasource.DataSourceWithConfigure = (*agentsDataSource)(nil)

// NewAgentsDataSource returns the itellico_agents data source.
func NewAgentsDataSource() datasource.DataSource { return &agentsDataSource{} }

type agentsDataSource struct {
	data *providerData
}

type agentsModel struct {
	AccountID  types.String `tfsdk:"account_id"`
	Name       types.String `tfsdk:"name"`
	Tags       types.List   `tfsdk:"tags"`
	IsArchived types.Bool   `tfsdk:"is_archived"`
	TotalCount types.Int64  `tfsdk:"total_count"`
	Items      types.List   `tfsdk:"items"`
}

// agentFilterAttrs are the attributes that a 422's field errors may name.
var agentFilterAttrs = map[string]bool{"account_id": true, "name": true, "tags": true, "is_archived": true}

func (d *agentsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_agents"
}

func (d *agentsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the voice agents of an itellico account that match the filters, every page of them " +
			"(`GET /v1/accounts/{account_id}/agents`); filters left unset are not sent.",
		Attributes: map[string]schema.Attribute{
			"account_id": accountIDAttribute("Account whose agents are read."),
			"name": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Only agents whose name contains this text, ignoring case (the API's rule): " +
					"`\"support\"` matches `Support DE` and `Customer Support`. The `itellico_agent` data source " +
					"finds one agent by its exact name.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)}},
			"tags": schema.ListAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Only agents that have every one of these tags (compared exactly).",
				Validators: []validator.List{listvalidator.NoNullValues(),
					listvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))}},
			"is_archived": schema.BoolAttribute{Optional: true,
				MarkdownDescription: "`true` for archived agents only, `false` for active agents only; unset, both."},
			"total_count": schema.Int64Attribute{Computed: true,
				MarkdownDescription: "Total number of agents that match the filters: the API's `count`, " +
					"which Terraform reserves as a meta-argument name."},
			"items": schema.ListNestedAttribute{Computed: true,
				MarkdownDescription: "The matching agents, in the API's order, without repeats.",
				NestedObject:        schema.NestedAttributeObject{Attributes: agentAttributes()}},
		},
	}
}

func (d *agentsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configureDataSource(req, resp)
}

func (d *agentsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m agentsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	filter := itellico.AgentFilter{Name: m.Name.ValueString(), IsArchived: m.IsArchived.ValueBoolPointer()}
	if !m.Tags.IsNull() {
		resp.Diagnostics.Append(m.Tags.ElementsAs(ctx, &filter.Tags, false)...)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	ctx = d.data.logContext(ctx)
	account, ok := d.data.accountFor(ctx, m.AccountID, &resp.Diagnostics)
	if !ok {
		return
	}

	list, err := d.data.client.ListAgents(ctx, account, filter, itellico.ListOptions{})
	if err != nil {
		addAPIError(&resp.Diagnostics, fmt.Sprintf("list the agents of account %q", account), err, agentFilterAttrs)
		return
	}
	if s := list.Shortfall; s != nil {
		resp.Diagnostics.AddWarning("Incomplete list of itellico agents",
			fmt.Sprintf("Read %d of %d agents of account %q: %s. The agents that were read are in the state; "+
				"run the read again, and report the problem to itellico if it persists.",
				s.Read, s.Expected, account, s.Reason))
	}
	tflog.Debug(ctx, "listed itellico agents", map[string]any{
		"account_id": account, "count": list.Count, "items": len(list.Items)})

	m.TotalCount = types.Int64Value(list.Count)
	m.Items = types.ListValueMust(agentType, agentValues(list.Items))
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
