# The transcript rules, tested as a module with variables, as the routing
# rule is (Terraform 1.10 or later, OpenTofu 1.11 or later, for the
# ephemeral variable). Every run here tests ./transcripts.
run "ordinary_calls_pass" {
  command = plan

  module {
    source = "./transcripts"
  }

  variables {
    conversations = [
      {
        contact_number = "+4915112345678"
        messages = [
          { role = "agent", message = "Guten Tag, Acme Kundenservice. Wie kann ich helfen?" },
          { role = "user", message = "Meine Kundennummer ist 48213." },
          { role = "event", message = null },
        ]
      },
      { contact_number = null, messages = null },
    ]
  }
}

run "a_card_number_read_out_fails" {
  command = plan

  module {
    source = "./transcripts"
  }

  variables {
    conversations = [{
      contact_number = "+13125550178"
      messages       = [{ role = "agent", message = "So that is your card 4111 1111 1111 1111." }]
    }]
  }

  expect_failures = [output.checked]
}

run "a_number_read_back_fails" {
  command = plan

  module {
    source = "./transcripts"
  }

  variables {
    conversations = [{
      contact_number = "+13125550178"
      messages       = [{ role = "agent", message = "I will call you back on +13125550178." }]
    }]
  }

  expect_failures = [output.checked]
}

# A caller may say their own card number: only agents are judged.
run "a_caller_saying_a_number_passes" {
  command = plan

  module {
    source = "./transcripts"
  }

  variables {
    conversations = [{
      contact_number = "+13125550178"
      messages       = [{ role = "user", message = "My card is 4111 1111 1111 1111, call me on +13125550178." }]
    }]
  }
}
