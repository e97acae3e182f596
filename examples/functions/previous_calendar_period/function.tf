# Provider functions need the provider in required_providers, even when the
# configuration has no provider block.
terraform {
  required_providers {
    itellico = {
      source = "itellicoai/itellico"
    }
  }
}

# Last week's failed calls, Monday 00:00 to Monday 00:00 in Berlin, however
# many hours the week had. created_after includes start and created_before
# excludes end, so consecutive weeks neither overlap nor leave a gap.
locals {
  last_week = provider::itellico::previous_calendar_period(plantimestamp(), "week", "Europe/Berlin")
}

data "itellico_conversations" "failed_last_week" {
  type             = "phone"
  status           = "failed"
  created_after    = local.last_week.start
  created_before   = local.last_week.end
  include_messages = false
}

# Yesterday's usage hour by hour, in the zone of the team that reads it:
# tz is the same zone, so the buckets start where the day does.
variable "time_zone" {
  description = "IANA time zone of the report, such as Europe/Berlin or America/New_York."
  type        = string
  default     = "America/New_York"
}

locals {
  yesterday = provider::itellico::previous_calendar_period(plantimestamp(), "day", var.time_zone)
}

data "itellico_usage" "yesterday" {
  start       = local.yesterday.start
  end         = local.yesterday.end
  granularity = "hour"
  tz          = var.time_zone
}

output "last_week" {
  value = {
    # Such as "2026-11-16T00:00:00+01:00" and "2026-11-23T00:00:00+01:00".
    week         = local.last_week
    failed_calls = data.itellico_conversations.failed_last_week.items[*].conversation_id
  }
}

output "yesterday_seconds" {
  value = data.itellico_usage.yesterday.total_seconds
}
