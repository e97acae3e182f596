terraform {
  required_providers {
    itellico = {
      source = "itellicoai/itellico"
    }
  }
}

# The API key is best left to the ITELLICOAI_API_KEY environment variable,
# so that it stays out of configuration files. account_id is optional: without
# it (and without ITELLICOAI_ACCOUNT_ID), data sources read the account that
# the API key belongs to.
provider "itellico" {
  account_id      = "8b0c7f6e-3d5a-4e2b-9c1d-2f4a6b8c0d1e"
  max_retries     = 2
  request_timeout = "60s"
}
