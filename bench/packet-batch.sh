#!/usr/bin/env bash
# A cycle's packets as one batch (bench/PacketBatchBench) on a throwaway PostgreSQL: seeds N approved evaluations
# through the product's services, then prints packets/s beside the bare renderer, and the memory of this process and
# its Chromium children (peak; after 50 packets against after N). Prints figures; asserts nothing.
# Usage: bench/packet-batch.sh [packets, default 500]
source "$(dirname "$0")/../scripts/common.sh"
packets="${1:-500}"
ensure_system_packages

tmp="$(mktemp -d /tmp/ops-packet-bench.XXXXXX)"; chmod 755 "$tmp"
pg_port="$(free_port)"
cleanup() { stop_postgres "$tmp/pg"; rm -rf "$tmp"; }
trap cleanup EXIT
OPS_PG_FSYNC=off start_postgres "$tmp/pg" "$pg_port"
ensure_database "$pg_port" opsintranet

log "Building (Release)"
dotnet build "$OPS_ROOT/bench/PacketBatchBench" -c Release -v quiet -nologo -clp:ErrorsOnly
log "Seeding $packets evaluations and generating their packets as one batch"
dotnet "$OPS_ROOT/bench/PacketBatchBench/bin/Release/net10.0/PacketBatchBench.dll" "$packets" \
  "Host=127.0.0.1;Port=$pg_port;Database=opsintranet;Username=postgres;Maximum Pool Size=50"
