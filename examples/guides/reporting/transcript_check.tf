# Ephemeral resources: Terraform 1.10 or later, OpenTofu 1.11 or later.
# The last 24 hours' failed calls with their transcripts, never written to
# the plan or the state.
ephemeral "itellico_conversations" "failed_24h" {
  status        = "failed"
  created_after = timeadd(plantimestamp(), "-24h")
}

# A check only warns: plan and apply go on. The message is written out, as
# for a precondition: one built from ephemeral values is not shown.
check "failed_calls_have_transcripts" {
  assert {
    condition = alltrue([
      for c in ephemeral.itellico_conversations.failed_24h.items : try(length(c.messages) > 0, false)
    ])
    error_message = "A failed call of the last 24 hours has no transcript."
  }
}
