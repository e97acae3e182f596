package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellico"
)

func phoneNumberAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id":            computedString("Identifier of the phone number; `phone_number_id` of its conversations."),
		"friendly_name": computedString("Name given to the number."),
		"number":        computedString("The number, in E.164 form such as `+493023125100`."),
		"inbound_agent": computedObject("The agent that answers calls to the number; null when none does.", map[string]schema.Attribute{
			"id":     computedString("Identifier of the agent."),
			"name":   computedString("Name of the agent."),
			"avatar": computedString("URL of the agent's avatar."),
		}),
		"sip_trunk": computedObject("The SIP trunk the number is reached through; null for none.", map[string]schema.Attribute{
			"id":         computedString("Identifier of the trunk."),
			"name":       computedString("Name of the trunk."),
			"is_managed": computedBool("Whether itellico manages the trunk."),
		}),
		"spam_data":    computedJSON("What spam checks report about the number."),
		"tellows_data": computedJSON("What the tellows spam check reports: score, complaints, caller information."),
	}
}

var phoneNumbersList = &listDef[itellico.PhoneNumber]{
	name: "phone_numbers",
	noun: "phone numbers",
	description: "Lists the phone numbers of an itellico account, every page of them " +
		"(`GET /v1/accounts/{account_id}/phone-numbers`), with the agent that answers each and its SIP trunk.",
	accountIDSummary: "Account whose phone numbers are read.",
	path:             "/v1/accounts/{account_id}/phone-numbers",
	endpoint:         itellico.PhoneNumbers,
	item:             phoneNumberAttributes(),
}

var phoneNumbersDataSource = newList(phoneNumbersList)

var phoneNumberDataSource = newSingle(&single[itellico.PhoneNumber]{name: "phone_number", noun: "phone number",
	list: phoneNumbersList, get: (*itellico.Client).GetPhoneNumber, idParam: "phone_number_id",
	id:  func(p *itellico.PhoneNumber) string { return p.ID },
	key: "number", keyOf: func(p *itellico.PhoneNumber) *string { return p.Number },
	keyNote: " Numbers are written as the API writes them, in E.164 form such as `+493023125100`."})
