#!/usr/bin/env bash
# Measures the cascade the product exists to stop: while payment_gateway's downstream hangs (accepts, never answers)
# under load, do calls through the same gateway to another circuit keep their normal latency?
#
#   deploy/cascade.sh            (needs the built jar: make build; and wrk, memcached: make deps)
#
# One gateway (memcached store) in front of two downstream simulators. Phase 1: inventory alone (baseline).
# Phase 2: wrk loads payment_gateway and inventory at the same time, payment healthy (the same CPU load as phase 3,
# so the comparison is fair on a 2-core box). Phase 3: the same load while payment_gateway's downstream hangs.
# Prints p50/p99 of each, from wrk --latency. Everything listens on 127.0.0.1 and is stopped by PID on exit.
set -euo pipefail

# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
JAR="${FLEETBREAKER_JAR:-$ROOT/fleetbreaker-gateway/target/fleetbreaker.jar}"
RUN_DIR="$ROOT/.run/cascade"
SECONDS_PER_PHASE="${CASCADE_SECONDS:-15}"

latency() { # wrk output -> "p50 p99"
  awk '/^ +50%/ {p50=$2} /^ +99%/ {p99=$2} END {print p50, p99}' "$1"
}
requests() { awk '/requests in/ {print $1}' "$1"; }

[[ -f "$JAR" ]] || { echo "missing $JAR: run make build" >&2; exit 1; }
need wrk memcached curl python3
mkdir -p "$RUN_DIR"

MC=$(free_port); PAY=$(free_port); INV=$(free_port); GW=$(free_port)
user=(); [[ "$(id -u)" == 0 ]] && user=(-u nobody)
memcached -l 127.0.0.1 -p "$MC" -U 0 -m 64 "${user[@]}" >"$RUN_DIR/memcached.log" 2>&1 & PIDS+=($!)
java -Xmx256m -cp "$JAR" io.fleetbreaker.gateway.downstream.DownstreamCommand --port "$PAY" >"$RUN_DIR/pay.log" 2>&1 & PIDS+=($!)
java -Xmx256m -cp "$JAR" io.fleetbreaker.gateway.downstream.DownstreamCommand --port "$INV" >"$RUN_DIR/inv.log" 2>&1 & PIDS+=($!)
cat >"$RUN_DIR/gateway.yaml" <<YAML
instanceId: cascade-1
server: { host: 127.0.0.1, port: $GW }
store: { type: memcached, servers: ["127.0.0.1:$MC"], keyPrefix: cascade }
circuits:
  payment_gateway:
    upstream: http://127.0.0.1:$PAY
    timeout: 1s
    maxConcurrentCalls: 50
    failureThreshold: 5
    openStateDuration: 2s
    halfOpenPermittedCalls: 2
  inventory:
    upstream: http://127.0.0.1:$INV
    timeout: 1s
    failureThreshold: 5
YAML
java -Xmx512m -jar "$JAR" serve --config "$RUN_DIR/gateway.yaml" >"$RUN_DIR/gateway.log" 2>&1 & PIDS+=($!)
wait_http "http://127.0.0.1:$PAY/__control"; wait_http "http://127.0.0.1:$INV/__control"
wait_http "http://127.0.0.1:$GW/health/ready"

echo "warm-up (5 s)..."
wrk -t1 -c8 -d5s "http://127.0.0.1:$GW/proxy/inventory/item" >/dev/null

echo "phase 1: inventory alone, wrk -t1 -c8 -d${SECONDS_PER_PHASE}s"
wrk -t1 -c8 -d"${SECONDS_PER_PHASE}s" --latency "http://127.0.0.1:$GW/proxy/inventory/item" >"$RUN_DIR/baseline.txt"

# both_loaded NAME: wrk -c32 on payment_gateway and -c8 on inventory at the same time (same CPU load in both phases)
both_loaded() {
  wrk -t1 -c32 -d"${SECONDS_PER_PHASE}s" --latency --timeout 5s \
    "http://127.0.0.1:$GW/proxy/payment_gateway/charge" >"$RUN_DIR/payment-$1.txt" &
  local pay_wrk=$!
  wrk -t1 -c8 -d"${SECONDS_PER_PHASE}s" --latency "http://127.0.0.1:$GW/proxy/inventory/item" >"$RUN_DIR/inventory-$1.txt"
  wait "$pay_wrk"
}

echo "phase 2: both loaded (wrk -c32 payment_gateway + wrk -c8 inventory), payment_gateway's downstream healthy"
both_loaded healthy

echo "phase 3: the same load, payment_gateway's downstream hangs (accepts, never answers)"
curl -fsS -o /dev/null -X POST "http://127.0.0.1:$PAY/__control/reset"
curl -fsS -o /dev/null -X POST -H 'content-type: application/json' -d '{"mode":"hanging"}' "http://127.0.0.1:$PAY/__control/mode"
both_loaded hanging
reached=$(curl -fsS "http://127.0.0.1:$PAY/__control" | python3 -c 'import json,sys; print(json.load(sys.stdin)["requests"])')

row() { # circuit phase file
  local p50 p99
  read -r p50 p99 <<<"$(latency "$3")"
  echo "| $1 | $2 | $(requests "$3") | $p50 | $p99 |"
}
echo
echo "| circuit | phase | requests in ${SECONDS_PER_PHASE}s | p50 | p99 |"
echo "|---|---|---|---|---|"
row inventory "alone" "$RUN_DIR/baseline.txt"
row inventory "beside payment_gateway load, payment healthy" "$RUN_DIR/inventory-healthy.txt"
row inventory "beside payment_gateway load, payment hanging" "$RUN_DIR/inventory-hanging.txt"
row payment_gateway "healthy downstream" "$RUN_DIR/payment-healthy.txt"
row payment_gateway "hanging downstream (breaker trips, 503s)" "$RUN_DIR/payment-hanging.txt"
echo
echo "payment_gateway's hanging downstream received $reached requests in ${SECONDS_PER_PHASE}s (the breaker rejected the rest)."
echo "raw wrk output: $RUN_DIR/*.txt"
