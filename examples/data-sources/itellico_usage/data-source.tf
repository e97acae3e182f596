# Completed conversations and their minutes per day and agent over the last
# 7 days, with days cut at midnight in Berlin. end = plantimestamp() gives
# every read of a plan the same window.
data "itellico_usage" "daily_by_agent" {
  start       = timeadd(plantimestamp(), "-168h")
  end         = plantimestamp()
  granularity = "day"
  group_by    = ["agent"]
  tz          = "Europe/Berlin"
}

locals {
  # Every (day, agent) value; dimensions["agent"] is the agent's identifier.
  usage_values = flatten([
    for b in data.itellico_usage.daily_by_agent.buckets : [
      for v in b.values : {
        day      = substr(b.ts, 0, 10)
        agent_id = v.dimensions["agent"]
        minutes  = v.seconds / 60
      }
    ]
  ])
}

output "minutes_per_agent_last_7_days" {
  value = {
    for agent_id, minutes in { for v in local.usage_values : v.agent_id => v.minutes... } :
    agent_id => sum(minutes)
  }
}

output "conversations_last_7_days" {
  value = data.itellico_usage.daily_by_agent.total_conversations
}

# Monthly totals of this year, one value per bucket (not grouped).
data "itellico_usage" "monthly" {
  start       = "2026-01-01T00:00:00Z"
  end         = "2027-01-01T00:00:00Z"
  granularity = "month"
}

output "minutes_per_month" {
  value = {
    for b in data.itellico_usage.monthly.buckets :
    substr(b.ts, 0, 7) => sum(concat([0], b.values[*].seconds)) / 60
  }
}
