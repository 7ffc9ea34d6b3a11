#!/usr/bin/env bash
# Scale benchmark: a throwaway PostgreSQL with 50 units × 15 metrics × 10 years and 3,000 employees,
# the web app in Release on loopback, wrk at 32 connections against the dashboard, a unit page, the
# monthly form, the people directory (the manager's file-keeping scope is worked out per request over
# all 3,000 people) and the improvement board beside a trivial page of the same app (/health), then the 100,000-value CSV import beside
# a plain COPY. Prints the figures; asserts nothing. Usage: bench/run.sh [seconds per page, default 15]
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
unit="$(psql -h 127.0.0.1 -p "$pg_port" -U postgres -d opsintranet -qtA -c "SELECT id FROM units WHERE code = 'S25'")"

pages=("/health" "/dashboard?month=2026-10" "/units/$unit?month=2026-10" "/units/$unit/months/2026-10" "/people" "/initiatives")
names=("trivial page (/health)" "department dashboard, 50 units" "unit page (24-month trends)" "monthly form" "people directory, 3,000 people" "improvement board")
for url in "${pages[@]}"; do
  code="$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$base$url")"
  [ "$code" = 200 ] || { echo "GET $url answered $code, not 200: the benchmark would measure the wrong thing" >&2; exit 1; }
done

log "Load: wrk, 2 threads, 32 connections, ${duration}s per page"
printf '\n%-34s %10s %9s %9s %8s\n' "page" "req/s" "p50 ms" "p95 ms" "errors"
baseline_rps=""
for i in "${!pages[@]}"; do
  line="$(wrk -t2 -c32 -d"${duration}s" -s "$OPS_ROOT/bench/p95.lua" -H "Cookie: $cookie" "$base${pages[$i]}" | grep '^RESULT')"
  read -r _ rps p50 p95 errors <<<"$line"
  [ -z "$baseline_rps" ] && baseline_rps="$rps"
  ratio="$(awk -v a="$rps" -v b="$baseline_rps" 'BEGIN { printf "%.2f", a / b }')"
  printf '%-34s %10s %9s %9s %8s   (x%s of the trivial page)\n' "${names[$i]}" "$rps" "$p50" "$p95" "$errors" "$ratio"
done
echo

# The import beside a COPY of the same rows into the real metric_values table (its indexes, foreign keys and
# data-version trigger), rolled back; then a file twice as large, to show the importer's memory does not grow with it.
log "CSV import, 100,000 values, then 200,000"
uptime
bench import "$cs"
bench import "$cs" 622
