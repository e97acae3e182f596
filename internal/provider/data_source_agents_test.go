package provider

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

// agentValue is the state of an agent the stand-in serves: every attribute.
func agentValue(t *testing.T, a itellicotest.Agent) map[string]knownvalue.Check {
	object := knownvalue.ObjectExact
	return map[string]knownvalue.Check{
		"id":                             strValue(a.ID),
		"account_id":                     strValue(a.AccountID),
		"name":                           strValue(a.Name),
		"allow_auto_hangup":              boolValue(a.AllowAutoHangup),
		"allow_caller_recording_opt_out": boolValue(a.AllowCallerRecordingOptOut),
		"ambient_sound": object(map[string]knownvalue.Check{
			"source": want(a.AmbientSound.Source, strValue),
			"volume": want(a.AmbientSound.Volume, floatValue),
		}),
		"inactivity_settings": object(map[string]knownvalue.Check{
			"end_call_timeout_ms": want(a.InactivitySettings.EndCallTimeoutMS, intValue),
			"reminder_max_count":  want(a.InactivitySettings.ReminderMaxCount, intValue),
			"reminder_timeout_ms": want(a.InactivitySettings.ReminderTimeoutMS, intValue),
			"reset_on_activity":   want(a.InactivitySettings.ResetOnActivity, boolValue),
		}),
		"initial_message": object(map[string]knownvalue.Check{
			"delay_ms":      want(a.InitialMessage.DelayMS, intValue),
			"interruptible": want(a.InitialMessage.Interruptible, boolValue),
			"message":       want(a.InitialMessage.Message, strValue),
			"mode":          want(a.InitialMessage.Mode, strValue),
		}),
		"response_timing": object(map[string]knownvalue.Check{
			"min_endpointing_delay_seconds": want(a.ResponseTiming.MinEndpointingDelaySeconds, floatValue),
		}),
		"capture_settings": want(a.CaptureSettings, func(c itellicotest.CaptureSettings) knownvalue.Check {
			return object(map[string]knownvalue.Check{"recording_enabled": want(c.RecordingEnabled, boolValue)})
		}),
		"created":  wantTime(a.Created),
		"modified": wantTime(a.Modified),
		"denoising": want(a.Denoising, func(d itellicotest.Denoising) knownvalue.Check {
			return object(map[string]knownvalue.Check{"telephony": want(d.Telephony, boolValue), "web": want(d.Web, boolValue)})
		}),
		"interrupt_settings": want(a.InterruptSettings, func(s itellicotest.InterruptSettings) knownvalue.Check {
			return object(map[string]knownvalue.Check{
				"enabled":            want(s.Enabled, boolValue),
				"min_speech_seconds": want(s.MinSpeechSeconds, floatValue),
				"min_words":          want(s.MinWords, intValue),
			})
		}),
		"max_duration_seconds": want(a.MaxDurationSeconds, intValue),
		"metadata":             wantJSON(t, a.Metadata),
		"model":                wantJSON(t, a.Model),
		"note":                 want(a.Note, strValue),
		"tags":                 want(a.Tags, stringList),
		"transcriber":          wantJSON(t, a.Transcriber),
		"voice":                wantJSON(t, a.Voice),
		"volume": want(a.Volume, func(v itellicotest.VolumeSettings) knownvalue.Check {
			return object(map[string]knownvalue.Check{
				"allow_adjustment": want(v.AllowAdjustment, boolValue),
				"telephony":        want(v.Telephony, floatValue),
				"web":              want(v.Web, floatValue),
			})
		}),
	}
}

// servedAgent returns the agent id as the stand-in serves it.
func servedAgent(t *testing.T, srv *itellicotest.Server, id string) itellicotest.Agent {
	t.Helper()
	for _, a := range srv.Agents() {
		if a.ID == id {
			return a
		}
	}
	t.Fatalf("the stand-in serves no agent %s", id)
	return itellicotest.Agent{}
}

// agentIDs is the state of the items of itellico_agents, by id: the served
// agents of account that keep accepts, in the API's order.
func agentIDs(srv *itellicotest.Server, account string, keep func(a itellicotest.Agent) bool) []string {
	var ids []string
	for _, a := range srv.Agents() {
		if a.AccountID == account && keep(a) {
			ids = append(ids, a.ID)
		}
	}
	return ids
}

// expectAgentIDs checks total_count and the ids of the items of the
// itellico_agents data source ds, in order.
func expectAgentIDs(ds string, ids []string) []statecheck.StateCheck {
	items := make([]knownvalue.Check, len(ids))
	for i, id := range ids {
		items[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": strValue(id)})
	}
	return []statecheck.StateCheck{
		expectAttr(ds, "total_count", knownvalue.Int64Exact(int64(len(ids)))),
		expectAttr(ds, "items", knownvalue.ListExact(items)),
	}
}

// agentCase is one itellico_agents data source of a configuration, named
// after the behaviour it shows, and the agents of the key's account it
// must list.
type agentCase struct {
	name, args string
	keep       func(a itellicotest.Agent) bool
}

// agentCases is a configuration with a data source per case, and its checks.
// A case must keep some agents, so that its items are checked; empty names
// the cases that may keep none.
func agentCases(t *testing.T, srv *itellicotest.Server, cases []agentCase, empty ...string) (string, []statecheck.StateCheck) {
	t.Helper()
	config := providerBlock(srv)
	var checks []statecheck.StateCheck
	for _, c := range cases {
		ids := agentIDs(srv, srv.AccountID(), c.keep)
		if len(ids) == 0 && !slices.Contains(empty, c.name) {
			t.Fatalf("case %s keeps no served agent: its items would not be checked", c.name)
		}
		config += fmt.Sprintf("\ndata \"itellico_agents\" %q {\n  %s\n}\n", c.name, c.args)
		checks = append(checks, expectAgentIDs("data.itellico_agents."+c.name, ids)...)
	}
	return config, checks
}

// The API leaves archived agents out unless asked; is_archived chooses one
// state whatever include_archived says. Filters left unset are not sent.
func TestAccAgents_archivedLeftOutUnlessAsked(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	active := func(a itellicotest.Agent) bool { return !a.IsArchived }
	archived := func(a itellicotest.Agent) bool { return a.IsArchived }
	config, checks := agentCases(t, srv, []agentCase{
		{"unset", ``, active},
		{"archived", `is_archived = true`, archived},
		{"active", `is_archived = false`, active},
		{"include_archived", `include_archived = true`, func(itellicotest.Agent) bool { return true }},
		{"include_archived_false", `include_archived = false`, active},
		{"active_despite_include", "is_archived = false\n  include_archived = true", active},
		{"archived_without_include", "is_archived = true\n  include_archived = false", archived},
	})
	checks = append(checks, expectQuerySent(srv, accountPath(srv.AccountID(), "agents"), map[string][]string{}))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    []resource.TestStep{{Config: config, ConfigStateChecks: checks}},
	})
}

func TestAccAgents_everyFieldOfEveryAgent(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	var items []knownvalue.Check
	for _, a := range srv.Agents() {
		if a.AccountID == srv.AccountID() {
			items = append(items, knownvalue.ObjectExact(agentValue(t, a)))
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: dataSourceConfig(srv, "agents", `include_archived = true`),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttr("data.itellico_agents.test", "items", knownvalue.ListExact(items)),
				expectAttr("data.itellico_agents.test", "total_count", knownvalue.Int64Exact(int64(len(items)))),
			},
		}},
	})
}

// A field the API leaves out or sends as null is null in the state, at the
// top and inside the nested objects; an object sent empty is an object of
// nulls, an empty list stays empty, and free-form JSON is kept compact, as
// written otherwise (key order, numbers, <, > and &).
func TestAccAgents_nullAbsentAndEmptyFields(t *testing.T) {
	null := func() itellicotest.Opt[json.RawMessage] { return itellicotest.Null[json.RawMessage]() }
	raw := func(s string) itellicotest.Opt[json.RawMessage] { return itellicotest.Some(json.RawMessage(s)) }
	agents := []itellicotest.Agent{
		{ID: "9d2b3f1a-6c4e-4e8a-9b7d-0a1c2e3f4a5b", Name: "Absent"},
		{
			ID: "2c8e4a6b-1d3f-4b5a-8c7e-9f0a1b2c3d4e", Name: "Null",
			AmbientSound: itellicotest.AmbientSound{Source: itellicotest.Null[string](), Volume: itellicotest.Null[float64]()},
			InactivitySettings: itellicotest.InactivitySettings{EndCallTimeoutMS: itellicotest.Null[int64](),
				ReminderMaxCount: itellicotest.Null[int64](), ReminderTimeoutMS: itellicotest.Null[int64](),
				ResetOnActivity: itellicotest.Null[bool]()},
			InitialMessage: itellicotest.InitialMessage{DelayMS: itellicotest.Null[int64](), Interruptible: itellicotest.Null[bool](),
				Message: itellicotest.Null[string](), Mode: itellicotest.Null[string]()},
			ResponseTiming:     itellicotest.ResponseTiming{MinEndpointingDelaySeconds: itellicotest.Null[float64]()},
			CaptureSettings:    itellicotest.Null[itellicotest.CaptureSettings](),
			Created:            itellicotest.Null[time.Time](),
			Modified:           itellicotest.Null[time.Time](),
			Denoising:          itellicotest.Null[itellicotest.Denoising](),
			InterruptSettings:  itellicotest.Null[itellicotest.InterruptSettings](),
			MaxDurationSeconds: itellicotest.Null[int64](),
			Metadata:           null(), Model: null(), Transcriber: null(), Voice: null(),
			Note:   itellicotest.Null[string](),
			Tags:   itellicotest.Null[[]string](),
			Volume: itellicotest.Null[itellicotest.VolumeSettings](),
		},
		{
			ID: "5f7a9c1e-3b5d-4f7a-9c1e-3b5d7f9a1c3e", Name: "Empty",
			CaptureSettings:    itellicotest.Some(itellicotest.CaptureSettings{}),
			Denoising:          itellicotest.Some(itellicotest.Denoising{}),
			InterruptSettings:  itellicotest.Some(itellicotest.InterruptSettings{}),
			Volume:             itellicotest.Some(itellicotest.VolumeSettings{}),
			MaxDurationSeconds: itellicotest.Some[int64](0),
			Note:               itellicotest.Some(""),
			Tags:               itellicotest.Some([]string{}),
			Metadata:           raw(`{ "z": [1, 2.50, 1e3, 12345678901234567890123, {"c": null}],  "a": "<b> & c", "ü": "\u00fc" }`),
			Model:              raw(`{}`),
			Transcriber:        raw(`"nova-2"`),
			Voice:              raw(`[ ]`),
		},
	}
	srv := standIn(t, itellicotest.Options{Agents: agents})
	var items []knownvalue.Check
	for _, a := range srv.Agents() {
		items = append(items, knownvalue.ObjectExact(agentValue(t, a)))
	}
	if len(items) != len(agents) {
		t.Fatalf("the stand-in serves %d agents, want %d", len(items), len(agents))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: dataSourceConfig(srv, "agents", ``),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttr("data.itellico_agents.test", "items", knownvalue.ListExact(items)),
			},
		}},
	})
}

// name matches a part of the name, ignoring case, beyond ASCII too.
func TestAccAgents_nameMatchesPartOfTheNameIgnoringCase(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	contains := func(part string) func(a itellicotest.Agent) bool {
		return func(a itellicotest.Agent) bool {
			return !a.IsArchived && strings.Contains(strings.ToLower(a.Name), strings.ToLower(part))
		}
	}
	config, checks := agentCases(t, srv, []agentCase{
		{"upper_case", `name = "SUPPORT"`, contains("SUPPORT")},
		{"non_ascii", `name = "ZÜR"`, contains("ZÜR")},
		{"nobody", `name = "nobody"`, contains("nobody")},
	}, "nobody")
	checks = append(checks, expectQuerySent(srv, accountPath(srv.AccountID(), "agents"), map[string][]string{"name": {"ZÜR"}}))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    []resource.TestStep{{Config: config, ConfigStateChecks: checks}},
	})
}

// tags lists agents that have every tag, and is sent as one comma-joined
// parameter, as the official SDKs send arrays.
func TestAccAgents_tagsAllMatchAndAreSentCommaJoined(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	hasAll := func(tags ...string) func(a itellicotest.Agent) bool {
		return func(a itellicotest.Agent) bool {
			has, _ := a.Tags.Get()
			return !a.IsArchived && !slices.ContainsFunc(tags, func(t string) bool { return !slices.Contains(has, t) })
		}
	}
	config, checks := agentCases(t, srv, []agentCase{
		{"one_tag", `tags = ["en"]`, hasAll("en")},
		{"every_tag", `tags = ["support", "en"]`, hasAll("support", "en")},
	})
	agents := accountPath(srv.AccountID(), "agents")
	checks = append(checks,
		expectQuerySent(srv, agents, map[string][]string{"tags": {"en"}}),
		expectQuerySent(srv, agents, map[string][]string{"tags": {"support,en"}}))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    []resource.TestStep{{Config: config, ConfigStateChecks: checks}},
	})
}

// Each time filter alone, its bound the date of a served agent, so that the
// inclusive and exclusive bounds differ; each is sent as written.
func TestAccAgents_timeFilters(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	dateOf := func(id string, field func(a itellicotest.Agent) itellicotest.Opt[time.Time]) time.Time {
		v, ok := field(servedAgent(t, srv, id)).Get()
		if !ok {
			t.Fatalf("served agent %s has no date", id)
		}
		return v
	}
	created := func(a itellicotest.Agent) itellicotest.Opt[time.Time] { return a.Created }
	modified := func(a itellicotest.Agent) itellicotest.Opt[time.Time] { return a.Modified }
	c := dateOf(itellicotest.AgentSupportENID, created)
	m := dateOf(itellicotest.AgentSupportDEID, modified)
	// matching keeps the active agents whose date is set and accepted by ok.
	matching := func(field func(a itellicotest.Agent) itellicotest.Opt[time.Time], ok func(v time.Time) bool) func(a itellicotest.Agent) bool {
		return func(a itellicotest.Agent) bool {
			v, has := field(a).Get()
			return !a.IsArchived && has && ok(v)
		}
	}
	after := func(b time.Time) func(time.Time) bool { return func(v time.Time) bool { return v.After(b) } }
	before := func(b time.Time) func(time.Time) bool { return func(v time.Time) bool { return v.Before(b) } }
	not := func(f func(time.Time) bool) func(time.Time) bool { return func(v time.Time) bool { return !f(v) } }
	bound := func(name string, at time.Time) string { return fmt.Sprintf("%s = %q", name, at.Format(time.RFC3339)) }
	cases := []agentCase{
		{"created_ge", bound("created_ge", c), matching(created, not(before(c)))},
		{"created_gt", bound("created_gt", c), matching(created, after(c))},
		{"created_le", bound("created_le", c), matching(created, not(after(c)))},
		{"created_lt", bound("created_lt", c), matching(created, before(c))},
		{"modified_ge", bound("modified_ge", m), matching(modified, not(before(m)))},
		{"modified_gt", bound("modified_gt", m), matching(modified, after(m))},
		{"modified_le", bound("modified_le", m), matching(modified, not(after(m)))},
		{"modified_lt", bound("modified_lt", m), matching(modified, before(m))},
		// Equal inclusive bounds are one instant.
		{"created_at", bound("created_ge", c) + "\n  " + bound("created_le", c), matching(created, c.Equal)},
		// The same instant in another zone, sent as written.
		{"created_ge_in_berlin", fmt.Sprintf("created_ge = %q", c.In(berlin(t)).Format(time.RFC3339)),
			matching(created, not(before(c)))},
		// An agent without a date matches no bound, archived or not.
		{"undated_match_no_bound", "include_archived = true\n  " + bound("created_lt", time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)),
			func(a itellicotest.Agent) bool { return a.Created.State == itellicotest.Present }},
	}
	config, checks := agentCases(t, srv, cases)
	agents := accountPath(srv.AccountID(), "agents")
	for _, tc := range []struct{ param, value string }{
		{"created_ge", c.Format(time.RFC3339)}, {"created_gt", c.Format(time.RFC3339)},
		{"created_le", c.Format(time.RFC3339)}, {"created_lt", c.Format(time.RFC3339)},
		{"modified_ge", m.Format(time.RFC3339)}, {"modified_gt", m.Format(time.RFC3339)},
		{"modified_le", m.Format(time.RFC3339)}, {"modified_lt", m.Format(time.RFC3339)},
		{"created_ge", c.In(berlin(t)).Format(time.RFC3339)},
	} {
		checks = append(checks, expectQuerySent(srv, agents, map[string][]string{tc.param: {tc.value}}))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    []resource.TestStep{{Config: config, ConfigStateChecks: checks}},
	})
}

func berlin(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestAccAgents_ofASubaccount(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	const ds = "data.itellico_agents.test"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: dataSourceConfig(srv, "agents", fmt.Sprintf("account_id = %q", itellicotest.SubaccountSchweizID)),
			ConfigStateChecks: append(expectAgentIDs(ds, agentIDs(srv, itellicotest.SubaccountSchweizID,
				func(a itellicotest.Agent) bool { return !a.IsArchived })),
				expectAttr(ds, "account_id", strValue(itellicotest.SubaccountSchweizID))),
		}},
	})
}

func TestAccAgents_invalidArgumentsRefusedAtPlan(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	const (
		early = "2024-01-01T00:00:00Z"
		late  = "2025-01-01T00:00:00Z"
	)
	refusedAtPlan(t, srv, map[string][]planError{
		"agents": {
			{`name = ""`, argumentError("agents", "name", "Invalid Attribute Value Length")},
			{`account_id = ""`, argumentError("agents", "account_id", "Invalid Attribute Value Length")},
			{`tags = []`, argumentError("agents", "tags", "Invalid Attribute Value", "at least 1")},
			{`tags = ["support,en"]`, argumentError("agents", "tags", "Invalid Attribute Value Match",
				"must not be blank, start or end with white space, or contain a comma")},
			{`tags = ["support", ""]`, argumentError("agents", "tags", "Invalid Attribute Value Match",
				"must not be blank, start or end with white space, or contain a comma")},
			{`tags = ["support", null]`, argumentError("agents", "tags", "Null List Value")},
			{`created_ge = "2024-02-05"`, argumentError("agents", "created_ge", "Timestamp without a time and an offset", "2024-02-05T00:00:00Z")},
			{`modified_lt = "yesterday"`, argumentError("agents", "modified_lt", "Invalid timestamp", "2025-01-01T00:00:00Z")},
			{fmt.Sprintf("created_ge = %q\n  created_gt = %q", early, early), errorPattern("Invalid Attribute Combination",
				"These attributes cannot be configured together: [created_ge,created_gt]")},
			{fmt.Sprintf("modified_le = %q\n  modified_lt = %q", late, late), errorPattern("Invalid Attribute Combination",
				"These attributes cannot be configured together: [modified_le,modified_lt]")},
			{fmt.Sprintf("created_ge = %q\n  created_le = %q", late, early), argumentError("agents", "created_ge",
				"Empty time range", "created_ge ("+late+") must be no later than created_le ("+early+")")},
			{fmt.Sprintf("created_gt = %q\n  created_lt = %q", early, early), argumentError("agents", "created_gt",
				"Empty time range", "created_gt ("+early+") must be earlier than created_lt ("+early+")")},
			{fmt.Sprintf("modified_gt = %q\n  modified_le = %q", late, early), argumentError("agents", "modified_gt",
				"Empty time range", "modified_gt ("+late+") must be earlier than modified_le ("+early+")")},
			{`created_ge = "2025-01-01T01:00:00+02:00"` + "\n  " + `created_lt = "2025-01-01T00:00:00+01:00"`,
				argumentError("agents", "created_ge", "Empty time range")},
			{`is_archived = "maybe"`, errorPattern("Incorrect attribute value type")},
		},
	})
}

func TestAccAgent_byIDWithEveryField(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	agent := servedAgent(t, srv, itellicotest.AgentSupportDEID)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            dataSourceConfig(srv, "agent", fmt.Sprintf("id = %q", agent.ID)),
			ConfigStateChecks: expectAttrs("data.itellico_agent.test", agentValue(t, agent)),
		}},
	})
}

// id is not checked at plan (the API decides what an id is); the API's
// refusal, which names agent_id, is shown at id.
func TestAccAgent_idRefusedByTheAPIIsAnErrorAtID(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: dataSourceConfig(srv, "agent", `id = "support-de"`),
			ExpectError: argumentError("agent", "id", "The itellico API refused a filter value",
				"HTTP 422 (validation_error)", "agent_id: must be a UUID"),
		}},
	})
}

// The agent of a subaccount is read with the subaccount's account_id, by
// name or by id; under the key's account it is not found.
func TestAccAgent_ofASubaccount(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	agent := servedAgent(t, srv, itellicotest.AgentSchweizID)
	if agent.AccountID != itellicotest.SubaccountSchweizID {
		t.Fatalf("agent %s is of account %s, not of the subaccount", agent.ID, agent.AccountID)
	}
	config := providerBlock(srv) + fmt.Sprintf(`
data "itellico_agent" "by_name" {
  account_id = %[1]q
  name       = %[2]q
}

data "itellico_agent" "by_id" {
  account_id = %[1]q
  id         = %[3]q
}
`, agent.AccountID, agent.Name, agent.ID)
	checks := expectAttrs("data.itellico_agent.by_name", agentValue(t, agent))
	checks = append(checks, expectAttrs("data.itellico_agent.by_id", agentValue(t, agent))...)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config, ConfigStateChecks: checks},
			{
				Config:      dataSourceConfig(srv, "agent", fmt.Sprintf("id = %q", agent.ID)),
				ExpectError: argumentError("agent", "id", "No itellico agent with this id"),
			},
		},
	})
}

// The API lists archived agents only when asked, so an archived agent is
// found by id, not by name.
func TestAccAgent_archivedFoundByIDOnly(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	agent := servedAgent(t, srv, itellicotest.AgentBillingBotID)
	if !agent.IsArchived {
		t.Fatalf("agent %s is not archived", agent.ID)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            dataSourceConfig(srv, "agent", fmt.Sprintf("id = %q", agent.ID)),
				ConfigStateChecks: expectAttrs("data.itellico_agent.test", agentValue(t, agent)),
			},
			{
				Config:      dataSourceConfig(srv, "agent", fmt.Sprintf("name = %q", agent.Name)),
				ExpectError: argumentError("agent", "name", "No itellico agent with this name"),
			},
		},
	})
}

func TestAccAgent_invalidArgumentsRefusedAtPlan(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	// What every singular data source refuses is in TestAccSingular_everySingularDataSource.
	refusedAtPlan(t, srv, map[string][]planError{
		"agent": {
			// The agent's tags are its own, not a filter.
			{`name = "Support DE"` + "\n  tags = [\"support\"]",
				argumentError("agent", "tags", "Invalid Configuration for Read-Only Attribute")},
		},
	})
}

// The API reads tags comma-joined and, like a tag left empty, drops one of
// white space alone; the provider must refuse such a tag at plan rather
// than list every agent.
func TestAccAgents_blankTagRefusedAtPlan(t *testing.T) {
	srv := standIn(t, itellicotest.Options{})
	refusedAtPlan(t, srv, map[string][]planError{
		"agents": {
			{`tags = [" "]`, argumentError("agents", "tags", "Invalid Attribute Value Match")},
			{`tags = ["support", "  "]`, argumentError("agents", "tags", "Invalid Attribute Value Match")},
		},
	})
}
