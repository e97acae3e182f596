package itellico

import (
	"context"
	"encoding/json"
)

// PhoneNumber is a phone number of an account, as the phone numbers
// endpoints send it.
type PhoneNumber struct {
	ID           string            `json:"id"`
	FriendlyName *string           `json:"friendly_name"`
	Number       *string           `json:"number"`
	InboundAgent *PhoneNumberAgent `json:"inbound_agent"`
	SipTrunk     *PhoneNumberTrunk `json:"sip_trunk"`
	SpamData     json.RawMessage   `json:"spam_data"`
	TellowsData  json.RawMessage   `json:"tellows_data"`
}

// PhoneNumberAgent is the agent that answers calls to a number.
type PhoneNumberAgent struct {
	ID     *string `json:"id"`
	Name   *string `json:"name"`
	Avatar *string `json:"avatar"`
}

// PhoneNumberTrunk is the SIP trunk a number is reached through.
type PhoneNumberTrunk struct {
	ID        *string `json:"id"`
	Name      *string `json:"name"`
	IsManaged *bool   `json:"is_managed"`
}

// SipTrunk is a SIP trunk of an account. The API never sends its password.
type SipTrunk struct {
	ID                 string                `json:"id"`
	Name               *string               `json:"name"`
	AllowedIPs         []string              `json:"allowed_ips"`
	AuthPasswordLength *int64                `json:"auth_password_length"`
	HasAuthPassword    *bool                 `json:"has_auth_password"`
	PhoneNumbers       []SipTrunkPhoneNumber `json:"phone_numbers"`
	SipAuthUsername    *string               `json:"sip_auth_username"`
	TerminationURI     *string               `json:"termination_uri"`
}

// SipTrunkPhoneNumber is a number reached through a trunk.
type SipTrunkPhoneNumber struct {
	ID           *string `json:"id"`
	FriendlyName *string `json:"friendly_name"`
	Number       *string `json:"number"`
}

// PhoneNumbers is the list of an account's phone numbers
// (GET /v1/accounts/{account_id}/phone-numbers).
func PhoneNumbers(account string) ListEndpoint[PhoneNumber] { return phoneNumbers.list(account) }

// GetPhoneNumber reads one phone number of an account
// (GET /v1/accounts/{account_id}/phone-numbers/{phone_number_id}).
func (c *Client) GetPhoneNumber(ctx context.Context, account, id string) (*PhoneNumber, error) {
	return phoneNumbers.get(ctx, c, account, id)
}

// SipTrunks is the list of an account's SIP trunks
// (GET /v1/accounts/{account_id}/sip-trunks).
func SipTrunks(account string) ListEndpoint[SipTrunk] { return sipTrunks.list(account) }

// GetSipTrunk reads one SIP trunk of an account
// (GET /v1/accounts/{account_id}/sip-trunks/{sip_trunk_id}).
func (c *Client) GetSipTrunk(ctx context.Context, account, id string) (*SipTrunk, error) {
	return sipTrunks.get(ctx, c, account, id)
}
