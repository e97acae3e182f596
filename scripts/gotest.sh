#!/usr/bin/env bash
# Runs `go test` with the given arguments, shows its output, and ends with
# one line that counts the tests: "N passed, N failed, N skipped".
set -euo pipefail
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
go test -v "$@" 2>&1 | tee "$log" | grep -Ev '^(=== (RUN|PAUSE|CONT|NAME)|\s*--- PASS)'
status=${PIPESTATUS[0]}
set -e
passed=$(grep -cE '^\s*--- PASS' "$log" || true)
failed=$(grep -cE '^\s*--- FAIL' "$log" || true)
skipped=$(grep -cE '^\s*--- SKIP' "$log" || true)
echo
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -eq 0 ] && [ "$failed" -gt 0 ]; then status=1; fi
exit "$status"
