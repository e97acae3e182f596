# A report over the key's account and each of its subaccounts: for a
# reseller, itself and its customers. The figures of an account include
# those of all its subaccounts, active or not: adding the key's account's
# row to its subaccounts' would count every subaccount twice. Its own
# figures are its total minus the sum of its subaccounts'.
variable "days" {
  description = "Length of the report's window, in days."
  type        = number
  default     = 7
}

locals {
  # Both ends fixed at the start of the plan: every read counts the same
  # conversations, so that the subtraction below is exact.
  since = timeadd(plantimestamp(), "-${var.days * 24}h")
  until = plantimestamp()
}

# Every subaccount, inactive ones included: their conversations are in the
# key's account's figures too.
data "itellico_subaccounts" "all" {}

locals {
  # Keyed by identifier: two subaccounts may share a name.
  customers = { for s in data.itellico_subaccounts.all.items : s.id => s }
}

# The key's account: its own conversations and every subaccount's.
data "itellico_conversation_stats" "all_accounts" {
  created_after  = local.since
  created_before = local.until
}

# Fan out: each subaccount's own conversations, one read per subaccount, all
# in `terraform plan`.
data "itellico_conversation_stats" "per_customer" {
  for_each = local.customers

  account_id     = each.key
  created_after  = local.since
  created_before = local.until
}

locals {
  figures = {
    for id, s in data.itellico_conversation_stats.per_customer : id => {
      total   = s.total_count
      failed  = s.by_status["failed"]
      seconds = coalesce(s.duration_seconds.sum, 0)
    }
  }
  all = data.itellico_conversation_stats.all_accounts
  # concat([0], ...): sum() refuses an empty list, and there may be no
  # subaccount.
  subaccounts_total   = sum(concat([0], [for f in values(local.figures) : f.total]))
  subaccounts_failed  = sum(concat([0], [for f in values(local.figures) : f.failed]))
  subaccounts_seconds = sum(concat([0], [for f in values(local.figures) : f.seconds]))
}

# One row per account, each conversation in exactly one row: the rows add
# up to the key's account's total.
output "conversations_per_account" {
  value = concat(
    [{
      account = "(own conversations of the key's account)"
      active  = true
      total   = local.all.total_count - local.subaccounts_total
      failed  = local.all.by_status["failed"] - local.subaccounts_failed
      minutes = (coalesce(local.all.duration_seconds.sum, 0) - local.subaccounts_seconds) / 60
    }],
    [
      for id, f in local.figures : {
        account = local.customers[id].name
        active  = local.customers[id].is_active
        total   = f.total
        failed  = f.failed
        minutes = f.seconds / 60
      }
    ],
  )
}

output "conversations_in_all_accounts" {
  description = "The key's account's total, which counts every row above once."
  value       = local.all.total_count
}
