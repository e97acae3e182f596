# A data source inside a check block is read with the check: if the read
# fails (the API is down, the key expired), the check warns instead of
# failing the run. Use it for reports that must never block a deployment.
check "transferred_share" {
  # The last 24 hours' phone calls by status: 5 requests.
  data "itellico_conversation_counts" "phone_last_24h" {
    type          = "phone"
    created_after = timeadd(plantimestamp(), "-24h")
    dimensions    = ["status"]
  }

  assert {
    # A product, not a quotient: Terraform before 1.12 evaluates both sides
    # of ||, so a division would fail when there is no conversation.
    condition = (
      data.itellico_conversation_counts.phone_last_24h.by_status["transferred"] <=
      0.2 * data.itellico_conversation_counts.phone_last_24h.total_count
    )
    error_message = "More than 20% of the last 24 hours' phone conversations were transferred to a human."
  }
}
