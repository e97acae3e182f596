# A postcondition fails the run: `terraform plan` exits with an error, and a
# pipeline stops before it applies anything. Here: the last hour's phone
# calls may not fail more than var.max_failure_rate of the time, once there
# are var.min_calls of them. 5 requests, whatever the account holds.
variable "max_failure_rate" {
  description = "Highest share of failed phone calls in the last hour."
  type        = number
  default     = 0.05
}

variable "min_calls" {
  description = "Fewer calls than this in the hour are not judged: 1 failure of 2 is not a rate."
  type        = number
  default     = 20
}

data "itellico_conversation_counts" "last_hour" {
  type          = "phone"
  created_after = timeadd(plantimestamp(), "-1h")
  dimensions    = ["status"]

  lifecycle {
    postcondition {
      condition     = self.total_count < var.min_calls || self.by_status["failed"] <= var.max_failure_rate * self.total_count
      error_message = "${self.by_status["failed"]} of the last hour's ${self.total_count} phone calls failed, more than ${var.max_failure_rate * 100}%."
    }
  }
}
