# Three ways to read the same week of conversations, from lightest to
# heaviest for Terraform. The API sends every conversation with its
# transcript in all three; what differs is what Terraform receives.

# 1. Figures only: counts, rates, durations. A few hundred values in state,
#    whatever the number of conversations; no personal data.
data "itellico_conversation_stats" "week" {
  created_after = timeadd(plantimestamp(), "-168h")
}

# 2. Every conversation, without its transcript: identifiers, status, agent,
#    numbers, duration, recording URL.
data "itellico_conversations" "week_without_transcripts" {
  created_after    = timeadd(plantimestamp(), "-168h")
  include_messages = false
}

# 3. Every conversation with its transcript and tool results.
data "itellico_conversations" "week_with_transcripts" {
  created_after = timeadd(plantimestamp(), "-168h")
}
