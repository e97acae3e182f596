# One SIP trunk by its exact name (case-sensitive).
data "itellico_sip_trunk" "berlin_pbx" {
  name = "Acme Berlin PBX"
}

output "berlin_pbx_trunk" {
  value = {
    id              = data.itellico_sip_trunk.berlin_pbx.id
    termination_uri = data.itellico_sip_trunk.berlin_pbx.termination_uri
    allowed_ips     = data.itellico_sip_trunk.berlin_pbx.allowed_ips
    numbers         = [for n in coalesce(data.itellico_sip_trunk.berlin_pbx.phone_numbers, []) : n.number]
  }
}

# Fail the run when the Berlin hotline is not reached through this trunk.
data "itellico_phone_number" "berlin_hotline" {
  number = "+493023125100"

  lifecycle {
    postcondition {
      condition     = try(self.sip_trunk.id, null) == data.itellico_sip_trunk.berlin_pbx.id
      error_message = "${self.number} is not routed over the SIP trunk Acme Berlin PBX."
    }
  }
}

# One SIP trunk by its identifier.
data "itellico_sip_trunk" "by_id" {
  id = "851acc73-c5f4-4d58-8fcf-af42928109fc"
}
