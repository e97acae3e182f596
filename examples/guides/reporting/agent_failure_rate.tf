# The failure rate of each agent needs figures per agent, which
# itellico_conversation_stats gives: it reads every conversation of the
# window (one request per 1,000), and keeps only figures.
data "itellico_conversation_stats" "last_24h" {
  created_after = timeadd(plantimestamp(), "-24h")
}

variable "max_failure_rate" {
  description = "Highest share of failed conversations an agent may have."
  type        = number
  default     = 0.05
}

variable "min_conversations" {
  description = "Agents with fewer conversations in the window are not judged: 1 failure of 2 is not a rate."
  type        = number
  default     = 20
}

locals {
  # Agents above the failure rate in the last 24 hours. An agent listed in
  # agents has a total_count of at least 1.
  failing_agents = [
    for a in data.itellico_conversation_stats.last_24h.agents : {
      name   = coalesce(a.agent_name, a.agent_id)
      failed = a.by_status["failed"]
      total  = a.total_count
    }
    if a.total_count >= var.min_conversations && a.by_status["failed"] / a.total_count > var.max_failure_rate
  ]
}

# A check warns: plan and apply go on, and the warning names the agents.
check "agent_failure_rate" {
  assert {
    condition = length(local.failing_agents) == 0
    error_message = join("\n", concat(
      ["Agents above a ${var.max_failure_rate * 100}% failure rate in the last 24 hours:"],
      [for a in local.failing_agents : "- ${a.name}: ${a.failed} of ${a.total} failed"],
    ))
  }
}
