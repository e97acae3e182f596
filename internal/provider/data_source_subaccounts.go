package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellico"
)

var subaccountsList = &listDef[itellico.Account]{
	name: "subaccounts",
	noun: "subaccounts",
	description: "Lists the subaccounts of an itellico account, every page of them " +
		"(`GET /v1/accounts/{account_id}/subaccounts`): a reseller's customers, to fan out over with `for_each`.",
	accountLead: "Account whose subaccounts are read.",
	endpoint:    itellico.Subaccounts,
	filters: filters{list: []filter{
		{name: "is_active", attr: schema.BoolAttribute{Optional: true,
			MarkdownDescription: "`true` for active subaccounts only, `false` for inactive ones only; unset, both."}},
	}},
	item: accountAttributes(),
}

var subaccountsSpec = subaccountsList.spec()

var subaccountSpec = (&singleDef[itellico.Account]{
	list: subaccountsList,
	name: "subaccount",
	noun: "subaccount",
	summary: "Reads one subaccount of an itellico account, by its identifier " +
		"(`GET /v1/accounts/{account_id}/subaccounts/{subaccount_id}`) or by its exact name.",
	get:   (*itellico.Client).GetSubaccount,
	id:    func(a *itellico.Account) string { return a.ID },
	key:   "name",
	keyOf: func(a *itellico.Account) *string { return a.Name },
	idDoc: "Identifier of the subaccount. Exactly one of `id` and `name` is required; with `name`, it is the " +
		"identifier of the subaccount found.",
	keyDoc: "Exact name of the subaccount, compared case-sensitively. Exactly one of `id` and `name` is required; " +
		"the read fails unless exactly one subaccount has this name. With `id`, it is the name of the subaccount found.",
}).spec()
