# The last 24 hours' conversations by status, from 5 requests of one
# conversation each (the total, and one per status), whatever the account
# holds: no conversation reaches the state.
data "itellico_conversation_counts" "last_24h" {
  created_after = timeadd(plantimestamp(), "-24h")
  dimensions    = ["status"]
}

variable "max_failure_rate" {
  description = "Highest share of failed conversations before the check warns."
  type        = number
  default     = 0.05
}

locals {
  last_24h = data.itellico_conversation_counts.last_24h
}

# A check warns: plan and apply go on. A product, not a quotient, so that a
# day without conversations divides nothing by zero.
check "failure_rate_last_24h" {
  assert {
    condition     = local.last_24h.by_status["failed"] <= var.max_failure_rate * local.last_24h.total_count
    error_message = "${local.last_24h.by_status["failed"]} of ${local.last_24h.total_count} conversations in the last 24 hours failed, more than ${var.max_failure_rate * 100}%."
  }
}
