# The speech-to-text models agents can use, per vendor.
data "itellico_transcribers" "catalog" {}

# Models that transcribe German, as "vendor/model".
output "german_transcribers" {
  value = flatten([
    for p in data.itellico_transcribers.catalog.providers : [
      for m in p.models : "${p.code}/${m.id}"
      if contains([for l in coalesce(m.supported_languages, []) : l.code], "de")
    ]
  ])
}

# Vendors whose transcription runs in the EU.
output "eu_hosted_transcriber_providers" {
  value = [for p in data.itellico_transcribers.catalog.providers : p.name if p.eu_hosted == true]
}

# Warn when the German support agent's transcriber is not an EU-hosted
# vendor. An agent's transcriber is a JSON string whose "provider" is the
# code of a vendor of this catalog.
data "itellico_agent" "support_de" {
  name = "Support DE"
}

check "support_de_transcriber_eu_hosted" {
  assert {
    condition = contains(
      [for p in data.itellico_transcribers.catalog.providers : p.code if p.eu_hosted == true],
      try(coalesce(jsondecode(data.itellico_agent.support_de.transcriber).provider), "none"),
    )
    error_message = "Support DE transcribes with a vendor that is not EU-hosted."
  }
}
