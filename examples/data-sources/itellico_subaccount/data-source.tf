# One subaccount by its exact name (case-sensitive).
data "itellico_subaccount" "schweiz" {
  name = "Acme Schweiz AG"

  # Stop the run if the customer's account was deactivated.
  lifecycle {
    postcondition {
      condition     = self.is_active == true
      error_message = "The subaccount ${self.name} (${self.id}) is not active."
    }
  }
}

# Read that subaccount's agents: every data source takes an account_id.
data "itellico_agents" "schweiz" {
  account_id = data.itellico_subaccount.schweiz.id
}

output "schweiz_agents" {
  value = data.itellico_agents.schweiz.items[*].name
}

# One subaccount by its identifier.
data "itellico_subaccount" "by_id" {
  id = "f019e5a9-d7d9-4287-b19e-c58fb48c0b42"
}
