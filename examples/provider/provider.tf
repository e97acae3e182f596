terraform {
  required_providers {
    itellico = {
      source = "itellicoai/itellico"
    }
  }
}

# The API key is best left to the ITELLICOAI_API_KEY environment variable,
# so that it stays out of configuration files, and the address to
# ITELLICOAI_BASE_URL when it is not the API's own (such as the project's
# stand-in API, which `make standin` serves and whose variables it prints).
#
# No account_id: data sources read the account that the API key belongs to,
# so this block works as written with any key, the stand-in's included. Set
# account_id (or ITELLICOAI_ACCOUNT_ID) to read a subaccount by default, or
# to spare the one lookup of the key's account per plan.
provider "itellico" {
  max_retries     = 2
  request_timeout = "60s"
}

# The account the key reads, and how many conversations it had in the last
# 24 hours: one request each.
data "itellico_account" "current" {}

data "itellico_conversation_counts" "last_24h" {
  created_after = timeadd(plantimestamp(), "-24h")
  dimensions    = []
}

output "account" {
  value = "${data.itellico_account.current.name}: ${data.itellico_conversation_counts.last_24h.total_count} conversations in the last 24 hours"
}
