#!/usr/bin/env bash
# Runs the dashboard e2e against real built artifacts: one downstream simulator and one gateway (memory store),
# both on 127.0.0.1 with free ports. Stops exactly the processes it started, whatever happens.
set -euo pipefail

DASHBOARD_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_DIR="$(cd "$DASHBOARD_DIR/.." && pwd)"
JAR="${FLEETBREAKER_JAR:-$REPO_DIR/fleetbreaker-gateway/target/fleetbreaker.jar}"
CIRCUIT="${CIRCUIT:-payment_gateway}"
WORK_DIR="$(mktemp -d -t fleetbreaker-e2e.XXXXXX)"
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK_DIR"
}
trap cleanup EXIT INT TERM

if [[ ! -f "$JAR" ]]; then
  echo "missing $JAR: build the gateway first (mvn -q package -DskipTests)" >&2
  exit 2
fi
if ! java -jar "$JAR" serve --help >/dev/null 2>&1; then
  echo "$JAR cannot serve yet: $(java -jar "$JAR" serve --help 2>&1 | head -1)" >&2
  exit 2
fi
cd "$DASHBOARD_DIR"
[[ -d node_modules ]] || npm ci --no-audit --no-fund

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# Polls a URL until it answers 200, at most ~30 s.
wait_for() {
  local url="$1" name="$2" pid="$3"
  for _ in $(seq 1 150); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "$name exited during start-up; its log:" >&2
      cat "$WORK_DIR/$name.log" >&2
      return 1
    fi
    if node -e 'fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "$url"; then
      return 0
    fi
    sleep 0.2
  done
  echo "$name did not answer $url in time; its log:" >&2
  cat "$WORK_DIR/$name.log" >&2
  return 1
}

DOWNSTREAM_PORT="$(free_port)"
GATEWAY_PORT="$(free_port)"
while [[ "$GATEWAY_PORT" == "$DOWNSTREAM_PORT" ]]; do GATEWAY_PORT="$(free_port)"; done

cat >"$WORK_DIR/gateway.yaml" <<YAML
instanceId: e2e-1
server: { host: 127.0.0.1, port: $GATEWAY_PORT }
store: { type: memory }
circuits:
  $CIRCUIT:
    upstream: http://127.0.0.1:$DOWNSTREAM_PORT
    failureThreshold: 3
    openStateDuration: 60s
YAML

java -jar "$JAR" downstream --port "$DOWNSTREAM_PORT" >"$WORK_DIR/downstream.log" 2>&1 &
PIDS+=("$!")
java -jar "$JAR" serve --config "$WORK_DIR/gateway.yaml" --port "$GATEWAY_PORT" --instance-id e2e-1 \
  >"$WORK_DIR/gateway.log" 2>&1 &
PIDS+=("$!")

wait_for "http://127.0.0.1:$DOWNSTREAM_PORT/__control" downstream "${PIDS[0]}"
wait_for "http://127.0.0.1:$GATEWAY_PORT/health/live" gateway "${PIDS[1]}"

status=0
GATEWAY_URL="http://127.0.0.1:$GATEWAY_PORT" DOWNSTREAM_URL="http://127.0.0.1:$DOWNSTREAM_PORT" CIRCUIT="$CIRCUIT" \
  node e2e/dashboard.e2e.mjs || status=$?
if [[ $status -ne 0 ]]; then
  echo "--- gateway log (tail) ---" >&2
  tail -n 40 "$WORK_DIR/gateway.log" >&2
fi
exit "$status"
