package itellico

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

// wantAgent is what the client should decode from the stand-in's agent.
func wantAgent(t *testing.T, a itellicotest.Agent) Agent {
	t.Helper()
	return Agent{
		ID:                         a.ID,
		AccountID:                  ptrTo(a.AccountID),
		Name:                       ptrTo(a.Name),
		AllowAutoHangup:            ptrTo(a.AllowAutoHangup),
		AllowCallerRecordingOptOut: ptrTo(a.AllowCallerRecordingOptOut),
		AmbientSound:               &AmbientSound{Source: optPtr(a.AmbientSound.Source), Volume: optPtr(a.AmbientSound.Volume)},
		InactivitySettings: &InactivitySettings{
			EndCallTimeoutMS:  optPtr(a.InactivitySettings.EndCallTimeoutMS),
			ReminderMaxCount:  optPtr(a.InactivitySettings.ReminderMaxCount),
			ReminderTimeoutMS: optPtr(a.InactivitySettings.ReminderTimeoutMS),
			ResetOnActivity:   optPtr(a.InactivitySettings.ResetOnActivity),
		},
		InitialMessage: &InitialMessage{
			DelayMS:       optPtr(a.InitialMessage.DelayMS),
			Interruptible: optPtr(a.InitialMessage.Interruptible),
			Message:       optPtr(a.InitialMessage.Message),
			Mode:          optPtr(a.InitialMessage.Mode),
		},
		ResponseTiming: &ResponseTiming{MinEndpointingDelaySeconds: optPtr(a.ResponseTiming.MinEndpointingDelaySeconds)},
		CaptureSettings: optObj(a.CaptureSettings, func(s itellicotest.CaptureSettings) CaptureSettings {
			return CaptureSettings{RecordingEnabled: optPtr(s.RecordingEnabled)}
		}),
		Created:  optTime(a.Created),
		Modified: optTime(a.Modified),
		Denoising: optObj(a.Denoising, func(d itellicotest.Denoising) Denoising {
			return Denoising{Telephony: optPtr(d.Telephony), Web: optPtr(d.Web)}
		}),
		InterruptSettings: optObj(a.InterruptSettings, func(s itellicotest.InterruptSettings) InterruptSettings {
			return InterruptSettings{Enabled: optPtr(s.Enabled), MinSpeechSeconds: optPtr(s.MinSpeechSeconds), MinWords: optPtr(s.MinWords)}
		}),
		MaxDurationSeconds: optPtr(a.MaxDurationSeconds),
		Metadata:           optRaw(t, a.Metadata),
		Model:              optRaw(t, a.Model),
		Note:               optPtr(a.Note),
		Tags:               optSlice(a.Tags, same[string]),
		Transcriber:        optRaw(t, a.Transcriber),
		Voice:              optRaw(t, a.Voice),
		Volume: optObj(a.Volume, func(v itellicotest.VolumeSettings) Volume {
			return Volume{AllowAdjustment: optPtr(v.AllowAdjustment), Telephony: optPtr(v.Telephony), Web: optPtr(v.Web)}
		}),
	}
}

func listAgents(t *testing.T, c *Client, acct string, query url.Values) ([]Agent, *ListResult) {
	t.Helper()
	var got []Agent
	res, err := List(testCtx(t), c, Agents(acct), query, ListOptions{}, func(a *Agent) Agent { return *a },
		func(a Agent) { got = append(got, a) })
	if err != nil {
		t.Fatal(err)
	}
	return got, res
}

// Every agent of the seed, archived ones and the subaccount's included,
// decodes field by field: nested settings, free-form JSON kept raw (null
// as the literal null), tags, and fields absent or null as nil.
func TestAgentsDecodeEveryField(t *testing.T) {
	t.Parallel()
	srv, c := standIn(t, itellicotest.Options{}, nil)
	got, res := listAgents(t, c, account, url.Values{"include_archived": {"true"}})
	got2, _ := listAgents(t, c, itellicotest.SubaccountSchweizID, nil)
	got = append(got, got2...)

	var want []Agent
	for _, a := range srv.Agents() {
		want = append(want, wantAgent(t, a))
	}
	slices.SortStableFunc(want, func(x, y Agent) int {
		if *x.AccountID != *y.AccountID { // the key's account first, as read
			if *x.AccountID == account {
				return -1
			}
			return 1
		}
		return 0
	})
	if res.Count != 5 || len(want) != 6 {
		t.Errorf("count %d of the key's account, %d agents seeded", res.Count, len(want))
	}
	checkDecoded(t, "the agents", got, want)

	// The differences the seed was made to have.
	byID := map[string]Agent{}
	for _, a := range got {
		byID[a.ID] = a
	}
	de, en, empfang := byID[itellicotest.AgentSupportDEID], byID[itellicotest.AgentSupportENID], byID[itellicotest.AgentEmpfangID]
	if de.Volume == nil || de.Volume.Web == nil || *de.Volume.Web != 0.8 || string(de.Metadata) == "" || de.Tags == nil {
		t.Errorf("Support DE: volume %+v, metadata %s, tags %v", de.Volume, de.Metadata, de.Tags)
	}
	if en.Note != nil || en.Volume != nil || en.InterruptSettings != nil || en.MaxDurationSeconds != nil {
		t.Errorf("Support EN: null fields decoded as %v, %v, %v, %v", en.Note, en.Volume, en.InterruptSettings, en.MaxDurationSeconds)
	}
	if empfang.Tags != nil || string(empfang.Model) != "null" || empfang.Transcriber != nil || empfang.CaptureSettings != nil {
		t.Errorf("Empfang: tags %v, model %q, transcriber %q, capture %v", empfang.Tags, empfang.Model, empfang.Transcriber, empfang.CaptureSettings)
	}
}

func TestGetAgent(t *testing.T) {
	t.Parallel()
	srv, c := standIn(t, itellicotest.Options{}, nil)
	for _, a := range srv.Agents() {
		acct := a.AccountID
		got, err := c.GetAgent(testCtx(t), acct, a.ID)
		if err != nil {
			t.Fatalf("%s: %v", a.Name, err)
		}
		checkDecoded(t, "agent "+a.Name, *got, wantAgent(t, a))
	}
	reqs := srv.Requests()
	if want := "/v1/accounts/" + account + "/agents/" + srv.Agents()[0].ID; len(reqs) != 6 || reqs[0].Path != want {
		t.Errorf("requests = %d, first %s, want 6, the first to %s", len(reqs), reqs[0].Path, want)
	}
}

func TestGetAgentErrors(t *testing.T) {
	t.Parallel()
	_, c := standIn(t, itellicotest.Options{}, nil)
	_, err := c.GetAgent(testCtx(t), account, "00000000-0000-4000-8000-000000000000")
	wantAPIError(t, err, http.StatusNotFound, "not_found", nil)
	_, err = c.GetAgent(testCtx(t), account, "not-a-uuid")
	apiErr := wantAPIError(t, err, http.StatusUnprocessableEntity, "validation_error", []string{"agent_id"})
	if apiErr.Error() != `HTTP 422 Unprocessable Entity (validation_error): Invalid path parameter.; agent_id: must be a UUID; got "not-a-uuid"` {
		t.Errorf("Error() = %q", apiErr.Error())
	}
	// Another account's agent is not found under the key's account.
	_, err = c.GetAgent(testCtx(t), account, itellicotest.AgentSchweizID)
	wantAPIError(t, err, http.StatusNotFound, "not_found", nil)
	_, err = c.GetAgent(testCtx(t), "00000000-0000-4000-8000-000000000001", itellicotest.AgentSchweizID)
	wantAPIError(t, err, http.StatusForbidden, "forbidden", nil)
}

func TestGetAgentWithoutIDRefused(t *testing.T) {
	t.Parallel()
	_, c := frontClient(t, itellicotest.Options{}, script(reply(http.StatusOK, `{"name":"Support DE","tags":[]}`)), nil)
	_, err := c.GetAgent(testCtx(t), account, itellicotest.AgentSupportDEID)
	var respErr *ResponseError
	if !errors.As(err, &respErr) || respErr.Reason != `the JSON has no "id"` {
		t.Fatalf("err = %v, want a *ResponseError saying there is no id", err)
	}
}

// A filter the stand-in refuses is a 422 naming it, for lists too.
func TestListValidationError(t *testing.T) {
	t.Parallel()
	_, c := standIn(t, itellicotest.Options{}, nil)
	_, err := List(testCtx(t), c, Agents(account), url.Values{"is_archived": {"maybe"}, "created_ge": {"yesterday"}},
		ListOptions{}, func(a *Agent) string { return a.ID }, func(string) {})
	wantAPIError(t, err, http.StatusUnprocessableEntity, "validation_error", []string{"is_archived", "created_ge"})
	_, _, err = readConversations(testCtx(t), c, url.Values{"type": {"fax"}}, ListOptions{})
	wantAPIError(t, err, http.StatusUnprocessableEntity, "validation_error", []string{"type"})
}

// manyAgents returns n agents named "Agent 000" on, oldest first.
func manyAgents(n int) []itellicotest.Agent {
	base := time.Date(2024, time.January, 1, 0, 0, 0, 0, time.UTC)
	agents := make([]itellicotest.Agent, n)
	for i := range agents {
		agents[i] = itellicotest.Agent{ID: fmt.Sprintf("00000000-0000-4000-8000-%012d", i), Name: fmt.Sprintf("Agent %03d", i),
			Tags: itellicotest.Some([]string{"bulk"}), Created: itellicotest.Some(base.Add(time.Duration(i) * time.Hour))}
	}
	return agents
}

func TestAgentsReadEveryPage(t *testing.T) {
	t.Parallel()
	agents := manyAgents(250)
	srv, c := standIn(t, itellicotest.Options{Agents: agents}, nil)
	got, res := listAgents(t, c, account, url.Values{"tags": {"bulk"}})
	var ids []string
	for _, a := range got {
		ids = append(ids, a.ID)
	}
	want := make([]string, len(agents))
	for i := range agents {
		want[i] = agents[i].ID
	}
	if !slices.Equal(ids, want) || res.Count != 250 || res.Read != 250 || res.Shortfall != nil {
		t.Errorf("result %+v, %d ids; want all 250 in order", res, len(ids))
	}
	pages := pagesAsked(srv)
	for _, r := range srv.Requests() {
		if r.Query.Get("tags") != "bulk" {
			t.Errorf("request %d lost the filter: %v", r.N, r.Query)
		}
	}
	slices.Sort(pages)
	if want := []string{"0/100", "100/100", "200/50"}; !slices.Equal(pages, want) {
		t.Errorf("pages (offset/limit) = %v, want %v", pages, want)
	}
}
