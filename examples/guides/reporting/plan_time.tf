# plantimestamp() is known at plan time, so these reads happen in
# `terraform plan`; timestamp() would defer them to apply.
locals {
  report_end   = plantimestamp()
  report_start = timeadd(local.report_end, "-24h")
}

# The last 24 hours' figures, read in `terraform plan`.
data "itellico_conversation_stats" "last_24h" {
  created_after  = local.report_start
  created_before = local.report_end
}

output "last_24h" {
  value = {
    window      = "${local.report_start} to ${local.report_end}"
    total       = data.itellico_conversation_stats.last_24h.total_count
    failed      = data.itellico_conversation_stats.last_24h.by_status["failed"]
    p95_seconds = data.itellico_conversation_stats.last_24h.duration_seconds.p95
  }
}
