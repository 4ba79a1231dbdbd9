# shellcheck shell=bash
# Shell helpers shared by scripts/start.sh, scripts/test.sh, scripts/bench-intake.sh and .ci/run. Source it.

# Succeeds when a Docker engine (not just the client) answers within a few seconds.
docker_answers() {
  command -v docker >/dev/null 2>&1 || return 1
  if command -v timeout >/dev/null 2>&1; then
    timeout 5 docker info >/dev/null 2>&1
  else
    docker info >/dev/null 2>&1
  fi
}

# Prints the directory holding initdb/pg_ctl/psql (FALLOUT_PG_BINDIR, pg_config, the newest
# /usr/lib/postgresql/*/bin, or the PATH), or fails.
find_pg_bindir() {
  local dir candidates=()
  [ -n "${FALLOUT_PG_BINDIR:-}" ] && candidates+=("$FALLOUT_PG_BINDIR")
  if command -v pg_config >/dev/null 2>&1; then
    dir="$(pg_config --bindir 2>/dev/null || true)"
    [ -n "$dir" ] && candidates+=("$dir")
  fi
  if [ -d /usr/lib/postgresql ]; then
    while IFS= read -r dir; do candidates+=("$dir/bin"); done \
      < <(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -type d 2>/dev/null | sort -V -r)
  fi
  if command -v initdb >/dev/null 2>&1; then
    candidates+=("$(dirname "$(readlink -f "$(command -v initdb)")")")
  fi
  for dir in "${candidates[@]}"; do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/psql" ]; then
      printf '%s\n' "$dir"
      return 0
    fi
  done
  return 1
}
