# Gate a pipeline on what was said in yesterday's failed calls, without a
# word of it in the plan or the state: every failed call has a transcript,
# and no agent read out anything shaped like a card number.
ephemeral "itellico_conversations" "failed_yesterday" {
  status         = "failed"
  created_after  = timeadd(plantimestamp(), "-24h")
  created_before = plantimestamp()
}

locals {
  failed = ephemeral.itellico_conversations.failed_yesterday.items
}

# An output's precondition fails the plan. A message built from ephemeral
# values would not be shown: write it out.
output "transcript_gate" {
  value = "passed"
  precondition {
    condition     = alltrue([for c in local.failed : c.messages != null])
    error_message = "A failed call of the last 24 hours has no transcript."
  }
  precondition {
    condition = alltrue(flatten([
      for c in local.failed : [
        for m in coalesce(c.messages, []) :
        m.role != "agent" || m.message == null || !can(regex("[0-9]{4}[ -]?[0-9]{4}[ -]?[0-9]{4}[ -]?[0-9]{4}", m.message))
      ]
    ]))
    error_message = "An agent read out a number shaped like a card number in a failed call of the last 24 hours."
  }
}
