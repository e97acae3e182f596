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
data "itellico_agents" "all" {}

output "agent_count" {
  value = data.itellico_agents.all.total_count
}
