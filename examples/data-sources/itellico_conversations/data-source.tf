# Every failed inbound phone conversation of the last 24 hours, across all pages.
data "itellico_conversations" "failed_calls" {
  type          = "phone"
  direction     = "inbound"
  status        = "failed"
  created_after = timeadd(plantimestamp(), "-24h")
}

output "failed_calls" {
  value = {
    count = data.itellico_conversations.failed_calls.total_count
    ids   = data.itellico_conversations.failed_calls.items[*].conversation_id
  }
}

# One agent's conversations in a fixed window, without transcripts in state.
data "itellico_conversations" "support_november" {
  account_id       = "3f6b2a9e-8c41-4d7a-9b25-6e0d1c4f8a73"
  agent_id         = "0e63b9e8-82ce-48f8-a00d-04c0d653e254"
  created_after    = "2026-11-01T00:00:00Z"
  created_before   = "2026-12-01T00:00:00Z"
  include_messages = false
}

# The newest 10 conversations; total_count still says how many match in all.
data "itellico_conversations" "latest" {
  max_items = 10
}

# A tool call's result is a JSON string: decode it to use its fields.
locals {
  tool_results = flatten([
    for c in data.itellico_conversations.latest.items : [
      for m in coalesce(c.messages, []) : jsondecode(m.result)
      if m.role == "tool" && m.result != null
    ]
  ])
}
