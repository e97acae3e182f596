# Every SIP trunk of the account, with the numbers reached through it.
data "itellico_sip_trunks" "all" {}

output "numbers_by_trunk" {
  value = {
    for t in data.itellico_sip_trunks.all.items :
    t.name => [for n in coalesce(t.phone_numbers, []) : n.number]
  }
}

# Warn about a trunk that accepts calls from anyone: no SIP password and no
# allowed addresses. The API never sends the password itself.
check "sip_trunks_restricted" {
  assert {
    condition = alltrue([
      for t in data.itellico_sip_trunks.all.items :
      t.has_auth_password == true || length(coalesce(t.allowed_ips, [])) > 0
    ])
    error_message = "SIP trunks with neither a password nor allowed IPs: ${join(", ", [
      for t in data.itellico_sip_trunks.all.items : t.name
      if !(t.has_auth_password == true || length(coalesce(t.allowed_ips, [])) > 0)
    ])}."
  }
}
