# Gate 4: what was said, in a configuration of its own. Ephemeral resources
# (Terraform 1.10 or later, OpenTofu 1.11 or later) cannot be in a root
# module under `terraform test`: mock_provider refuses them, and
# override_data does not replace them, so the provider would read the API.
# The rules are the module ../transcripts, which tests/transcripts.tftest.hcl
# tests with chosen transcripts; here they judge the account's own.
terraform {
  required_providers {
    itellico = {
      source = "itellicoai/itellico"
    }
  }
}

variable "window" {
  description = "How far back the gate looks, as timeadd takes it."
  type        = string
  default     = "24h"
}

# The phone calls of the window with their transcripts, which Terraform never
# writes to the plan or the state.
ephemeral "itellico_conversations" "window" {
  type          = "phone"
  created_after = timeadd(plantimestamp(), "-${var.window}")
}

module "transcripts" {
  source = "../transcripts"

  conversations = ephemeral.itellico_conversations.window.items
}
