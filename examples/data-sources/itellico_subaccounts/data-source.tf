# Every active subaccount of the key's account: for a reseller, its customers.
data "itellico_subaccounts" "active" {
  is_active = true
}

locals {
  # Keyed by identifier: two subaccounts may share a name.
  customers = { for s in data.itellico_subaccounts.active.items : s.id => s.name }
}

# Fan out: the last 7 days' conversation figures of each customer, one read
# per subaccount, all in `terraform plan`.
data "itellico_conversation_stats" "per_customer" {
  for_each = local.customers

  account_id    = each.key
  created_after = timeadd(plantimestamp(), "-168h")
}

output "customers_last_7_days" {
  value = [
    for id, s in data.itellico_conversation_stats.per_customer : {
      subaccount = local.customers[id]
      total      = s.total_count
      failed     = s.by_status["failed"]
      minutes    = coalesce(s.duration_seconds.sum, 0) / 60
    }
  ]
}
