#!/usr/bin/env bash
# Shared by scripts/run.sh and scripts/test.sh: installs what the product needs on a fresh machine
# (Debian packages, the repo's dotnet tools) and runs a private PostgreSQL cluster as the postgres user.
set -euo pipefail

OPS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Chromium prints the PDFs and drives the browser tests; poppler reads PDFs back; fonts make both look right.
ensure_system_packages() {
  local missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
  [ -f /usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf ] || missing+=(fonts-liberation2)
  [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
  pg_bin_dir >/dev/null 2>&1 || missing+=(postgresql)
  if [ ${#missing[@]} -gt 0 ]; then
    log "Installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

ensure_dotnet_tools() {
  (cd "$OPS_ROOT" && dotnet tool restore >/dev/null)
}

pg_bin_dir() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

# PostgreSQL refuses to run as root: when we are root, the cluster belongs to the postgres user.
pg_run() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# start_postgres DATA_DIR PORT — creates the cluster on first use, starts it on 127.0.0.1:PORT.
start_postgres() {
  local data="$1" port="$2" bin
  bin="$(pg_bin_dir)"
  mkdir -p "$data"
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$data"; chmod 700 "$data"; fi
  if [ ! -f "$data/PG_VERSION" ]; then
    log "Creating a private PostgreSQL cluster in $data"
    pg_run "$bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if pg_run "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    log "PostgreSQL already running in $data"
  else
    log "Starting PostgreSQL on 127.0.0.1:$port"
    # TCP only (no Unix socket), so the folder's path never matters to PostgreSQL's option parsing.
    pg_run "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
      -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c max_connections=200 -c fsync=${OPS_PG_FSYNC:-on}" start >/dev/null
  fi
}

stop_postgres() {
  local data="$1" bin
  bin="$(pg_bin_dir)"
  pg_run "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
}

# ensure_database PORT NAME — creates the login role and database when missing.
ensure_database() {
  local port="$1" name="$2"
  local psql=(psql -h 127.0.0.1 -p "$port" -U postgres -v ON_ERROR_STOP=1 -qtA)
  if [ "$("${psql[@]}" -c "SELECT 1 FROM pg_roles WHERE rolname='$name'")" != 1 ]; then
    "${psql[@]}" -c "CREATE ROLE $name LOGIN" >/dev/null
  fi
  if [ "$("${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname='$name'")" != 1 ]; then
    "${psql[@]}" -c "CREATE DATABASE $name OWNER $name" >/dev/null
  fi
}

# A loopback port nobody listens on (bash only: a fresh machine may have no python).
free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$(( 20000 + RANDOM % 40000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  echo "no free port found" >&2; return 1
}

# The postgres user must be able to reach the cluster's folder; a checkout under /root is not reachable.
reachable_by_postgres() {
  [ "$(id -u)" != 0 ] || runuser -u postgres -- test -x "$1"
}
