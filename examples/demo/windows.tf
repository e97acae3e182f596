# Calendar windows from the provider's functions, which need Terraform 1.8
# or later, or OpenTofu 1.7 or later: scripts/demo.sh plans this file only
# with such a CLI. main.tf declares the provider in required_providers, as
# the functions need.
locals {
  # Yesterday, and last week from Monday 00:00 to Monday 00:00, in Berlin:
  # { start, end }, each day 23 or 25 hours long when the clocks change.
  berlin_yesterday = provider::itellico::previous_calendar_period(plantimestamp(), "day", "Europe/Berlin")
  berlin_last_week = provider::itellico::previous_calendar_period(plantimestamp(), "week", "Europe/Berlin")
}

data "itellico_conversation_counts" "berlin_yesterday" {
  created_after  = local.berlin_yesterday.start
  created_before = local.berlin_yesterday.end
  dimensions     = ["status"]
}

data "itellico_usage" "berlin_last_week" {
  start       = local.berlin_last_week.start
  end         = local.berlin_last_week.end
  granularity = "day"
  group_by    = ["agent"]
  tz          = "Europe/Berlin"
}

output "berlin_yesterday" {
  value = {
    window        = "${local.berlin_yesterday.start} to ${local.berlin_yesterday.end}"
    conversations = data.itellico_conversation_counts.berlin_yesterday.total_count
    failed        = data.itellico_conversation_counts.berlin_yesterday.by_status["failed"]
  }
}

output "berlin_last_week_minutes_by_agent" {
  value = {
    for agent, seconds in {
      for v in flatten(data.itellico_usage.berlin_last_week.buckets[*].values) :
      lookup(local.agent_names, v.dimensions["agent"], v.dimensions["agent"] == "" ? "(no agent)" : v.dimensions["agent"]) => v.seconds...
    } : agent => ceil(sum(seconds) / 60)
  }
}
