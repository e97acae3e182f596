# A data source inside a check block is read with the check: if the read
# fails (the API is down, the key expired), the check warns instead of
# failing the run. Use it for reports that must never block a deployment.
check "transferred_share" {
  data "itellico_conversation_stats" "phone_last_24h" {
    type          = "phone"
    created_after = timeadd(plantimestamp(), "-24h")
  }

  assert {
    condition = (
      data.itellico_conversation_stats.phone_last_24h.total_count == 0 ||
      data.itellico_conversation_stats.phone_last_24h.by_status["transferred"] / data.itellico_conversation_stats.phone_last_24h.total_count <= 0.2
    )
    error_message = "More than 20% of the last 24 hours' phone conversations were transferred to a human."
  }
}
