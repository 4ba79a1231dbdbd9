#!/usr/bin/env bash
# Lints docs/openapi.json (the committed OpenAPI document) with two third-party linters through npx:
#   Redocly CLI, recommended ruleset (redocly.yaml), and Spectral, ruleset spectral:oas (.spectral.yaml).
# Exit 0 when both report 0 errors (warnings are printed), 1 when either reports an error.
# When npx itself cannot run or fetch a linter (no Node, no registry), it says so and exits 0: a warning, not a failure.
# Versions are pinned so the result does not drift; change them here.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

REDOCLY_CLI="@redocly/cli@2.77.0"
SPECTRAL_CLI="@stoplight/spectral-cli@6.16.3"
DOCUMENT="docs/openapi.json"
export NO_UPDATE_NOTIFIER=1 REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true

log() { printf '[lint-openapi] %s\n' "$*" >&2; }

if ! command -v npx >/dev/null 2>&1; then
  log "warning: npx not found (install Node.js to lint the OpenAPI document); skipped"
  exit 0
fi

# Fetches a package into npx's cache; fails only when it cannot be had.
fetch() { timeout 300 npx --yes "$1" --version >/dev/null 2>&1; }

status=0
run() {
  local name="$1" package="$2"
  shift 2
  if ! fetch "$package"; then
    log "warning: npx could not fetch $package; $name skipped"
    return 0
  fi
  log "$name ($package)"
  if ! timeout 300 npx --yes "$package" "$@"; then
    log "$name reports errors"
    status=1
  fi
}

run "Redocly CLI, recommended" "$REDOCLY_CLI" lint "$DOCUMENT" --config redocly.yaml
run "Spectral, spectral:oas" "$SPECTRAL_CLI" lint "$DOCUMENT" --ruleset .spectral.yaml --fail-severity error

exit "$status"
