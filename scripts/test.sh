#!/usr/bin/env bash
# Runs every test of the solution. Extra arguments go to `dotnet test` (e.g. --filter ...).
#
# Integration tests need a PostgreSQL server (see tests/FalloutManagement.IntegrationTests/Infrastructure/TestPostgres.cs):
# FALLOUT_TEST_DATABASE, else Docker (Testcontainers), else the machine's PostgreSQL binaries, which this script
# installs (Debian's postgresql package) when none of the three is available.
#
# The last line printed is always: "N passed, N failed, N skipped".
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"

RESULTS="$ROOT/artifacts/test-results"

# VSTest kills a test host 100 ms after its run unless told otherwise; give ProcessExit clean-up (stopping the
# throwaway PostgreSQL cluster) time to finish. A healthy host still exits at once.
export VSTEST_TESTHOST_SHUTDOWN_TIMEOUT="${VSTEST_TESTHOST_SHUTDOWN_TIMEOUT:-10000}"

log() { printf '[test] %s\n' "$*" >&2; }



ensure_postgres() {
  [ -n "${FALLOUT_TEST_DATABASE:-}" ] && return 0
  find_pg_bindir >/dev/null && return 0
  docker_answers && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo="sudo"
    else
      log "no PostgreSQL binaries, no Docker engine and no FALLOUT_TEST_DATABASE; integration tests will fail"
      log "install Debian's postgresql package or set FALLOUT_TEST_DATABASE"
      return 0
    fi
  fi
  log "installing Debian's postgresql package (needed by the integration tests)"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql
}

# Prints the value of attribute $2 in the element text $1 (0 when absent).
attr() {
  local value
  value="$(printf '%s' "$1" | grep -o " $2=\"[0-9]*\"" | head -n 1 | grep -o '[0-9][0-9]*' || true)"
  printf '%s' "${value:-0}"
}

ensure_postgres

rm -rf "$RESULTS"
mkdir -p "$RESULTS"

set +e
# Build once, then test each project into its own results folder (trx names carry only seconds and would collide).
dotnet build "$ROOT/FalloutManagement.sln" -c Release -nologo -v quiet
status=$?
if [ "$status" -eq 0 ]; then
  for project in "$ROOT"/tests/*Tests/*Tests.csproj; do
    name="$(basename "$project" .csproj)"
    dotnet test "$project" -c Release --no-build --logger trx --results-directory "$RESULTS/$name" "$@"
    rc=$?
    if [ "$rc" -ne 0 ]; then
      status="$rc"
    fi
  done
fi
set -e

total=0
executed=0
passed=0
failed=0
skipped=0
files=0
while IFS= read -r -d '' trx; do
  files=$((files + 1))
  counters="$(tr '\n\r' '  ' <"$trx" | grep -o '<Counters [^>]*>' | head -n 1 || true)"
  [ -n "$counters" ] || continue
  t="$(attr "$counters" total)"
  e="$(attr "$counters" executed)"
  p="$(attr "$counters" passed)"
  f=$(($(attr "$counters" failed) + $(attr "$counters" error) + $(attr "$counters" timeout) + $(attr "$counters" aborted)))
  if [ "$t" -ge "$e" ]; then
    s=$((t - e))
  else
    s="$(attr "$counters" notExecuted)"
  fi
  total=$((total + t))
  executed=$((executed + e))
  passed=$((passed + p))
  failed=$((failed + f))
  skipped=$((skipped + s))
done < <(find "$RESULTS" -type f -name '*.trx' -print0)

exit_code=0
if [ "$status" -ne 0 ]; then
  log "dotnet test exited with $status"
  exit_code="$status"
fi
if [ "$failed" -gt 0 ]; then
  exit_code=1
fi
if [ "$total" -eq 0 ]; then
  log "no tests ran ($files result file(s) in $RESULTS)"
  exit_code=1
fi

printf '%d passed, %d failed, %d skipped\n' "$passed" "$failed" "$skipped"
exit "$exit_code"
