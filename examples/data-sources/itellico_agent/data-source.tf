# One agent by its exact name (case-sensitive).
data "itellico_agent" "support" {
  name = "Support EN"
}

# One agent by its identifier.
data "itellico_agent" "sales" {
  id = "b5eb8629-7d40-4cc7-a531-44d45b77556c"
}

output "support_agent" {
  value = {
    id       = data.itellico_agent.support.id
    tags     = data.itellico_agent.support.tags
    archived = data.itellico_agent.support.is_archived
  }
}
