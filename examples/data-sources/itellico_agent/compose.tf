# Find an agent by its exact name, then list its failed conversations of
# the last 24 hours. plantimestamp() is known at plan time, so both reads
# happen in `terraform plan`.
data "itellico_agent" "support_de" {
  name = "Support DE"
}

data "itellico_conversations" "support_de_failed" {
  agent_id         = data.itellico_agent.support_de.id
  status           = "failed"
  created_after    = timeadd(plantimestamp(), "-24h")
  include_messages = false
}

output "support_de_failed_conversation_ids" {
  value = data.itellico_conversations.support_de_failed.items[*].conversation_id
}
