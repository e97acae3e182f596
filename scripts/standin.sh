# Sourced by the scripts that plan against the stand-in API (demo.sh,
# reporting-figures.sh). start_standin WORK ARGS... builds the stand-in into
# WORK, starts it on a free loopback port with ARGS, its output (what it
# serves, a line per request) in WORK/standin.log, waits until it listens,
# and exports ITELLICOAI_BASE_URL; standin_pid is its pid, for the caller's
# cleanup. It also points Terraform at the provider in ./bin
# (dev_overrides), which needs no terraform init.
start_standin() {
	local work=$1
	shift
	go build -o "$work/itellico-standin" "$root/cmd/itellico-standin"
	"$work/itellico-standin" -addr 127.0.0.1:0 -url-file "$work/url" -log-requests "$@" 2>"$work/standin.log" &
	standin_pid=$!
	for _ in $(seq 300); do [ -s "$work/url" ] && break; sleep 0.1; done
	[ -s "$work/url" ] || { cat "$work/standin.log" >&2; echo "the stand-in API did not start" >&2; exit 1; }
	ITELLICOAI_BASE_URL=$(cat "$work/url")
	export ITELLICOAI_BASE_URL
	cat >"$work/terraformrc" <<CFG
provider_installation {
  dev_overrides {
    "itellicoai/itellico" = "$root/bin"
  }
  direct {}
}
CFG
	export TF_CLI_CONFIG_FILE="$work/terraformrc"
}

# standin_requests WORK is how many requests the stand-in has answered.
standin_requests() { grep -c '^itellico-standin: #' "$1/standin.log" || true; }
