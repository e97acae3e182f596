# Daily usage per agent over the last 30 days, days cut at midnight in
# Berlin, as CSV for a pipeline artifact or a spreadsheet.
data "itellico_usage" "daily_by_agent" {
  start       = timeadd(plantimestamp(), "-720h")
  end         = plantimestamp()
  granularity = "day"
  group_by    = ["agent"]
  tz          = "Europe/Berlin"
}

# Agent names, archived agents included: usage may name an agent that was
# archived since.
data "itellico_agents" "all" {
  include_archived = true
}

locals {
  agent_names = { for a in data.itellico_agents.all.items : a.id => a.name }

  # One row per day and agent. dimensions["agent"] is "" for conversations
  # without an agent, which coalesce refuses: those are "none".
  daily_usage = flatten([
    for b in data.itellico_usage.daily_by_agent.buckets : [
      for v in b.values : {
        day           = substr(b.ts, 0, 10)
        agent_id      = try(coalesce(v.dimensions["agent"]), "none")
        conversations = v.conversations
        seconds       = v.seconds
      }
    ]
  ])
}

output "daily_usage_csv" {
  value = join("\n", concat(
    ["day,agent,conversations,minutes"],
    [
      for r in local.daily_usage :
      "${r.day},${lookup(local.agent_names, r.agent_id, r.agent_id)},${r.conversations},${ceil(r.seconds / 60)}"
    ],
  ))
}

output "total_minutes_30_days" {
  value = ceil(data.itellico_usage.daily_by_agent.total_seconds / 60)
}
