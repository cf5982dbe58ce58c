#!/usr/bin/env bash
# Gateway throughput and latency against Caddy's reverse_proxy, in the same run (a peer measured side by side,
# since this machine is noisy). Downstream: the simulator in healthy mode. Targets, each loaded with
# wrk -t2 -c64 for PROXY_BENCH_SECONDS (default 10) after a 5 s warm-up, in rounds with the order rotated:
#   direct      wrk -> downstream
#   caddy       wrk -> Caddy reverse_proxy (plain HTTP) -> downstream
#   gateway     wrk -> Fleetbreaker gateway (memcached store, breaker on) -> downstream
#   deploy/proxy-bench.sh [rounds]        needs: make build; wrk, caddy, memcached (make deps)
set -euo pipefail

# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
JAR="${FLEETBREAKER_JAR:-$ROOT/fleetbreaker-gateway/target/fleetbreaker.jar}"
RUN_DIR="$ROOT/.run/proxy-bench"
ROUNDS="${1:-3}"
SECS="${PROXY_BENCH_SECONDS:-10}"
[[ -f "$JAR" ]] || { echo "missing $JAR: run make build" >&2; exit 1; }
need wrk caddy memcached curl python3
mkdir -p "$RUN_DIR"

MC=$(free_port); DOWN=$(free_port); CADDY=$(free_port); GW=$(free_port)
user=(); [[ "$(id -u)" == 0 ]] && user=(-u nobody)
memcached -l 127.0.0.1 -p "$MC" -U 0 -m 64 "${user[@]}" >"$RUN_DIR/memcached.log" 2>&1 & PIDS+=($!)
java -Xmx256m -cp "$JAR" io.fleetbreaker.gateway.downstream.DownstreamCommand --port "$DOWN" >"$RUN_DIR/downstream.log" 2>&1 & PIDS+=($!)
cat >"$RUN_DIR/Caddyfile" <<CADDY
{
  admin off
  auto_https off
}
http://127.0.0.1:$CADDY {
  handle_path /proxy/svc/* {
    reverse_proxy 127.0.0.1:$DOWN {
      transport http {
        keepalive_idle_conns_per_host 256
      }
    }
  }
}
CADDY
XDG_DATA_HOME="$RUN_DIR" XDG_CONFIG_HOME="$RUN_DIR" caddy run --config "$RUN_DIR/Caddyfile" --adapter caddyfile \
  >"$RUN_DIR/caddy.log" 2>&1 & PIDS+=($!)
cat >"$RUN_DIR/gateway.yaml" <<YAML
instanceId: bench-1
server: { host: 127.0.0.1, port: $GW }
store: { type: memcached, servers: ["127.0.0.1:$MC"], keyPrefix: pbench }
circuits:
  svc:
    upstream: http://127.0.0.1:$DOWN
    timeout: 2s
    maxConcurrentCalls: 1000
YAML
java -Xmx512m -jar "$JAR" serve --config "$RUN_DIR/gateway.yaml" >"$RUN_DIR/gateway.log" 2>&1 & PIDS+=($!)
wait_http "http://127.0.0.1:$DOWN/__control"
wait_http "http://127.0.0.1:$GW/proxy/svc/hello"
wait_http "http://127.0.0.1:$CADDY/proxy/svc/hello"

declare -A URL=([direct]="http://127.0.0.1:$DOWN/hello" [caddy]="http://127.0.0.1:$CADDY/proxy/svc/hello"
  [gateway]="http://127.0.0.1:$GW/proxy/svc/hello")
targets=(direct caddy gateway)
for t in "${targets[@]}"; do wrk -t2 -c64 -d5s "${URL[$t]}" >/dev/null; done # warm-up (JIT)

echo "| round | target | req/s | p50 | p99 | × caddy |"
echo "|---|---|---|---|---|---|"
for ((r = 0; r < ROUNDS; r++)); do
  declare -A RPS=()
  order=("${targets[@]:r%3}" "${targets[@]:0:r%3}")
  for t in "${order[@]}"; do
    wrk -t2 -c64 -d"${SECS}s" --latency "${URL[$t]}" >"$RUN_DIR/$r-$t.txt"
    RPS[$t]=$(awk '/Requests\/sec/ {print $2}' "$RUN_DIR/$r-$t.txt")
  done
  for t in "${targets[@]}"; do
    read -r p50 p99 <<<"$(awk '/^ +50%/ {a=$2} /^ +99%/ {b=$2} END {print a, b}' "$RUN_DIR/$r-$t.txt")"
    ratio=$(python3 -c "print(f'{${RPS[$t]} / ${RPS[caddy]}:.2f}')")
    echo "| $((r + 1)) | $t | ${RPS[$t]} | $p50 | $p99 | $ratio |"
  done
done
errors=$(grep -h "Non-2xx" "$RUN_DIR"/*-gateway.txt || true)
echo
echo "gateway non-2xx answers: ${errors:-none}"
