# The US English voices of ElevenLabs. The answer is free-form JSON, passed
# through as the API sends it: decode it with jsondecode.
data "itellico_voices" "elevenlabs_en_us" {
  voice_provider = "elevenlabs"
  language       = "en-us"
}

output "elevenlabs_en_us" {
  value = jsondecode(data.itellico_voices.elevenlabs_en_us.catalog)
}

# Female German voices of Azure whose name contains "Katja", at most 5.
data "itellico_voices" "azure_katja" {
  voice_provider = "azure"
  language       = "de-de"
  gender         = "female"
  search         = "Katja"
  limit          = 5
}
