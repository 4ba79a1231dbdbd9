#!/usr/bin/env bash
# Intake profile: CPU time per request of each process that shares the machine under the intake load — the service,
# PostgreSQL (all its backends) and the load generator — and, optionally, the .NET runtime's counters (allocations,
# GC pauses, JIT time) while it is measured. Wall-clock rates on a small shared machine mostly measure the neighbours;
# CPU per request says where the work is (docs/benchmarks.md, "Where the time goes").
#
#   scripts/profile-intake.sh [--duration 20] [--warmup 120] [--clients 16] [--port 55460] [--counters]
#                             [--service-env NAME=VALUE]... [--client raw|httpclient]
#
# 1. starts a throwaway PostgreSQL cluster (default settings, fsync on) on --port and an empty migrated database;
# 2. builds and starts the service in Release on http://127.0.0.1:5090 (Development, logs at Warning, no rate limits);
# 3. warms it up for --warmup seconds of intake load (JIT tiering settles after about two minutes on two cores);
# 4. measures --duration seconds of intake load (the benchmark app's intake mode, every request a new case) and prints
#    requests, req/s, p50/p99 and CPU ms per request for the service, PostgreSQL and the load generator, read from
#    /proc (utime + stime; PostgreSQL: every postgres process plus the children the postmaster reaped);
#    --counters also prints dotnet-counters' System.Runtime figures for the window (needs the dotnet-counters tool).
# --service-env passes a setting to the service (repeatable), for A/B sessions. --client is how the load generator
# sends (raw, the default, or httpclient; scripts/bench-intake.sh says more).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"

DURATION=20
WARMUP=120
CLIENTS=16
PG_PORT=55460
API_PORT=5090
COUNTERS=0
SERVICE_ENV=()
CLIENT=raw

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; }

while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --clients) CLIENTS="$2"; shift 2 ;;
    --port) PG_PORT="$2"; shift 2 ;;
    --counters) COUNTERS=1; shift ;;
    --service-env) SERVICE_ENV+=("$2"); shift 2 ;;
    --client) CLIENT="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done

log() { printf '[profile] %s\n' "$*" >&2; }
die() { printf '[profile] ERROR: %s\n' "$*" >&2; exit 1; }
BINDIR="$(find_pg_bindir)" || die "PostgreSQL binaries not found; install Debian's postgresql package"
COUNTERS_TOOL="$(command -v dotnet-counters || echo "$HOME/.dotnet/tools/dotnet-counters")"
if [ "$COUNTERS" = 1 ] && [ ! -x "$COUNTERS_TOOL" ]; then
  die "--counters needs dotnet-counters (dotnet tool install -g dotnet-counters)"
fi
cleanup() {
  local status=$?
  stop_bench_service
  stop_throwaway_cluster
  exit "$status"
}
trap cleanup EXIT INT TERM

start_throwaway_cluster "$PG_PORT" -c max_connections=200 || die "PostgreSQL did not start"
WORK="$PG_TMP_DIR"
"$BINDIR/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -q -v ON_ERROR_STOP=1 -d postgres -c "create database profile"
CS="Host=127.0.0.1;Port=$PG_PORT;Database=profile;Username=postgres"

log "building the service and the benchmark app (Release)"
build_bench_apps || die "the build failed"
start_bench_service "$API_PORT" "$CS" "$WORK/service.log" "${SERVICE_ENV[@]}" || die "the service did not start"

LOAD=(dotnet tests/FalloutManagement.Benchmarks/bin/Release/net10.0/FalloutManagement.Benchmarks.dll intake
  --url "http://127.0.0.1:$API_PORT" --concurrency "$CLIENTS" --client "$CLIENT")
log "warming the service up for $WARMUP s"
"${LOAD[@]}" --duration "$WARMUP" --warmup 0 --pool 100000 >/dev/null 2>&1 || die "the warm-up failed"

# Clock ticks (utime + stime) of one process; of PostgreSQL: this cluster's postmaster and its backends, with the
# children it reaped.
ticks_of() { awk '{print $14 + $15}' "/proc/$1/stat"; }
POSTMASTER="$(head -n 1 "$WORK/data/postmaster.pid")"
postgres_ticks() {
  local total=0 pid
  for pid in "$POSTMASTER" $(pgrep -P "$POSTMASTER" || true); do
    [ -r "/proc/$pid/stat" ] && total=$((total + $(awk '{print $14 + $15 + $16 + $17}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}

COUNTER_PID=""
if [ "$COUNTERS" = 1 ]; then
  ( sleep 3; "$COUNTERS_TOOL" collect -p "$BENCH_API_PID" --duration "00:00:$(printf '%02d' $((DURATION - 5)))" --refresh-interval 5 \
      --format csv -o "$WORK/counters.csv" --counters System.Runtime >/dev/null 2>&1 ) &
  COUNTER_PID=$!
fi
service_before="$(ticks_of "$BENCH_API_PID")"
postgres_before="$(postgres_ticks)"
log "measuring $DURATION s"
out="$(/usr/bin/time -f 'LOADCPU %U %S' "${LOAD[@]}" --duration "$DURATION" --warmup 0 --connection-string "$CS" 2>&1)" \
  || { printf '%s\n' "$out" >&2; die "the load generator failed"; }
service_after="$(ticks_of "$BENCH_API_PID")"
postgres_after="$(postgres_ticks)"
[ -n "$COUNTER_PID" ] && wait "$COUNTER_PID" 2>/dev/null || true

result="$(printf '%s\n' "$out" | grep '^RESULT')"
field() { printf '%s\n' "$result" | tr ' ' '\n' | awk -F= -v k="$1" '$1 == k {print $2}'; }
tick="$(getconf CLK_TCK)"
load_ms="$(printf '%s\n' "$out" | awk '/^LOADCPU/ {print ($2 + $3) * 1000}')"
printf 'Intake profile %s  cpus=%s  clients=%s  duration=%ss  warmup=%ss%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(nproc)" \
  "$CLIENTS" "$DURATION" "$WARMUP" "${SERVICE_ENV[*]:+  env: ${SERVICE_ENV[*]}}"
printf 'requests=%s  rps=%s  p50=%s ms  p99=%s ms  dedup=%s\n' "$(field requests)" "$(field rps)" "$(field p50_ms)" "$(field p99_ms)" "$(field dedup)"
awk -v n="$(field requests)" -v s=$((service_after - service_before)) -v p=$((postgres_after - postgres_before)) \
  -v l="$load_ms" -v t="$tick" 'BEGIN {
    printf "CPU ms per request: service %.3f  PostgreSQL %.3f  load generator %.3f  total %.3f\n",
      s * 1000 / t / n, p * 1000 / t / n, l / n, (s * 1000 / t + p * 1000 / t + l) / n }'
if [ "$COUNTERS" = 1 ] && [ -s "$WORK/counters.csv" ]; then
  printf 'runtime counters (per 5 s):\n'
  awk -F, 'NR > 1 && $3 ~ /total_allocated|gc.collections|gc.pause|jit.compilation.time|working_set/ {print "  " $3 " = " $5}' \
    "$WORK/counters.csv" | sort | uniq
fi
