#!/usr/bin/env bash
# make bench: the benchmarks of the issues "client at scale" and "reporting
# at scale", one markdown table at the end (bench/out/table.md); every raw
# output stays in bench/out/. See bench/README.md for what each figure is.
#
# Sections (BENCH_SECTIONS, default all of them, in this order):
#   go         go test -bench: decode vs the encoding/json floor, the state's
#              encoding and size, the whole ReadDataSource with transcripts,
#              the read against three server kinds with and without 50 ms of
#              latency, the stats read at 10,000 and 100,000
#   latency    terraform plan, 10,000 conversations without transcripts, three
#              server kinds, stand-ins with 50 ms and 0 ms alternately   (target 1)
#   share      terraform plan, 10,000 and 30,000 conversations with transcripts:
#              the provider's CPU and peak next to terraform's            (target 2)
#   peer       terraform plan, itellico_conversations vs hashicorp/http v1.2.0
#              + jsondecode, 10,000 conversations with transcripts        (target 3)
#   stats      terraform plan, itellico_conversation_stats vs http v1.2.0 +
#              jsondecode + expressions, 10,000 conversations             (target 4)
#   stats100k  terraform plan, itellico_conversation_stats over 100,000: the
#              provider's peak memory                                     (target 5)
#
# Environment (defaults in brackets):
#   TERRAFORM         terraform binary [terraform on PATH]
#   BENCH_SECTIONS    sections to run, space or comma separated [all]
#   BENCH_SKIP_GO=1   leave out the go section; BENCH_SKIP_PLAN=1 leave out every plan
#   BENCH_RUNS        plans of each kind after one warm-up, alternating [5]
#   BENCH_LATENCY_RUNS  the same for the latency section, whose plans are short
#                     and whose ratio is small next to the noise of a shared
#                     machine [2 x BENCH_RUNS]
#   BENCH_COUNT       go test -count [3]
#   BENCH_KEEP=1      keep bench/out/ from an earlier run (to run sections one by one)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
terraform=${TERRAFORM:-terraform}
runs=${BENCH_RUNS:-5}
latency_runs=${BENCH_LATENCY_RUNS:-$((2 * runs))}
count=${BENCH_COUNT:-3}
out=$root/bench/out
export CHECKPOINT_DISABLE=1

say() { printf '%s  %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() {
	echo "bench/run.sh: $*" >&2
	exit 1
}

sections=${BENCH_SECTIONS:-go latency share peer stats stats100k}
sections=" ${sections//,/ } "
[ "${BENCH_SKIP_GO:-}" = 1 ] && sections=${sections// go / }
if [ "${BENCH_SKIP_PLAN:-}" = 1 ]; then
	for s in latency share peer stats stats100k; do sections=${sections// $s / }; done
fi
want() { [[ $sections == *" $1 "* ]]; }
plans=
for s in latency share peer stats stats100k; do want $s && plans=1; done

# --- prerequisites -----------------------------------------------------------
if [ -n "$plans" ]; then
	[ -x /usr/bin/time ] && /usr/bin/time -v true >/dev/null 2>&1 ||
		die "GNU time is needed at /usr/bin/time (Debian package 'time'): apt-get update && apt-get install -y time"
	command -v "$terraform" >/dev/null || die "no terraform: set TERRAFORM, or run 'make bench', which builds one"
	[ -x bin/terraform-provider-itellico ] || die "no bin/terraform-provider-itellico: run 'make build' (make bench does)"
	# The peer of the issues, built from its Go module under its old path.
	if { want peer || want stats; } &&
		! go version -m bin/terraform-provider-http 2>/dev/null | grep -q 'terraform-provider-http[[:space:]]*v1\.2\.0'; then
		say "building hashicorp/http v1.2.0 from the Go module proxy into bin/ (a minute or a few, once)"
		GOBIN=$root/bin go install github.com/terraform-providers/terraform-provider-http@v1.2.0
	fi
fi
[ "${BENCH_KEEP:-}" = 1 ] || rm -rf "$out"
mkdir -p "$out/tools"
go build -o "$out/tools/report" ./bench/report
started=$(date +%s)
{
	echo "commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . 2>/dev/null || echo '+changes')"
	echo "date=$(date -u +%Y-%m-%dT%H:%MZ)"
	echo "cpus=$(nproc)"
	echo "load_start=$(cut -d' ' -f1-3 /proc/loadavg)"
	echo "terraform=$("$terraform" version 2>/dev/null | head -1)"
	echo "go=$(go env GOVERSION)"
} >>"$out/run.txt"

# --- go benchmarks -------------------------------------------------------------
gobench() { # file, package, pattern, go test flags...
	local file=$1 pkg=$2 pattern=$3
	shift 3
	say "go test -bench '$pattern' $* $pkg"
	echo "$file: $(cat /proc/loadavg)" >>"$out/loadavg.txt"
	# A failure is kept in the table and the exit status, and the other
	# sections still run.
	go test -run '^$' -bench "$pattern" -benchmem "$@" "$pkg" >"$out/$file" 2>&1 || {
		tail -20 "$out/$file" >&2
		say "benchmark failed: $pattern $pkg (bench/out/$file)"
		echo "$file $pkg" >>"$out/go-failed.txt"
		failed=1
	}
}
failed=
if want go; then
	gobench go-decode.txt ./internal/itellico/ '^Benchmark(DecodeConversationPage|DecodeFloor)$' -count "$count"
	gobench go-encode.txt ./internal/provider/ '^Benchmark(DecodeAndEncode|StateEncode)$' -count "$count"
	gobench go-read.txt ./internal/provider/ '^BenchmarkReadDataSource$' -count "$count" -benchtime 2x
	gobench go-latency.txt ./internal/provider/ '^BenchmarkReadLatency$' -count "$count" -benchtime 5x
	gobench go-stats.txt ./internal/provider/ '^BenchmarkStatsRead$' -count "$count" -benchtime 2x
fi

finish() {
	echo "duration_s=$(($(date +%s) - started))" >>"$out/run.txt"
	echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/run.txt"
	"$out/tools/report" -dir "$out" | tee "$out/table.md"
	[ -z "$failed" ] || die "some benchmarks failed: see bench/out/go-failed.txt"
}
if [ -z "$plans" ]; then
	finish
	exit 0
fi

# --- stand-ins and configurations -----------------------------------------------------
work=$(mktemp -d)
declare -A standin_pids=()
cleanup() {
	for pid in "${standin_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
	rm -rf "$work"
}
trap cleanup EXIT
go build -o "$out/tools/treemem" ./bench/treemem
go build -o "$out/tools/itellico-standin" ./cmd/itellico-standin
key=bench-api-key
account=8b0c7f6e-3d5a-4e2b-9c1d-2f4a6b8c0d1e

# standin NAME ARGS...: starts a stand-in API; its base URL is ${urls[NAME]}.
declare -A urls=()
standin() {
	local name=$1
	shift
	rm -f "$work/url-$name"
	"$out/tools/itellico-standin" -addr 127.0.0.1:0 -api-key "$key" -account-id "$account" \
		-url-file "$work/url-$name" "$@" 2>"$out/standin-$name.log" &
	standin_pids[$name]=$!
	for _ in $(seq 600); do [ -s "$work/url-$name" ] && break; sleep 0.1; done
	[ -s "$work/url-$name" ] || {
		cat "$out/standin-$name.log" >&2
		die "the stand-in API $name did not start"
	}
	urls[$name]=$(cat "$work/url-$name")
}
stop_standin() {
	kill "${standin_pids[$1]}" 2>/dev/null || true
	wait "${standin_pids[$1]}" 2>/dev/null || true
	unset "standin_pids[$1]"
}

# Terraform finds both providers through dev_overrides. In the wrapped
# configuration the itellico provider is a script that runs the real binary
# under GNU time, which appends a line per start of the provider to the file
# named by BENCH_PROVIDER_TIME.
mkdir -p "$work/wrap"
cat >"$work/wrap/terraform-provider-itellico" <<SH
#!/bin/sh
exec /usr/bin/time -a -o "\${BENCH_PROVIDER_TIME:-/dev/null}" \\
	-f 'start user_s=%U sys_s=%S max_rss_kb=%M wall_s=%e exit=%x' "$root/bin/terraform-provider-itellico" "\$@"
SH
chmod +x "$work/wrap/terraform-provider-itellico"
rc() { # file, directory of the itellico provider
	cat >"$1" <<CFG
provider_installation {
  dev_overrides {
    "itellicoai/itellico" = "$2"
    "hashicorp/http"      = "$root/bin"
  }
  direct {}
}
CFG
}
rc "$work/rc-plain" "$root/bin"
rc "$work/rc-wrapped" "$work/wrap"

# config DIR BASE-URL DATA: a configuration of the itellico provider.
config() {
	mkdir -p "$work/$1"
	cat >"$work/$1/main.tf" <<TF
terraform {
  required_providers {
    itellico = { source = "itellicoai/itellico" }
  }
}
provider "itellico" {
  base_url   = "$2"
  api_key    = "$key"
  account_id = "$account"
}
$3
TF
}
# every conversation in state, and an output that uses them
conversations_tf() {
	cat <<TF
data "itellico_conversations" "all" {$1}
output "conversations" { value = length(data.itellico_conversations.all.items) }
TF
}
stats_tf='data "itellico_conversation_stats" "all" {}
output "failed" { value = data.itellico_conversation_stats.all.by_status["failed"] }
output "max" { value = data.itellico_conversation_stats.all.duration_seconds.max }
output "mean" { value = data.itellico_conversation_stats.all.duration_seconds.mean }'
# http_config DIR BASE-URL OUTPUTS: the peer, one request for every conversation.
http_config() {
	mkdir -p "$work/$1"
	cat >"$work/$1/main.tf" <<TF
terraform {
  required_providers {
    http = { source = "hashicorp/http" }
  }
}
data "http" "conversations" {
  url             = "$2/v1/accounts/$account/conversations"
  request_headers = { "X-API-Key" = "$key" }
}
locals {
  items = jsondecode(data.http.conversations.body).items
}
$3
TF
}

# plan HOW NAME DIR RC RUN: one terraform plan of the configuration in
# $work/DIR, its files bench/out/plan-NAME-RUN.*. HOW is what measures it:
#   time   GNU time around terraform (wall, CPU of terraform and the
#          processes it waited for, largest single peak)
#   tree   treemem (wall, peak of the tree's summed memory, CPU per program)
#          under GNU time -v
# With the wrapped rc, plan-NAME-RUN.provider has a line per provider start.
plan() {
	local how=$1 name=$2 dir=$3 rc=$4 run=$5 f="$out/plan-$2-$5"
	local load
	load=$(cut -d' ' -f1 /proc/loadavg)
	rm -f "$f.provider"
	case $how in
	time)
		BENCH_PROVIDER_TIME=$f.provider TF_CLI_CONFIG_FILE=$work/$rc \
			/usr/bin/time -o "$f.time" -f $'wall_s=%e\nuser_s=%U\nsys_s=%S\nmax_rss_kb=%M\nexit=%x' \
			"$terraform" -chdir="$work/$dir" plan -input=false -no-color -lock=false >"$f.log" 2>&1 ||
			{
				cat "$f.log" >&2
				die "terraform plan ($name) failed"
			}
		;;
	tree)
		BENCH_PROVIDER_TIME=$f.provider TF_CLI_CONFIG_FILE=$work/$rc \
			/usr/bin/time -v -o "$f.time" "$out/tools/treemem" -interval 20ms -o "$f.stats" -- \
			"$terraform" -chdir="$work/$dir" plan -input=false -no-color -lock=false >"$f.log" 2>&1 ||
			{
				cat "$f.log" >&2
				die "terraform plan ($name) failed"
			}
		;;
	esac
	echo "load1=$load" >>"$f.load"
	say "plan $name $run: $(grep -hE '^(wall_s|peak_tree_rss_kb)=' "$f.time" "$f.stats" 2>/dev/null | tr '\n' ' ')"
}
# expect NAME RUN OUTPUT VALUE: the plan printed output = value.
expect() {
	grep -qE "^ *\\+ $3 *= *$4\$" "$out/plan-$1-$2.log" || {
		cat "$out/plan-$1-$2.log" >&2
		die "plan $1 $2: want output $3 = $4"
	}
}

# --- 1. latency: 50 ms vs 0 ms, three server kinds ------------------------------------
n=10000
if want latency; then
	say "latency: stand-ins of $n conversations, three kinds, 0 and 50 ms"
	kinds="any cap100 refuse100"
	for k in $kinds; do
		case $k in
		any) args=(-max-limit 100000) ;;
		cap100) args=(-max-limit 100000 -page-cap 100) ;;
		refuse100) args=(-max-limit 100) ;;
		esac
		for l in 0 50; do
			standin "lat-$k-$l" -conversations $n -messages 10 -latency ${l}ms "${args[@]}"
			config "lat-$k-$l" "${urls[lat-$k-$l]}" "$(conversations_tf ' include_messages = false ')"
		done
	done
	for run in warmup $(seq "$latency_runs"); do
		for k in $kinds; do
			for l in 0 50; do
				plan time "latency-$k-${l}ms" "lat-$k-$l" rc-plain "$run"
				expect "latency-$k-${l}ms" "$run" conversations $n
			done
		done
	done
	for k in $kinds; do for l in 0 50; do stop_standin "lat-$k-$l"; done; done
fi

# The stand-in of the share, peer and stats sections. -default-limit: a
# request without limit, the peer's, gets every conversation in one page;
# the provider asks for its own page size (1,000).
if want share || want peer || want stats; then
	standin main -conversations $n -messages 10 -default-limit $n
	curl -fsS -H "X-API-Key: $key" "${urls[main]}/v1/accounts/$account/conversations" -o "$work/body.json" &&
		echo "body_bytes=$(wc -c <"$work/body.json")" >"$out/body-$n.txt" && rm -f "$work/body.json"
fi

# --- 2. the provider's share of a plan ---------------------------------------------------
if want share; then
	standin share30k -conversations 30000 -messages 10
	config share-10000 "${urls[main]}" "$(conversations_tf '')"
	config share-30000 "${urls[share30k]}" "$(conversations_tf '')"
	for run in warmup $(seq "$runs"); do
		for m in 10000 30000; do
			plan time "share-$m" "share-$m" rc-wrapped "$run"
			expect "share-$m" "$run" conversations $m
		done
	done
	stop_standin share30k
fi

# --- 3. against the peer --------------------------------------------------------------
if want peer; then
	config peer-itellico "${urls[main]}" "$(conversations_tf '')"
	http_config peer-http "${urls[main]}" 'output "conversations" { value = length(local.items) }'
	for run in warmup $(seq "$runs"); do
		plan tree peer-itellico peer-itellico rc-plain "$run"
		expect peer-itellico "$run" conversations $n
		plan tree peer-http peer-http rc-plain "$run"
		expect peer-http "$run" conversations $n
	done
fi

# --- 4. stats against the peer --------------------------------------------------------
# answers NAME RUN: the three outputs of a stats plan, "failed max mean".
answers() {
	sed -nE 's/^ *\+ (failed|max|mean) *= *([-0-9.e+]+)$/\1 \2/p' "$out/plan-$1-$2.log" |
		sort | awk '{printf "%s ", $2} END {print ""}'
}
if want stats; then
	config stats-itellico "${urls[main]}" "$stats_tf"
	http_config stats-http "${urls[main]}" '
locals {
  durations = [for c in local.items : c.duration_seconds if lookup(c, "duration_seconds", null) != null]
}
output "failed" { value = length([for c in local.items : c if c.status == "failed"]) }
output "max" { value = max(local.durations...) }
output "mean" { value = sum(local.durations) / length(local.durations) }'
	for run in warmup $(seq "$runs"); do
		plan tree stats-itellico stats-itellico rc-plain "$run"
		plan tree stats-http stats-http rc-plain "$run"
		# failed and max are integers, the same; the mean to 1e-9.
		a=$(answers stats-itellico "$run") b=$(answers stats-http "$run")
		echo "itellico=$a" >"$out/stats-answers-$run.txt"
		echo "http=$b" >>"$out/stats-answers-$run.txt"
		# answers sorts the outputs by name: failed, max, mean.
		awk -v a="$a" -v b="$b" 'BEGIN {
			na = split(a, x, " "); nb = split(b, y, " ")
			d = x[3] - y[3]; if (d < 0) d = -d
			exit !(na == 3 && nb == 3 && x[1] == y[1] && x[2] == y[2] && d <= 1e-9 * (y[3] < 0 ? -y[3] : y[3]))
		}' || die "stats run $run: the plans disagree: itellico (failed max mean) $a, http $b"
	done
	say "stats: both plans answer (failed max mean) $(answers stats-itellico 1)"
fi
if want share || want peer || want stats; then stop_standin main; fi

# --- 5. stats over 100,000 ---------------------------------------------------------------
if want stats100k; then
	standin stats100k -conversations 100000 -messages 10
	config stats100k "${urls[stats100k]}" "$stats_tf"
	for run in warmup $(seq "$runs"); do
		plan time stats100k stats100k rc-wrapped "$run"
	done
	stop_standin stats100k
fi

finish
