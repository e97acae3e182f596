package itellicotest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"time"
)

// DefaultAccountID is the account of the default API key.
const DefaultAccountID = "3f6b2a9e-8c41-4d7a-9b25-6e0d1c4f8a73"

// SeedSize is the number of conversations Seed returns.
const SeedSize = 44

// Notable conversations of Seed, by what each one proves, with their numbers in the seed.
// SeedConversationID(i) names every seeded conversation; i runs from 1 (newest) to SeedSize
// (oldest). Every id is derivedUUID("conversation", i), written out here so tests and docs can
// show it.
const (
	ConversationInProgress      = "85d0cb95-1ede-4f5e-aaba-eb8b6cdee640" // 1: in_progress phone call, 2 min old, duration absent
	ConversationGerman          = "f84ec719-00c7-49b9-bb14-00a29c33b8ee" // 2: German text with umlauts, recording URL
	ConversationRecordingNull   = "285564b5-b9f8-44de-b541-3b5dddef5715" // 3: web, phone fields absent, capture {"recording_url":null}
	ConversationZeroDuration    = "7a11406e-f9ec-4eff-8514-3fab1bb495b1" // 4: failed outbound call, duration_seconds 0, event with null message, capture null
	ConversationWithToolResults = "872b731c-2286-441d-be95-8656ef1416ee" // 5: tool results of every JSON kind, a null timestamp, fractional seconds
	ConversationAllNull         = "f5a7c48c-36f3-42fa-bbd7-c0283f481dd0" // 6: every optional field is JSON null
	ConversationAllAbsent       = "585dc7ad-f6e3-4aa7-95dc-3f6a68f8a8ad" // 7: every optional field is absent
	ConversationJapanese        = "82290145-594b-4cc5-ba9b-fc8577ba711c" // 9: Japanese text, direction and phone fields null
	ConversationNoAgent         = "d6e598af-a98e-435e-ab7b-2f1d2574962f" // 10: agent_id/agent_name null, capture {}
	ConversationUnknownType     = "a295ab5a-e598-4a4d-9672-e478d272e2b9" // 12: type "video", outside the enum
	ConversationUnknownRole     = "e3421107-dfde-458d-9e8d-011592ea09ea" // 13: a message with role "handoff" and an unknown field
	ConversationEscapes         = "c042b3f5-1abf-4521-bf0c-761adf79df5c" // 14: emoji, quotes, backslash, newline, tab, <b>, &, U+2028
	ConversationAt24h           = "dea8b47f-c986-41a1-9f1d-4ce54eaa1ded" // 17: created exactly 24 h before now
	ConversationWithExtraFields = "159aeedc-6a46-4957-9c70-b764e5938646" // 20: unknown top-level fields "sentiment_score", "summary"
	ConversationTieA            = "e5cd9bef-c367-466d-b70b-8ba7734980f7" // 21: same start_timestamp as TieB, listed after it
	ConversationTieB            = "52982207-1e21-4b88-bf45-e312c18940b8" // 22: its id is smaller, so it comes first
	ConversationStaleInProgress = "283b1da2-e303-4ddd-bdd8-300a699b06a2" // 26: in_progress for 5 days
	ConversationOffsetZone      = "e227af8c-6c49-40e7-8cd7-f6e84af68aab" // 28: timestamps written with a +02:00 offset
	ConversationUpdatedRecently = "7d6f0821-dce5-45e0-a56c-8df700afa29b" // 40: created 45 days ago, updated 1 h ago
)

// SeedConversationID is the id of the i-th conversation of Seed (1-based, newest first).
func SeedConversationID(i int) string { return derivedUUID("conversation", i) }

// derivedUUID is a version-4-shaped UUID hashed from kind and i, so ids are stable across runs.
func derivedUUID(kind string, i int) string {
	sum := sha256.Sum256(strconv.AppendInt([]byte("itellico-standin/"+kind+"/"), int64(i), 10))
	return formatUUID(sum[:16])
}

func formatUUID(u []byte) string {
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	var b [36]byte
	hex.Encode(b[0:8], u[0:4])
	b[8] = '-'
	hex.Encode(b[9:13], u[4:6])
	b[13] = '-'
	hex.Encode(b[14:18], u[6:8])
	b[18] = '-'
	hex.Encode(b[19:23], u[8:10])
	b[23] = '-'
	hex.Encode(b[24:], u[10:16])
	return string(b[:])
}

// seedAgent is an agent that handles seeded conversations, with the number it answers on.
type seedAgent struct {
	id, name, line string
	lineIndex      int
	account        string // "" is the key's account
}

var seedAgents = []seedAgent{
	{}, // no agent: the IVR line
	{AgentSupportDEID, "Support DE", "+493023125100", 1, ""},
	{AgentSupportENID, "Support EN", "+442079460123", 2, ""},
	{AgentSalesENID, "Sales EN", "+16465550199", 3, ""},
	{AgentSchweizID, "Kundendienst Schweiz", "+41445511200", 5, SubaccountSchweizID},
}

const ivrLine = "+493023125000"

// seedRow is one line of Seed's table. dir "" is null and "-" absent; agent 0 is no agent (null),
// -1 no agent (absent); dur -1 is absent.
type seedRow struct {
	ago                      time.Duration
	typ, status, dir         string
	agent, dur               int
	contact                  string
	phoneFieldsNullOnWebType bool
}

const (
	hour = time.Hour
	day  = 24 * time.Hour
)

// seedTable is the seed at a glance; Seed then gives the notable conversations their details.
var seedTable = [SeedSize]seedRow{
	{2 * time.Minute, "phone", "in_progress", "inbound", 1, -1, "+4915790000123", false},   // 1
	{5 * time.Minute, "phone", "completed", "inbound", 1, 184, "+4917610000042", false},    // 2
	{40 * time.Minute, "web", "completed", "inbound", 2, 241, "", false},                   // 3
	{1 * hour, "phone", "failed", "outbound", 3, 0, "+12125550147", false},                 // 4
	{2 * hour, "phone", "completed", "inbound", 2, 312, "+447700900461", false},            // 5
	{3 * hour, "test", "completed", "", 0, -1, "", true},                                   // 6 all null
	{4 * hour, "unknown", "completed", "-", -1, -1, "", false},                             // 7 all absent
	{5 * hour, "phone", "transferred", "inbound", 1, 95, "+436641234567", false},           // 8
	{6 * hour, "web", "completed", "", 2, 150, "", true},                                   // 9
	{7 * hour, "web", "failed", "inbound", 0, 12, "", false},                               // 10
	{8 * hour, "test", "completed", "internal", 1, 60, "", false},                          // 11
	{9 * hour, "video", "completed", "outbound", 3, 200, "", false},                        // 12
	{10 * hour, "phone", "transferred", "inbound", 2, 130, "+447700900982", false},         // 13
	{12 * hour, "web", "completed", "inbound", -1, 75, "", false},                          // 14
	{20 * hour, "phone", "completed", "outbound", 3, 420, "+13125550178", false},           // 15
	{23*hour + 59*time.Minute, "phone", "failed", "inbound", 2, 8, "+447700900333", false}, // 16
	{24 * hour, "phone", "completed", "inbound", 1, 210, "+41791234567", false},            // 17
	{26 * hour, "phone", "failed", "outbound", 3, 3, "+14155550110", false},                // 18
	{27 * hour, "phone", "transferred", "inbound", 1, 88, "+4915112345678", false},         // 19
	{2 * day, "web", "completed", "inbound", 2, 190, "", true},                             // 20
	{2*day + 6*hour, "phone", "completed", "inbound", 1, 145, "+4916090000777", false},     // 21 tie
	{2*day + 6*hour, "phone", "completed", "outbound", 3, 99, "+17185550134", false},       // 22 tie
	{3 * day, "test", "completed", "internal", 2, 45, "", false},                           // 23
	{3*day + 4*hour, "web", "failed", "", 0, 5, "", false},                                 // 24
	{4 * day, "phone", "completed", "outbound", 3, 333, "+13055550101", false},             // 25
	{5 * day, "phone", "in_progress", "inbound", 1, -1, "+4917012345678", false},           // 26
	{6 * day, "phone", "transferred", "inbound", 2, 102, "+447700900555", false},           // 27
	{7 * day, "web", "completed", "inbound", 1, 260, "", false},                            // 28
	{8 * day, "phone", "completed", "inbound", 0, 40, "+4930901820", false},                // 29
	{9 * day, "phone", "failed", "outbound", 3, 0, "+16175550188", false},                  // 30
	{10 * day, "web", "completed", "inbound", 2, 180, "", false},                           // 31
	{12 * day, "unknown", "completed", "", -1, -1, "", false},                              // 32
	{14 * day, "phone", "completed", "inbound", 1, 275, "+4915901234567", false},           // 33
	{15 * day, "phone", "transferred", "outbound", 3, 150, "+12065550166", false},          // 34
	{18 * day, "test", "failed", "internal", 1, 20, "", false},                             // 35
	{21 * day, "web", "completed", "inbound", 2, 320, "", true},                            // 36
	{25 * day, "phone", "completed", "inbound", 1, 610, "+4917298765432", false},           // 37
	{28 * day, "phone", "completed", "outbound", 3, 240, "+15125550192", false},            // 38
	{30 * day, "phone", "failed", "inbound", 2, 15, "+447700900777", false},                // 39
	{45 * day, "web", "completed", "inbound", 0, 90, "", false},                            // 40
	{46 * day, "phone", "completed", "inbound", 4, 200, "+41763331122", false},             // 41 subaccount
	{50 * day, "phone", "transferred", "inbound", 4, 95, "+41445556677", false},            // 42 subaccount
	{55 * day, "web", "completed", "inbound", 4, 140, "", false},                           // 43 subaccount
	{60 * day, "phone", "failed", "outbound", 4, 6, "+41319876543", false},                 // 44 subaccount
}

// Seed returns SeedSize conversations relative to now, newest first, the same for the same now
// (truncated to whole seconds). Numbers 1–40 belong to the key's account, 41–44 to its
// subaccount "Acme Schweiz AG" (SubaccountSchweizID), which the list of the key's account includes.
// Every conversation has its CreatedAt (its start) and UpdatedAt set. Counting now as the moment
// of the call:
//
//   - created within the last 24 h (created_after=now-24h, inclusive): 1–17; number 17 exactly
//     at now-24h, number 16 one minute later; created_before=now-24h gives 18–44.
//   - type phone: 1 2 4 5 8 13 15–19 21 22 25–27 29 30 33 34 37–39 41 42 44;
//     web: 3 9 10 14 20 24 28 31 36 40 43; test: 6 11 23 35; unknown: 7 32; "video": 12.
//   - status in_progress: 1 26; failed: 4 10 16 18 24 30 35 39 44; transferred: 8 13 19 27 34 42;
//     completed: the other 27. Failed within the last 24 h: 4 10 16.
//   - direction outbound: 4 12 15 18 22 25 30 34 38 44; internal: 11 23 35; null: 6 9 24 32;
//     absent: 7; inbound: the other 26.
//   - agent Support DE: 1 2 8 11 17 19 21 26 28 33 35 37; Support EN: 3 5 9 13 16 20 23 27 31 36 39;
//     Sales EN: 4 12 15 18 22 25 30 34 38; Kundendienst Schweiz: 41–44 (46, 50, 55 and 60 days
//     old); no agent: 6 10 24 29 40 (null), 7 14 32 (absent).
//   - updated_after=now-24h: 1–17 and 40 (updated 1 h ago); updated is start + duration + 4 s,
//     or start + 1 min without a duration; number 1 was updated 30 s ago.
//   - 21 and 22 share a start_timestamp, so they come in conversation_id order.
//   - 15, 20 h old: its agent reads out a card number and the caller's number (what the guides'
//     transcript gates look for), so that those gates fail against the seed.
//
// Phone conversations carry E.164 numbers and the line of their agent (the IVR line without
// one): the phone numbers of SeedPhoneNumbers. Web, test and unknown ones leave phone fields
// absent, or null where the table says so. The variables named Conversation* point at the
// notable ones.
func Seed(now time.Time) []Conversation {
	now = now.UTC().Truncate(time.Second)
	cs := make([]Conversation, SeedSize)
	for i, row := range seedTable {
		cs[i] = row.conversation(i+1, now)
	}
	at := func(i int) *Conversation { return &cs[i-1] }

	at(1).UpdatedAt = now.Add(-30 * time.Second)
	at(1).Messages = Some(dialogue(at(1).StartTimestamp,
		say("agent", "Guten Tag, hier ist der Kundenservice von Acme. Wie kann ich Ihnen helfen?"),
		say("user", "Hallo, meine Rechnung für März wurde doppelt abgebucht."),
		say("agent", "Das tut mir leid. Einen Moment, ich prüfe die Buchungen."),
	))

	at(2).Messages = Some(dialogue(at(2).StartTimestamp,
		say("agent", "Grüß Gott, Acme Kundenservice. Was kann ich für Sie tun?"),
		say("user", "Ich möchte meine Lieferadresse ändern – Straße und Hausnummer haben sich geändert."),
		say("agent", "Natürlich. Wie lautet die neue Adresse?"),
		say("user", "Königstraße 12, 70173 Stuttgart. Übrigens: ß und Umlaute bitte korrekt übernehmen!"),
		say("agent", "Erledigt, die Adresse ist geändert. Schönen Tag noch!"),
	))

	at(3).Capture = Some(Capture{RecordingURL: Null[string]()})

	at(4).Capture = Null[Capture]()
	at(4).Messages = Some(dialogue(at(4).StartTimestamp,
		say("system", "Outbound campaign spring-renewal, attempt 3 of 3."),
		Message{Role: "event", Message: Null[string]()},
	))

	start5 := at(5).StartTimestamp.Add(250 * time.Millisecond)
	at(5).StartTimestamp, at(5).CreatedAt = start5, start5
	at(5).Messages = Some(dialogue(start5,
		say("user", "Hi, I'd like to check the status of my order 4711."),
		say("agent", "Sure, let me look that up for you."),
		tool("lookup_order", Null[string](),
			`{"order_id":"4711","status":"shipped","items":[{"sku":"A-1","qty":2}],"tracking_no":9007199254740993}`),
		tool("list_slots", Some("Fetching delivery slots"), `["09:00","10:30","14:00"]`),
		tool("send_sms", Some("SMS queued"), `"queued"`),
		tool("get_balance", Null[string](), `42.5`),
		tool("check_fraud", Null[string](), `true`),
		Message{Role: "tool", Message: Some("No-op"), Name: Some("noop"), Result: Null[json.RawMessage]()},
		Message{Role: "tool", Message: Null[string](), Name: Null[string]()},
		say("agent", "Your order has shipped and arrives tomorrow between 09:00 and 10:30."),
		Message{Role: "event", Message: Some("call_ended"), Timestamp: Null[time.Time]()},
	))
	at(5).Messages.V[8].Timestamp = Opt[time.Time]{} // a tool message without a timestamp

	*at(6) = Conversation{
		ConversationID: at(6).ConversationID, Type: "test", Status: "completed",
		StartTimestamp: at(6).StartTimestamp, CreatedAt: at(6).CreatedAt, UpdatedAt: at(6).UpdatedAt,
		Direction: Null[string](), AgentID: Null[string](), AgentName: Null[string](),
		PhoneNumberID: Null[string](), PhoneNumber: Null[string](), ContactNumber: Null[string](),
		DurationSeconds: Null[int64](), Messages: Null[[]Message](), Capture: Null[Capture](),
	}
	*at(7) = Conversation{
		ConversationID: at(7).ConversationID, Type: "unknown", Status: "completed",
		StartTimestamp: at(7).StartTimestamp, CreatedAt: at(7).CreatedAt, UpdatedAt: at(7).UpdatedAt,
	}

	at(8).Messages = Some(dialogue(at(8).StartTimestamp,
		say("user", "Ich möchte bitte mit einem Menschen sprechen."),
		say("agent", "Gern, ich verbinde Sie mit einer Kollegin aus dem Second-Level-Support."),
		tool("transfer_call", Some("Transferring"), `{"target":"+493023125199","queue":"level-2"}`),
		Message{Role: "event", Message: Some("call_transferred")},
	))

	at(9).Messages = Some(dialogue(at(9).StartTimestamp,
		say("user", "こんにちは、注文の配送状況を確認したいです。"),
		say("agent", "かしこまりました。注文番号を教えていただけますか？"),
		say("user", "注文番号は JP-2024-0815 です。"),
		say("agent", "ご注文は本日発送されました。ありがとうございます！"),
	))

	at(10).Capture = Some(Capture{})
	at(10).Messages = Some(dialogue(at(10).StartTimestamp,
		say("system", "Widget session opened from https://acme.example/help?lang=en&ref=footer"),
		say("user", "hello?"),
		Message{Role: "event", Message: Some("websocket_closed")},
	))

	at(13).Messages = Some(dialogue(at(13).StartTimestamp,
		say("user", "I was charged twice and I want to talk to a person."),
		say("agent", "I understand. Let me hand you over to our billing team."),
		Message{Role: "handoff", Message: Some("Handing off to a human agent"),
			Extra: map[string]json.RawMessage{"target": json.RawMessage(`{"queue":"billing","priority":2}`)}},
		Message{Role: "event", Message: Some("call_transferred")},
	))

	at(14).Capture = Null[Capture]()
	at(14).Messages = Some(dialogue(at(14).StartTimestamp,
		say("user", "Hi 👋 my parcel 📦 still hasn't arrived 😕"),
		say("agent", "Sorry to hear that! 🙏 Let me check the tracking for you."),
		say("user", "The driver said \"leave it at the door\"\n\tbut it's not there \\ <b>really</b> & truly\u2028gone"),
		say("agent", "I've opened claim #A-17 🧾 — you'll get an e-mail within 24 h. 🇩🇪🇯🇵"),
	))

	// What the documented transcript gates look for: an agent reads out a card number, and
	// reads the caller's number back.
	at(15).Messages = Some(dialogue(at(15).StartTimestamp,
		say("agent", "Hi, this is Alex from Acme. Do you have two minutes to talk about your renewal?"),
		say("user", "Yes. Renew it and charge the card you have on file."),
		say("agent", "So that is your card 4111 1111 1111 1111, expiring 08/29. I will call you back on +13125550178 to confirm."),
		say("user", "Wait, don't read that out loud!"),
	))

	at(20).Extra = map[string]json.RawMessage{
		"summary":         json.RawMessage(`"Customer asked about invoice due dates; answered."`),
		"sentiment_score": json.RawMessage(`0.82`),
	}

	// Written with the offset of Central European Summer Time, as a server in Berlin might.
	cest := time.FixedZone("CEST", 2*60*60)
	at(28).StartTimestamp = at(28).StartTimestamp.In(cest)
	at(28).Messages = Some(dialogue(at(28).StartTimestamp,
		say("user", "Können Sie mir sagen, wann mein Vertrag endet?"),
		say("agent", "Ihr Vertrag läuft bis zum 31. Dezember und verlängert sich automatisch um zwölf Monate."),
		say("user", "Danke, das genügt mir."),
	))

	for _, i := range []int{23, 31} { // transcripts without timestamps
		for j := range at(i).Messages.V {
			at(i).Messages.V[j].Timestamp = Opt[time.Time]{}
		}
	}
	at(23).Messages.V = append([]Message{{Role: "system", Message: Some("You are Acme's test agent. Keep answers short.")}},
		at(23).Messages.V...)

	at(37).Messages = Some(dialogue(at(37).StartTimestamp,
		say("agent", "Guten Tag, Acme Kundenservice, Sie sprechen mit der digitalen Assistentin."),
		say("user", "Ich ziehe um und möchte wissen, was mit meinem Internetanschluss passiert."),
		say("agent", "Wohin ziehen Sie denn? Dann prüfe ich die Verfügbarkeit an der neuen Adresse."),
		say("user", "Nach Leipzig, Karl-Liebknecht-Straße 45."),
		tool("check_availability", Null[string](), `{"available":true,"max_mbps":250,"products":["Fiber 100","Fiber 250"]}`),
		say("agent", "An der neuen Adresse ist Glasfaser mit bis zu 250 Mbit/s verfügbar."),
		say("user", "Und die Kosten bleiben gleich?"),
		say("agent", "Ja, Ihr Tarif bleibt gleich. Der Umzugsservice ist kostenlos."),
		say("user", "Wunderbar. Zum 1. des nächsten Monats, bitte."),
		tool("schedule_move", Some("Scheduling move"), `{"ticket":"MV-20931","date":"next-month-01"}`),
		say("agent", "Ich habe den Umzug eingeplant, Ihre Ticketnummer ist MV-20931."),
		say("user", "Vielen Dank, tschüss!"),
	))

	at(40).UpdatedAt = now.Add(-time.Hour)
	return cs
}

func (row seedRow) conversation(i int, now time.Time) Conversation {
	start := now.Add(-row.ago)
	c := Conversation{
		ConversationID: SeedConversationID(i),
		Type:           row.typ,
		Status:         row.status,
		StartTimestamp: start,
		CreatedAt:      start,
		UpdatedAt:      start.Add(time.Minute),
	}
	switch row.dir {
	case "":
		c.Direction = Null[string]()
	case "-":
	default:
		c.Direction = Some(row.dir)
	}
	switch row.agent {
	case 0:
		c.AgentID, c.AgentName = Null[string](), Null[string]()
	case -1:
	default:
		a := seedAgents[row.agent]
		c.AgentID, c.AgentName = Some(a.id), Some(a.name)
		c.AccountID = a.account
	}
	if row.dur >= 0 {
		c.DurationSeconds = Some(int64(row.dur))
		c.UpdatedAt = start.Add(time.Duration(row.dur)*time.Second + 4*time.Second)
	}
	if row.typ == "phone" {
		line, lineIndex := ivrLine, 4
		if row.agent > 0 {
			line, lineIndex = seedAgents[row.agent].line, seedAgents[row.agent].lineIndex
		}
		c.PhoneNumberID = Some(derivedUUID("phone-number", lineIndex))
		c.PhoneNumber = Some(line)
		c.ContactNumber = Some(row.contact)
		switch row.status {
		case "completed", "transferred":
			c.Capture = Some(Capture{RecordingURL: Some(recordingURL(c.ConversationID))})
		case "failed":
			c.Capture = Null[Capture]()
		}
	} else if row.phoneFieldsNullOnWebType {
		c.PhoneNumberID, c.PhoneNumber, c.ContactNumber = Null[string](), Null[string](), Null[string]()
	}
	if row.typ == "web" && row.status == "completed" {
		c.Capture = Some(Capture{RecordingURL: Some(recordingURL(c.ConversationID))})
	}
	c.Messages = Some(dialogue(start, smallTalk(row.agent, row.typ, row.status)...))
	return c
}

func recordingURL(id string) string {
	return "https://recordings.itellico.ai/v1/" + id + ".mp3?expires=1767225600&signature=" + id[:8]
}

func say(role, text string) Message { return Message{Role: role, Message: Some(text)} }

func tool(name string, message Opt[string], result string) Message {
	return Message{Role: "tool", Name: Some(name), Message: message, Result: Some(json.RawMessage(result))}
}

// dialogue stamps the messages seven seconds apart from start, keeping a timestamp already set
// (a null one, for instance).
func dialogue(start time.Time, ms ...Message) []Message {
	for i := range ms {
		if ms[i].Timestamp.State == Absent {
			ms[i].Timestamp = Some(start.Add(time.Duration(i*7) * time.Second))
		}
	}
	return ms
}

// smallTalk is the transcript of an ordinary seeded conversation.
func smallTalk(agent int, typ, status string) []Message {
	var ms []Message
	switch agent {
	case 1:
		ms = []Message{
			say("agent", "Guten Tag, Acme Kundenservice, Sie sprechen mit der digitalen Assistentin. Wie kann ich helfen?"),
			say("user", "Ich habe eine Frage zu meinem Vertrag."),
			say("agent", "Gern. Nennen Sie mir bitte Ihre Kundennummer."),
			say("user", "Die Kundennummer ist 48213."),
		}
	case 2:
		ms = []Message{
			say("agent", "Hello, you've reached Acme support. How can I help you today?"),
			say("user", "I'd like to reset my password."),
			say("agent", "I've sent a reset link to the e-mail address on file."),
			say("user", "Got it, thanks!"),
		}
	case 3:
		ms = []Message{
			say("agent", "Hi, this is Alex from Acme. Do you have two minutes to talk about your renewal?"),
			say("user", "Sure, go ahead."),
			say("agent", "We can offer 15% off if you renew for another year."),
			say("user", "Send me the details by e-mail, please."),
		}
	case 4:
		ms = []Message{
			say("agent", "Grüezi, Kundendienst Acme Schweiz. Wie kann ich Ihnen helfen?"),
			say("user", "Grüezi, ich möchte meine Rechnungsadresse in Winterthur ändern."),
			say("agent", "Gerne. Wie lautet die neue Adresse?"),
			say("user", "Technikumstrasse 9, 8400 Winterthur."),
		}
	default:
		if typ == "web" {
			ms = []Message{
				say("system", "Chat widget opened on the pricing page."),
				say("user", "Do you ship to Austria and Switzerland?"),
				say("system", "No agent available; the visitor was shown the FAQ."),
			}
			break
		}
		ms = []Message{
			say("system", "IVR menu played: 1 for sales, 2 for support."),
			say("user", "Two."),
		}
	}
	if status == "failed" {
		ms = append(ms[:2], Message{Role: "event", Message: Null[string]()})
	}
	return ms
}
