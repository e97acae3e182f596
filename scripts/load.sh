#!/usr/bin/env bash
# Runs a command on a loaded machine: while it runs, busy loops in other
# processes (at nice 0, as other jobs of a shared CI runner are) keep every
# core busy, so that the command's goroutines and the terraform processes
# of the acceptance tests wait for a core as they would there. The loops
# end with the command, or with this script however it ends: each loop
# also stops by itself once this script is gone.
#
#   scripts/load.sh [-n LOOPS] COMMAND [ARGS...]
#
# LOOPS defaults to three per core, a load of about 3 × cores on top of
# the command's own. For example, `scripts/load.sh make test`, or
#   scripts/load.sh -n 6 go test -count=3 -run 'TestAccSingular' ./internal/provider/
set -euo pipefail

loops=$((3 * $(nproc)))
if [ "${1:-}" = "-n" ]; then
	loops=${2:?-n takes a number of loops}
	shift 2
fi
if [ $# -eq 0 ]; then
	echo "usage: $0 [-n LOOPS] COMMAND [ARGS...]" >&2
	exit 2
fi

self=$$
pids=()
stop() {
	if [ ${#pids[@]} -gt 0 ]; then
		kill "${pids[@]}" 2>/dev/null || true
		wait "${pids[@]}" 2>/dev/null || true
	fi
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for _ in $(seq "$loops"); do
	# kill -0 is a shell builtin: the loop spins on the CPU, and ends
	# when this script has ended without stopping it (kill -9).
	(
		trap - EXIT INT TERM
		while kill -0 "$self" 2>/dev/null; do :; done
	) &
	pids+=($!)
done
echo "load.sh: ${loops} busy loops on $(nproc) cores while running: $*" >&2

set +e
"$@"
status=$?
set -e
echo "load.sh: the command exited with status ${status}; load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
exit "$status"
