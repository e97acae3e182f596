# In a pipeline: fail the plan when a call has been "in progress" for more
# than a day, the sign of a stuck telephony integration. The conversations
# are read as the ephemeral twin of this data source, so the callers'
# numbers and recordings never reach the plan or the state, and an output's
# precondition fails the plan (a check block would only warn). For a
# failure rate, where numbers suffice, itellico_conversation_counts is
# cheaper still.
ephemeral "itellico_conversations" "in_progress" {
  status           = "in_progress"
  include_messages = false
}

output "stuck_calls_gate" {
  value = "no call stuck in progress"
  precondition {
    condition = alltrue([
      for c in ephemeral.itellico_conversations.in_progress.items :
      timecmp(c.start_timestamp, timeadd(plantimestamp(), "-24h")) >= 0
    ])
    error_message = "A call has been in progress for more than 24 hours: check the telephony integration."
  }
}
