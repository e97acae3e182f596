package itellicotest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Agent is one agent as the agents endpoints send it: the required fields are plain values, the
// optional ones Opt, and the free-form objects (Metadata, Model, Transcriber, Voice) raw JSON.
//
// AccountID empty means the key's account; the server fills it in. IsArchived is never sent (the
// API's agent carries no archived flag), but the is_archived and include_archived filters read it.
type Agent struct {
	ID                         string             `json:"id"`
	AccountID                  string             `json:"account_id"`
	Name                       string             `json:"name"`
	AllowAutoHangup            bool               `json:"allow_auto_hangup"`
	AllowCallerRecordingOptOut bool               `json:"allow_caller_recording_opt_out"`
	AmbientSound               AmbientSound       `json:"ambient_sound"`
	InactivitySettings         InactivitySettings `json:"inactivity_settings"`
	InitialMessage             InitialMessage     `json:"initial_message"`
	ResponseTiming             ResponseTiming     `json:"response_timing"`

	CaptureSettings    Opt[CaptureSettings]   `json:"capture_settings,omitzero"`
	Created            Opt[time.Time]         `json:"created,omitzero"`
	Modified           Opt[time.Time]         `json:"modified,omitzero"`
	Denoising          Opt[Denoising]         `json:"denoising,omitzero"`
	InterruptSettings  Opt[InterruptSettings] `json:"interrupt_settings,omitzero"`
	MaxDurationSeconds Opt[int64]             `json:"max_duration_seconds,omitzero"`
	Metadata           Opt[json.RawMessage]   `json:"metadata,omitzero"`
	Model              Opt[json.RawMessage]   `json:"model,omitzero"`
	Note               Opt[string]            `json:"note,omitzero"`
	Tags               Opt[[]string]          `json:"tags,omitzero"`
	Transcriber        Opt[json.RawMessage]   `json:"transcriber,omitzero"`
	Voice              Opt[json.RawMessage]   `json:"voice,omitzero"`
	Volume             Opt[VolumeSettings]    `json:"volume,omitzero"`

	IsArchived bool `json:"-"`
}

// AmbientSound is the background sound of an agent's calls. Source is open_plan_office,
// customer_service_center, internet_cafe, urban_street, rural_outdoors, ac_fan, or null for none.
type AmbientSound struct {
	Source Opt[string]  `json:"source,omitzero"`
	Volume Opt[float64] `json:"volume,omitzero"`
}

// InactivitySettings say when an agent reminds a silent caller, and when it hangs up.
type InactivitySettings struct {
	EndCallTimeoutMS  Opt[int64] `json:"end_call_timeout_ms,omitzero"`
	ReminderMaxCount  Opt[int64] `json:"reminder_max_count,omitzero"`
	ReminderTimeoutMS Opt[int64] `json:"reminder_timeout_ms,omitzero"`
	ResetOnActivity   Opt[bool]  `json:"reset_on_activity,omitzero"`
}

// InitialMessage is how a conversation starts. Mode is fixed_message, user_first or
// dynamic_message.
type InitialMessage struct {
	DelayMS       Opt[int64]  `json:"delay_ms,omitzero"`
	Interruptible Opt[bool]   `json:"interruptible,omitzero"`
	Message       Opt[string] `json:"message,omitzero"`
	Mode          Opt[string] `json:"mode,omitzero"`
}

// ResponseTiming is how long the agent waits for the caller to finish.
type ResponseTiming struct {
	MinEndpointingDelaySeconds Opt[float64] `json:"min_endpointing_delay_seconds,omitzero"`
}

// CaptureSettings say whether calls are recorded.
type CaptureSettings struct {
	RecordingEnabled Opt[bool] `json:"recording_enabled,omitzero"`
}

// Denoising is noise suppression by channel.
type Denoising struct {
	Telephony Opt[bool] `json:"telephony,omitzero"`
	Web       Opt[bool] `json:"web,omitzero"`
}

// InterruptSettings say when the caller may interrupt the agent.
type InterruptSettings struct {
	Enabled          Opt[bool]    `json:"enabled,omitzero"`
	MinSpeechSeconds Opt[float64] `json:"min_speech_seconds,omitzero"`
	MinWords         Opt[int64]   `json:"min_words,omitzero"`
}

// VolumeSettings are the agent's volume by channel.
type VolumeSettings struct {
	AllowAdjustment Opt[bool]    `json:"allow_adjustment,omitzero"`
	Telephony       Opt[float64] `json:"telephony,omitzero"`
	Web             Opt[float64] `json:"web,omitzero"`
}

// SetAgents replaces the agents served; an empty AccountID means the key's account.
func (s *Server) SetAgents(as []Agent) {
	as = slices.Clone(as)
	for i := range as {
		if as[i].AccountID == "" {
			as[i].AccountID = s.opts.AccountID
		}
	}
	stored := encodeRecords(as, func(a *Agent) string { return a.ID })
	// Oldest first; an agent without a creation date comes after the dated ones.
	slices.SortStableFunc(stored, func(x, y record[Agent]) int {
		xc, xok := x.v.Created.Get()
		yc, yok := y.v.Created.Get()
		switch {
		case xok && yok:
			if c := xc.Compare(yc); c != 0 {
				return c
			}
		case xok != yok:
			if xok {
				return -1
			}
			return 1
		}
		return strings.Compare(x.v.ID, y.v.ID)
	})
	s.mu.Lock()
	s.agents = stored
	s.mu.Unlock()
}

// Agents returns the agents served, of every account, archived ones included, in the order the
// API lists them: created ascending (agents without a date last), then id.
func (s *Server) Agents() []Agent {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return values(s.agents)
}

// timeRange is the _ge, _gt, _le and _lt filters of one date-time field. A record whose field is
// absent or null matches no bound.
type timeRange struct{ ge, gt, le, lt Opt[time.Time] }

func (p *params) timeRange(field string) timeRange {
	return timeRange{p.time(field + "_ge"), p.time(field + "_gt"), p.time(field + "_le"), p.time(field + "_lt")}
}

func (tr timeRange) match(field Opt[time.Time]) bool {
	t, ok := field.Get()
	if !ok {
		return tr == timeRange{}
	}
	return notBefore(t, tr.ge) && after(t, tr.gt) && notAfter(t, tr.le) && before(t, tr.lt)
}

func after(t time.Time, bound Opt[time.Time]) bool {
	b, ok := bound.Get()
	return !ok || t.After(b)
}

func notAfter(t time.Time, bound Opt[time.Time]) bool {
	b, ok := bound.Get()
	return !ok || !t.After(b)
}

// agentFilter is the parsed query of the agents list.
type agentFilter struct {
	name              string // lower case; "" matches every name
	tags              []string
	archived          Opt[bool]
	includeArchived   bool
	created, modified timeRange
}

// match applies the API's rules: without is_archived, archived agents are left out unless
// include_archived is true; with is_archived, only agents of that state are listed, whatever
// include_archived says.
func (f *agentFilter) match(a *Agent) bool {
	if want, ok := f.archived.Get(); ok {
		if a.IsArchived != want {
			return false
		}
	} else if a.IsArchived && !f.includeArchived {
		return false
	}
	tags, _ := a.Tags.Get()
	return strings.Contains(strings.ToLower(a.Name), f.name) &&
		!slices.ContainsFunc(f.tags, func(t string) bool { return !slices.Contains(tags, t) }) &&
		f.created.match(a.Created) && f.modified.match(a.Modified)
}

// listAgents serves the agents of the path's account; a subaccount's agents are listed under the
// subaccount only.
func (s *Server) listAgents(c *call) (int, []byte) {
	p := &c.params
	name, _ := p.str("name").Get()
	include, _ := p.boolean("include_archived").Get()
	f := agentFilter{
		name:            strings.ToLower(name),
		tags:            p.list("tags", nil),
		archived:        p.boolean("is_archived"),
		includeArchived: include,
		created:         p.timeRange("created"),
		modified:        p.timeRange("modified"),
	}
	pg := s.pager(c)
	if p.errs != nil {
		return p.failure()
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	for i := range s.agents {
		if r := &s.agents[i]; strings.EqualFold(r.v.AccountID, c.account) && f.match(&r.v) {
			pg.add(r.raw, r.id)
		}
	}
	return http.StatusOK, pg.body(c.fault)
}

func (s *Server) getAgent(c *call) (int, []byte) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return one(c, "agent_id", "agent", s.agents, func(a *Agent) bool { return strings.EqualFold(a.AccountID, c.account) })
}
