package itellicotest

import (
	"encoding/json"
	"time"
)

// Agents of SeedAgents. Support DE, Support EN and Sales EN handle the seeded conversations of the
// key's account, Kundendienst Schweiz those of its subaccount.
const (
	AgentSupportDEID  = "0e63b9e8-82ce-48f8-a00d-04c0d653e254" // "Support DE", tags support+de, every field set
	AgentSupportENID  = "27805235-1eb9-4d90-8f40-0a40de1812b9" // "Support EN", tags support+en, note null
	AgentSalesENID    = "b5eb8629-7d40-4cc7-a531-44d45b77556c" // "Sales EN", tags sales+en+outbound, model of openai (not EU-hosted)
	AgentBillingBotID = "7b1b5566-cacb-4afd-a9f8-102877a5bed8" // "Billing Bot", archived, no conversations, created and modified null
	AgentEmpfangID    = "78a53b99-625d-4069-953a-9bcc26f9b894" // "Empfang Zürich", tags and note absent, model and voice null
	AgentSchweizID    = "603bc545-7d2e-4b47-92f9-218c444fec98" // "Kundendienst Schweiz", of SubaccountSchweizID
)

// SeedAgents returns six agents. Listed under the key's account (oldest first, the undated last):
// "Support DE", "Support EN", "Sales EN", "Empfang Zürich", and "Billing Bot" only when archived
// agents are asked for. "Kundendienst Schweiz" is listed under the subaccount SubaccountSchweizID.
// "Support" matches two names and "en" two others.
//
// Support DE sets every field of the API's agent; the others leave out, or send null, different
// ones, inside the nested settings objects too. Their model, voice and transcriber name providers
// of SeedModels, SeedVoices and SeedTranscribers: Sales EN, which is active, uses openai, which is
// not EU-hosted; Billing Bot does too, but is archived.
func SeedAgents() []Agent {
	date := func(y int, m time.Month, d int) Opt[time.Time] {
		return Some(time.Date(y, m, d, 9, 30, 0, 0, time.UTC))
	}
	return []Agent{
		{
			ID: AgentBillingBotID, Name: "Billing Bot", IsArchived: true,
			AllowAutoHangup:    true,
			AmbientSound:       AmbientSound{Source: Null[string]()},
			InactivitySettings: InactivitySettings{EndCallTimeoutMS: Some[int64](30000), ReminderMaxCount: Some[int64](1), ReminderTimeoutMS: Some[int64](10000), ResetOnActivity: Some(true)},
			InitialMessage:     InitialMessage{DelayMS: Some[int64](0), Interruptible: Some(false), Message: Some("Hallo, hier ist der Rechnungsassistent von Acme."), Mode: Some("fixed_message")},
			ResponseTiming:     ResponseTiming{MinEndpointingDelaySeconds: Some(0.5)},
			Created:            Null[time.Time](), // migrated from the old platform, which kept no dates
			Modified:           Null[time.Time](),
			Model:              raw(`{"provider":"openai","model":"gpt-4o-mini","temperature":0}`),
			Note:               Null[string](),
			Tags:               Some([]string{"billing", "de", "en"}),
			Transcriber:        raw(`{"provider":"deepgram","model":"nova-2","language":"multi"}`),
			Voice:              raw(`{"provider":"azure","voice_id":"de-DE-ConradNeural"}`),
		},
		{
			ID: AgentSupportDEID, Name: "Support DE",
			AllowAutoHangup:            true,
			AllowCallerRecordingOptOut: true,
			AmbientSound:               AmbientSound{Source: Some("customer_service_center"), Volume: Some(0.2)},
			InactivitySettings:         InactivitySettings{EndCallTimeoutMS: Some[int64](45000), ReminderMaxCount: Some[int64](2), ReminderTimeoutMS: Some[int64](15000), ResetOnActivity: Some(true)},
			InitialMessage: InitialMessage{DelayMS: Some[int64](600), Interruptible: Some(true), Mode: Some("fixed_message"),
				Message: Some("Guten Tag, Acme Kundenservice, Sie sprechen mit der digitalen Assistentin. Wie kann ich helfen?")},
			ResponseTiming:     ResponseTiming{MinEndpointingDelaySeconds: Some(0.4)},
			CaptureSettings:    Some(CaptureSettings{RecordingEnabled: Some(true)}),
			Created:            date(2024, time.January, 10),
			Modified:           date(2025, time.March, 3),
			Denoising:          Some(Denoising{Telephony: Some(true), Web: Some(false)}),
			InterruptSettings:  Some(InterruptSettings{Enabled: Some(true), MinSpeechSeconds: Some(0.6), MinWords: Some[int64](2)}),
			MaxDurationSeconds: Some[int64](1800),
			Metadata:           raw(`{"team":"support-dach","cost_center":"4100","escalation_queue":"level-2","business_hours":{"mon_fri":"08:00-18:00","tz":"Europe/Berlin"}}`),
			Model:              raw(`{"provider":"azure-openai","model":"gpt-4o","temperature":0.2,"max_tokens":400}`),
			Note:               Some("Deutschsprachiger Support, Mo–Fr 8–18 Uhr."),
			Tags:               Some([]string{"support", "de"}),
			Transcriber:        raw(`{"provider":"deepgram","model":"nova-2","language":"de"}`),
			Voice:              raw(`{"provider":"elevenlabs","voice_id":"hX3kR9pLw2TzQm7vNc4B","stability":0.45,"similarity_boost":0.8}`),
			Volume:             Some(VolumeSettings{AllowAdjustment: Some(true), Telephony: Some(1.0), Web: Some(0.8)}),
		},
		{
			ID: AgentSupportENID, Name: "Support EN",
			AmbientSound:       AmbientSound{Source: Some("open_plan_office")},
			InactivitySettings: InactivitySettings{EndCallTimeoutMS: Some[int64](60000)},
			InitialMessage:     InitialMessage{Mode: Some("user_first")},
			CaptureSettings:    Some(CaptureSettings{RecordingEnabled: Some(false)}),
			Created:            date(2024, time.February, 5),
			Modified:           date(2025, time.February, 14),
			Denoising:          Some(Denoising{Web: Some(true)}),
			InterruptSettings:  Null[InterruptSettings](),
			MaxDurationSeconds: Null[int64](),
			Metadata:           raw(`{"team":"support-uk"}`),
			Model:              raw(`{"provider":"mistral","model":"mistral-large-latest","temperature":0.4}`),
			Note:               Null[string](),
			Tags:               Some([]string{"support", "en"}),
			Transcriber:        raw(`{"provider":"azure","model":"azure-stt","language":"en-GB"}`),
			Voice:              raw(`{"provider":"azure","voice_id":"en-GB-SoniaNeural","style":"friendly"}`),
			Volume:             Null[VolumeSettings](),
		},
		{
			ID: AgentSalesENID, Name: "Sales EN",
			AllowAutoHangup:            true,
			AllowCallerRecordingOptOut: true,
			AmbientSound:               AmbientSound{Source: Some("ac_fan"), Volume: Some(0.1)},
			InactivitySettings:         InactivitySettings{EndCallTimeoutMS: Some[int64](20000), ReminderMaxCount: Some[int64](0), ReminderTimeoutMS: Some[int64](8000), ResetOnActivity: Some(false)},
			InitialMessage: InitialMessage{DelayMS: Some[int64](0), Interruptible: Some(false), Mode: Some("dynamic_message"),
				Message: Some("Hi, this is Alex from Acme. Do you have two minutes to talk about your renewal?")},
			ResponseTiming:     ResponseTiming{MinEndpointingDelaySeconds: Some(0.25)},
			CaptureSettings:    Some(CaptureSettings{RecordingEnabled: Some(true)}),
			Created:            date(2024, time.March, 1),
			Modified:           date(2025, time.April, 22),
			InterruptSettings:  Some(InterruptSettings{Enabled: Some(false)}),
			MaxDurationSeconds: Some[int64](600),
			Metadata:           raw(`{"campaign":"spring-renewal","crm":{"system":"hubspot","pipeline":"renewals"}}`),
			Model:              raw(`{"provider":"openai","model":"gpt-4o-mini","temperature":0.3}`),
			Note:               Some("Outbound renewal campaigns 🚀"),
			Tags:               Some([]string{"sales", "en", "outbound"}),
			Transcriber:        raw(`{"provider":"deepgram","model":"nova-3","language":"en-US"}`),
			Voice:              raw(`{"provider":"cartesia","voice_id":"a21c3092-597a-430d-94f7-d1b8a0dd9322","speed":"normal"}`),
			Volume:             Some(VolumeSettings{Telephony: Some(1.2)}),
		},
		{
			ID: AgentEmpfangID, Name: "Empfang Zürich",
			InitialMessage: InitialMessage{Message: Some("Grüezi, Sie sind mit dem Empfang von Acme verbunden."), Mode: Some("fixed_message")},
			ResponseTiming: ResponseTiming{MinEndpointingDelaySeconds: Some(0.8)},
			Created:        date(2024, time.May, 1),
			Modified:       date(2024, time.May, 1),
			Metadata:       Null[json.RawMessage](),
			Model:          Null[json.RawMessage](),
			Voice:          Null[json.RawMessage](),
		},
		{
			ID: AgentSchweizID, AccountID: SubaccountSchweizID, Name: "Kundendienst Schweiz",
			AllowAutoHangup:    true,
			AmbientSound:       AmbientSound{Source: Some("customer_service_center"), Volume: Some(0.15)},
			InactivitySettings: InactivitySettings{EndCallTimeoutMS: Some[int64](40000), ReminderMaxCount: Some[int64](1)},
			InitialMessage:     InitialMessage{Interruptible: Some(true), Message: Some("Grüezi, Kundendienst Acme Schweiz. Wie kann ich Ihnen helfen?"), Mode: Some("fixed_message")},
			ResponseTiming:     ResponseTiming{MinEndpointingDelaySeconds: Some(0.5)},
			CaptureSettings:    Some(CaptureSettings{}),
			Created:            date(2024, time.September, 2),
			Modified:           date(2025, time.May, 20),
			Denoising:          Some(Denoising{Telephony: Some(true)}),
			MaxDurationSeconds: Some[int64](1200),
			Metadata:           raw(`{"team":"support-ch","languages":["de-CH","fr-CH"]}`),
			Model:              raw(`{"provider":"anthropic","model":"claude-3-5-haiku-latest","temperature":0.5}`),
			Note:               Some("Kundendienst für die Schweiz, Deutsch und Französisch."),
			Tags:               Some([]string{"support", "de", "fr"}),
			Transcriber:        raw(`{"provider":"speechmatics","model":"enhanced","language":"de"}`),
			Voice:              raw(`{"provider":"elevenlabs","voice_id":"Sw3iTz8eRl4aNd5Ch6Kb"}`),
			Volume:             Some(VolumeSettings{AllowAdjustment: Some(false)}),
		},
	}
}

// raw is a free-form JSON field of a seed.
func raw(s string) Opt[json.RawMessage] { return Some(json.RawMessage(s)) }
