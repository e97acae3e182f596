#!/usr/bin/env bash
# make bench: the benchmarks of GitHub issue 5, one markdown table at the end.
#
#  1. go test -bench: decoding and flattening N = 1,000 / 10,000 / 50,000
#     conversations into state values, next to the encoding/json floor, the
#     state's msgpack encoding, the whole read over the plugin protocol, and
#     a paged read at 50 ms of latency.
#  2. terraform plan of itellico_conversations over N conversations served
#     by the stand-in API, against hashicorp/http v1.2.0 + jsondecode of the
#     same endpoint, alternately, BENCH_RUNS times each: wall time, and the
#     peak of the summed memory of terraform and its provider processes.
#
# Raw outputs go to bench/out/. Environment (defaults in brackets):
#   TERRAFORM        terraform binary [terraform on PATH]
#   BENCH_RUNS       plans of each kind, alternating [3]
#   BENCH_COUNT      go test -count of the decode, flatten and paging benchmarks [3]
#   BENCH_N          conversations served for the plans [10000]
#   BENCH_MESSAGES   messages per conversation [10]
#   BENCH_SKIP_GO=1  only the plans;  BENCH_SKIP_PLAN=1  only the go benchmarks
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
terraform=${TERRAFORM:-terraform}
runs=${BENCH_RUNS:-3}
count=${BENCH_COUNT:-3}
n=${BENCH_N:-10000}
messages=${BENCH_MESSAGES:-10}
out=$root/bench/out
export CHECKPOINT_DISABLE=1

say() { printf '%s  %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { echo "bench/run.sh: $*" >&2; exit 1; }

# --- prerequisites -----------------------------------------------------------
if [ "${BENCH_SKIP_PLAN:-}" != 1 ]; then
	[ -x /usr/bin/time ] && /usr/bin/time -v true >/dev/null 2>&1 ||
		die "GNU time is needed at /usr/bin/time (Debian package 'time'): apt-get update && apt-get install -y time"
	command -v "$terraform" >/dev/null || die "no terraform: set TERRAFORM, or run 'make bench', which builds one"
	[ -x bin/terraform-provider-itellico ] || die "no bin/terraform-provider-itellico: run 'make build' (make bench does)"
	# The peer of the issue, built from its Go module under its old path.
	if ! go version -m bin/terraform-provider-http 2>/dev/null | grep -q 'terraform-provider-http[[:space:]]*v1\.2\.0'; then
		say "building hashicorp/http v1.2.0 from the Go module proxy into bin/ (a few minutes, once)"
		GOBIN=$root/bin go install github.com/terraform-providers/terraform-provider-http@v1.2.0
	fi
fi
rm -rf "$out"
mkdir -p "$out/tools"
go build -o "$out/tools/report" ./bench/report

# --- 1. go benchmarks ---------------------------------------------------------
gobench() { # file, package, pattern, go test flags...
	local file=$1 pkg=$2 pattern=$3
	shift 3
	say "go test -bench '$pattern' $* $pkg"
	echo "$file: $(cat /proc/loadavg)" >>"$out/loadavg.txt"
	go test -run '^$' -bench "$pattern" -benchmem "$@" "$pkg" >"$out/$file" 2>&1 ||
		{ cat "$out/$file" >&2; die "benchmark failed: $pattern"; }
}
if [ "${BENCH_SKIP_GO:-}" != 1 ]; then
	gobench go-decode.txt ./internal/itellico/ '^Benchmark(DecodeConversationPage|DecodeFloor)$' -count "$count"
	gobench go-paged.txt ./internal/itellico/ '^BenchmarkPagedRead$' -count "$count"
	gobench go-flatten.txt ./internal/provider/ '^Benchmark(DecodeAndFlatten|Flatten)$' -count "$count"
	gobench go-encode.txt ./internal/provider/ '^BenchmarkStateEncode$' -count "$count"
	gobench go-read.txt ./internal/provider/ '^BenchmarkReadDataSource$' -count "$count" -benchtime 1x
fi

# --- 2. terraform plan, itellico vs http v1.2.0 + jsondecode ------------------
standin_pid=
work=
cleanup() {
	[ -n "$standin_pid" ] && kill "$standin_pid" 2>/dev/null || true
	[ -n "$work" ] && rm -rf "$work"
}
trap cleanup EXIT

if [ "${BENCH_SKIP_PLAN:-}" != 1 ]; then
	work=$(mktemp -d)
	go build -o "$out/tools/treemem" ./bench/treemem
	go build -o "$out/tools/itellico-standin" ./cmd/itellico-standin
	key=bench-api-key
	account=8b0c7f6e-3d5a-4e2b-9c1d-2f4a6b8c0d1e
	# -default-limit n: a request without limit, the peer's, gets every
	# conversation in one page; the provider sends its own limit (100).
	"$out/tools/itellico-standin" -addr 127.0.0.1:0 -api-key "$key" -account-id "$account" \
		-conversations "$n" -messages "$messages" -default-limit "$n" -url-file "$work/url" 2>"$out/standin.log" &
	standin_pid=$!
	for _ in $(seq 300); do [ -s "$work/url" ] && break; sleep 0.1; done
	[ -s "$work/url" ] || { cat "$out/standin.log" >&2; die "the stand-in API did not start"; }
	base=$(cat "$work/url")
	endpoint="$base/v1/accounts/$account/conversations"
	curl -fsS -H "X-API-Key: $key" "$endpoint" -o "$work/body.json" 2>/dev/null &&
		echo "body_bytes=$(wc -c <"$work/body.json")" >"$out/plan-body.txt" && rm -f "$work/body.json"

	cat >"$work/terraformrc" <<CFG
provider_installation {
  dev_overrides {
    "itellicoai/itellico" = "$root/bin"
    "hashicorp/http"      = "$root/bin"
  }
  direct {}
}
CFG
	export TF_CLI_CONFIG_FILE="$work/terraformrc"
	mkdir -p "$work/itellico" "$work/http"
	# Both configurations read every conversation with its transcript and
	# use the list in an output, as a report would.
	cat >"$work/itellico/main.tf" <<TF
terraform {
  required_providers {
    itellico = { source = "itellicoai/itellico" }
  }
}
provider "itellico" {
  base_url   = "$base"
  api_key    = "$key"
  account_id = "$account"
}
data "itellico_conversations" "all" {}
output "conversations" { value = length(data.itellico_conversations.all.items) }
TF
	cat >"$work/http/main.tf" <<TF
terraform {
  required_providers {
    http = { source = "hashicorp/http" }
  }
}
data "http" "conversations" {
  url             = "$endpoint"
  request_headers = { "X-API-Key" = "$key" }
}
output "conversations" { value = length(jsondecode(data.http.conversations.body).items) }
TF
	plan() { # kind, run label
		local kind=$1 label=$2 f="$out/plan-$1-$2"
		# The machine may be shared: the load before each run is kept.
		local load
		load=$(cut -d' ' -f1 /proc/loadavg)
		/usr/bin/time -v -o "$f.time" "$out/tools/treemem" -o "$f.stats" -- \
			"$terraform" -chdir="$work/$kind" plan -input=false -no-color -lock=false >"$f.log" 2>&1 ||
			{ cat "$f.log" >&2; die "terraform plan ($kind) failed"; }
		echo "load1=$load" >>"$f.stats"
		grep -q "conversations = $n\$" "$f.log" || { cat "$f.log" >&2; die "terraform plan ($kind) did not read $n conversations"; }
		say "plan $kind $label: $(grep -E '^(wall_s|peak_tree_rss_kb)=' "$f.stats" | tr '\n' ' ')"
	}
	say "terraform plan over $n conversations, $runs runs of each, alternating (one warm-up each first)"
	plan itellico warmup
	plan http warmup
	for i in $(seq "$runs"); do
		plan itellico "$i"
		plan http "$i"
	done
fi

"$out/tools/report" -dir "$out" -n "$n" | tee "$out/table.md"
