package itellicotest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
)

// PhoneNumber is one phone number of an account. SpamData is a free-form object, TellowsData
// any JSON value (a spam-check score, say, or an object with complaints and caller info).
// AccountID is never sent: empty means the key's account, else one of its subaccounts.
type PhoneNumber struct {
	ID           string               `json:"id"`
	FriendlyName Opt[string]          `json:"friendly_name,omitzero"`
	Number       Opt[string]          `json:"number,omitzero"`
	InboundAgent Opt[AgentRef]        `json:"inbound_agent,omitzero"`
	SipTrunk     Opt[SipTrunkRef]     `json:"sip_trunk,omitzero"`
	SpamData     Opt[json.RawMessage] `json:"spam_data,omitzero"`
	TellowsData  Opt[json.RawMessage] `json:"tellows_data,omitzero"`

	AccountID string `json:"-"`
}

// AgentRef is the agent that answers a phone number.
type AgentRef struct {
	ID     string      `json:"id"`
	Name   string      `json:"name"`
	Avatar Opt[string] `json:"avatar,omitzero"`
}

// SipTrunkRef is the SIP trunk a phone number is routed through.
type SipTrunkRef struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	IsManaged Opt[bool] `json:"is_managed,omitzero"`
}

// SipTrunk is one SIP trunk of an account. Its password is never sent, so it has none here;
// HasAuthPassword and AuthPasswordLength describe it. AccountID is as PhoneNumber's.
type SipTrunk struct {
	ID                 string                `json:"id"`
	Name               string                `json:"name"`
	AllowedIPs         Opt[[]string]         `json:"allowed_ips,omitzero"`
	AuthPasswordLength Opt[int64]            `json:"auth_password_length,omitzero"`
	HasAuthPassword    Opt[bool]             `json:"has_auth_password,omitzero"`
	PhoneNumbers       Opt[[]PhoneNumberRef] `json:"phone_numbers,omitzero"`
	SipAuthUsername    Opt[string]           `json:"sip_auth_username,omitzero"`
	TerminationURI     Opt[string]           `json:"termination_uri,omitzero"`

	AccountID string `json:"-"`
}

// PhoneNumberRef is a phone number a SIP trunk carries.
type PhoneNumberRef struct {
	ID           string      `json:"id"`
	FriendlyName Opt[string] `json:"friendly_name,omitzero"`
	Number       Opt[string] `json:"number,omitzero"`
}

func (s *Server) setTelephony() {
	numbers := slices.Clone(s.opts.PhoneNumbers)
	for i := range numbers {
		if numbers[i].AccountID == "" {
			numbers[i].AccountID = s.opts.AccountID
		}
	}
	s.phoneNumbers = encodeRecords(numbers, func(n *PhoneNumber) string { return n.ID })
	trunks := slices.Clone(s.opts.SipTrunks)
	for i := range trunks {
		if trunks[i].AccountID == "" {
			trunks[i].AccountID = s.opts.AccountID
		}
	}
	s.sipTrunks = encodeRecords(trunks, func(t *SipTrunk) string { return t.ID })
}

// PhoneNumbers returns the phone numbers served, of every account, in the order the API lists
// them (the order of Options.PhoneNumbers), with AccountID filled in.
func (s *Server) PhoneNumbers() []PhoneNumber { return values(s.phoneNumbers) }

// SipTrunks returns the SIP trunks served, as PhoneNumbers does.
func (s *Server) SipTrunks() []SipTrunk { return values(s.sipTrunks) }

func (s *Server) listPhoneNumbers(c *call) (int, []byte) {
	return listOwned(s, c, s.phoneNumbers, func(n *PhoneNumber) string { return n.AccountID })
}

func (s *Server) getPhoneNumber(c *call) (int, []byte) {
	return one(c, "phone_number_id", "phone number", s.phoneNumbers, func(n *PhoneNumber) bool {
		return strings.EqualFold(n.AccountID, c.account)
	})
}

func (s *Server) listSipTrunks(c *call) (int, []byte) {
	return listOwned(s, c, s.sipTrunks, func(t *SipTrunk) string { return t.AccountID })
}

func (s *Server) getSipTrunk(c *call) (int, []byte) {
	return one(c, "sip_trunk_id", "SIP trunk", s.sipTrunks, func(t *SipTrunk) bool {
		return strings.EqualFold(t.AccountID, c.account)
	})
}

// listOwned answers a list that has no filters but paging: the records of the path's account.
func listOwned[T any](s *Server, c *call, rs []record[T], owner func(*T) string) (int, []byte) {
	pg := s.pager(c)
	if c.params.errs != nil {
		return c.params.failure()
	}
	for i := range rs {
		if strings.EqualFold(owner(&rs[i].v), c.account) {
			pg.add(rs[i].raw, rs[i].id)
		}
	}
	return http.StatusOK, pg.body(c.fault)
}
