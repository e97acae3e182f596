#!/usr/bin/env bash
# scripts/reporting-figures.sh: the figures of the reporting guide's table.
# Serves 10,000 generated conversations of 10 messages (the stand-in,
# -conversations 10000) on loopback, then plans each way of reading them
# ROUNDS times (default 5), alternating, and prints for each the median wall
# time of `terraform plan` (/usr/bin/time) and the requests the plan sent,
# counted at the stand-in (-log-requests). Run it after `make build`, with
# TERRAFORM naming the CLI (default: terraform on PATH), which must have
# ephemeral resources (Terraform 1.10 or later, OpenTofu 1.11 or later).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
terraform=${TERRAFORM:-terraform}
rounds=${ROUNDS:-5}
conversations=${CONVERSATIONS:-10000}
export CHECKPOINT_DISABLE=1
work=$(mktemp -d)
standin_pid=
cleanup() {
	[ -n "$standin_pid" ] && kill "$standin_pid" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

[ -x "$root/bin/terraform-provider-itellico" ] || { echo "run make build first" >&2; exit 1; }
# shellcheck source=scripts/standin.sh
. "$root/scripts/standin.sh"
start_standin "$work" -api-key figures -conversations "$conversations" -messages 10
export ITELLICOAI_API_KEY=figures

# Each way reads every conversation of the last 30 days (all of them) and
# counts the failed ones.
window='created_after = timeadd(plantimestamp(), "-720h")'
declare -A configs=(
	[counts]="data \"itellico_conversation_counts\" \"x\" {
  $window
}
output \"failed\" { value = data.itellico_conversation_counts.x.by_status[\"failed\"] }"
	[counts_status]="data \"itellico_conversation_counts\" \"x\" {
  $window
  dimensions = [\"status\"]
}
output \"failed\" { value = data.itellico_conversation_counts.x.by_status[\"failed\"] }"
	[stats]="data \"itellico_conversation_stats\" \"x\" {
  $window
}
output \"failed\" { value = data.itellico_conversation_stats.x.by_status[\"failed\"] }"
	[conversations_no_messages]="data \"itellico_conversations\" \"x\" {
  $window
  include_messages = false
}
output \"failed\" { value = length([for c in data.itellico_conversations.x.items : c if c.status == \"failed\"]) }"
	[conversations]="data \"itellico_conversations\" \"x\" {
  $window
}
output \"failed\" { value = length([for c in data.itellico_conversations.x.items : c if c.status == \"failed\"]) }"
	[ephemeral_conversations]="ephemeral \"itellico_conversations\" \"x\" {
  $window
}
output \"gate\" {
  value = \"checked\"
  precondition {
    condition     = alltrue([for c in ephemeral.itellico_conversations.x.items : c.messages != null if c.status == \"failed\"])
    error_message = \"A failed call has no transcript.\"
  }
}"
	[usage]="data \"itellico_usage\" \"x\" {
  start = timeadd(plantimestamp(), \"-720h\")
  end   = plantimestamp()
}
output \"seconds\" { value = data.itellico_usage.x.total_seconds }"
)
order="counts counts_status stats conversations_no_messages conversations ephemeral_conversations usage"
for name in $order; do
	mkdir -p "$work/$name"
	printf 'terraform {\n  required_providers {\n    itellico = { source = "itellicoai/itellico" }\n  }\n}\n%s\n' "${configs[$name]}" >"$work/$name/main.tf"
done

echo "$("$terraform" version | head -n 1), $conversations conversations of 10 messages, $rounds rounds"
for round in $(seq "$rounds"); do
	for name in $order; do
		before=$(standin_requests "$work")
		if ! /usr/bin/time -f '%e' -o "$work/$name/time.$round" \
			"$terraform" -chdir="$work/$name" plan -input=false -no-color >"$work/$name/plan.log" 2>&1; then
			echo "$name: the plan failed:" >&2
			cat "$work/$name/plan.log" >&2
			exit 1
		fi
		after=$(standin_requests "$work")
		echo $((after - before)) >"$work/$name/requests.$round"
	done
done
printf '%-28s %12s %10s\n' "way" "median plan" "requests"
for name in $order; do
	median=$(cat "$work/$name"/time.* | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')
	printf '%-28s %10s s %10s\n' "$name" "$median" "$(sort -u "$work/$name"/requests.* | paste -sd/)"
done
