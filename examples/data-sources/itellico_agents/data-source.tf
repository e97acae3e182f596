# Every active agent tagged both "support" and "en", across all pages.
data "itellico_agents" "english_support" {
  tags        = ["support", "en"]
  is_archived = false
}

output "english_support_agents" {
  value = { for a in data.itellico_agents.english_support.items : a.name => a.id }
}

# Agents whose name contains "sales", ignoring case.
data "itellico_agents" "sales" {
  name = "sales"
}

# Every agent of the account, archived ones included.
data "itellico_agents" "all" {
  include_archived = true
}

output "agent_count" {
  value = data.itellico_agents.all.total_count
}

# model, voice, transcriber and metadata are JSON strings: jsondecode them.
# An agent without a model, or whose model names no provider, shows "none".
output "model_provider_by_agent" {
  value = {
    for a in data.itellico_agents.all.items :
    a.id => {
      name           = a.name
      model_provider = try(coalesce(jsondecode(a.model).provider), "none")
    }
  }
}

# Agents created or changed in the last 7 days, for a change review.
data "itellico_agents" "recently_modified" {
  modified_ge = timeadd(plantimestamp(), "-168h")
}
