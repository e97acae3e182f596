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
  id = "3f6c2a1e-8d4b-4c7a-9e5f-1a2b3c4d5e6f"
}
