#!/usr/bin/env bash
# One run to N recipients through the delivery layer against a local SMTP server, beside a bare MailKit loop, and the
# job pick-up latency with a web-like node and a worker (bench/DeliveryBench), on a throwaway PostgreSQL.
# Prints figures; asserts nothing.
# Usage: bench/delivery.sh [recipients, default 500]
source "$(dirname "$0")/../scripts/common.sh"
recipients="${1:-500}"
ensure_system_packages

tmp="$(mktemp -d /tmp/ops-delivery-bench.XXXXXX)"; chmod 755 "$tmp"
pg_port="$(free_port)"
cleanup() { stop_postgres "$tmp/pg"; rm -rf "$tmp"; }
trap cleanup EXIT
start_postgres "$tmp/pg" "$pg_port"
ensure_database "$pg_port" opsintranet

log "Building (Release)"
dotnet build "$OPS_ROOT/bench/DeliveryBench" -c Release -v quiet -nologo -clp:ErrorsOnly
log "One run to $recipients recipients, then job pick-up latency"
dotnet "$OPS_ROOT/bench/DeliveryBench/bin/Release/net10.0/DeliveryBench.dll" "$recipients" \
  "Host=127.0.0.1;Port=$pg_port;Database=opsintranet;Username=postgres;Maximum Pool Size=50"
