package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*accountDataSource)(nil)

// NewAccountDataSource returns the itellico_account data source.
func NewAccountDataSource() datasource.DataSource { return &accountDataSource{} }

type accountDataSource struct {
	data *providerData
}

type accountModel struct {
	ID              types.String      `tfsdk:"id"`
	Name            types.String      `tfsdk:"name"`
	IsActive        types.Bool        `tfsdk:"is_active"`
	ParentAccountID types.String      `tfsdk:"parent_account_id"`
	Created         timetypes.RFC3339 `tfsdk:"created"`
	Modified        timetypes.RFC3339 `tfsdk:"modified"`
}

func (d *accountDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_account"
}

func (d *accountDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads the itellico account that the provider's API key belongs to " +
			"(`GET /v1/accounts/current`). It is the account the other data sources read when neither they nor " +
			"the provider set `account_id`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true,
				MarkdownDescription: "Identifier of the account."},
			"name": schema.StringAttribute{Computed: true,
				MarkdownDescription: "Name of the account; null when the API sends none."},
			"is_active": schema.BoolAttribute{Computed: true,
				MarkdownDescription: "Whether the account is active; null when the API does not say."},
			"parent_account_id": schema.StringAttribute{Computed: true,
				MarkdownDescription: "Identifier of the parent account when this account is a subaccount; null otherwise."},
			"created": schema.StringAttribute{Computed: true, CustomType: timetypes.RFC3339Type{},
				MarkdownDescription: "When the account was created (RFC 3339); null when the API does not say."},
			"modified": schema.StringAttribute{Computed: true, CustomType: timetypes.RFC3339Type{},
				MarkdownDescription: "When the account was last modified (RFC 3339); null when the API does not say."},
		},
	}
}

func (d *accountDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configureDataSource(req, resp)
}

func (d *accountDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx = d.data.logContext(ctx)
	a, err := d.data.currentAccount(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "read the account of the API key (GET /v1/accounts/current)", err, nil)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &accountModel{
		ID:              types.StringValue(a.ID),
		Name:            types.StringPointerValue(a.Name),
		IsActive:        types.BoolPointerValue(a.IsActive),
		ParentAccountID: types.StringPointerValue(a.ParentAccountID),
		Created:         rfc3339(a.Created),
		Modified:        rfc3339(a.Modified),
	})...)
}
