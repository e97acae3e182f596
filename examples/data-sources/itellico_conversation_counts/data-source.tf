# The failure rate of last week's phone calls, from twelve requests of one
# conversation each, however many calls the account had: no conversation,
# transcript or phone number reaches the state.
data "itellico_conversation_counts" "last_7_days" {
  type          = "phone"
  created_after = timeadd(plantimestamp(), "-168h")
}

locals {
  week = data.itellico_conversation_counts.last_7_days
}

output "failure_rate_last_7_days" {
  value = {
    calls    = local.week.total_count
    failed   = local.week.by_status["failed"]
    inbound  = local.week.by_direction["inbound"]
    outbound = local.week.by_direction["outbound"]
    # A product, not a guarded division: Terraform before 1.12 evaluates
    # both sides of a conditional.
    failed_percent = local.week.by_status["failed"] * 100 / max(local.week.total_count, 1)
  }
}

# The total alone, in one request: `dimensions = []`.
data "itellico_conversation_counts" "failed_today" {
  status        = "failed"
  created_after = timeadd(plantimestamp(), "-24h")
  dimensions    = []
}
