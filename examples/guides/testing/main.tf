# The gates of a pipeline, in the root module of a configuration of their
# own, so that `terraform test` tests them offline (tests/*.tftest.hcl).
# A false gate fails `terraform plan`: a data source's postcondition, or the
# precondition of a module's output.
terraform {
  required_providers {
    itellico = {
      source = "itellicoai/itellico"
    }
  }
}

variable "window" {
  description = "How far back the gates look, as timeadd takes it."
  type        = string
  default     = "24h"
}

variable "max_failure_percent" {
  description = "Highest percentage of failed conversations, of the account and of each agent."
  type        = number
  default     = 5
}

variable "min_conversations" {
  description = "Fewer conversations than this are not judged: 1 failure of 2 is not a rate."
  type        = number
  default     = 20
}

locals {
  created_after = timeadd(plantimestamp(), "-${var.window}")
}

# Gate 1: the failure rate of the account. 5 requests, whatever it holds.
# Products, not quotients: exact, and no division by zero.
data "itellico_conversation_counts" "window" {
  created_after = local.created_after
  dimensions    = ["status"]

  lifecycle {
    postcondition {
      condition     = self.total_count < var.min_conversations || self.by_status["failed"] * 100 <= var.max_failure_percent * self.total_count
      error_message = "${self.by_status["failed"]} of ${self.total_count} conversations failed, more than ${var.max_failure_percent}%."
    }
  }
}

# Gate 2: the failure rate of each agent. agents_by_id holds the figures of
# `agents` keyed by agent id: a map of objects, which `terraform test` can
# override, where it cannot override the list `agents`.
data "itellico_conversation_stats" "window" {
  created_after = local.created_after

  lifecycle {
    postcondition {
      condition = alltrue([
        for id, a in self.agents_by_id :
        a.total_count < var.min_conversations || a.by_status["failed"] * 100 <= var.max_failure_percent * a.total_count
      ])
      error_message = join("\n", concat(
        ["Agents with more than ${var.max_failure_percent}% of their conversations failed:"],
        [
          for id, a in self.agents_by_id : "- ${coalesce(a.agent_name, id)}: ${a.by_status["failed"]} of ${a.total_count} failed"
          if a.total_count >= var.min_conversations && a.by_status["failed"] * 100 > var.max_failure_percent * a.total_count
        ],
      ))
    }
  }
}

# Gate 3: every phone number answered by an agent is answered by an active
# one. itellico_agents leaves archived agents out unless asked for them.
data "itellico_phone_numbers" "all" {}

data "itellico_agents" "active" {}

# The rule is a module without a provider: its tests pass it phone numbers
# and agents as variables (tests/routing.tftest.hcl).
module "routing" {
  source = "./routing"

  phone_numbers = [
    for n in data.itellico_phone_numbers.all.items : {
      number     = coalesce(n.number, n.id)
      agent_id   = try(n.inbound_agent.id, null)
      agent_name = try(n.inbound_agent.name, null)
    }
  ]
  active_agent_ids = data.itellico_agents.active.items[*].id
}

output "failed_percent" {
  description = "Percentage of the window's conversations that failed."
  value       = 100 * data.itellico_conversation_counts.window.by_status["failed"] / max(data.itellico_conversation_counts.window.total_count, 1)
}

output "phone_numbers_checked" {
  value = module.routing.checked
}
