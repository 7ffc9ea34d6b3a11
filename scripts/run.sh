#!/usr/bin/env bash
# Runs the intranet with demo data: installs what is missing, starts a private PostgreSQL under
# .data/ and the smtp4dev mail inbox, migrates, loads the demo department, starts the web app.
# Ctrl-C stops everything it started. Ports: OPS_PORT (5000), OPS_PG_PORT (55432), OPS_SMTP_PORT (2525), OPS_INBOX_PORT (5080).
source "$(dirname "$0")/common.sh"

port="${OPS_PORT:-5000}"
pg_port="${OPS_PG_PORT:-55432}"
smtp_port="${OPS_SMTP_PORT:-2525}"
inbox_port="${OPS_INBOX_PORT:-5080}"
data="$OPS_ROOT/.data"
mkdir -p "$data"

ensure_system_packages
ensure_dotnet_tools

pg_data="$data/postgres"
if ! reachable_by_postgres "$data"; then
  # e.g. a checkout under /root (mode 700): keep the cluster where the postgres user can reach it.
  pg_data="/var/tmp/opsintranet-$(echo "$OPS_ROOT" | md5sum | cut -c1-8)/postgres"
  mkdir -p "$(dirname "$pg_data")"; chmod 755 "$(dirname "$pg_data")"
  log "The postgres user cannot reach $data; the database lives in $pg_data instead"
fi

cleanup() {
  trap - EXIT INT TERM
  log "Stopping"
  # The smtp4dev tool runs the inbox as a child process: stop the children too, or it outlives us.
  for pid in ${web_pid:-} ${inbox_pid:-}; do pkill -TERM -P "$pid" 2>/dev/null || true; kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  stop_postgres "$pg_data"
}
trap cleanup EXIT INT TERM

start_postgres "$pg_data" "$pg_port"
ensure_database "$pg_port" opsintranet

log "Starting the smtp4dev inbox on http://127.0.0.1:$inbox_port (SMTP $smtp_port)"
# SMTP on loopback only: the demo inbox accepts mail from anyone who can reach it.
(cd "$OPS_ROOT" && exec dotnet smtp4dev --urls="http://127.0.0.1:$inbox_port" --smtpport="$smtp_port" --bindaddress=127.0.0.1 --imapport=0 --pop3port=0 \
  --db="$data/smtp4dev.db" --nousersettings >"$data/smtp4dev.log" 2>&1) &
inbox_pid=$!

log "Building"
dotnet build "$OPS_ROOT/web/OpsIntranet.Web" -c Release -v quiet -nologo -clp:ErrorsOnly

cat <<INFO

  OpsIntranet   http://127.0.0.1:$port
  Mail inbox    http://127.0.0.1:$inbox_port
  Jobs          http://127.0.0.1:$port/admin/jobs (administrators)

  Demo sign-ins (password for all: OpsDemo!2026)
    Supervisor      dana.reyes@cityutility.example      (Utility Contact Center)
    Supervisor      omar.haddad@cityutility.example     (Walk-In Unit)
    Manager         maria.alvarez@cityutility.example   (contact centers, walk-in, QA, training)
    Manager         james.whitfield@cityutility.example (billing, credit, commercial, energy)
    Leadership      patricia.odum@cityutility.example
    Administrator   kevin.tran@cityutility.example

INFO

cd "$OPS_ROOT/web/OpsIntranet.Web"
# The app runs in the background so that Ctrl-C (or a TERM) reaches this script's cleanup at once.
ASPNETCORE_ENVIRONMENT=Development \
ConnectionStrings__Ops="Host=127.0.0.1;Port=$pg_port;Database=opsintranet;Username=opsintranet" \
Smtp__Host=127.0.0.1 Smtp__Port="$smtp_port" Smtp__Security=None \
Reports__DepartmentScorecard__Recipients__0="leadership@cityutility.example" \
Reports__DepartmentScorecard__Recipients__1="city.manager.office@cityutility.example" \
Intranet__Url="http://127.0.0.1:$port/" \
  dotnet bin/Release/net10.0/OpsIntranet.Web.dll --urls "http://127.0.0.1:$port" --DemoData:Load=true &
web_pid=$!
wait "$web_pid"
