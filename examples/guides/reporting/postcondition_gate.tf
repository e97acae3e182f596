# A postcondition fails the run: `terraform plan` exits with an error, and a
# pipeline stops before it applies anything. Here: no agent may have failed
# more than var.max_failure_rate of its conversations in the last hour.
data "itellico_conversation_stats" "last_hour" {
  created_after = timeadd(plantimestamp(), "-1h")

  lifecycle {
    postcondition {
      condition = alltrue([
        for a in self.agents :
        a.total_count < var.min_conversations || a.by_status["failed"] / a.total_count <= var.max_failure_rate
      ])
      error_message = "Agents above a ${var.max_failure_rate * 100}% failure rate in the last hour: ${join(", ", [
        for a in self.agents : "${coalesce(a.agent_name, a.agent_id)} (${a.by_status["failed"]} of ${a.total_count})"
        if a.total_count >= var.min_conversations && a.by_status["failed"] / a.total_count > var.max_failure_rate
      ])}."
    }
  }
}
