#!/usr/bin/env bash
# make demo: starts the stand-in itellico API on loopback with seeded data,
# points terraform at the provider just built (dev_overrides), and plans
# examples/demo, whose outputs and check blocks make a small report. The
# calendar windows of examples/demo/windows.tf need provider functions
# (Terraform 1.8 or later, OpenTofu 1.7 or later): with an older CLI, such
# as the Terraform 1.5.7 that `make terraform` builds, the demo plans
# main.tf alone and says so.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
terraform=${TERRAFORM:-terraform}
export CHECKPOINT_DISABLE=1
work=$(mktemp -d)
standin_pid=
cleanup() {
	[ -n "$standin_pid" ] && kill "$standin_pid" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

export ITELLICOAI_API_KEY=demo-api-key
# The stand-in's own output (what it serves, one line per request) goes to
# a log, from which the demo counts the plan's requests; Terraform uses the
# provider in ./bin instead of the registry's.
# shellcheck source=scripts/standin.sh
. "$root/scripts/standin.sh"
start_standin "$work" -api-key "$ITELLICOAI_API_KEY" -account-id 8b0c7f6e-3d5a-4e2b-9c1d-2f4a6b8c0d1e

# The CLI and its version, from the first line of `terraform version`, such
# as "Terraform v1.11.4" or "OpenTofu v1.6.2".
read -r cli version _ < <("$terraform" version 2>/dev/null | head -n 1)
version=${version#v}
case $cli in
OpenTofu) functions_since=1.7.0 ;;
*) functions_since=1.8.0 ;;
esac
# at_least A B: whether version A is B or later.
at_least() { [ "$(printf '%s\n%s\n' "$2" "${1%%-*}" | sort -V | head -n 1)" = "$2" ]; }

cp "$root/examples/demo/main.tf" "$work/"
if at_least "$version" "$functions_since"; then
	cp "$root/examples/demo/windows.tf" "$work/"
	files="main.tf and windows.tf"
else
	files="main.tf"
	echo
	echo "== $cli $version has no provider functions ($cli $functions_since or later):"
	echo "   leaving out examples/demo/windows.tf, the calendar windows."
fi

echo
echo "== $cli $version: plan of examples/demo ($files) against the stand-in API at $ITELLICOAI_BASE_URL"
echo
color=; [ -t 1 ] || color=-no-color
"$terraform" -chdir="$work" plan -input=false $color
echo
echo "== the plan sent $(standin_requests "$work") requests to the stand-in API"
