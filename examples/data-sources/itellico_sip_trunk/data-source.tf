# One SIP trunk by its exact name (case-sensitive).
data "itellico_sip_trunk" "telekom" {
  name = "Telekom DE"
}

output "telekom_trunk" {
  value = {
    id              = data.itellico_sip_trunk.telekom.id
    termination_uri = data.itellico_sip_trunk.telekom.termination_uri
    allowed_ips     = data.itellico_sip_trunk.telekom.allowed_ips
    numbers         = [for n in coalesce(data.itellico_sip_trunk.telekom.phone_numbers, []) : n.number]
  }
}

# Fail the run when the Berlin hotline is not reached through this trunk.
data "itellico_phone_number" "berlin_hotline" {
  number = "+493023125100"

  lifecycle {
    postcondition {
      condition     = try(self.sip_trunk.id, null) == data.itellico_sip_trunk.telekom.id
      error_message = "${self.number} is not routed over the SIP trunk Telekom DE."
    }
  }
}

# One SIP trunk by its identifier.
data "itellico_sip_trunk" "by_id" {
  id = "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d"
}
