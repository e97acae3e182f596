# The language models agents can run on, per vendor.
data "itellico_models" "catalog" {}

# Vendors whose models run in the EU. eu_hosted is null when the API does
# not say, and null == true is false: only a stated true counts.
output "eu_hosted_model_providers" {
  value = [
    for p in data.itellico_models.catalog.providers : { code = p.code, name = p.name }
    if p.eu_hosted == true
  ]
}

# The models itellico recommends, with their latency rating (1 to 5).
output "recommended_models" {
  value = flatten([
    for p in data.itellico_models.catalog.providers : [
      for m in p.models : {
        model          = "${p.code}/${m.id}"
        latency_rating = m.latency_rating
        eu_hosted      = p.eu_hosted == true
      }
      if m.recommended == true
    ]
  ])
}
