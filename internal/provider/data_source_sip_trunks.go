package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellico"
)

func sipTrunkAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id":                   computedString("Identifier of the SIP trunk."),
		"name":                 computedString("Name of the trunk."),
		"allowed_ips":          computedStrings("Addresses allowed to send calls over the trunk."),
		"auth_password_length": computedInt("Length of the trunk's SIP password; the API never sends the password."),
		"has_auth_password":    computedBool("Whether the trunk has a SIP password."),
		"phone_numbers": computedObjects("The phone numbers reached through the trunk.", map[string]schema.Attribute{
			"id":            computedString("Identifier of the phone number."),
			"friendly_name": computedString("Name given to the number."),
			"number":        computedString("The number, in E.164 form."),
		}),
		"sip_auth_username": computedString("SIP user name of the trunk."),
		"termination_uri":   computedString("SIP URI calls are sent to."),
	}
}

var sipTrunksList = &listDef[itellico.SipTrunk]{
	name: "sip_trunks",
	noun: "SIP trunks",
	description: "Lists the SIP trunks of an itellico account, every page of them " +
		"(`GET /v1/accounts/{account_id}/sip-trunks`), with their phone numbers. The API never sends a trunk's password.",
	accountIDSummary: "Account whose SIP trunks are read.",
	path:             "/v1/accounts/{account_id}/sip-trunks",
	endpoint:         itellico.SipTrunks,
	item:             sipTrunkAttributes(),
}

var sipTrunksDataSource = newList(sipTrunksList)

var sipTrunkDataSource = newSingle(&single[itellico.SipTrunk]{name: "sip_trunk", noun: "SIP trunk", list: sipTrunksList,
	get: (*itellico.Client).GetSipTrunk, idParam: "sip_trunk_id", id: func(t *itellico.SipTrunk) string { return t.ID },
	key: "name", keyOf: func(t *itellico.SipTrunk) *string { return t.Name }})
