#!/usr/bin/env bash
# make bench: the benchmarks of the issues "client at scale", "reporting at
# scale" and "requests in proportion to the question", one markdown table at
# the end (bench/out/table.md); every raw output stays in bench/out/. See
# bench/README.md for what each figure is.
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
#   lookups    terraform plan of 110 lookups (agents by name and id, phone
#              numbers, SIP trunks) against a stand-in 50 ms away at 10
#              requests a second and one without either; this commit's
#              provider and the one of BENCH_BEFORE                        (target 6)
#   counts     terraform plan, itellico_conversation_counts vs 12 requests of
#              http v1.2.0 + jsondecode, a three-month window of 50,000
#              conversations, with and without the rate limit              (target 7)
#   stats20k   terraform plan, itellico_conversation_stats over 20,000 at 10
#              requests a second, pages of 100: time and 429s; this commit's
#              provider and the one of BENCH_BEFORE                        (target 8)
#   pipelines  K terraform plans at once (K = 1, 4, 8: K CI runners of one
#              organisation), each itellico_conversation_stats over 5,000
#              conversations, against one stand-in at 10 requests a second
#              for the key, 50 ms away, pages of 100: the share of requests
#              answered 429 and the last plan's end over the rate's floor;
#              this commit's provider and the one of BENCH_PIPELINES_BEFORE
#
# Environment (defaults in brackets):
#   TERRAFORM         terraform binary [terraform on PATH]
#   BENCH_SECTIONS    sections to run, space or comma separated [all]
#   BENCH_SKIP_GO=1   leave out the go section; BENCH_SKIP_PLAN=1 leave out every plan
#   BENCH_RUNS        plans of each kind after one warm-up, alternating [5]
#   BENCH_LATENCY_RUNS  the same for the latency and counts sections, whose
#                     plans are short and whose ratios are small next to the
#                     noise of a shared machine [2 x BENCH_RUNS]
#   BENCH_COUNT       go test -count [3]
#   BENCH_KEEP=1      keep bench/out/ from an earlier run (to run sections one by one)
#   BENCH_OUT         where the outputs go [bench/out]
#   BENCH_BEFORE      the commit whose provider the lookups and stats20k sections
#                     also plan, built into a temporary directory; empty: none
#                     [b365251, the last commit before the shared reads]
#   BENCH_STATS20K_LATENCY_MS  the latency of the stats20k stand-in [50]
#   BENCH_PIPELINES_K  the numbers of plans at once of the pipelines section [1 4 8]
#   BENCH_PIPELINES_RUNS  runs of each K and provider after one warm-up [3]
#   BENCH_PIPELINES_BEFORE  a commit whose provider the pipelines section
#                     also plans, to compare two budgets; empty: none []
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
terraform=${TERRAFORM:-terraform}
runs=${BENCH_RUNS:-5}
latency_runs=${BENCH_LATENCY_RUNS:-$((2 * runs))}
count=${BENCH_COUNT:-3}
out=${BENCH_OUT:-$root/bench/out}
export CHECKPOINT_DISABLE=1

say() { printf '%s  %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() {
	echo "bench/run.sh: $*" >&2
	exit 1
}

all_plans="latency share peer stats stats100k lookups counts stats20k pipelines"
sections=${BENCH_SECTIONS:-go $all_plans}
sections=" ${sections//,/ } "
[ "${BENCH_SKIP_GO:-}" = 1 ] && sections=${sections// go / }
if [ "${BENCH_SKIP_PLAN:-}" = 1 ]; then
	for s in $all_plans; do sections=${sections// $s / }; done
fi
want() { [[ $sections == *" $1 "* ]]; }
plans=
for s in $all_plans; do want $s && plans=1; done

# --- prerequisites -----------------------------------------------------------
if [ -n "$plans" ]; then
	[ -x /usr/bin/time ] && /usr/bin/time -v true >/dev/null 2>&1 ||
		die "GNU time is needed at /usr/bin/time (Debian package 'time'): apt-get update && apt-get install -y time"
	command -v "$terraform" >/dev/null || die "no terraform: set TERRAFORM, or run 'make bench', which builds one"
	[ -x bin/terraform-provider-itellico ] || die "no bin/terraform-provider-itellico: run 'make build' (make bench does)"
	# The peer of the issues, built from its Go module under its old path.
	if { want peer || want stats || want counts; } &&
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
	if ls "$out"/pipelines-*.txt >/dev/null 2>&1; then
		"$out/tools/pipelines" -summary "$out"/pipelines-*.txt >"$out/pipelines.md"
	fi
	echo "duration_s=$(($(date +%s) - started))" >>"$out/run.txt"
	echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/run.txt"
	"$out/tools/report" -dir "$out" | tee "$out/table.md"
	if [ -s "$out/pipelines.md" ]; then
		printf '\nPipelines: K plans at once on one key at 10 requests a second, median [min–max]\n\n'
		cat "$out/pipelines.md"
	fi | tee -a "$out/table.md"
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
go build -o "$out/tools/lookups" ./bench/lookups
go build -o "$out/tools/pipelines" ./bench/pipelines
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
# A failed plan stops the run, unless plan_may_fail is set: then its exit
# status is in its .time file (exit=N) and the run goes on.
plan_may_fail=
plan() {
	local how=$1 name=$2 dir=$3 rc=$4 run=$5 f="$out/plan-$2-$5"
	local load status=0
	load=$(cut -d' ' -f1 /proc/loadavg)
	rm -f "$f.provider"
	case $how in
	time)
		BENCH_PROVIDER_TIME=$f.provider TF_CLI_CONFIG_FILE=$work/$rc \
			/usr/bin/time -o "$f.time" -f $'wall_s=%e\nuser_s=%U\nsys_s=%S\nmax_rss_kb=%M\nexit=%x' \
			"$terraform" -chdir="$work/$dir" plan -input=false -no-color -lock=false >"$f.log" 2>&1 || status=$?
		;;
	tree)
		BENCH_PROVIDER_TIME=$f.provider TF_CLI_CONFIG_FILE=$work/$rc \
			/usr/bin/time -v -o "$f.time" "$out/tools/treemem" -interval 20ms -o "$f.stats" -- \
			"$terraform" -chdir="$work/$dir" plan -input=false -no-color -lock=false >"$f.log" 2>&1 || status=$?
		;;
	esac
	if [ "$status" != 0 ] && [ -z "$plan_may_fail" ]; then
		cat "$f.log" >&2
		die "terraform plan ($name) failed"
	fi
	echo "load1=$load" >>"$f.load"
	say "plan $name $run: $(grep -hE '^(wall_s|peak_tree_rss_kb)=' "$f.time" "$f.stats" 2>/dev/null | tr '\n' ' ')$(
		[ "$status" = 0 ] || echo "FAILED (exit $status, expected: see the section)")"
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

# --- requests counted, and the provider before -------------------------------------------
# The sections below count the requests of each plan: every stand-in they
# start writes a line per request to bench/out/requests-NAME.log, and serves
# its counts by status at /_standin/requests.
declare -A rate_limited=()
# api_plan STANDIN HOW NAME DIR RC RUN: plan (as plan does) and the requests
# STANDIN answered during it, in bench/out/plan-NAME-RUN.requests
# (requests=N, status_NNN=N) and .requests.log (its lines of the stand-in's
# log). Against a rate-limited stand-in it first waits 1.1 s, outside the
# measure, so that every plan starts with the API's whole burst.
requests_of() { curl -fsS "${urls[$1]}/_standin/requests"; }
api_plan() {
	local s=$1 f="$out/plan-$3-$6" before after lines
	shift
	[ -z "${rate_limited[$s]:-}" ] || sleep 1.1
	before=$(requests_of "$s")
	lines=$(wc -l <"$out/requests-$s.log")
	plan "$@"
	after=$(requests_of "$s")
	awk -F= 'NR == FNR { b[$1] = $2; next } { print $1 "=" $2 - b[$1] }' <(echo "$before") <(echo "$after") >"$f.requests"
	tail -n "+$((lines + 1))" "$out/requests-$s.log" >"$f.requests.log"
	say "  $(tr '\n' ' ' <"$f.requests")"
}
# counted_standin NAME ARGS...: a stand-in that logs its requests.
counted_standin() {
	local name=$1
	shift
	standin "$name" -request-log "$out/requests-$name.log" "$@"
	: >>"$out/requests-$name.log"
	case " $* " in *" -rate-limit "*) rate_limited[$name]=1 ;; esac
}

# build_before REV NAME: the provider at commit REV, built outside the tree
# into $work/NAME, with its CLI configuration $work/rc-NAME; REV is noted
# in run.txt as NAME.
build_before() {
	say "building the provider at $1 into a temporary directory"
	mkdir -p "$work/$2-src" "$work/$2"
	git archive "$1" | tar -x -C "$work/$2-src"
	(cd "$work/$2-src" && go build -o "$work/$2/terraform-provider-itellico" .)
	rm -rf "$work/$2-src"
	rc "$work/rc-$2" "$work/$2"
	echo "$2=$(git rev-parse --short "$1^{commit}")" >>"$out/run.txt"
}

# The provider of BENCH_BEFORE, for the lookups and stats20k sections.
before_rev=${BENCH_BEFORE-b365251}
sides=after
if [ -n "$before_rev" ] && { want lookups || want stats20k; }; then
	build_before "$before_rev" before
	sides="after before"
fi
# The after side is this commit's provider, bin/.
cp "$work/rc-plain" "$work/rc-after"

# --- 6. lookups: 110 data sources, a distant rate-limited API and a near one -------------
if want lookups; then
	directory=(-agents 300 -phone-numbers 200 -sip-trunks 20 -page-cap 100)
	counted_standin lookups-near "${directory[@]}"
	counted_standin lookups-far "${directory[@]}" -latency 50ms -rate-limit 10
	# The configuration, with what each lookup must find, from the API's lists.
	"$out/tools/lookups" -url "${urls[lookups-near]}" -key "$key" -account "$account" >"$work/lookups.tf"
	cp "$work/lookups.tf" "$out/lookups.tf"
	for api in near far; do config "lookups-$api" "${urls[lookups-$api]}" "$(cat "$work/lookups.tf")"; done
	for run in warmup $(seq "$runs"); do
		for side in $sides; do
			for api in near far; do
				api_plan "lookups-$api" time "lookups-$side-$api" "lookups-$api" "rc-$side" "$run"
				expect "lookups-$side-$api" "$run" lookups 110
				expect "lookups-$side-$api" "$run" wrong '\[\]'
			done
		done
	done
	stop_standin lookups-near
	stop_standin lookups-far
fi

# --- 7. counts against 12 requests of the peer ---------------------------------------------
# 50,000 conversations spread over 237 days before an instant both stand-ins
# share; the window is the 90 days from 150 to 60 days before its midnight,
# about 19,000 of them.
count_values='["in_progress", "completed", "failed", "transferred"]|["phone", "web", "test", "unknown"]|["inbound", "outbound", "internal"]'
if want counts; then
	asof=$(date -u +%Y-%m-%dT%H:%M:00Z)
	midnight=${asof%%T*}
	from=$(date -u -d "$midnight -150 days" +%Y-%m-%dT%H:%M:%SZ)
	to=$(date -u -d "$midnight -60 days" +%Y-%m-%dT%H:%M:%SZ)
	printf 'conversations=50000\nfrom=%s\nto=%s\n' "$from" "$to" >"$out/counts-window.txt"
	generated=(-conversations 50000 -messages 2 -span 5688h -now "$asof" -latency 50ms)
	counted_standin counts-limited "${generated[@]}" -rate-limit 10
	counted_standin counts-unlimited "${generated[@]}"
	IFS='|' read -r statuses types directions <<<"$count_values"
	for api in limited unlimited; do
		config "counts-itellico-$api" "${urls[counts-$api]}" "data \"itellico_conversation_counts\" \"window\" {
  created_after  = \"$from\"
  created_before = \"$to\"
}
locals {
  c = data.itellico_conversation_counts.window
}
output \"counts\" {
  value = join(\" \", concat([local.c.total_count],
    [for v in $statuses : local.c.by_status[v]],
    [for v in $types : local.c.by_type[v]],
    [for v in $directions : local.c.by_direction[v]]))
}"
		mkdir -p "$work/counts-http-$api"
		cat >"$work/counts-http-$api/main.tf" <<TF
terraform {
  required_providers {
    http = { source = "hashicorp/http" }
  }
}
locals {
  window     = "${urls[counts-$api]}/v1/accounts/$account/conversations?limit=1&created_after=$from&created_before=$to"
  statuses   = $statuses
  types      = $types
  directions = $directions
  # a request per number: the total, then one per value of each dimension
  queries = merge({ total = "" },
    { for v in local.statuses : "status=\${v}" => "&status=\${v}" },
    { for v in local.types : "type=\${v}" => "&type=\${v}" },
    { for v in local.directions : "direction=\${v}" => "&direction=\${v}" })
}
data "http" "count" {
  for_each        = local.queries
  url             = "\${local.window}\${each.value}"
  request_headers = { "X-API-Key" = "$key" }
}
locals {
  n = { for k, d in data.http.count : k => jsondecode(d.body).count }
}
output "counts" {
  value = join(" ", concat([local.n["total"]],
    [for v in local.statuses : local.n["status=\${v}"]],
    [for v in local.types : local.n["type=\${v}"]],
    [for v in local.directions : local.n["direction=\${v}"]]))
}
TF
	done
	# The same plans without the reads: terraform and the provider starting.
	config counts-empty-itellico "${urls[counts-unlimited]}" 'output "none" { value = 0 }'
	mkdir -p "$work/counts-empty-http"
	cat >"$work/counts-empty-http/main.tf" <<TF
terraform {
  required_providers {
    http = { source = "hashicorp/http" }
  }
}
output "none" { value = 0 }
TF
	counts_of() { sed -nE 's/^ *\+ counts *= *"([0-9 ]+)"$/\1/p' "$out/plan-$1-$2.log"; }
	for run in warmup $(seq "$latency_runs"); do
		# http v1.2.0 has no retry: a 429 fails its plan, which is measured
		# and counted all the same.
		for api in limited unlimited; do
			api_plan "counts-$api" time "counts-itellico-$api" "counts-itellico-$api" rc-plain "$run"
		done
		plan_may_fail=1
		for api in limited unlimited; do
			api_plan "counts-$api" time "counts-http-$api" "counts-http-$api" rc-plain "$run"
		done
		plan_may_fail=
		for p in itellico http; do
			plan time "counts-empty-$p" "counts-empty-$p" rc-plain "$run"
		done
		# Every plan that finished gives the same twelve numbers; ours always finishes.
		want_counts=$(counts_of counts-itellico-limited "$run")
		[ "$(wc -w <<<"$want_counts")" = 12 ] || die "counts run $run: no twelve numbers in plan-counts-itellico-limited-$run.log"
		for p in counts-itellico-unlimited counts-http-limited counts-http-unlimited; do
			got=$(counts_of "$p" "$run")
			if [ -z "$got" ] && [ "$p" = counts-http-limited ]; then continue; fi
			[ "$got" = "$want_counts" ] || die "counts run $run: $p gives '$got', itellico_conversation_counts '$want_counts'"
		done
		echo "$want_counts" >"$out/counts-answers-$run.txt"
	done
	say "counts: every plan that finished gives (total, 4 statuses, 4 types, 3 directions) $want_counts"
	stop_standin counts-limited
	stop_standin counts-unlimited
fi

# --- 8. stats over 20,000 at 10 requests a second ------------------------------------------
if want stats20k; then
	latency_ms=${BENCH_STATS20K_LATENCY_MS:-50}
	echo "latency_ms=$latency_ms" >"$out/stats20k.txt"
	counted_standin stats20k -conversations 20000 -messages 10 -page-cap 100 -rate-limit 10 -latency "${latency_ms}ms"
	config stats20k "${urls[stats20k]}" 'data "itellico_conversation_stats" "all" {}
output "total" { value = data.itellico_conversation_stats.all.total_count }
output "read" { value = data.itellico_conversation_stats.all.read_count }
output "failed" { value = data.itellico_conversation_stats.all.by_status["failed"] }'
	for run in warmup $(seq "$runs"); do
		for side in $sides; do
			api_plan stats20k time "stats20k-$side" stats20k "rc-$side" "$run"
			expect "stats20k-$side" "$run" total 20000
			expect "stats20k-$side" "$run" read 20000
		done
	done
	stop_standin stats20k
fi

# --- 9. pipelines: K plans at once on one key -----------------------------------------------
# K CI runners of one organisation plan at the same instant, each a report
# over 5,000 conversations (50 requests in pages of 100), against one API
# that allows the key 10 requests a second and answers 429 with
# Retry-After beyond. Each provider process learns of the others only from
# the API's answers. bench/pipelines starts the K plans together and
# writes bench/out/pipelines-SIDE-kK-RUN.txt: the share of requests
# answered 429 and the last plan's end over the floor (the requests
# answered 200 / 10 a second). Before each batch it waits 1.1 s, outside
# the measure, so that every batch starts with the API's whole burst.
if want pipelines; then
	psides=after
	pbefore=${BENCH_PIPELINES_BEFORE-}
	if [ -n "$pbefore" ]; then
		build_before "$pbefore" pbefore
		psides="after before"
	fi
	psides="$psides share"
	counted_standin pipelines -conversations 5000 -messages 10 -page-cap 100 -rate-limit 10 -latency 50ms
	ks=${BENCH_PIPELINES_K:-1 4 8}
	ks=${ks//,/ }
	kmax=1
	for k in $ks; do ((k > kmax)) && kmax=$k; done
	# Each plan's provider takes max_requests_per_second from TF_VAR_share:
	# unset on the sides after and before (the budget learns the rate from
	# the 429s alone), 10/K on the side share (each plan given its share).
	for i in $(seq "$kmax"); do
		config "pipelines-$i" "${urls[pipelines]}" 'data "itellico_conversation_stats" "all" {}
output "total" { value = data.itellico_conversation_stats.all.total_count }
output "read" { value = data.itellico_conversation_stats.all.read_count }
variable "share" {
  type    = number
  default = null
}'
		# The provider of BENCH_PIPELINES_BEFORE may not know the argument.
		mkdir -p "$work/pipelines-before-$i"
		cp "$work/pipelines-$i/main.tf" "$work/pipelines-before-$i/"
		sed -i 's/^provider "itellico" {$/provider "itellico" {\n  max_requests_per_second = var.share/' "$work/pipelines-$i/main.tf"
	done
	for run in warmup $(seq "${BENCH_PIPELINES_RUNS:-3}"); do
		for k in $ks; do
			for side in $psides; do
				rcfile=rc-after
				[ "$side" = before ] && rcfile=rc-pbefore
				penv=()
				[ "$side" = share ] && penv=("TF_VAR_share=$(awk "BEGIN { print 10 / $k }")")
				dirs=()
				for i in $(seq "$k"); do
					if [ "$side" = before ]; then dirs+=("$work/pipelines-before-$i"); else dirs+=("$work/pipelines-$i"); fi
				done
				sleep 1.1
				f="$out/pipelines-$side-k$k-$run"
				echo "load1=$(cut -d' ' -f1 /proc/loadavg)" >"$f.load"
				env "${penv[@]}" TF_CLI_CONFIG_FILE="$work/$rcfile" "$out/tools/pipelines" -terraform "$terraform" \
					-url "${urls[pipelines]}" -rate 10 -o "$f.txt" -log-prefix "$f" \
					-want total=5000 -want read=5000 "${dirs[@]}" || die "pipelines $side k=$k run $run failed"
				say "pipelines $side k=$k $run: $(grep -E '^(requests|limited|share_429|last_over_floor|spread_s)=' "$f.txt" | tr '\n' ' ')"
			done
		done
	done
	stop_standin pipelines
fi

finish
