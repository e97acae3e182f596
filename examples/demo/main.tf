# The configuration `make demo` runs against the project's stand-in API.
# The provider reads ITELLICOAI_API_KEY and ITELLICOAI_BASE_URL from the
# environment that the demo script sets; with no account_id anywhere, the
# data sources read the account of the API key. This file works with
# Terraform 1.5 and OpenTofu 1.6; windows.tf, which the demo adds when the
# CLI has provider functions, computes calendar windows.
terraform {
  required_providers {
    itellico = {
      source = "itellicoai/itellico"
    }
  }
}

provider "itellico" {}

data "itellico_account" "current" {}

data "itellico_subaccounts" "customers" {}

# The last 24 hours by status, for the failure rate: 5 requests of one
# conversation each, whatever the account holds.
data "itellico_conversation_counts" "last_24h" {
  created_after = timeadd(plantimestamp(), "-24h")
  dimensions    = ["status"]
}

# Durations, agents and tool calls of the last 24 hours: every conversation
# is read, only figures are kept; no transcript in state.
data "itellico_conversation_stats" "last_24h" {
  created_after = timeadd(plantimestamp(), "-24h")
}

# Daily usage of the last 7 days per agent, in Berlin time.
data "itellico_usage" "daily" {
  start       = timeadd(plantimestamp(), "-168h")
  end         = plantimestamp()
  granularity = "day"
  group_by    = ["agent"]
  tz          = "Europe/Berlin"
}

# An agent by name, then its failed calls of the last 24 hours.
data "itellico_agent" "support_en" {
  name = "Support EN"
}

data "itellico_conversations" "support_en_failed_24h" {
  agent_id         = data.itellico_agent.support_en.id
  status           = "failed"
  created_after    = timeadd(plantimestamp(), "-24h")
  include_messages = false
}

# Telephony: which agent answers which number, over which trunk.
data "itellico_phone_numbers" "all" {}

# Compliance: every active agent's model must run on an EU-hosted provider.
data "itellico_agents" "active" {}

data "itellico_models" "catalog" {}

locals {
  counts      = data.itellico_conversation_counts.last_24h
  stats       = data.itellico_conversation_stats.last_24h
  agent_names = { for a in data.itellico_agents.active.items : a.id => a.name }
  eu_hosted   = toset([for p in data.itellico_models.catalog.providers : p.code if p.eu_hosted == true])
  not_eu_hosted = sort([
    for a in data.itellico_agents.active.items : a.name
    if !contains(local.eu_hosted, try(coalesce(jsondecode(a.model).provider), "none"))
  ])
}

check "failure_rate_last_24h" {
  assert {
    condition     = local.counts.by_status["failed"] <= 0.05 * local.counts.total_count
    error_message = "${local.counts.by_status["failed"]} of ${local.counts.total_count} conversations in the last 24 hours failed, more than 5%."
  }
}

check "models_hosted_in_the_eu" {
  assert {
    condition     = length(local.not_eu_hosted) == 0
    error_message = "Agents whose model provider is not EU-hosted: ${join(", ", local.not_eu_hosted)}."
  }
}

output "account" {
  value = "${data.itellico_account.current.name}, subaccounts: ${join(", ", data.itellico_subaccounts.customers.items[*].name)}"
}

output "last_24h" {
  value = {
    conversations = local.counts.total_count
    by_status     = local.counts.by_status
    duration_p50  = local.stats.duration_seconds.p50
    duration_p90  = local.stats.duration_seconds.p90
    tool_calls    = local.stats.tool_calls
  }
}

output "last_24h_failure_rate_by_agent" {
  value = { for a in local.stats.agents :
    a.agent_name => format("%d of %d failed (%.0f%%)", a.by_status["failed"], a.total_count, 100 * a.by_status["failed"] / a.total_count)
  }
}

output "daily_minutes_by_agent" {
  value = { for b in data.itellico_usage.daily.buckets : substr(b.ts, 0, 10) => {
    for v in b.values : lookup(local.agent_names, v.dimensions["agent"], v.dimensions["agent"] == "" ? "(no agent)" : v.dimensions["agent"]) => ceil(v.seconds / 60)
  } if length(b.values) > 0 }
}

output "support_en_failed_last_24h" {
  value = data.itellico_conversations.support_en_failed_24h.items[*].start_timestamp
}

output "phone_numbers" {
  value = { for n in data.itellico_phone_numbers.all.items :
    n.number => "${try(n.inbound_agent.name, "(no agent)")} via ${try(n.sip_trunk.name, "(no trunk)")}"
  }
}
