# The routing rule: a phone number that an agent answers must be answered by
# an active agent (archived agents are not in active_agent_ids). A module
# without a provider, so that its tests need no provider and no mock.
variable "phone_numbers" {
  description = "Every phone number, with the id and name of the agent that answers it (null: none)."
  type = list(object({
    number     = string
    agent_id   = string
    agent_name = string
  }))
}

variable "active_agent_ids" {
  description = "Identifiers of the active agents."
  type        = list(string)
}

locals {
  # A conditional, not &&: Terraform evaluates both sides of && and
  # contains() refuses a null.
  misrouted = [
    for n in var.phone_numbers : "${n.number} (${coalesce(n.agent_name, n.agent_id)})"
    if n.agent_id == null ? false : !contains(var.active_agent_ids, n.agent_id)
  ]
}

output "checked" {
  description = "Number of phone numbers checked."
  value       = length(var.phone_numbers)

  precondition {
    condition     = length(local.misrouted) == 0
    error_message = "Phone numbers routed to an archived or unknown agent: ${join(", ", local.misrouted)}."
  }
}
