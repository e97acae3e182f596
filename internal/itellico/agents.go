package itellico

import (
	"context"
	"encoding/json"
)

// Agent is a voice agent, as the agents endpoints send it: every field of
// the SDKs' Agent type. Pointers and nil slices stand for fields that are
// absent or null; the free-form objects are kept as raw JSON.
type Agent struct {
	ID                         string              `json:"id"`
	AccountID                  *string             `json:"account_id"`
	Name                       *string             `json:"name"`
	AllowAutoHangup            *bool               `json:"allow_auto_hangup"`
	AllowCallerRecordingOptOut *bool               `json:"allow_caller_recording_opt_out"`
	AmbientSound               *AmbientSound       `json:"ambient_sound"`
	InactivitySettings         *InactivitySettings `json:"inactivity_settings"`
	InitialMessage             *InitialMessage     `json:"initial_message"`
	ResponseTiming             *ResponseTiming     `json:"response_timing"`
	CaptureSettings            *CaptureSettings    `json:"capture_settings"`
	Created                    *string             `json:"created"`
	Modified                   *string             `json:"modified"`
	Denoising                  *Denoising          `json:"denoising"`
	InterruptSettings          *InterruptSettings  `json:"interrupt_settings"`
	MaxDurationSeconds         *int64              `json:"max_duration_seconds"`
	Metadata                   json.RawMessage     `json:"metadata"`
	Model                      json.RawMessage     `json:"model"`
	Note                       *string             `json:"note"`
	Tags                       []string            `json:"tags"`
	Transcriber                json.RawMessage     `json:"transcriber"`
	Voice                      json.RawMessage     `json:"voice"`
	Volume                     *Volume             `json:"volume"`
}

// AmbientSound is the background sound mixed into a call.
type AmbientSound struct {
	Source *string  `json:"source"`
	Volume *float64 `json:"volume"`
}

// InactivitySettings say what the agent does when the caller is silent.
type InactivitySettings struct {
	EndCallTimeoutMS  *int64 `json:"end_call_timeout_ms"`
	ReminderMaxCount  *int64 `json:"reminder_max_count"`
	ReminderTimeoutMS *int64 `json:"reminder_timeout_ms"`
	ResetOnActivity   *bool  `json:"reset_on_activity"`
}

// InitialMessage is how a conversation opens.
type InitialMessage struct {
	DelayMS       *int64  `json:"delay_ms"`
	Interruptible *bool   `json:"interruptible"`
	Message       *string `json:"message"`
	Mode          *string `json:"mode"`
}

// ResponseTiming tunes when the agent answers.
type ResponseTiming struct {
	MinEndpointingDelaySeconds *float64 `json:"min_endpointing_delay_seconds"`
}

// CaptureSettings say what is recorded.
type CaptureSettings struct {
	RecordingEnabled *bool `json:"recording_enabled"`
}

// Denoising says where noise is filtered out.
type Denoising struct {
	Telephony *bool `json:"telephony"`
	Web       *bool `json:"web"`
}

// InterruptSettings say when a caller may interrupt the agent.
type InterruptSettings struct {
	Enabled          *bool    `json:"enabled"`
	MinSpeechSeconds *float64 `json:"min_speech_seconds"`
	MinWords         *int64   `json:"min_words"`
}

// Volume is the agent's output volume.
type Volume struct {
	AllowAdjustment *bool    `json:"allow_adjustment"`
	Telephony       *float64 `json:"telephony"`
	Web             *float64 `json:"web"`
}

// Agents is the list of an account's agents
// (GET /v1/accounts/{account_id}/agents).
func Agents(account string) ListEndpoint[Agent] { return agents.list(account) }

// GetAgent reads one agent of an account
// (GET /v1/accounts/{account_id}/agents/{agent_id}).
func (c *Client) GetAgent(ctx context.Context, account, id string) (*Agent, error) {
	return agents.get(ctx, c, account, id)
}
