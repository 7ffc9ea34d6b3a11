#!/usr/bin/env bash
# Scale benchmark: a throwaway PostgreSQL with 50 units × 15 metrics × 10 years and 3,000 employees,
# the web app in Release on loopback, wrk at 32 connections against the dashboard, a unit page, the
# monthly form, the people directory (the manager's file-keeping scope is worked out per request over
# all 3,000 people), the improvement board, a 3,000-evaluation cycle with its packet list, the reports page, 100
# report subscriptions and a storm coverage board over 50 units, beside a trivial page of the same app (/health), then
# the 100,000-value CSV import beside a plain COPY. Per page: req/s, p50, p95, both against the trivial page, SQL
# statements per request (pg_stat_statements, i.e. round trips to the database) and the web process's peak working
# set so far (VmHWM). Prints the figures; asserts nothing. Usage: bench/run.sh [seconds per page, default 15]
source "$(dirname "$0")/../scripts/common.sh"
duration="${1:-15}"
ensure_system_packages
command -v wrk >/dev/null || { as_root apt-get install -y -qq wrk >/dev/null; }
ensure_dotnet_tools

tmp="$(mktemp -d /tmp/ops-bench.XXXXXX)"; chmod 755 "$tmp"
pg_port="$(free_port)"; web_port="$(free_port)"
cleanup() { [ -n "${web_pid:-}" ] && kill "$web_pid" 2>/dev/null; wait 2>/dev/null; stop_postgres "$tmp/pg"; rm -rf "$tmp"; }
trap cleanup EXIT
OPS_PG_FSYNC=off start_postgres "$tmp/pg" "$pg_port"
# pg_stat_statements counts every statement the app sends: the round trips per request are measured, not estimated.
psql -h 127.0.0.1 -p "$pg_port" -U postgres -qtA -c "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'" >/dev/null
stop_postgres "$tmp/pg"; OPS_PG_FSYNC=off start_postgres "$tmp/pg" "$pg_port"
ensure_database "$pg_port" opsintranet
cs="Host=127.0.0.1;Port=$pg_port;Database=opsintranet;Username=postgres;Maximum Pool Size=100"

log "Building (Release)"
dotnet build "$OPS_ROOT/web/OpsIntranet.Web" -c Release -v quiet -nologo -clp:ErrorsOnly
dotnet build "$OPS_ROOT/bench/ScaleBench" -c Release -v quiet -nologo -clp:ErrorsOnly
bench() { dotnet "$OPS_ROOT/bench/ScaleBench/bin/Release/net10.0/ScaleBench.dll" "$@"; }

log "Generating the scale data set"
bench generate "$cs"

log "Starting the web app on 127.0.0.1:$web_port"
(cd "$OPS_ROOT/web/OpsIntranet.Web" && ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__Ops="$cs" Jobs__RunServer=false Jobs__RegisterRecurringJobs=false \
  Logging__LogLevel__Default=Warning exec dotnet bin/Release/net10.0/OpsIntranet.Web.dll --urls "http://127.0.0.1:$web_port" >"$tmp/web.log" 2>&1) &
web_pid=$!
base="http://127.0.0.1:$web_port"
for _ in $(seq 1 60); do curl -sf "$base/health" >/dev/null && break; sleep 1; done

# Sign in as the bench manager (all 50 units) the way a browser does, and reuse the cookie.
jar="$tmp/cookies"
token="$(curl -s -c "$jar" "$base/account/login" | sed -n 's/.*name="__RequestVerificationToken" type="hidden" value="\([^"]*\)".*/\1/p' | head -n 1)"
curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "Input.Email=bench.manager@scale.example" --data-urlencode "Input.Password=OpsDemo!2026" \
  --data-urlencode "__RequestVerificationToken=$token" "$base/account/login"
cookie="$(awk '!/^#/ && NF >= 7 { printf "%s=%s; ", $6, $7 }' "$jar"; sed -n 's/^#HttpOnly_[^\t]*\t[^\t]*\t[^\t]*\t[^\t]*\t[^\t]*\t\([^\t]*\)\t\(.*\)$/\1=\2; /p' "$jar" | tr -d '\n')"
sql() { psql -h 127.0.0.1 -p "$pg_port" -U postgres -d opsintranet -qtA -c "$1"; }
unit="$(sql "SELECT id FROM units WHERE code = 'S25'")"
cycle="$(sql "SELECT min(id) FROM evaluation_cycles")"
storm="$(sql "SELECT min(id) FROM storm_events")"
sql "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null

pages=("/health" "/dashboard?month=2026-10" "/units/$unit?month=2026-10" "/units/$unit/months/2026-10" "/people" "/initiatives"
  "/evaluations/cycles/$cycle" "/reports" "/reports/subscriptions" "/storm/$storm/coverage")
names=("trivial page (/health)" "department dashboard, 50 units" "unit page (24-month trends)" "monthly form" "people directory, 3,000 people" "improvement board"
  "cycle: 3,000 evaluations, packets" "reports page" "report subscriptions, 100" "storm coverage, 6 shifts × 50 units")
for url in "${pages[@]}"; do
  code="$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$base$url")"
  [ "$code" = 200 ] || { echo "GET $url answered $code, not 200: the benchmark would measure the wrong thing" >&2; exit 1; }
done

# Npgsql resets a pooled connection with DISCARD ALL sent in the same packet as the next command, and BEGIN likewise:
# neither is a round trip of its own, so neither is counted.
statements() { sql "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements WHERE query <> 'DISCARD ALL' AND query NOT ILIKE 'BEGIN%'"; }
peak_mib() { awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$web_pid/status"; }

# A warm-up of every page first (JIT, tiered compilation, connection pool, each page's first render): the trivial page
# measured first on a cold process would be slower than it is and flatter every ratio after it.
log "Warm-up: 5 s of each page"
for url in "${pages[@]}"; do wrk -t2 -c32 -d5s --timeout 10s -H "Cookie: $cookie" "$base$url" >/dev/null; done

log "Load: wrk, 2 threads, 32 connections, ${duration}s per page"
printf '\n%-38s %9s %8s %8s %7s %10s %10s %8s %9s\n' "page" "req/s" "p50 ms" "p95 ms" "errors" "x trivial" "p95 x triv" "SQL/req" "peak MiB"
baseline_rps=""; baseline_p95=""
for i in "${!pages[@]}"; do
  before="$(statements)"
  line="$(wrk -t2 -c32 -d"${duration}s" --timeout 10s -s "$OPS_ROOT/bench/p95.lua" -H "Cookie: $cookie" "$base${pages[$i]}" | grep '^RESULT')"
  after="$(statements)"
  read -r _ rps p50 p95 errors requests <<<"$line"
  [ -z "$baseline_rps" ] && { baseline_rps="$rps"; baseline_p95="$p95"; }
  # The reading of the counter before the run is itself one statement.
  per_request="$(awk -v a="$after" -v b="$before" -v n="$requests" 'BEGIN { if (n > 0) printf "%.1f", (a - b - 1) / n; else printf "-" }')"
  ratio="$(awk -v a="$rps" -v b="$baseline_rps" 'BEGIN { printf "%.2f", a / b }')"
  p95_ratio="$(awk -v a="$p95" -v b="$baseline_p95" 'BEGIN { printf "%.2f", a / b }')"
  printf '%-38s %9s %8s %8s %7s %10s %10s %8s %9s\n' "${names[$i]}" "$rps" "$p50" "$p95" "$errors" "x$ratio" "x$p95_ratio" "$per_request" "$(peak_mib)"
done
# The trivial page once more after the others: how far the machine drifted during the run (the ratios use the first).
line="$(wrk -t2 -c32 -d"${duration}s" --timeout 10s -s "$OPS_ROOT/bench/p95.lua" -H "Cookie: $cookie" "$base/health" | grep '^RESULT')"
read -r _ rps p50 p95 errors requests <<<"$line"
printf '%-38s %9s %8s %8s %7s %10s %10s %8s %9s\n' "trivial page again, after the others" "$rps" "$p50" "$p95" "$errors" "x$(awk -v a="$rps" -v b="$baseline_rps" 'BEGIN { printf "%.2f", a / b }')" "x$(awk -v a="$p95" -v b="$baseline_p95" 'BEGIN { printf "%.2f", a / b }')" "-" "$(peak_mib)"
echo "(wrk gives up on a request after 10 s and counts it under errors; a page with 0 req/s answered nothing within that)"
echo "aims: every page >= x0.50 of the trivial page's req/s and p95 <= x2.00 of its p95; peak MiB is the web process's VmHWM after that page's run"
echo

# The import beside a COPY of the same rows into the real metric_values table (its indexes, foreign keys and
# data-version trigger), rolled back; then a file twice as large, to show the importer's memory does not grow with it.
log "CSV import, 100,000 values, then 200,000"
uptime
bench import "$cs"
bench import "$cs" 622
