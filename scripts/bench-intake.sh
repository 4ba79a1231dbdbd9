#!/usr/bin/env bash
# Intake benchmark: the service's POST /fallout-cases against two pgbench baselines on one machine, one throwaway
# PostgreSQL cluster: the project's own unit of work as raw SQL (db/bench/intake.sql) and the lean unit
# (db/bench/intake-lean.sql: case, occurrence, one outbox row, one audit row; prepared), and prints both ratios.
#
#   scripts/bench-intake.sh [--duration 30] [--runs 1] [--clients 16] [--warmup 5] [--duplicate-ratio 0] [--port 55440]
#                           [--pgbench-mode simple|prepared] [--service-warmup 60]
#                           [--service-env NAME=VALUE]... [--connection-extra "Keyword=value;..."]
#                           [--client raw|httpclient] [--pg-setting NAME=VALUE]...
#
# 1. starts a PostgreSQL cluster from the machine's binaries in a temp folder (default settings, fsync on) on --port;
#    --pg-setting sets one of the cluster's settings (repeatable), e.g. --pg-setting shared_buffers=2GB: both baselines
#    and the service share the cluster, so a setting applies to all three;
# 2. creates databases bench_raw and bench_service, both migrated with db/migrations.sql;
# 3. builds and starts the service in Release on http://127.0.0.1:5081 (Development environment, logs at Warning)
#    against bench_service;
# 4. per run: pgbench with db/bench/intake-lean.sql (always -M prepared), pgbench with db/bench/intake.sql, then the
#    benchmark app (intake mode), each at --clients clients, with --warmup seconds unmeasured first and --duration seconds measured (integer
#    seconds); before run 1 the service gets --service-warmup seconds unmeasured (default 60: with 20 s its
#    first run was still 2-5x slower on the loaded development machine).
#    pgbench's query protocol is --pgbench-mode: simple (default) or prepared, the stricter baseline;
#    While the service is measured, its resident memory (VmRSS, the working set) is sampled every second: the peak is printed.
#    --service-env passes a setting to the service (repeatable: A/B of configuration, e.g. DOTNET_gcConcurrent=0 or
#    Analytics__FoldIntervalSeconds=0); --connection-extra is appended to the service's connection string (e.g.
#    "No Reset On Close=false"). --client is how the benchmark app sends: raw (default: HTTP/1.1 written on one blocking socket
#    per client, as pgbench's clients wait on theirs) or httpclient (.NET's HttpClient, used before 2026-12-07 14:00 UTC).
# 5. prints each run, the medians and the service/lean and service/raw ratios, then stops everything and removes the cluster.
# See docs/benchmarks.md for what each side does and the recorded results.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"

DURATION=30
RUNS=1
CLIENTS=16
WARMUP=5
DUPLICATE_RATIO=0
PG_PORT=55440
PGBENCH_MODE=simple
SERVICE_WARMUP=60
API_PORT=5081
SERVICE_ENV=()
CONNECTION_EXTRA=""
CLIENT=raw
PG_SETTINGS=()

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; }

while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --clients) CLIENTS="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --duplicate-ratio) DUPLICATE_RATIO="$2"; shift 2 ;;
    --port) PG_PORT="$2"; shift 2 ;;
    --pgbench-mode) PGBENCH_MODE="$2"; shift 2 ;;
    --service-warmup) SERVICE_WARMUP="$2"; shift 2 ;;
    --service-env) SERVICE_ENV+=("$2"); shift 2 ;;
    --connection-extra) CONNECTION_EXTRA="$2"; shift 2 ;;
    --client) CLIENT="$2"; shift 2 ;;
    --pg-setting) PG_SETTINGS+=(-c "$2"); shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] ERROR: %s\n' "$*" >&2; exit 1; }
BINDIR="$(find_pg_bindir)" || BINDIR=""
if [ -z "$BINDIR" ] || [ ! -x "$BINDIR/pgbench" ]; then
  die "PostgreSQL binaries (initdb, pg_ctl, psql, pgbench) not found; install Debian's postgresql package"
fi
cleanup() {
  local status=$?
  stop_bench_service
  stop_throwaway_cluster
  exit "$status"
}
trap cleanup EXIT INT TERM

start_throwaway_cluster "$PG_PORT" -c max_connections=200 "${PG_SETTINGS[@]}" || die "PostgreSQL did not start"
WORK="$PG_TMP_DIR"

psql_on() { "$BINDIR/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -q -v ON_ERROR_STOP=1 "$@"; }

log "PostgreSQL $("$BINDIR/postgres" --version | awk '{print $3}') cluster in $WORK/data on port $PG_PORT"
for db in bench_raw bench_service; do
  psql_on -d postgres -c "create database $db"
  psql_on -d "$db" -f db/migrations.sql >/dev/null
done
SERVICE_CS="Host=127.0.0.1;Port=$PG_PORT;Database=bench_service;Username=postgres${CONNECTION_EXTRA:+;$CONNECTION_EXTRA}"

log "building the service and the benchmark app (Release)"
build_bench_apps || die "the build failed"

log "starting the service on http://127.0.0.1:$API_PORT"
start_bench_service "$API_PORT" "$SERVICE_CS" "$WORK/service.log" "${SERVICE_ENV[@]}" || die "the service did not start"

# Prints "tps p50 p95 p99 max" (latencies in ms) for one pgbench run of script $1 in mode $2, from its per-transaction log.
run_pgbench() {
  local script="$1" mode="$2" out logs
  rm -f "$WORK"/pgbench_log.*
  "$BINDIR/pgbench" -n -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "$CLIENTS" -j 2 -M "$mode" -T "$WARMUP" \
    -f "$script" bench_raw >/dev/null 2>&1 || die "pgbench warm-up failed"
  out="$("$BINDIR/pgbench" -n -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "$CLIENTS" -j 2 -M "$mode" -T "$DURATION" \
    -l --log-prefix="$WORK/pgbench_log" -f "$script" bench_raw 2>&1)" || { printf '%s\n' "$out" >&2; die "pgbench failed"; }
  logs=("$WORK"/pgbench_log.*)
  # The third field of a per-transaction log line is its latency in microseconds.
  printf '%s %s\n' "$(printf '%s\n' "$out" | awk '/^tps = /{print $3}')" \
    "$(cat "${logs[@]}" | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END {
        split("50 95 99", p, " ");
        for (i = 1; i <= 3; i++) { r = int((p[i] / 100) * NR + 0.999999); if (r < 1) r = 1; printf "%.2f ", a[r] / 1000 }
        printf "%.2f", a[NR] / 1000 }')"
}

# Prints the service's resident memory in MB every second until killed: the peak is its working set under load.
sample_rss() {
  local kb
  while kb="$(awk '/^VmRSS:/ {print $2}' "/proc/$BENCH_API_PID/status" 2>/dev/null)"; do
    printf '%s\n' "$((kb / 1024))"
    sleep 1
  done
}

# Prints "rps p50 p95 p99 max dedup rss_peak_mb" for one run of the benchmark app.
run_service() {
  local out result sampler
  sample_rss >"$WORK/rss" &
  sampler=$!
  out="$(dotnet tests/FalloutManagement.Benchmarks/bin/Release/net10.0/FalloutManagement.Benchmarks.dll intake \
    --url "http://127.0.0.1:$API_PORT" --concurrency "$CLIENTS" --duration "$DURATION" --warmup "$WARMUP" \
    --duplicate-ratio "$DUPLICATE_RATIO" --connection-string "$SERVICE_CS" --client "$CLIENT" 2>&1)" || { printf '%s\n' "$out" >&2; die "the benchmark app failed"; }
  kill "$sampler" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true
  printf '%s\n' "$out" | grep -v '^RESULT' | sed 's/^/    /' >&2
  result="$(printf '%s\n' "$out" | grep '^RESULT')"
  field() { printf '%s\n' "$result" | tr ' ' '\n' | awk -F= -v k="$1" '$1 == k {print $2}'; }
  printf '%s %s %s %s %s %s %s\n' "$(field rps)" "$(field p50_ms)" "$(field p95_ms)" "$(field p99_ms)" "$(field max_ms)" "$(field dedup)" \
    "$(sort -n "$WORK/rss" | tail -n 1)"
}

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {if (NR % 2) printf "%.2f\n", a[(NR+1)/2]; else printf "%.2f\n", (a[NR/2]+a[NR/2+1])/2}'; }

# A fresh service is slow for a while (JIT tiering, first statistics on the nearly empty tables): one long unmeasured
# pass first, so run 1 measures the service the way runs 2..n do (pgbench needs no such thing).
log "warming the service up for $SERVICE_WARMUP s"
dotnet tests/FalloutManagement.Benchmarks/bin/Release/net10.0/FalloutManagement.Benchmarks.dll intake \
  --url "http://127.0.0.1:$API_PORT" --concurrency "$CLIENTS" --duration "$SERVICE_WARMUP" --warmup 0 \
  --pool 100000 --client "$CLIENT" >/dev/null 2>&1 || die "the service warm-up failed"

printf 'Intake benchmark %s  host=%s  cpus=%s  clients=%s  duration=%ss  warmup=%ss  duplicate-ratio=%s  runs=%s  pgbench-mode=%s  client=%s\n' \
  "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(hostname)" "$(nproc)" "$CLIENTS" "$DURATION" "$WARMUP" "$DUPLICATE_RATIO" "$RUNS" "$PGBENCH_MODE" "$CLIENT"
printf 'load average before: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
[ ${#SERVICE_ENV[@]} -gt 0 ] && printf 'service settings: %s\n' "${SERVICE_ENV[*]}"
[ ${#PG_SETTINGS[@]} -gt 0 ] && printf 'PostgreSQL settings: %s\n' "${PG_SETTINGS[*]}"
[ -n "$CONNECTION_EXTRA" ] && printf 'connection string extra: %s\n' "$CONNECTION_EXTRA"
lean_tps=(); lean_p99=(); raw_tps=(); svc_rps=(); ratios=(); lean_ratios=(); raw_p99=(); svc_p50=(); svc_p95=(); svc_p99=(); raw_p50=(); raw_p95=(); rss=()
for run in $(seq 1 "$RUNS"); do
  log "run $run/$RUNS: pgbench, lean unit (prepared)"
  read -r ltps _ _ lp99 _ < <(run_pgbench db/bench/intake-lean.sql prepared)
  log "run $run/$RUNS: pgbench, the project's unit ($PGBENCH_MODE)"
  read -r tps rp50 rp95 rp99 rmax < <(run_pgbench db/bench/intake.sql "$PGBENCH_MODE")
  log "run $run/$RUNS: service"
  read -r rps sp50 sp95 sp99 smax dedup peak < <(run_service)
  ratio="$(awk -v s="$rps" -v r="$tps" 'BEGIN {printf "%.2f", s / r}')"
  lean_ratio="$(awk -v s="$rps" -v r="$ltps" 'BEGIN {printf "%.2f", s / r}')"
  printf 'run %d: lean %8.1f tps  p99 %6.2f ms | raw %8.1f tps  p50 %6.2f  p95 %6.2f  p99 %6.2f  max %7.2f ms | service %8.1f req/s  p50 %6.2f  p95 %6.2f  p99 %6.2f  max %7.2f ms  dedup %s  rss peak %s MB | service/lean %s  service/raw %s  (load %s)\n' \
    "$run" "$ltps" "$lp99" "$tps" "$rp50" "$rp95" "$rp99" "$rmax" "$rps" "$sp50" "$sp95" "$sp99" "$smax" "$dedup" "$peak" "$lean_ratio" "$ratio" \
    "$(cut -d' ' -f1 /proc/loadavg)"
  lean_tps+=("$ltps"); lean_p99+=("$lp99"); lean_ratios+=("$lean_ratio")
  raw_tps+=("$tps"); raw_p50+=("$rp50"); raw_p95+=("$rp95"); raw_p99+=("$rp99")
  svc_rps+=("$rps"); svc_p50+=("$sp50"); svc_p95+=("$sp95"); svc_p99+=("$sp99"); ratios+=("$ratio"); rss+=("$peak")
done
printf 'median of %d: lean %s tps (p99 %s ms) | raw %s tps (p50 %s, p95 %s, p99 %s ms) | service %s req/s (p50 %s, p95 %s, p99 %s ms, rss peak %s MB) | service/lean %s  service/raw %s\n' \
  "$RUNS" "$(median "${lean_tps[@]}")" "$(median "${lean_p99[@]}")" \
  "$(median "${raw_tps[@]}")" "$(median "${raw_p50[@]}")" "$(median "${raw_p95[@]}")" "$(median "${raw_p99[@]}")" \
  "$(median "${svc_rps[@]}")" "$(median "${svc_p50[@]}")" "$(median "${svc_p95[@]}")" "$(median "${svc_p99[@]}")" "$(median "${rss[@]}")" \
  "$(median "${lean_ratios[@]}")" "$(median "${ratios[@]}")"
printf 'target: service/lean >= 0.50, service p99 <= 25 ms at %s clients, working set <= 400 MB\n' "$CLIENTS"
