#!/usr/bin/env bash
# Runs every test project against real services: a private throwaway PostgreSQL cluster (unless
# OPS_TEST_CONNECTION names a server), Chromium for PDFs and browser journeys, SMTP servers inside
# the tests. Prints one closing line: "N passed, N failed, N skipped". Extra arguments go to dotnet test.
source "$(dirname "$0")/common.sh"

ensure_system_packages
ensure_dotnet_tools

results="$OPS_ROOT/TestResults"
rm -rf "$results"
mkdir -p "$results"

if [ -z "${OPS_TEST_CONNECTION:-}" ]; then
  pg_data="$(mktemp -d /tmp/ops-test-pg.XXXXXX)"
  chmod 755 "$pg_data"
  pg_port="$(free_port)"
  # fsync off: a throwaway cluster needs speed, not durability.
  trap 'stop_postgres "$pg_data/data"; rm -rf "$pg_data"' EXIT
  OPS_PG_FSYNC=off start_postgres "$pg_data/data" "$pg_port"
  export OPS_TEST_CONNECTION="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
fi

log "Building"
dotnet build "$OPS_ROOT/OpsIntranet.sln" -c Debug -v quiet -nologo -clp:ErrorsOnly

log "Testing"
set +e
dotnet test "$OPS_ROOT/OpsIntranet.sln" --no-build -c Debug --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" "$@"
status=$?
set -e

# Sum the counters of every TRX file (one per test project).
passed=0; failed=0; skipped=0; total=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1 || true)"
  get() { local n; n="$(echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p")"; echo "${n:-0}"; }
  total=$((total + $(get total)))
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed)))
  skipped=$((skipped + $(get notExecuted)))
done
if [ "$total" -eq 0 ]; then
  echo "No test results were found: the build or the test host failed." >&2
  [ "$status" -eq 0 ] && status=1
fi
[ "$failed" -gt 0 ] && [ "$status" -eq 0 ] && status=1
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
