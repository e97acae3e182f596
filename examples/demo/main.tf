# The configuration `make demo` runs against the project's stand-in API.
# The provider reads ITELLICOAI_API_KEY and ITELLICOAI_BASE_URL from the
# environment that the demo script sets; with no account_id anywhere, the
# data sources read the account of the API key.
terraform {
  required_providers {
    itellico = {
      source = "itellicoai/itellico"
    }
  }
}

provider "itellico" {}

data "itellico_account" "current" {}

# An agent by name, then its failed conversations of the last 24 hours.
data "itellico_agent" "support_en" {
  name = "Support EN"
}

data "itellico_conversations" "support_en_failed_24h" {
  agent_id         = data.itellico_agent.support_en.id
  status           = "failed"
  created_after    = timeadd(plantimestamp(), "-24h")
  include_messages = false
}

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

output "account" {
  value = "${data.itellico_account.current.name} (${data.itellico_account.current.id})"
}

output "conversations_in_account" {
  value = data.itellico_conversations.all.total_count
}

output "support_en_failed_last_24h" {
  value = data.itellico_conversations.support_en_failed_24h.items[*].start_timestamp
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
