# Ephemeral resources: Terraform 1.10 or later, OpenTofu 1.11 or later.
# A gate on what was said, with nothing stored: the last 24 hours' phone
# calls, transcripts and callers' numbers included, read as an ephemeral
# resource, which Terraform never writes to the plan or the state.
ephemeral "itellico_conversations" "calls_24h" {
  type          = "phone"
  created_after = timeadd(plantimestamp(), "-24h")
}

# No agent read a caller's number back to them. Anything computed from an
# ephemeral value is ephemeral too: it may decide a condition, but it cannot
# be an output's value, and an error message built from it is not shown.
output "no_number_read_back" {
  value = "No agent read a caller's number back in the last 24 hours."

  precondition {
    condition = alltrue(flatten([
      for c in ephemeral.itellico_conversations.calls_24h.items : [
        for m in c.messages : m.role != "agent" || !try(strcontains(m.message, c.contact_number), false)
      ] if c.messages != null
    ]))
    error_message = "An agent read a caller's number back in the last 24 hours: find the call in the itellico dashboard."
  }
}
