# One conversation by its identifier, with its transcript.
data "itellico_conversation" "escalation" {
  conversation_id = "f84ec719-00c7-49b9-bb14-00a29c33b8ee"
}

output "escalation" {
  value = {
    status   = data.itellico_conversation.escalation.status
    agent    = data.itellico_conversation.escalation.agent_name
    duration = data.itellico_conversation.escalation.duration_seconds
    turns    = length(coalesce(data.itellico_conversation.escalation.messages, []))
  }
}

# The same conversation in a given account, without its transcript in state.
data "itellico_conversation" "escalation_summary" {
  account_id       = "3f6b2a9e-8c41-4d7a-9b25-6e0d1c4f8a73"
  conversation_id  = "f84ec719-00c7-49b9-bb14-00a29c33b8ee"
  include_messages = false
}
