package itellicotest

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// agentFields are the fields of the API's agent.
var agentFields = []string{"account_id", "allow_auto_hangup", "allow_caller_recording_opt_out", "ambient_sound",
	"capture_settings", "created", "denoising", "id", "inactivity_settings", "initial_message", "interrupt_settings",
	"max_duration_seconds", "metadata", "model", "modified", "name", "note", "response_timing", "tags", "transcriber",
	"voice", "volume"}

func TestAgentFilters(t *testing.T) {
	s := newSeeded(t, Options{})
	billing, de, en, sales, empfang := AgentBillingBotID, AgentSupportDEID, AgentSupportENID, AgentSalesENID, AgentEmpfangID
	active := []string{de, en, sales, empfang}
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"", active},
		{"?include_archived=true", []string{de, en, sales, empfang, billing}}, // undated last
		{"?include_archived=false", active},
		{"?is_archived=true", []string{billing}},
		{"?is_archived=false", active},
		{"?is_archived=false&include_archived=true", active},
		{"?is_archived=true&include_archived=false", []string{billing}},
		{"?name=support", []string{de, en}},
		{"?name=SUPPORT%20e", []string{en}},
		{"?name=en", []string{en, sales}},
		{"?name=z%C3%BCr", []string{empfang}},
		{"?name=Z%C3%9CR", []string{empfang}},
		{"?name=bot", nil},
		{"?name=bot&include_archived=true", []string{billing}},
		{"?name=", active},
		{"?tags=support", []string{de, en}},
		{"?tags=support,en", []string{en}},
		{"?tags=en,sales", []string{sales}},
		{"?tags=%20support%20,,en,", []string{en}},
		{"?tags=de", []string{de}},
		{"?tags=de&include_archived=true", []string{de, billing}},
		{"?tags=DE", nil},
		{"?tags=", active},
		{"?created_ge=2024-02-05T09:30:00Z", []string{en, sales, empfang}},
		{"?created_gt=2024-02-05T09:30:00Z", []string{sales, empfang}},
		{"?created_le=2024-02-05T09:30:00Z", []string{de, en}},
		{"?created_lt=2024-02-05T09:30:00Z", []string{de}},
		{"?created_gt=2024-02-05T10:30:00%2B01:00", []string{sales, empfang}},
		{"?created_ge=2024-01-01T00:00:00Z&created_lt=2024-03-01T09:30:00Z", []string{de, en}},
		{"?modified_ge=2025-01-01T00:00:00Z&modified_lt=2025-04-01T00:00:00Z", []string{de, en}},
		{"?modified_gt=2025-04-22T09:30:00Z", nil},
		{"?modified_le=2024-05-01T09:30:00Z", []string{empfang}},
		{"?include_archived=true&created_ge=2000-01-01T00:00:00Z", active}, // Billing Bot has no date
		{"?include_archived=true&modified_lt=2100-01-01T00:00:00Z", active},
		{"?created_after=2030-01-01T00:00:00Z&modified_before=x", active}, // not the API's parameters
	} {
		l := decodeList(t, get(t, s, accountPath("me", "agents")+tc.query))
		if l.Count != len(tc.want) || !slices.Equal(l.ids, tc.want) {
			t.Errorf("%q: count %d ids %v, want %v", tc.query, l.Count, l.ids, tc.want)
		}
	}

	l := decodeList(t, get(t, s, accountPath(DefaultAccountID, "agents?limit=2&offset=1")))
	if l.Count != 4 || !slices.Equal(l.ids, []string{en, sales}) {
		t.Errorf("page: count %d ids %v", l.Count, l.ids)
	}

	e := decodeError(t, get(t, s, accountPath("me", "agents?is_archived=yes&include_archived=1&created_ge=today&modified_lt=2025-01-01&limit=0")),
		422, "validation_error")
	if !slices.Equal(errorFields(e), []string{"include_archived", "is_archived", "created_ge", "modified_lt", "limit"}) {
		t.Errorf("errors %+v", e.Errors)
	}
}

// TestAgentFiltersFromData computes what the date filters match from the served agents' fields.
func TestAgentFiltersFromData(t *testing.T) {
	s := newSeeded(t, Options{})
	agents := s.Agents()
	for _, a := range agents {
		at, ok := a.Created.Get()
		if !ok {
			continue
		}
		var ge, lt []string
		for _, b := range agents {
			c, dated := b.Created.Get()
			switch {
			case b.AccountID != DefaultAccountID || !dated:
			case !c.Before(at):
				ge = append(ge, b.ID)
			default:
				lt = append(lt, b.ID)
			}
		}
		for param, want := range map[string][]string{"created_ge": ge, "created_lt": lt} {
			l := decodeList(t, get(t, s, accountPath("me", "agents?include_archived=true&"+param+"="+rfc3339(at))))
			if !slices.Equal(l.ids, want) {
				t.Errorf("%s=%s: %v, want %v", param, rfc3339(at), l.ids, want)
			}
		}
	}
}

func TestAgentsOfSubaccount(t *testing.T) {
	s := newSeeded(t, Options{})
	l := decodeList(t, get(t, s, accountPath(SubaccountSchweizID, "agents")))
	if !slices.Equal(l.ids, []string{AgentSchweizID}) {
		t.Errorf("subaccount's agents %v", l.ids)
	}
	f := fields(t, get(t, s, accountPath(SubaccountSchweizID, "agents/"+AgentSchweizID)))
	if string(f["account_id"]) != `"`+SubaccountSchweizID+`"` || string(f["name"]) != `"Kundendienst Schweiz"` {
		t.Errorf("subaccount's agent %v", f)
	}
	decodeError(t, get(t, s, accountPath("me", "agents/"+AgentSchweizID)), 404, "not_found")
	decodeError(t, get(t, s, accountPath(SubaccountSchweizID, "agents/"+AgentSupportDEID)), 404, "not_found")
	if l := decodeList(t, get(t, s, accountPath(SubaccountOesterreichID, "agents"))); l.Count != 0 {
		t.Errorf("inactive subaccount's agents %v", l.ids)
	}
}

func TestAgentAsSent(t *testing.T) {
	s := newSeeded(t, Options{})
	for _, a := range s.Agents() {
		f := fields(t, get(t, s, accountPath(a.AccountID, "agents/"+strings.ToUpper(a.ID))))
		if _, ok := f["is_archived"]; ok {
			t.Errorf("%s sends is_archived", a.Name)
		}
		for _, k := range keys(f) {
			if !slices.Contains(agentFields, k) {
				t.Errorf("%s sends %s, not a field of the API", a.Name, k)
			}
		}
		var back Agent
		if err := json.Unmarshal(mustMarshal(f), &back); err != nil {
			t.Fatal(err)
		}
		back.IsArchived = a.IsArchived
		if got, want := mustMarshal(back), mustMarshal(a); string(got) != string(want) {
			t.Errorf("%s round trip:\n%s\n%s", a.Name, got, want)
		}
	}

	de := fields(t, get(t, s, accountPath("me", "agents/"+AgentSupportDEID)))
	if !slices.Equal(keys(de), agentFields) {
		t.Errorf("Support DE sends %v, want every field %v", keys(de), agentFields)
	}
	for k, want := range map[string]string{
		"account_id":         `"` + DefaultAccountID + `"`,
		"ambient_sound":      `{"source":"customer_service_center","volume":0.2}`,
		"model":              `{"provider":"azure-openai","model":"gpt-4o","temperature":0.2,"max_tokens":400}`,
		"transcriber":        `{"provider":"deepgram","model":"nova-2","language":"de"}`,
		"tags":               `["support","de"]`,
		"created":            `"2024-01-10T09:30:00Z"`,
		"volume":             `{"allow_adjustment":true,"telephony":1,"web":0.8}`,
		"interrupt_settings": `{"enabled":true,"min_speech_seconds":0.6,"min_words":2}`,
	} {
		if string(de[k]) != want {
			t.Errorf("Support DE %s = %s, want %s", k, de[k], want)
		}
	}

	en := fields(t, get(t, s, accountPath("me", "agents/"+AgentSupportENID)))
	for k, want := range map[string]string{"note": "null", "interrupt_settings": "null", "volume": "null",
		"max_duration_seconds": "null", "response_timing": "{}", "allow_auto_hangup": "false",
		"inactivity_settings": `{"end_call_timeout_ms":60000}`, "initial_message": `{"mode":"user_first"}`} {
		if string(en[k]) != want {
			t.Errorf("Support EN %s = %s, want %s", k, en[k], want)
		}
	}

	empfang := fields(t, get(t, s, accountPath("me", "agents/"+AgentEmpfangID)))
	want := []string{"account_id", "allow_auto_hangup", "allow_caller_recording_opt_out", "ambient_sound", "created", "id",
		"inactivity_settings", "initial_message", "metadata", "model", "modified", "name", "response_timing", "voice"}
	if !slices.Equal(keys(empfang), want) || string(empfang["model"]) != "null" || string(empfang["ambient_sound"]) != "{}" {
		t.Errorf("Empfang Zürich: %v", empfang)
	}

	billing := fields(t, get(t, s, accountPath("me", "agents/"+AgentBillingBotID)))
	if string(billing["created"]) != "null" || string(billing["ambient_sound"]) != `{"source":null}` {
		t.Errorf("Billing Bot: %v", billing)
	}

	decodeError(t, get(t, s, accountPath("me", "agents/5b0e8a44-2c7d-4f5e-9a61-0d3c8b7e2f19")), 404, "not_found")
	e := decodeError(t, get(t, s, accountPath("me", "agents/support-de")), 422, "validation_error")
	if !slices.Equal(errorFields(e), []string{"agent_id"}) {
		t.Errorf("errors %+v", e.Errors)
	}
}

func TestSetAgents(t *testing.T) {
	s := newSeeded(t, Options{Agents: []Agent{}})
	if l := decodeList(t, get(t, s, accountPath("me", "agents"))); l.Count != 0 {
		t.Errorf("no agents: %v", l.ids)
	}
	s.SetAgents([]Agent{{ID: AgentSupportDEID, Name: "Minimal"}})
	f := fields(t, get(t, s, accountPath("me", "agents/"+AgentSupportDEID)))
	if got := string(mustMarshal(f)); got != `{"account_id":"`+DefaultAccountID+`","allow_auto_hangup":false,`+
		`"allow_caller_recording_opt_out":false,"ambient_sound":{},"id":"`+AgentSupportDEID+`","inactivity_settings":{},`+
		`"initial_message":{},"name":"Minimal","response_timing":{}}` {
		t.Errorf("minimal agent: %s", got)
	}
}
