# Provider functions need the provider in required_providers, even when the
# configuration has no provider block.
terraform {
  required_providers {
    itellico = {
      source = "itellicoai/itellico"
    }
  }
}

# This month so far, the month cut at midnight in Berlin: from the first of
# the month to the moment of the plan. plantimestamp() is known when
# Terraform plans, so the data source is read then.
locals {
  this_month = provider::itellico::calendar_period(plantimestamp(), "month", "Europe/Berlin")
}

data "itellico_conversation_stats" "month_to_date" {
  created_after = local.this_month.start
}

# Today in the zone of the team that reads the report. The day lasts 23 or
# 25 hours when the zone changes to or from summer time.
variable "time_zone" {
  description = "IANA time zone of the report, such as Europe/Berlin or America/New_York."
  type        = string
  default     = "America/New_York"
}

locals {
  today = provider::itellico::calendar_period(plantimestamp(), "day", var.time_zone)
}

data "itellico_conversations" "today" {
  created_after    = local.today.start
  include_messages = false
}

output "so_far" {
  value = {
    # Such as { start = "2026-11-01T00:00:00+01:00", end = "2026-12-01T00:00:00+01:00" }.
    month               = local.this_month
    conversations_month = data.itellico_conversation_stats.month_to_date.total_count
    today               = local.today
    conversations_today = data.itellico_conversations.today.total_count
  }
}
