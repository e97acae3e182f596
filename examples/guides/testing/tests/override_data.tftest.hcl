# The gates against chosen figures, with override_data (Terraform 1.7 or
# later). The provider is real but reads nothing: every data source is
# overridden, and base_url points nowhere, so the tests run offline without
# a key. Terraform fills the attributes an override leaves out, so override
# every attribute a gate reads.
provider "itellico" {
  api_key  = "offline"
  base_url = "http://127.0.0.1:9"
}

# Quiet figures for every gate: each run below overrides the one it tests.
# `items` is a list of nested objects, which Terraform 1.11 cannot override
# with elements (hashicorp/terraform#38369): `{}` leaves it an empty list.
override_data {
  target = data.itellico_conversation_counts.window
  values = {
    total_count = 200
    by_status   = { completed = 196, failed = 4, transferred = 0, in_progress = 0 }
  }
}

override_data {
  target = data.itellico_conversation_stats.window
  values = {
    agents_by_id = {
      "0e63b9e8-82ce-48f8-a00d-04c0d653e254" = {
        agent_name  = "Support DE"
        total_count = 120
        by_status   = { completed = 118, failed = 2, transferred = 0, in_progress = 0 }
      }
    }
  }
}

override_data {
  target = data.itellico_phone_numbers.all
  values = {}
}

override_data {
  target = data.itellico_agents.active
  values = {}
}

run "quiet_figures_pass" {
  command = plan

  assert {
    condition     = output.failed_percent == 2
    error_message = "4 failed of 200 is ${output.failed_percent}%, want 2%."
  }
}

run "account_failure_rate_fails" {
  command = plan

  override_data {
    target = data.itellico_conversation_counts.window
    values = {
      total_count = 40
      by_status   = { completed = 30, failed = 10, transferred = 0, in_progress = 0 }
    }
  }

  expect_failures = [data.itellico_conversation_counts.window]
}

run "few_conversations_are_not_judged" {
  command = plan

  override_data {
    target = data.itellico_conversation_counts.window
    values = {
      total_count = 4
      by_status   = { completed = 2, failed = 2, transferred = 0, in_progress = 0 }
    }
  }
}

run "agent_failure_rate_fails" {
  command = plan

  override_data {
    target = data.itellico_conversation_stats.window
    values = {
      agents_by_id = {
        "b5eb8629-7d40-4cc7-a531-44d45b77556c" = {
          agent_name  = "Sales EN"
          total_count = 40
          by_status   = { completed = 30, failed = 10, transferred = 0, in_progress = 0 }
        }
      }
    }
  }

  expect_failures = [data.itellico_conversation_stats.window]
}

run "a_higher_threshold_passes" {
  command = plan

  variables {
    max_failure_percent = 30
  }

  override_data {
    target = data.itellico_conversation_stats.window
    values = {
      agents_by_id = {
        "b5eb8629-7d40-4cc7-a531-44d45b77556c" = {
          agent_name  = "Sales EN"
          total_count = 40
          by_status   = { completed = 30, failed = 10, transferred = 0, in_progress = 0 }
        }
      }
    }
  }
}
