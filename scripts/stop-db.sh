#!/usr/bin/env bash
# Stops the local PostgreSQL cluster that scripts/start.sh runs (data kept in .data/pg; delete .data to reset).
# A database started with Docker is stopped with `docker compose stop db` instead.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"

log() { printf '[stop-db] %s\n' "$*" >&2; }

PG_BINDIR=""
PG_DATA="$ROOT/.data/pg"
if [ -f "$ROOT/.data/pg.env" ]; then
  # shellcheck disable=SC1091
  . "$ROOT/.data/pg.env"
fi

if [ ! -f "$PG_DATA/PG_VERSION" ]; then
  log "no local cluster in $PG_DATA; nothing to stop"
  exit 0
fi

if [ -z "$PG_BINDIR" ] || [ ! -x "$PG_BINDIR/pg_ctl" ]; then
  PG_BINDIR="$(find_pg_bindir || true)"
fi
[ -x "$PG_BINDIR/pg_ctl" ] || { log "pg_ctl not found"; exit 1; }

if as_pg "$PG_BINDIR/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
  as_pg "$PG_BINDIR/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop >/dev/null
  log "stopped the local PostgreSQL cluster ($PG_DATA)"
else
  log "the local PostgreSQL cluster ($PG_DATA) is not running"
fi
