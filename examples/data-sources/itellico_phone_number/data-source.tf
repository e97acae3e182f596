# One phone number by the number itself, in E.164 form. The postcondition
# fails the run when nobody answers the Berlin hotline.
data "itellico_phone_number" "berlin_hotline" {
  number = "+493023125100"

  lifecycle {
    postcondition {
      condition     = self.inbound_agent != null
      error_message = "Nobody answers ${self.number}: it has no inbound agent."
    }
  }
}

# The hotline's failed calls of the last 24 hours, through its agent.
data "itellico_conversations" "berlin_hotline_failed" {
  agent_id         = data.itellico_phone_number.berlin_hotline.inbound_agent.id
  type             = "phone"
  status           = "failed"
  created_after    = timeadd(plantimestamp(), "-24h")
  include_messages = false
}

# The London number: which agent answers it, and over which SIP trunk.
data "itellico_phone_number" "london" {
  number = "+442079460123"
}

output "london" {
  value = {
    id        = data.itellico_phone_number.london.id
    name      = data.itellico_phone_number.london.friendly_name
    agent     = try(data.itellico_phone_number.london.inbound_agent.name, null)
    sip_trunk = try(data.itellico_phone_number.london.sip_trunk.name, null)
  }
}

# One phone number by its identifier.
data "itellico_phone_number" "by_id" {
  id = "533da2de-067b-473a-8ab8-6f1f834f5277"
}
