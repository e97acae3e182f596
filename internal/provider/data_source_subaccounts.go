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
	accountIDSummary: "Account whose subaccounts are read.",
	path:             "/v1/accounts/{account_id}/subaccounts",
	endpoint:         itellico.Subaccounts,
	filters: filters{list: []filter{
		{name: "is_active", attr: schema.BoolAttribute{Optional: true,
			MarkdownDescription: "`true` for active subaccounts only, `false` for inactive ones only; unset, both."}},
	}},
	item: accountAttributes(),
}

var subaccountsDataSource = newList(subaccountsList)

var subaccountDataSource = newSingle(&single[itellico.Account]{name: "subaccount", noun: "subaccount",
	list: subaccountsList, get: (*itellico.Client).GetSubaccount, idParam: "subaccount_id",
	id:  func(a *itellico.Account) string { return a.ID },
	key: "name", keyOf: func(a *itellico.Account) *string { return a.Name }})
