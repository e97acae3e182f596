package itellicotest

import (
	"encoding/json"
	"time"
)

// GeneratedConversationID is the id of the i-th conversation of Generate (0-based, newest first).
func GeneratedConversationID(i int) string { return derivedUUID("generated", i) }

// Generate returns n synthetic conversations for benchmarks, newest first and about 97 s apart
// before now, each with messagesEach messages of about 100 bytes of text (about 1.6 KB of JSON per
// conversation at 10 messages). It is deterministic: the same arguments give the same data.
// Types, statuses, directions and the three seeded agents are spread the way a busy account's are:
// mostly completed inbound phone calls.
func Generate(n, messagesEach int, now time.Time) []Conversation {
	now = now.UTC().Truncate(time.Second)
	cs := make([]Conversation, n)
	msgs := make([]Message, n*messagesEach) // one allocation for every transcript
	for i := range cs {
		h := splitmix64(uint64(i))
		start := now.Add(-time.Duration(int64(i+1)*97+int64(h>>56)%60) * time.Second)
		c := &cs[i]
		c.ConversationID = GeneratedConversationID(i)
		c.StartTimestamp, c.CreatedAt = start, start
		c.Type = pick(h, []string{"phone", "phone", "phone", "phone", "phone", "phone", "web", "web", "web", "test"})
		c.Status = pick(h>>8, []string{"completed", "completed", "completed", "completed", "completed",
			"completed", "completed", "failed", "transferred", "in_progress"})

		switch c.Type {
		case "phone":
			c.Direction = Some(pick(h>>16, []string{"inbound", "inbound", "inbound", "outbound"}))
		case "web":
			c.Direction = Some("inbound")
		default:
			c.Direction = Some("internal")
		}
		if a := (h >> 24) % 10; a < 9 {
			agent := seedAgents[1+a/3]
			c.AgentID, c.AgentName = Some(agent.id), Some(agent.name)
			if c.Type == "phone" {
				c.PhoneNumberID = Some(derivedUUID("phone-number", agent.lineIndex))
				c.PhoneNumber = Some(agent.line)
			}
		} else {
			c.AgentID, c.AgentName = Null[string](), Null[string]()
			if c.Type == "phone" {
				c.PhoneNumberID = Some(derivedUUID("phone-number", 4))
				c.PhoneNumber = Some(ivrLine)
			}
		}
		if c.Type == "phone" {
			c.ContactNumber = Some(generatedContacts[(h>>32)%uint64(len(generatedContacts))])
		}

		if c.Status == "in_progress" {
			c.UpdatedAt = start.Add(30 * time.Second)
		} else {
			d := int64(20 + (h>>40)%600)
			c.DurationSeconds = Some(d)
			c.UpdatedAt = start.Add(time.Duration(d+4) * time.Second)
		}
		switch {
		case c.Status == "failed":
			c.Capture = Null[Capture]()
		case c.Type == "phone" && c.Status != "in_progress":
			c.Capture = Some(Capture{RecordingURL: Some(recordingURL(c.ConversationID))})
		}

		m := msgs[i*messagesEach : (i+1)*messagesEach : (i+1)*messagesEach]
		for j := range m {
			m[j].Timestamp = Some(start.Add(time.Duration(j*9) * time.Second))
			switch {
			case j == 3:
				m[j].Role = "tool"
				m[j].Name = Some("lookup_customer")
				m[j].Message = Null[string]()
				m[j].Result = Some(generatedResults[(h>>48)%uint64(len(generatedResults))])
			case j%2 == 0:
				m[j].Role = "agent"
				m[j].Message = Some(agentLines[(h+uint64(j))%uint64(len(agentLines))])
			default:
				m[j].Role = "user"
				m[j].Message = Some(userLines[(h>>4+uint64(j))%uint64(len(userLines))])
			}
		}
		c.Messages = Some(m)
	}
	return cs
}

func pick(h uint64, values []string) string { return values[h%uint64(len(values))] }

func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

var generatedContacts = []string{
	"+4915790000123", "+4917610000042", "+436641234567", "+41791234567", "+447700900461",
	"+12125550147", "+13125550178", "+819012345678", "+33612345678", "+34612345678",
}

var generatedResults = []json.RawMessage{
	json.RawMessage(`{"customer_id":"C-10482","tier":"gold","open_tickets":1}`),
	json.RawMessage(`{"customer_id":"C-20931","tier":"standard","open_tickets":0}`),
	json.RawMessage(`{"found":false}`),
}

var agentLines = []string{
	"Thanks for calling Acme support, my name is Mia. Could you tell me your customer number, please?",
	"I can see your last invoice from the 3rd of the month. The amount was charged to your card ending 4421.",
	"Let me check that for you. It will take a few seconds while I look up the order in our system.",
	"Your parcel left our warehouse yesterday and should arrive tomorrow before noon at the latest.",
	"Vielen Dank für Ihren Anruf. Ich habe Ihre Änderung gespeichert; Sie erhalten gleich eine Bestätigung.",
	"I have scheduled a technician visit for Thursday between 8 and 12. Is that time window okay for you?",
	"Is there anything else I can help you with today? Otherwise I wish you a wonderful rest of the day.",
	"I understand your frustration. I have credited 10 euros to your account as an apology for the delay.",
}

var userLines = []string{
	"Hi, I'm calling because my internet has been dropping out every evening for about a week now.",
	"Sure, my customer number is 4 8 2 1 3, and the contract should be in the name of Maria Schneider.",
	"I ordered a pair of headphones last Monday and the tracking page has not been updated since Wednesday.",
	"Ich möchte meine Bankverbindung ändern, weil ich zu einer anderen Bank gewechselt bin. Geht das am Telefon?",
	"That works for me, but could the technician please call about thirty minutes before arriving?",
	"No, that was everything. Thank you very much for your help, you have been really patient with me.",
	"Can you explain why my bill is higher this month? I did not change anything in my plan as far as I know.",
	"Yes, please send the confirmation to the e-mail address you have on file, not to the old one.",
}
