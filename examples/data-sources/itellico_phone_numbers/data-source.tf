# Every phone number of the account, with the agent that answers it.
data "itellico_phone_numbers" "all" {}

output "inbound_agent_by_number" {
  value = {
    for n in data.itellico_phone_numbers.all.items :
    coalesce(n.number, n.id) => n.inbound_agent == null ? null : n.inbound_agent.name
  }
}

# Warn when a number has no agent to answer it: its callers reach nobody.
check "every_number_answered" {
  assert {
    condition = alltrue([
      for n in data.itellico_phone_numbers.all.items : n.inbound_agent != null
    ])
    error_message = "Phone numbers without an inbound agent: ${join(", ", [
      for n in data.itellico_phone_numbers.all.items : coalesce(n.number, n.id) if n.inbound_agent == null
    ])}."
  }
}
