package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellico"
)

var (
	_ datasource.DataSourceWithConfigure        = (*agentDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*agentDataSource)(nil)
)

// NewAgentDataSource returns the itellico_agent data source.
func NewAgentDataSource() datasource.DataSource { return &agentDataSource{} }

type agentDataSource struct {
	data *providerData
}

// agentDataSourceAttributes is the schema of itellico_agent: the attributes
// of one agent at the top level, with id and name as the arguments that
// choose it, plus account_id.
func agentDataSourceAttributes() map[string]schema.Attribute {
	attrs := agentAttributes()
	attrs["id"] = schema.StringAttribute{Optional: true, Computed: true,
		MarkdownDescription: "Identifier of the agent (a UUID). Exactly one of `id` and `name` is required; " +
			"with `name`, it is the identifier of the agent found.",
		Validators: []validator.String{uuidValidator()}}
	attrs["name"] = schema.StringAttribute{Optional: true, Computed: true,
		MarkdownDescription: "Exact name of the agent, compared case-sensitively: `\"Support EN\"` does not find " +
			"`Support en`. Exactly one of `id` and `name` is required; the read fails unless exactly one agent of " +
			"the account has this name. With `id`, it is the name of the agent found.",
		Validators: []validator.String{stringvalidator.LengthAtLeast(1)}}
	attrs["account_id"] = accountIDAttribute("Account of the agent.")
	return attrs
}

var agentDataSourceAttrTypes = attrTypes(agentDataSourceAttributes())

// maxNamesShown bounds the agents named in an error.
const maxNamesShown = 10

func (d *agentDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_agent"
}

func (d *agentDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one voice agent of an itellico account, by its identifier " +
			"(`GET /v1/accounts/{account_id}/agents/{agent_id}`) or by its exact name.",
		Attributes: agentDataSourceAttributes(),
	}
}

func (d *agentDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name")),
	}
}

func (d *agentDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configureDataSource(req, resp)
}

func (d *agentDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var accountID, id, name types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("account_id"), &accountID)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("id"), &id)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("name"), &name)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = d.data.logContext(ctx)
	account, ok := d.data.accountFor(ctx, accountID, &resp.Diagnostics)
	if !ok {
		return
	}

	var agent *itellico.Agent
	if !id.IsNull() {
		agent = d.byID(ctx, account, id.ValueString(), resp)
	} else {
		agent = d.byName(ctx, account, name.ValueString(), resp)
	}
	if agent == nil {
		return
	}

	values := agentValue(agent).Attributes()
	// The argument stays as configured.
	if !id.IsNull() {
		values["id"] = id
	} else {
		values["name"] = name
	}
	values["account_id"] = accountID
	state, diags := types.ObjectValue(agentDataSourceAttrTypes, values)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

func (d *agentDataSource) byID(ctx context.Context, account, id string, resp *datasource.ReadResponse) *itellico.Agent {
	agent, err := d.data.client.GetAgent(ctx, account, id)
	var apiErr *itellico.APIError
	switch {
	case errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusNotFound:
		var b strings.Builder
		fmt.Fprintf(&b, "No agent %s in account %q: HTTP 404", id, account)
		if apiErr.Code != "" {
			fmt.Fprintf(&b, " (%s)", apiErr.Code)
		}
		b.WriteString(".")
		if msg := strings.TrimSpace(apiErr.Message + " " + apiErr.Detail); msg != "" {
			b.WriteString("\n\n" + msg)
		}
		b.WriteString("\n\nCheck id, and that the account (account_id of this data source or of the provider, " +
			"else the API key's account) is the agent's.")
		resp.Diagnostics.AddAttributeError(path.Root("id"), "No itellico agent with this id", b.String())
		return nil
	case err != nil:
		addAPIError(&resp.Diagnostics, fmt.Sprintf("read agent %s of account %q", id, account), err,
			map[string]bool{"account_id": true})
		return nil
	}
	return agent
}

// byName lists the agents whose name contains name, as the API matches,
// and keeps those named exactly name.
func (d *agentDataSource) byName(ctx context.Context, account, name string, resp *datasource.ReadResponse) *itellico.Agent {
	list, err := d.data.client.ListAgents(ctx, account, itellico.AgentFilter{Name: name}, itellico.ListOptions{})
	if err != nil {
		addAPIError(&resp.Diagnostics, fmt.Sprintf("list the agents of account %q named like %q", account, name), err,
			map[string]bool{"account_id": true, "name": true})
		return nil
	}
	if s := list.Shortfall; s != nil {
		resp.Diagnostics.AddAttributeError(path.Root("name"), "Incomplete list of itellico agents",
			fmt.Sprintf("Read %d of %d agents of account %q whose name contains %q: %s. Without all of them the "+
				"provider cannot tell which agent is named %q. Run the read again, or use id.",
				s.Read, s.Expected, account, name, s.Reason, name))
		return nil
	}
	var matches []*itellico.Agent
	for i := range list.Items {
		if n := list.Items[i].Name; n != nil && *n == name {
			matches = append(matches, &list.Items[i])
		}
	}
	switch len(matches) {
	case 1:
		return matches[0]
	case 0:
		detail := fmt.Sprintf("No agent of account %q is named %q. Names are compared exactly, case included.", account, name)
		if len(list.Items) > 0 {
			detail += " Agents whose name contains it, ignoring case:" + agentList(list.Items, true)
		}
		resp.Diagnostics.AddAttributeError(path.Root("name"), "No itellico agent with this name",
			detail+"\n\nCheck name and the account (account_id of this data source or of the provider, else the API key's account).")
	default:
		all := make([]itellico.Agent, len(matches))
		for i, m := range matches {
			all[i] = *m
		}
		resp.Diagnostics.AddAttributeError(path.Root("name"), "Several itellico agents with this name",
			fmt.Sprintf("%d agents of account %q are named %q:%s\n\nSet id instead of name to choose one.",
				len(matches), account, name, agentList(all, false)))
	}
	return nil
}

// agentList shows agents one per line, at most maxNamesShown of them.
func agentList(agents []itellico.Agent, withName bool) string {
	var b strings.Builder
	for i := range agents[:min(len(agents), maxNamesShown)] {
		a := &agents[i]
		b.WriteString("\n  - ")
		if withName && a.Name != nil {
			fmt.Fprintf(&b, "%q, ", *a.Name)
		}
		b.WriteString("id " + a.ID)
		if a.IsArchived != nil && *a.IsArchived {
			b.WriteString(" (archived)")
		}
	}
	if len(agents) > maxNamesShown {
		fmt.Fprintf(&b, "\n  - and %d more", len(agents)-maxNamesShown)
	}
	return b.String()
}
