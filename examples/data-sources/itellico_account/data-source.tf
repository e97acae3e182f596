# The account that the provider's API key belongs to.
data "itellico_account" "current" {}

output "account" {
  value = {
    id     = data.itellico_account.current.id
    name   = data.itellico_account.current.name
    active = data.itellico_account.current.is_active
  }
}

# Refuse to plan against an inactive account.
check "account_active" {
  assert {
    condition     = data.itellico_account.current.is_active == true
    error_message = "The itellico account ${data.itellico_account.current.name} is not active."
  }
}
