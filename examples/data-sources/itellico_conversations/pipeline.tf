# In a pipeline: fail the plan's checks when more than 5% of the last 24
# hours' conversations failed. plantimestamp() makes the read happen at
# plan time, so `terraform plan` alone runs the assertion.
data "itellico_conversations" "last_24h" {
  created_after    = timeadd(plantimestamp(), "-24h")
  include_messages = false
}

locals {
  total_24h  = data.itellico_conversations.last_24h.total_count
  failed_24h = length([for c in data.itellico_conversations.last_24h.items : c if c.status == "failed"])
}

check "failure_rate_last_24h" {
  assert {
    condition     = local.failed_24h <= 0.05 * local.total_24h
    error_message = "${local.failed_24h} of ${local.total_24h} conversations in the last 24 hours failed, more than 5%."
  }
}
