package itellicotest

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

func TestPhoneNumbers(t *testing.T) {
	s := newSeeded(t, Options{})
	own := []string{PhoneNumberSupportDEID, PhoneNumberSupportENID, PhoneNumberSalesENID, PhoneNumberIVRID, PhoneNumberUnassignedID, PhoneNumberArchivedID}
	for _, tc := range []struct {
		path string
		want []string
	}{
		{accountPath("me", "phone-numbers"), own},
		{accountPath("me", "phone-numbers?limit=2&offset=3"), own[3:5]},
		{accountPath(SubaccountSchweizID, "phone-numbers"), []string{PhoneNumberSchweizID}},
		{accountPath(SubaccountOesterreichID, "phone-numbers"), nil},
	} {
		l := decodeList(t, get(t, s, tc.path))
		if !slices.Equal(l.ids, tc.want) {
			t.Errorf("%s: %v, want %v", tc.path, l.ids, tc.want)
		}
	}

	for id, want := range map[string]map[string]string{
		PhoneNumberSupportDEID: {"number": `"+493023125100"`, "inbound_agent": `{"id":"` + AgentSupportDEID +
			`","name":"Support DE","avatar":"https://cdn.itellico.ai/avatars/support-de.png"}`,
			"sip_trunk": `{"id":"` + SipTrunkBerlinID + `","name":"Acme Berlin PBX","is_managed":false}`},
		PhoneNumberSupportENID: {"spam_data": "null", "tellows_data": "3",
			"inbound_agent": `{"id":"` + AgentSupportENID + `","name":"Support EN","avatar":null}`},
		PhoneNumberSalesENID: {"sip_trunk": "null", "tellows_data": "", "friendly_name": `"Sales EN – New York"`},
		PhoneNumberIVRID:     {"inbound_agent": "null", "number": `"+493023125000"`},
		PhoneNumberUnassignedID: {"inbound_agent": "null", "friendly_name": "", "spam_data": "", "tellows_data": "",
			"sip_trunk": `{"id":"` + SipTrunkManagedID + `","name":"itellico Managed EU","is_managed":true}`},
		PhoneNumberArchivedID: {"inbound_agent": `{"id":"` + AgentBillingBotID + `","name":"Billing Bot"}`, "sip_trunk": "null"},
	} {
		f := fields(t, get(t, s, accountPath("me", "phone-numbers/"+strings.ToUpper(id))))
		for k, v := range want {
			if string(f[k]) != v {
				t.Errorf("%s %s = %s, want %s", id, k, f[k], v)
			}
		}
	}
	decodeError(t, get(t, s, accountPath("me", "phone-numbers/"+PhoneNumberSchweizID)), 404, "not_found")
	decodeError(t, get(t, s, accountPath(SubaccountSchweizID, "phone-numbers/"+PhoneNumberSupportDEID)), 404, "not_found")
	fields(t, get(t, s, accountPath(SubaccountSchweizID, "phone-numbers/"+PhoneNumberSchweizID)))
	e := decodeError(t, get(t, s, accountPath("me", "phone-numbers/+493023125100")), 422, "validation_error")
	if !slices.Equal(errorFields(e), []string{"phone_number_id"}) {
		t.Errorf("errors %+v", e.Errors)
	}
}

func TestSipTrunks(t *testing.T) {
	s := newSeeded(t, Options{})
	l := decodeList(t, get(t, s, accountPath("me", "sip-trunks")))
	if !slices.Equal(l.ids, []string{SipTrunkBerlinID, SipTrunkManagedID}) {
		t.Errorf("SIP trunks %v", l.ids)
	}
	for _, raw := range l.Items {
		if s := string(raw); strings.Contains(strings.ReplaceAll(strings.ReplaceAll(s, "has_auth_password", ""), "auth_password_length", ""), "password") {
			t.Errorf("a password is sent: %s", s)
		}
	}
	if l := decodeList(t, get(t, s, accountPath(SubaccountSchweizID, "sip-trunks"))); l.Count != 0 {
		t.Errorf("subaccount's SIP trunks %v", l.ids)
	}

	berlin := fields(t, get(t, s, accountPath("me", "sip-trunks/"+SipTrunkBerlinID)))
	for k, want := range map[string]string{"allowed_ips": `["203.0.113.10","203.0.113.11"]`, "has_auth_password": "true",
		"auth_password_length": "24", "sip_auth_username": `"acme-berlin"`} {
		if string(berlin[k]) != want {
			t.Errorf("Berlin %s = %s, want %s", k, berlin[k], want)
		}
	}
	managed := fields(t, get(t, s, accountPath("me", "sip-trunks/"+SipTrunkManagedID)))
	if _, ok := managed["allowed_ips"]; ok || string(managed["has_auth_password"]) != "false" || string(managed["sip_auth_username"]) != "null" {
		t.Errorf("managed trunk %v", managed)
	}
	decodeError(t, get(t, s, accountPath("me", "sip-trunks/5b0e8a44-2c7d-4f5e-9a61-0d3c8b7e2f19")), 404, "not_found")
	e := decodeError(t, get(t, s, accountPath("me", "sip-trunks/berlin")), 422, "validation_error")
	if !slices.Equal(errorFields(e), []string{"sip_trunk_id"}) {
		t.Errorf("errors %+v", e.Errors)
	}
}

// TestTelephonyMatchesConversations checks that the seeded lines, agents and trunks agree: each
// phone conversation's line is a phone number of its account, answered by its agent (or by none,
// the IVR line), and each trunk lists exactly the numbers routed through it.
func TestTelephonyMatchesConversations(t *testing.T) {
	s := newSeeded(t, Options{})
	numbers := map[string]PhoneNumber{}
	for _, n := range s.PhoneNumbers() {
		numbers[n.ID] = n
	}
	agents := map[string]Agent{}
	for _, a := range s.Agents() {
		agents[a.ID] = a
	}
	for _, c := range s.Conversations() {
		id, ok := c.PhoneNumberID.Get()
		if !ok {
			continue
		}
		n, found := numbers[id]
		if !found || n.Number != c.PhoneNumber || n.AccountID != c.AccountID {
			t.Errorf("conversation %s: line %s %v is not a phone number of account %s", c.ConversationID, id, c.PhoneNumber, c.AccountID)
			continue
		}
		agent, hasAgent := c.AgentID.Get()
		answering, answered := n.InboundAgent.Get()
		if hasAgent != answered || answered && (answering.ID != agent || answering.Name != agents[agent].Name) {
			t.Errorf("conversation %s by %q on %s, which %v answers", c.ConversationID, agent, id, n.InboundAgent)
		}
	}
	for _, tr := range s.SipTrunks() {
		var routed []PhoneNumberRef
		for _, n := range s.PhoneNumbers() {
			if ref, ok := n.SipTrunk.Get(); ok && ref.ID == tr.ID {
				if ref.Name != tr.Name {
					t.Errorf("%s names trunk %s %q", n.ID, tr.ID, ref.Name)
				}
				routed = append(routed, PhoneNumberRef{ID: n.ID, FriendlyName: n.FriendlyName, Number: n.Number})
			}
		}
		if got, want := mustMarshal(tr.PhoneNumbers.V), mustMarshal(routed); string(got) != string(want) {
			t.Errorf("trunk %s lists %s, numbers routed through it %s", tr.Name, got, want)
		}
	}
	// Two numbers have no conversations: the spare one, which no agent answers, and the billing
	// line, routed to an archived agent.
	var unused []string
	for _, n := range s.PhoneNumbers() {
		if !slices.ContainsFunc(s.Conversations(), func(c Conversation) bool { return c.PhoneNumberID.V == n.ID }) {
			unused = append(unused, n.ID)
			agent, ok := n.InboundAgent.Get()
			if n.ID == PhoneNumberArchivedID && (!ok || agent.ID != AgentBillingBotID) || n.ID != PhoneNumberArchivedID && n.InboundAgent.State != NullState {
				t.Errorf("unused number %s has agent %v", n.ID, n.InboundAgent)
			}
		}
	}
	if !slices.Equal(unused, []string{PhoneNumberUnassignedID, PhoneNumberArchivedID}) {
		t.Errorf("numbers without conversations %v, want the spare one and the archived agent's", unused)
	}
	for _, a := range s.Agents() {
		if a.ID == AgentBillingBotID && !a.IsArchived {
			t.Error("Billing Bot is not archived: the billing line must route to an archived agent")
		}
	}
	var objects, scores int
	for _, n := range s.PhoneNumbers() {
		switch v, ok := n.TellowsData.Get(); {
		case !ok:
		case json.Valid(v) && v[0] == '{':
			objects++
		default:
			scores++
		}
	}
	if objects == 0 || scores == 0 {
		t.Errorf("tellows_data: %d objects, %d scores; want both", objects, scores)
	}
}
