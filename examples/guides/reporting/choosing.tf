# Four ways to read the same week of conversations, from lightest to
# heaviest. What differs is what the API sends (requests) and what Terraform
# receives and stores (values in the plan and the state).

# 1. Counts: the total and the counts by status, type and direction, from
#    12 requests of one conversation each, whatever the account holds.
data "itellico_conversation_counts" "week" {
  created_after = timeadd(plantimestamp(), "-168h")
}

# 2. Figures: counts, durations, per agent and per tool name. Every
#    conversation is read (one request per 1,000), only figures are kept.
data "itellico_conversation_stats" "week" {
  created_after = timeadd(plantimestamp(), "-168h")
}

# 3. Every conversation, without its transcript: identifiers, status, agent,
#    phone numbers, duration, recording URL. The same requests as 2.
data "itellico_conversations" "week_without_transcripts" {
  created_after    = timeadd(plantimestamp(), "-168h")
  include_messages = false
}

# 4. Every conversation with its transcript and tool results. The same
#    requests as 2, and by far the most values.
data "itellico_conversations" "week_with_transcripts" {
  created_after = timeadd(plantimestamp(), "-168h")
}
