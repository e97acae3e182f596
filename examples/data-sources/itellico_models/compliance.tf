# Data residency: every active agent's language model must run in the EU.
# An agent's model is a JSON string whose "provider" is the code of a vendor
# of the model catalog; the catalog says whether that vendor is EU-hosted.

data "itellico_agents" "active" {
  is_archived = false
}

data "itellico_models" "compliance" {}

locals {
  eu_hosted_model_providers = [
    for p in data.itellico_models.compliance.providers : p.code if p.eu_hosted == true
  ]

  # Each active agent with its model's provider; "none" when the agent has
  # no model or its model names no provider: such an agent cannot be shown
  # to run in the EU, so it is reported too.
  agent_model_providers = [
    for a in data.itellico_agents.active.items : {
      id             = a.id
      name           = a.name
      model_provider = try(coalesce(jsondecode(a.model).provider), "none")
    }
  ]

  agents_not_eu_hosted = [
    for a in local.agent_model_providers : a
    if !contains(local.eu_hosted_model_providers, a.model_provider)
  ]
}

# A check warns on every plan and apply without stopping the run; use a
# postcondition on the data source instead to fail it.
check "agent_models_eu_hosted" {
  assert {
    condition = length(local.agents_not_eu_hosted) == 0
    error_message = format(
      "Active agents whose model provider is not EU-hosted (%d): %s.",
      length(local.agents_not_eu_hosted),
      join(", ", [for a in local.agents_not_eu_hosted : "${a.name} (${a.model_provider})"]),
    )
  }
}

output "agents_not_eu_hosted" {
  description = "Active agents whose model provider is not EU-hosted, with that provider."
  value       = local.agents_not_eu_hosted
}
