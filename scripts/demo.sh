#!/usr/bin/env bash
# make demo: starts the stand-in itellico API on loopback with seeded data,
# points terraform at the provider just built (dev_overrides), and plans
# examples/demo, whose outputs and check block make a small report.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
terraform=${TERRAFORM:-terraform}
work=$(mktemp -d)
standin_pid=
cleanup() {
	[ -n "$standin_pid" ] && kill "$standin_pid" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/itellico-standin" "$root/cmd/itellico-standin"
export ITELLICOAI_API_KEY=demo-api-key
"$work/itellico-standin" -addr 127.0.0.1:0 -api-key "$ITELLICOAI_API_KEY" -account-id 8b0c7f6e-3d5a-4e2b-9c1d-2f4a6b8c0d1e -url-file "$work/url" &
standin_pid=$!
for _ in $(seq 100); do [ -s "$work/url" ] && break; sleep 0.1; done
[ -s "$work/url" ] || { echo "the stand-in API did not start" >&2; exit 1; }
export ITELLICOAI_BASE_URL=$(cat "$work/url")

# Terraform uses the provider in ./bin instead of the registry's.
cat >"$work/terraformrc" <<CFG
provider_installation {
  dev_overrides {
    "itellicoai/itellico" = "$root/bin"
  }
  direct {}
}
CFG
export TF_CLI_CONFIG_FILE="$work/terraformrc" CHECKPOINT_DISABLE=1
cp "$root"/examples/demo/*.tf "$work/"

echo
echo "== terraform plan of examples/demo against the stand-in API at $ITELLICOAI_BASE_URL"
echo
color=; [ -t 1 ] || color=-no-color
"$terraform" -chdir="$work" plan -input=false $color
