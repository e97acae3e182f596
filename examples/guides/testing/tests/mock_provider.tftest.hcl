# The same gates with mock_provider (Terraform 1.7 or later): no provider
# configuration, no key, nothing read. mock_data sets what every read of a
# data source returns; what it leaves out, Terraform makes up. A file with
# mock_provider has no run of another module (see tests/routing.tftest.hcl):
# Terraform would take the mock for that module's provider, of another type.
mock_provider "itellico" {
  mock_data "itellico_conversation_counts" {
    defaults = {
      total_count = 200
      by_status   = { completed = 198, failed = 2, transferred = 0, in_progress = 0 }
    }
  }

  mock_data "itellico_conversation_stats" {
    defaults = {
      agents_by_id = {
        "b5eb8629-7d40-4cc7-a531-44d45b77556c" = {
          agent_name  = "Sales EN"
          total_count = 100
          by_status   = { completed = 97, failed = 3, transferred = 0, in_progress = 0 }
        }
      }
    }
  }
}

run "mocked_figures_pass" {
  command = plan

  assert {
    condition     = output.failed_percent == 1
    error_message = "2 failed of 200 is ${output.failed_percent}%, want 1%."
  }
}

# 3 of 100 is 3%: under the default 5%, above 2%.
run "a_stricter_threshold_fails" {
  command = plan

  variables {
    max_failure_percent = 2
  }

  expect_failures = [data.itellico_conversation_stats.window]
}

run "agents_with_fewer_conversations_are_not_judged" {
  command = plan

  variables {
    max_failure_percent = 2
    min_conversations   = 101
  }
}
