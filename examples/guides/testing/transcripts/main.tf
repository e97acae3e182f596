# The transcript rules: no agent reads out a card number, or a caller's
# number back to them. A module without a provider, given the conversations
# as a variable, so that its tests can pass any transcripts. The variable is
# ephemeral (Terraform 1.10 or later, OpenTofu 1.11 or later): it takes the
# ephemeral itellico_conversations, which Terraform never stores.
variable "conversations" {
  description = "Conversations with their transcripts; attributes beyond these are dropped."
  type = list(object({
    contact_number = string
    messages = list(object({
      role    = string
      message = string
    }))
  }))
  ephemeral = true
}

locals {
  # 13 to 19 digits, with spaces or dashes between them: a payment card.
  card_number = "(?:[0-9][ -]?){12,18}[0-9]"
}

# The error messages are written out: Terraform does not show a message
# built from ephemeral values.
output "checked" {
  description = "What was checked."
  value       = "No agent read out a card number or a caller's number."

  precondition {
    condition = alltrue(flatten([
      for c in var.conversations : [
        for m in c.messages : m.role != "agent" || !can(regex(local.card_number, m.message))
      ] if c.messages != null
    ]))
    error_message = "An agent read out what looks like a card number: find the call in the itellico dashboard."
  }

  precondition {
    condition = alltrue(flatten([
      for c in var.conversations : [
        for m in c.messages : m.role != "agent" || !try(strcontains(m.message, c.contact_number), false)
      ] if c.messages != null
    ]))
    error_message = "An agent read a caller's number back: find the call in the itellico dashboard."
  }
}
