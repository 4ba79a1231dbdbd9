#!/usr/bin/env bash
# Runs every test of the solution. Extra arguments go to `dotnet test` (e.g. --filter ...).
#
# The integration tests take a PostgreSQL superuser connection string from FALLOUT_TEST_DATABASE. Unless it is set,
# this script starts ONE throwaway cluster from the machine's PostgreSQL binaries (installing Debian's postgresql
# package when they are missing and no Docker engine answers) in a temp folder on a free port, exports
# FALLOUT_TEST_DATABASE for it, and stops and removes it when it exits. Each test class creates its own database there
# and drops it at its end. (Without the variable, `dotnet test` uses Testcontainers, which needs Docker.)
#
# The console's browser tests need Debian's chromium and chromium-driver; this script installs them when missing.
# FALLOUT_SCREENSHOTS=docs/images makes those tests save the screenshots shown in docs/console.md.
#
# The last line printed is always: "N passed, N failed, N skipped".
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"

RESULTS="$ROOT/artifacts/test-results"

# VSTest kills a test host 100 ms after its run unless told otherwise; give its ProcessExit clean-up (dropping the
# template database, which matters on a server of your own in FALLOUT_TEST_DATABASE) time. A healthy host still
# exits at once.
export VSTEST_TESTHOST_SHUTDOWN_TIMEOUT="${VSTEST_TESTHOST_SHUTDOWN_TIMEOUT:-10000}"

log() { printf '[test] %s\n' "$*" >&2; }

# Sets FALLOUT_TEST_DATABASE to a throwaway cluster unless it is set (or there are no binaries but Docker answers, for
# Testcontainers). When no cluster can be had it says so and goes on: the tests then fail with the reason.
ensure_test_database() {
  [ -n "${FALLOUT_TEST_DATABASE:-}" ] && { log "using FALLOUT_TEST_DATABASE from the environment"; return 0; }
  if ! find_pg_bindir >/dev/null; then
    docker_answers && { log "no PostgreSQL binaries; the tests use Testcontainers (Docker)"; return 0; }
    install_postgres || { log "no PostgreSQL binaries and they cannot be installed; install Debian's postgresql package or set FALLOUT_TEST_DATABASE"; return 0; }
  fi
  trap stop_throwaway_cluster EXIT
  trap 'exit 130' INT TERM
  # Durability off (the data is thrown away) and room for the connection pools of the test classes running at once.
  if start_throwaway_cluster "" -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
      -c max_connections=500 -c shared_buffers=256MB; then
    export FALLOUT_TEST_DATABASE="Host=127.0.0.1;Port=$PG_TMP_PORT;Username=postgres;Database=postgres"
    log "throwaway PostgreSQL cluster on 127.0.0.1:$PG_TMP_PORT ($PG_TMP_DIR)"
  else
    log "could not start a throwaway PostgreSQL cluster; the integration tests will fail"
  fi
}

# Prints the value of attribute $2 in the element text $1 (0 when absent).
attr() {
  local value
  value="$(printf '%s' "$1" | grep -o " $2=\"[0-9]*\"" | head -n 1 | grep -o '[0-9][0-9]*' || true)"
  printf '%s' "${value:-0}"
}

ensure_test_database
# Without the browser the console's browser tests fail (they never skip) with a message naming the packages.
ensure_browser || log "could not install chromium and chromium-driver; the console's browser tests will fail"

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
