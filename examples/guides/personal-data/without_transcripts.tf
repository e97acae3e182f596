# The conversations themselves, without their transcripts and tool results:
# include_messages = false. The state still holds, for each conversation,
# the caller's number (contact_number) and the recording's URL: the data
# source stores every attribute it reads, whatever the outputs show.
data "itellico_conversations" "failed_yesterday" {
  status           = "failed"
  created_after    = timeadd(plantimestamp(), "-24h")
  include_messages = false
}

# Identifiers to follow up in the itellico dashboard.
output "failed_conversation_ids" {
  value = data.itellico_conversations.failed_yesterday.items[*].conversation_id
}
