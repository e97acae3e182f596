# Provider functions need the provider in required_providers, even when the
# configuration has no provider block.
terraform {
  required_providers {
    itellico = {
      source = "itellicoai/itellico"
    }
  }
}

# The four whole weeks before this one: from the start of the week four
# weeks back to the start of this week.
locals {
  four_weeks = {
    start = provider::itellico::offset_calendar_period(plantimestamp(), "week", "Europe/Berlin", -4).start
    end   = provider::itellico::calendar_period(plantimestamp(), "week", "Europe/Berlin").start
  }
}

data "itellico_conversation_stats" "four_weeks" {
  created_after  = local.four_weeks.start
  created_before = local.four_weeks.end
}

# Month over month: last month (-1) against the month before it (-2).
locals {
  months = {
    last_month   = provider::itellico::offset_calendar_period(plantimestamp(), "month", "Europe/Berlin", -1)
    month_before = provider::itellico::offset_calendar_period(plantimestamp(), "month", "Europe/Berlin", -2)
  }
}

data "itellico_conversation_stats" "month" {
  for_each = local.months

  created_after  = each.value.start
  created_before = each.value.end
}

output "conversations" {
  value = {
    four_weeks   = data.itellico_conversation_stats.four_weeks.total_count
    last_month   = data.itellico_conversation_stats.month["last_month"].total_count
    month_before = data.itellico_conversation_stats.month["month_before"].total_count
  }
}
