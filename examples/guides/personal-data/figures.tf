# Numbers without personal data: counts and statistics keep no conversation,
# transcript or phone number in the plan or the state. What they keep of
# people's data is the agents' names and the tools' names.

# Last week's failure rate: 5 requests, whatever the account holds.
data "itellico_conversation_counts" "last_week" {
  created_after = timeadd(plantimestamp(), "-168h")
  dimensions    = ["status"]
}

# Durations and the calls of each agent: every conversation is read (one
# request per 1,000) and only figures are kept.
data "itellico_conversation_stats" "last_week" {
  created_after = timeadd(plantimestamp(), "-168h")
}

output "last_week" {
  value = {
    conversations  = data.itellico_conversation_counts.last_week.total_count
    failed         = data.itellico_conversation_counts.last_week.by_status["failed"]
    median_seconds = data.itellico_conversation_stats.last_week.duration_seconds.p50
    by_agent       = { for a in data.itellico_conversation_stats.last_week.agents : coalesce(a.agent_name, a.agent_id) => a.total_count }
  }
}
