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
  account_id       = "8b0c7f6e-3d5a-4e2b-9c1d-2f4a6b8c0d1e"
  agent_id         = "0c7e4a52-9d1b-4f3e-8a26-5b9c1d2e3f40"
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
