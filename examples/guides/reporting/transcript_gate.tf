# Ephemeral resources: Terraform 1.10 or later, OpenTofu 1.11 or later.
# The last 24 hours' conversations with their transcripts, which Terraform
# never writes to the plan or the state. One request per 1,000
# conversations, as the data source.
ephemeral "itellico_conversations" "last_24h" {
  created_after = timeadd(plantimestamp(), "-24h")
}

locals {
  # 13 to 19 digits, with spaces or dashes between them: a payment card.
  card_number = "(?:[0-9][ -]?){12,18}[0-9]"
}

# An output's preconditions fail the plan. Their error messages are written
# out: Terraform does not show a message built from ephemeral values.
output "transcripts_checked" {
  value = "Every failed call of the last 24 hours has a transcript, and no agent read out a card number."

  precondition {
    condition = alltrue([
      for c in ephemeral.itellico_conversations.last_24h.items :
      try(length(c.messages) > 0, false) if c.status == "failed"
    ])
    error_message = "A failed call of the last 24 hours has no transcript: look it up in the itellico dashboard."
  }

  precondition {
    condition = alltrue(flatten([
      for c in ephemeral.itellico_conversations.last_24h.items : [
        for m in c.messages : m.role != "agent" || !can(regex(local.card_number, m.message))
      ] if c.messages != null
    ]))
    error_message = "An agent read out what looks like a card number in the last 24 hours: find the call in the itellico dashboard."
  }
}
