package itellicotest

import "encoding/json"

// Phone numbers of SeedPhoneNumbers. The ids are derivedUUID("phone-number", i), the phone_number_id
// of the seeded conversations on that line.
const (
	PhoneNumberSupportDEID  = "5e406d45-3422-463b-9910-eec0286f0d0f" // 1: +493023125100, answered by Support DE
	PhoneNumberSupportENID  = "cfaee3eb-4d82-4410-afdf-457dbbefa72c" // 2: +442079460123, answered by Support EN
	PhoneNumberSalesENID    = "41b86c8e-8b59-4c39-a6af-5668fe132b70" // 3: +16465550199, answered by Sales EN
	PhoneNumberIVRID        = "f8f41f97-d3c5-49b5-9f36-5e9e0537fcba" // 4: +493023125000, the IVR line, no agent
	PhoneNumberSchweizID    = "54cc2cc8-a931-4d8b-a0f6-d1de74c7575e" // 5: +41445511200, of SubaccountSchweizID
	PhoneNumberUnassignedID = "533da2de-067b-473a-8ab8-6f1f834f5277" // 6: +498912345670, no agent, no conversations
	PhoneNumberArchivedID   = "58b6c586-d5a5-4fef-888c-360f9fed12db" // 7: +498912345671, routed to Billing Bot, which is archived
)

// SIP trunks of SeedSipTrunks.
const (
	SipTrunkBerlinID  = "f954caa5-fcf3-497e-9196-a06113d7e7cd" // "Acme Berlin PBX": password, allowed IPs, numbers 1 and 4
	SipTrunkManagedID = "851acc73-c5f4-4d58-8fcf-af42928109fc" // "itellico Managed EU": no password, numbers 2 and 6
)

// SeedPhoneNumbers returns seven phone numbers: the five lines of the seeded conversations (four
// of the key's account, one of its subaccount Acme Schweiz AG), a spare one of the key's account
// that no agent answers, and the key account's billing line, still routed to Billing Bot, which is
// archived: the one a routing check must catch. inbound_agent, sip_trunk, spam_data and tellows_data are set on some,
// null or absent on others; tellows_data is an object on some and a bare score on others.
func SeedPhoneNumbers() []PhoneNumber {
	berlin := Some(SipTrunkRef{ID: SipTrunkBerlinID, Name: "Acme Berlin PBX", IsManaged: Some(false)})
	managed := Some(SipTrunkRef{ID: SipTrunkManagedID, Name: "itellico Managed EU", IsManaged: Some(true)})
	return []PhoneNumber{
		{
			ID: PhoneNumberSupportDEID, FriendlyName: Some("Support DE – Berlin"), Number: Some("+493023125100"),
			InboundAgent: Some(AgentRef{ID: AgentSupportDEID, Name: "Support DE", Avatar: Some("https://cdn.itellico.ai/avatars/support-de.png")}),
			SipTrunk:     berlin,
			SpamData:     raw(`{"is_spam":false,"score":2,"checked_at":"2025-05-30T03:00:00Z"}`),
			TellowsData:  raw(`{"score":1,"complaints":0,"search_requests":14,"caller_name":"Acme Support GmbH","caller_type":"Kundenservice"}`),
		},
		{
			ID: PhoneNumberSupportENID, FriendlyName: Some("Support EN – London"), Number: Some("+442079460123"),
			InboundAgent: Some(AgentRef{ID: AgentSupportENID, Name: "Support EN", Avatar: Null[string]()}),
			SipTrunk:     managed,
			SpamData:     Null[json.RawMessage](),
			TellowsData:  raw(`3`),
		},
		{
			ID: PhoneNumberSalesENID, FriendlyName: Some("Sales EN – New York"), Number: Some("+16465550199"),
			InboundAgent: Some(AgentRef{ID: AgentSalesENID, Name: "Sales EN"}),
			SipTrunk:     Null[SipTrunkRef](),
			SpamData:     raw(`{"is_spam":true,"score":71,"labels":["Spam Risk"],"carrier":"T-Mobile US"}`),
		},
		{
			ID: PhoneNumberIVRID, FriendlyName: Some("Zentrale (IVR)"), Number: Some("+493023125000"),
			InboundAgent: Null[AgentRef](),
			SipTrunk:     berlin,
			SpamData:     raw(`{"is_spam":false,"score":0}`),
			TellowsData:  raw(`1`),
		},
		{
			ID: PhoneNumberSchweizID, FriendlyName: Some("Kundendienst Schweiz – Zürich"), Number: Some("+41445511200"),
			InboundAgent: Some(AgentRef{ID: AgentSchweizID, Name: "Kundendienst Schweiz"}),
			TellowsData:  raw(`{"score":5,"complaints":0}`),
			AccountID:    SubaccountSchweizID,
		},
		{
			ID: PhoneNumberUnassignedID, Number: Some("+498912345670"),
			InboundAgent: Null[AgentRef](),
			SipTrunk:     managed,
		},
		{
			ID: PhoneNumberArchivedID, FriendlyName: Some("Rechnungen (alt)"), Number: Some("+498912345671"),
			InboundAgent: Some(AgentRef{ID: AgentBillingBotID, Name: "Billing Bot"}),
			SipTrunk:     Null[SipTrunkRef](),
		},
	}
}

// SeedSipTrunks returns the two SIP trunks of the key's account: "Acme Berlin PBX", the
// customer's own, with a password and allowed IPs, and "itellico Managed EU", without either.
// Each lists the phone numbers of SeedPhoneNumbers routed through it.
func SeedSipTrunks() []SipTrunk {
	return []SipTrunk{
		{
			ID: SipTrunkBerlinID, Name: "Acme Berlin PBX",
			AllowedIPs:         Some([]string{"203.0.113.10", "203.0.113.11"}),
			AuthPasswordLength: Some[int64](24),
			HasAuthPassword:    Some(true),
			PhoneNumbers: Some([]PhoneNumberRef{
				{ID: PhoneNumberSupportDEID, FriendlyName: Some("Support DE – Berlin"), Number: Some("+493023125100")},
				{ID: PhoneNumberIVRID, FriendlyName: Some("Zentrale (IVR)"), Number: Some("+493023125000")},
			}),
			SipAuthUsername: Some("acme-berlin"),
			TerminationURI:  Some("sip:pbx.acme-support.example:5061;transport=tls"),
		},
		{
			ID: SipTrunkManagedID, Name: "itellico Managed EU",
			HasAuthPassword: Some(false),
			PhoneNumbers: Some([]PhoneNumberRef{
				{ID: PhoneNumberSupportENID, FriendlyName: Some("Support EN – London"), Number: Some("+442079460123")},
				{ID: PhoneNumberUnassignedID, Number: Some("+498912345670")},
			}),
			SipAuthUsername: Null[string](),
			TerminationURI:  Some("sip:eu1.trunk.itellico.ai"),
		},
	}
}
