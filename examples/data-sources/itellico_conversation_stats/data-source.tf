# Figures of the last 24 hours' conversations, without a single
# conversation or transcript in the state.
data "itellico_conversation_stats" "last_24h" {
  created_after = timeadd(plantimestamp(), "-24h")
}

output "last_24h" {
  value = {
    total       = data.itellico_conversation_stats.last_24h.total_count
    failed      = data.itellico_conversation_stats.last_24h.by_status["failed"]
    transferred = data.itellico_conversation_stats.last_24h.by_status["transferred"]
    inbound     = data.itellico_conversation_stats.last_24h.by_direction["inbound"]
    phone       = data.itellico_conversation_stats.last_24h.by_type["phone"]
    p95_seconds = data.itellico_conversation_stats.last_24h.duration_seconds.p95
    tool_calls  = data.itellico_conversation_stats.last_24h.tool_calls
  }
}

# Failure rate and median length per agent, keyed by agent identifier.
output "by_agent_last_24h" {
  value = {
    for a in data.itellico_conversation_stats.last_24h.agents : a.agent_id => {
      name          = a.agent_name
      conversations = a.total_count
      failure_rate  = a.by_status["failed"] / a.total_count
      p50_seconds   = a.duration_seconds.p50
    }
  }
}

# One agent's inbound phone calls of November, the same filters as
# itellico_conversations.
data "itellico_conversation_stats" "support_de_november" {
  agent_id       = "0e63b9e8-82ce-48f8-a00d-04c0d653e254"
  type           = "phone"
  direction      = "inbound"
  created_after  = "2026-11-01T00:00:00+01:00"
  created_before = "2026-12-01T00:00:00+01:00"
}
