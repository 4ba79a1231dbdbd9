# shellcheck shell=bash
# Shell helpers shared by scripts/start.sh, scripts/stop-db.sh, scripts/test.sh and scripts/bench-intake.sh. Source it.

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

is_root() { [ "$(id -u)" -eq 0 ]; }

# Runs a command as the postgres OS user when we are root (initdb and postgres refuse to run as root).
as_pg() {
  if is_root; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# Installs Debian packages (with sudo unless root); fails when that is impossible.
apt_install() {
  local sudo=""
  if ! is_root; then
    command -v sudo >/dev/null 2>&1 || return 1
    sudo="sudo"
  fi
  command -v apt-get >/dev/null 2>&1 || return 1
  printf '[lib] installing Debian packages: %s\n' "$*" >&2
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q &&
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"
}

# Installs Debian's postgresql package; fails when that is impossible.
install_postgres() { apt_install postgresql; }

# The console's browser tests drive Debian's headless Chromium through its chromedriver (nothing is downloaded at run
# time). Installs both packages when either is missing; fails when they cannot be installed.
ensure_browser() {
  [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && return 0
  apt_install chromium chromium-driver
}

# Succeeds when something listens on 127.0.0.1:$1.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Starts a throwaway PostgreSQL cluster from the machine's binaries in a new temp folder: superuser `postgres`,
# trust authentication, 127.0.0.1 only. $1 is the port ("" = a free one); the other arguments are server options
# (e.g. -c fsync=off). Sets PG_TMP_BINDIR, PG_TMP_DIR and PG_TMP_PORT. The caller stops it with
# stop_throwaway_cluster (e.g. `trap stop_throwaway_cluster EXIT`).
start_throwaway_cluster() {
  local wanted="$1" port attempt
  shift
  PG_TMP_BINDIR="$(find_pg_bindir)" || { printf '[lib] no PostgreSQL binaries (initdb, pg_ctl, psql)\n' >&2; return 1; }
  if is_root && ! getent passwd postgres >/dev/null; then
    printf '[lib] running as root but there is no postgres OS user to run initdb as\n' >&2
    return 1
  fi
  # As root the folder must be reachable by the postgres user: /tmp, not root's TMPDIR.
  if is_root; then PG_TMP_DIR="$(mktemp -d /tmp/fallout-pg.XXXXXX)"; else PG_TMP_DIR="$(mktemp -d "${TMPDIR:-/tmp}/fallout-pg.XXXXXX")"; fi
  is_root && chown postgres:postgres "$PG_TMP_DIR"
  as_pg "$PG_TMP_BINDIR/initdb" -D "$PG_TMP_DIR/data" --auth=trust -U postgres --encoding=UTF8 --no-locale --no-sync >/dev/null ||
    { printf '[lib] initdb failed\n' >&2; return 1; }
  for attempt in 1 2 3 4 5; do
    port="${wanted:-$((20000 + RANDOM % 40000))}"
    if [ -z "$wanted" ] && port_in_use "$port"; then continue; fi
    if as_pg "$PG_TMP_BINDIR/pg_ctl" -D "$PG_TMP_DIR/data" -l "$PG_TMP_DIR/postgres.log" -w -t 60 \
        -o "-p $port -k $PG_TMP_DIR -c listen_addresses=127.0.0.1 $*" start >/dev/null; then
      PG_TMP_PORT="$port"
      return 0
    fi
    [ -n "$wanted" ] && break
  done
  tail -n 30 "$PG_TMP_DIR/postgres.log" >&2 || true
  printf '[lib] PostgreSQL did not start (attempt %s)\n' "$attempt" >&2
  return 1
}

# Stops the cluster of start_throwaway_cluster (immediate shutdown: nothing in it is kept) and removes its folder.
stop_throwaway_cluster() {
  [ -n "${PG_TMP_DIR:-}" ] || return 0
  if [ -f "$PG_TMP_DIR/data/postmaster.pid" ]; then
    as_pg "$PG_TMP_BINDIR/pg_ctl" -D "$PG_TMP_DIR/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
  fi
  rm -rf "$PG_TMP_DIR"
  PG_TMP_DIR=""
}

# The benchmark scripts' service: the Release builds they measure, started and stopped the same way.

# Builds the service and the benchmark app in Release.
build_bench_apps() {
  dotnet build src/FalloutManagement.Api -c Release -v q -nologo >/dev/null || { printf '[lib] the service does not build\n' >&2; return 1; }
  dotnet build tests/FalloutManagement.Benchmarks -c Release -v q -nologo >/dev/null ||
    { printf '[lib] the benchmark app does not build\n' >&2; return 1; }
}

# Starts the built service in the background on http://127.0.0.1:$1 against the connection string $2, its output in
# the file $3, with the benchmark settings (Development, Warning logs, migrations on start, no rate limits: the
# clients share one token and one address) and then the NAME=VALUE settings after them. The built app runs directly
# from its project folder (what `dotnet run -c Release` runs), so BENCH_API_PID is the service's own process id.
# Waits up to 90 s for /health/ready.
start_bench_service() {
  local port="$1" connection="$2" log="$3" i
  shift 3
  (
    cd src/FalloutManagement.Api
    export ConnectionStrings__Fallout="$connection" ASPNETCORE_ENVIRONMENT=Development \
      Serilog__MinimumLevel__Default=Warning Database__MigrateOnStartup=true RateLimits__Enabled=false
    for setting in "$@"; do export "${setting?}"; done
    exec dotnet bin/Release/net10.0/FalloutManagement.Api.dll --urls "http://127.0.0.1:$port"
  ) >"$log" 2>&1 &
  BENCH_API_PID=$!
  for i in $(seq 1 90); do
    curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && return 0
    kill -0 "$BENCH_API_PID" 2>/dev/null || { tail -n 30 "$log" >&2; printf '[lib] the service exited\n' >&2; return 1; }
    sleep 1
  done
  printf '[lib] the service was not ready within 90 s\n' >&2
  return 1
}

# Stops the service of start_bench_service, if it runs.
stop_bench_service() {
  if [ -n "${BENCH_API_PID:-}" ] && kill -0 "$BENCH_API_PID" 2>/dev/null; then
    kill "$BENCH_API_PID" 2>/dev/null || true
    wait "$BENCH_API_PID" 2>/dev/null || true
  fi
}
