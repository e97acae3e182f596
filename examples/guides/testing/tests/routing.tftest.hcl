# The routing rule, tested as a module with variables: no provider, no mock,
# no override. This is the way to test a rule over a list of nested objects
# (phone numbers, agents, conversations), which Terraform cannot override.
# Every run here tests ./routing, so this file has no mock_provider.
variables {
  active_agent_ids = ["0e63b9e8-82ce-48f8-a00d-04c0d653e254"]
}

run "numbers_of_active_agents_pass" {
  command = plan

  module {
    source = "./routing"
  }

  variables {
    phone_numbers = [
      { number = "+493023125100", agent_id = "0e63b9e8-82ce-48f8-a00d-04c0d653e254", agent_name = "Support DE" },
      { number = "+493023125000", agent_id = null, agent_name = null },
    ]
  }

  assert {
    condition     = output.checked == 2
    error_message = "Checked ${output.checked} numbers, want 2."
  }
}

run "a_number_of_an_archived_agent_fails" {
  command = plan

  module {
    source = "./routing"
  }

  variables {
    phone_numbers = [
      { number = "+493023125100", agent_id = "0e63b9e8-82ce-48f8-a00d-04c0d653e254", agent_name = "Support DE" },
      { number = "+498912345671", agent_id = "7b1b5566-cacb-4afd-a9f8-102877a5bed8", agent_name = "Billing Bot" },
    ]
  }

  expect_failures = [output.checked]
}
