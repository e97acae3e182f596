package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellico"
)

// accountAttributes is the schema of an account, the key's own or a
// subaccount, named as the API names its fields.
func accountAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id":                computedString("Identifier of the account."),
		"name":              computedString("Name of the account."),
		"is_active":         computedBool("Whether the account is active."),
		"created":           computedTime("When the account was created (RFC 3339)."),
		"modified":          computedTime("When the account was last modified (RFC 3339)."),
		"parent_account_id": computedString("Identifier of the parent account of a subaccount; null for a root account."),
	}
}

var accountDataSource = newDataSource[itellico.Account]("account", "Reads the itellico account that the provider's API key belongs to "+
	"(`GET /v1/accounts/current`). It is the account the other data sources read when neither they nor "+
	"the provider set `account_id`.", accountAttributes(), filters{}, accountReader{})

// accountReader reads the account of the API key, which the other data
// sources fall back to.
type accountReader struct{}

func (accountReader) read(r *request) *itellico.Account {
	a, err := r.client().CurrentAccount(r.ctx)
	if err != nil {
		r.fail("read the account of the API key (GET /v1/accounts/current)", err)
		return nil
	}
	return a
}
