# The configuration `make demo` runs against the project's stand-in API.
# The provider reads ITELLICOAI_API_KEY, ITELLICOAI_BASE_URL and
# ITELLICOAI_ACCOUNT_ID from the environment that the demo script sets.
terraform {
  required_providers {
    itellico = {
      source = "itellicoai/itellico"
    }
  }
}

provider "itellico" {}

data "itellico_conversations" "all" {
  include_messages = false
}

data "itellico_conversations" "last_24h" {
  created_after = timeadd(plantimestamp(), "-24h")
}

data "itellico_conversations" "failed_inbound_calls" {
  type      = "phone"
  direction = "inbound"
  status    = "failed"
}

locals {
  last_24h = data.itellico_conversations.last_24h.items
  failed   = [for c in local.last_24h : c if c.status == "failed"]
}

check "failure_rate_last_24h" {
  assert {
    condition     = length(local.last_24h) == 0 || length(local.failed) / length(local.last_24h) <= 0.05
    error_message = "${length(local.failed)} of ${length(local.last_24h)} conversations in the last 24 hours failed, more than 5%."
  }
}

output "conversations_in_account" {
  value = data.itellico_conversations.all.total_count
}

output "last_24h_by_status" {
  value = { for s in distinct(local.last_24h[*].status) : s => length([for c in local.last_24h : c if c.status == s]) }
}

output "last_24h_by_agent" {
  value = { for a in distinct([for c in local.last_24h : coalesce(c.agent_name, "(no agent)")]) :
    a => length([for c in local.last_24h : c if coalesce(c.agent_name, "(no agent)") == a])
  }
}

output "failed_inbound_calls" {
  value = [for c in data.itellico_conversations.failed_inbound_calls.items : {
    when    = c.start_timestamp
    agent   = c.agent_name
    caller  = c.contact_number
    seconds = c.duration_seconds
  }]
}

output "tool_calls_last_24h" {
  value = flatten([for c in local.last_24h : [
    for m in coalesce(c.messages, []) : "${m.name}: ${m.result}" if m.role == "tool" && m.result != null
  ]])
}
