# Provider functions (Terraform 1.8 or later, OpenTofu 1.7 or later) need the
# provider in required_providers.
terraform {
  required_providers {
    itellico = {
      source = "itellicoai/itellico"
    }
  }
}

# Yesterday and last week (Monday 00:00 to Monday 00:00) in Berlin: whole
# calendar periods, 23 or 25 hours long on a day the clocks change. Each is
# { start, end }: start belongs to the period and end does not, as
# created_after and created_before take them.
locals {
  yesterday = provider::itellico::previous_calendar_period(plantimestamp(), "day", "Europe/Berlin")
  last_week = provider::itellico::previous_calendar_period(plantimestamp(), "week", "Europe/Berlin")
}

# Yesterday's conversations by status: 5 requests.
data "itellico_conversation_counts" "yesterday" {
  created_after  = local.yesterday.start
  created_before = local.yesterday.end
  dimensions     = ["status"]
}

# Last week's minutes per day, each day cut at midnight in Berlin (tz is the
# same zone): 1 request.
data "itellico_usage" "last_week" {
  start       = local.last_week.start
  end         = local.last_week.end
  granularity = "day"
  tz          = "Europe/Berlin"
}

output "yesterday" {
  value = {
    window = local.yesterday
    total  = data.itellico_conversation_counts.yesterday.total_count
    failed = data.itellico_conversation_counts.yesterday.by_status["failed"]
  }
}

output "last_week_minutes_per_day" {
  value = {
    for b in data.itellico_usage.last_week.buckets :
    substr(b.ts, 0, 10) => ceil(sum(concat([0], b.values[*].seconds)) / 60)
  }
}
