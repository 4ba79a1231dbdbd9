#!/usr/bin/env bash
# Starts the Fallout Management service together with its PostgreSQL database.
#
#   scripts/start.sh            # from any directory; idempotent
#
# Database, first match wins:
#   1. ConnectionStrings__Fallout is set      -> used as is, nothing is started
#   2. a Docker engine answers                -> `docker compose up -d db` (docker-compose.yml)
#   3. otherwise                              -> a local cluster from the machine's PostgreSQL binaries
#      (Debian's postgresql package is installed if missing), data in .data/pg, port 55432
#      (FALLOUT_PG_PORT overrides), stopped with scripts/stop-db.sh.
# Then the API runs in the foreground on http://127.0.0.1:5080 and applies its migrations at start-up.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"

PG_PORT="${FALLOUT_PG_PORT:-55432}"
PG_DB="fallout"
PG_USER="postgres"
API_URL="http://127.0.0.1:5080"

log() { printf '[start] %s\n' "$*" >&2; }
die() { printf '[start] ERROR: %s\n' "$*" >&2; exit 1; }

compose() {
  if docker compose version >/dev/null 2>&1; then
    docker compose "$@"
  elif command -v docker-compose >/dev/null 2>&1; then
    docker-compose "$@"
  else
    die "a Docker engine answers but neither 'docker compose' nor 'docker-compose' is installed"
  fi
}

start_local_cluster() {
  local bindir data sock logfile port
  bindir="$(find_pg_bindir)" || {
    install_postgres || die "PostgreSQL binaries are missing and cannot be installed here; install Debian's postgresql package (apt-get install postgresql) or set ConnectionStrings__Fallout"
    bindir="$(find_pg_bindir)" || die "PostgreSQL binaries still not found after installing"
  }

  mkdir -p "$ROOT/.data"
  data="$ROOT/.data/pg"
  sock="$ROOT/.data/sock"
  logfile="$ROOT/.data/pg.log"

  if is_root; then
    getent passwd postgres >/dev/null || die "running as root but there is no 'postgres' OS user (install Debian's postgresql package)"
    # The postgres user must be able to reach the checkout; e.g. a checkout under /root is not reachable.
    if ! runuser -u postgres -- test -x "$ROOT/.data"; then
      local base
      base="/var/lib/postgresql/fallout-$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1)"
      log "the postgres user cannot reach $ROOT; keeping the cluster in $base instead"
      mkdir -p "$base"
      chown postgres:postgres "$base"
      data="$base/pg"
      sock="$base/sock"
      logfile="$base/pg.log"
    fi
  fi

  mkdir -p "$sock"
  [ -d "$data" ] || mkdir -p "$data"
  if is_root; then
    chown postgres:postgres "$data" "$sock"
    touch "$logfile" && chown postgres:postgres "$logfile"
  fi
  chmod 700 "$data"

  # Remember where the cluster lives, for scripts/stop-db.sh.
  cat >"$ROOT/.data/pg.env" <<EOF
PG_BINDIR='$bindir'
PG_DATA='$data'
PG_SOCK='$sock'
PG_LOG='$logfile'
EOF

  if [ ! -f "$data/PG_VERSION" ]; then
    log "initialising a PostgreSQL cluster in $data"
    as_pg "$bindir/initdb" -D "$data" --auth=trust -U "$PG_USER" --encoding=UTF8 --no-locale >/dev/null
  fi

  if as_pg "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    log "PostgreSQL already running ($data)"
  else
    log "starting PostgreSQL on 127.0.0.1:$PG_PORT (log: $logfile)"
    as_pg "$bindir/pg_ctl" -D "$data" -l "$logfile" -w -t 60 \
      -o "-p $PG_PORT -k $sock -c listen_addresses=127.0.0.1" start >/dev/null \
      || { tail -n 30 "$logfile" >&2 || true; die "PostgreSQL did not start (see $logfile)"; }
  fi

  # A cluster started earlier may listen on another port: line 4 of postmaster.pid is the port.
  port="$(sed -n 4p "$data/postmaster.pid" 2>/dev/null || true)"
  if [ -n "$port" ] && [ "$port" != "$PG_PORT" ]; then
    log "the running cluster listens on port $port (not $PG_PORT); using $port"
    PG_PORT="$port"
  fi

  if [ "$("$bindir/psql" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -tAq \
        -c "select 1 from pg_database where datname = '$PG_DB'")" != "1" ]; then
    log "creating database $PG_DB"
    "$bindir/psql" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -q -v ON_ERROR_STOP=1 \
      -c "create database $PG_DB"
  fi

  CONNECTION_STRING="Host=127.0.0.1;Port=$PG_PORT;Database=$PG_DB;Username=$PG_USER"
}

start_compose_db() {
  log "Docker engine found; starting the db service from docker-compose.yml"
  FALLOUT_PG_PORT="$PG_PORT" compose up -d db
  local i
  for i in $(seq 1 60); do
    if compose exec -T db pg_isready -U fallout -d fallout >/dev/null 2>&1; then
      break
    fi
    [ "$i" -eq 60 ] && die "the db container did not become ready within 60 s"
    sleep 1
  done
  CONNECTION_STRING="Host=127.0.0.1;Port=$PG_PORT;Database=fallout;Username=fallout;Password=fallout"
}

CONNECTION_STRING=""
if [ -n "${ConnectionStrings__Fallout:-}" ]; then
  log "using ConnectionStrings__Fallout from the environment"
  CONNECTION_STRING="$ConnectionStrings__Fallout"
elif docker_answers; then
  start_compose_db
else
  start_local_cluster
fi

# FALLOUT_START_DB_ONLY=1 brings the database up, prints its connection string and stops there.
if [ "${FALLOUT_START_DB_ONLY:-}" = "1" ]; then
  printf '%s\n' "$CONNECTION_STRING"
  exit 0
fi

export ConnectionStrings__Fallout="$CONNECTION_STRING"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"

cat <<EOF

Fallout Management API -> $API_URL  (environment: $ASPNETCORE_ENVIRONMENT)
  Console:     $API_URL/console/  (Development: pick a person to sign in as)
  Swagger UI:  $API_URL/swagger
  Dev token:   curl -s -X POST $API_URL/dev/tokens -H 'Content-Type: application/json' -d '{"sub":"alice","roles":["fallout.operator"],"queues":["MOBILE_ACTIVATION_L2"]}'
               (Development only; send it as 'Authorization: Bearer <token>')
  Stop:        Ctrl+C, then scripts/stop-db.sh to stop the local database

EOF

exec dotnet run --project src/FalloutManagement.Api -c Release --urls "$API_URL"
