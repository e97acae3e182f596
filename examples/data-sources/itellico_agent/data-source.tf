# One agent by its exact name (case-sensitive).
data "itellico_agent" "support" {
  name = "Support EN"
}

# One agent by its identifier.
data "itellico_agent" "sales" {
  id = "b5eb8629-7d40-4cc7-a531-44d45b77556c"
}

# model, voice and transcriber are JSON strings: jsondecode them to read
# their fields.
output "support_agent" {
  value = {
    id             = data.itellico_agent.support.id
    tags           = data.itellico_agent.support.tags
    model_provider = jsondecode(data.itellico_agent.support.model).provider
    last_modified  = data.itellico_agent.support.modified
  }
}
