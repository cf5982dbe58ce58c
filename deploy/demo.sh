#!/usr/bin/env bash
# make demo: a local Fleetbreaker fleet on 127.0.0.1, then the first-issue story told against it.
#
#   memcached  <- 3 gateway instances (gw-1..gw-3, deploy/demo.yaml) <- Caddy https://localhost:8443 (round robin)
#                 payment_gateway -> downstream simulator (flaky on demand), inventory -> a second, healthy one
#
# Environment:
#   DEMO_EXIT=1         exit after the scenario (non-zero when one of its checks failed) instead of running until Ctrl-C
#                       (without it, a light background load runs through Caddy after the story, until Ctrl-C)
#   DEMO_SKIP_BUILD=1   use the jar as built (no make build); without it the build is skipped anyway when the jar is
#                       newer than every source (*/src, the poms, dashboard/package*.json)
#   FLEETBREAKER_ADMIN_TOKEN  enables the admin actions (dashboard buttons, POST /api/v1/circuits/...) with this token
#   DEMO_TRICKLE_RATE   requests per second of the background load after the story (default 5; 0 = none)
#   DEMO_SKIP_SCENARIO=1  only start the fleet
#   CADDY_PORT (8443), MEMCACHED_PORT (21211), DOWNSTREAM_PORT (9001), INVENTORY_PORT (9002),
#   GATEWAY_PORTS ("18081 18082 18083"): preferred ports; a busy preferred port is replaced by the next free one,
#   except CADDY_PORT, which is the URL you open.
#   DEMO_JAVA_OPTS      JVM options of the demo's JVMs (default: -Xmx256m -XX:+UseSerialGC)
# Logs: .run/demo/*.log; PIDs of everything started: .run/demo/pids (all of them are stopped on exit).
# If memcached dies while the demo runs, the fleet keeps going (store.onFailure: local) and the demo prints how to
# restart it; any other process that exits ends the demo.
# shellcheck disable=SC2317 # stop_all, http_ok and https_ok are called through trap and wait_until
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
RUN_DIR="$ROOT/.run/demo"
PID_FILE="$RUN_DIR/pids"
JAR="${FLEETBREAKER_JAR:-$ROOT/fleetbreaker-gateway/target/fleetbreaker.jar}"
CIRCUIT="payment_gateway"
DEMO_EXIT="${DEMO_EXIT:-0}"
DEMO_JAVA_OPTS="${DEMO_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC}"
CADDY_PORT="${CADDY_PORT:-8443}"
PIDS=()
NAMES=()

say() { printf '[demo %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { printf '[demo %s] ERROR: %s\n' "$(date +%H:%M:%S)" "$*" >&2; exit 1; }

# --- stopping exactly what we started ------------------------------------------------------------------------------
stopped=0
stop_all() {
  ((stopped)) && return 0
  stopped=1
  ((${#PIDS[@]})) || return 0
  local running=() pid
  for pid in "${PIDS[@]}"; do
    [[ "$pid" == 0 ]] || running+=("$pid")
  done
  say "stopping the fleet (PIDs ${running[*]})"
  local i
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    [[ "${PIDS[i]}" == 0 ]] || kill -TERM "${PIDS[i]}" 2>/dev/null || true
  done
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    pid="${PIDS[i]}"
    [[ "$pid" == 0 ]] && continue # exited and reaped earlier: its PID may belong to someone else by now
    # bounded: up to 10 s per process, then SIGKILL
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      say "${NAMES[i]} (PID $pid) did not stop on SIGTERM; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
  done
  rm -f "$PID_FILE"
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- helpers -------------------------------------------------------------------------------------------------------
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

CHOSEN=" "
# pick_port NAME PREFERRED: the preferred port, or the next free one above it
pick_port() {
  local name="$1" port="$2"
  for _ in $(seq 1 200); do
    if [[ "$CHOSEN" != *" $port "* ]] && ! port_busy "$port"; then
      CHOSEN+="$port "
      [[ "$port" == "$2" ]] || say "port $2 is busy: $name uses $port" >&2
      echo "$port"
      return 0
    fi
    port=$((port + 1))
  done
  die "no free port for $name near $2"
}

# start NAME CMD...: runs CMD in the background with its output in .run/demo/NAME.log and records its PID
start() {
  local name="$1"
  shift
  "$@" >"$RUN_DIR/$name.log" 2>&1 &
  local pid=$!
  PIDS+=("$pid")
  NAMES+=("$name")
  echo "$pid $name" >>"$PID_FILE"
  say "started $name (PID $pid)"
}

# wait_until NAME PID SECONDS CMD...: polls CMD every 0.2 s until it succeeds; fails early if PID exits
wait_until() {
  local name="$1" pid="$2" seconds="$3"
  shift 3
  local tries=$((seconds * 5))
  for _ in $(seq 1 "$tries"); do
    if "$@" >/dev/null 2>&1; then
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "--- last lines of $RUN_DIR/$name.log ---" >&2
      tail -n 40 "$RUN_DIR/$name.log" >&2 || true
      die "$name exited during start-up"
    fi
    sleep 0.2
  done
  echo "--- last lines of $RUN_DIR/$name.log ---" >&2
  tail -n 40 "$RUN_DIR/$name.log" >&2 || true
  die "$name was not ready within ${seconds}s"
}

http_ok() { curl -fsS -o /dev/null --max-time 2 "$1"; }
https_ok() { curl -fsSk -o /dev/null --max-time 2 "$1"; }

# --- 1. tools ------------------------------------------------------------------------------------------------------
for tool in java curl; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is required (JDK 17 and curl)"
done
"$ROOT/deploy/deps.sh" memcached caddy curl

# --- 2. build ------------------------------------------------------------------------------------------------------
# newer_source: the first build input newer than the jar (nothing when the jar is up to date)
newer_source() {
  find "$ROOT"/*/src "$ROOT"/pom.xml "$ROOT"/*/pom.xml "$ROOT"/dashboard/package*.json "$ROOT"/dashboard/index.html \
    -newer "$JAR" -type f -print -quit 2>/dev/null
}
if [[ "${DEMO_SKIP_BUILD:-0}" == 1 ]]; then
  say "DEMO_SKIP_BUILD=1: using the jar as built"
elif [[ -f "$JAR" && -z "$(newer_source)" ]]; then
  say "build up to date ($JAR is newer than every source; make build forces a build)"
else
  [[ -f "$JAR" ]] && say "$(newer_source) is newer than the jar"
  say "building (make build: dashboard, then the Maven modules)"
  make -C "$ROOT" --no-print-directory build
fi
[[ -f "$JAR" ]] || die "$JAR is missing; run make build"
if ! java -jar "$JAR" serve --help >/dev/null 2>&1; then
  die "$JAR cannot run 'serve' yet: $(java -jar "$JAR" serve --help 2>&1 | head -n 1)"
fi

# --- 3. the fleet --------------------------------------------------------------------------------------------------
mkdir -p "$RUN_DIR"
if [[ -s "$PID_FILE" ]]; then
  while read -r pid name; do
    if kill -0 "$pid" 2>/dev/null; then
      say "warning: $name (PID $pid) from an earlier demo run is still running; stop it with: kill $pid"
    fi
  done <"$PID_FILE"
fi
rm -f "$PID_FILE" "$RUN_DIR"/*.log

port_busy "$CADDY_PORT" && die "port $CADDY_PORT is busy; stop what uses it or run with CADDY_PORT=<other port>"
CHOSEN+="$CADDY_PORT "
MEMCACHED_PORT="$(pick_port memcached "${MEMCACHED_PORT:-21211}")"
DOWNSTREAM_PORT="$(pick_port downstream "${DOWNSTREAM_PORT:-9001}")"
INVENTORY_PORT="$(pick_port inventory "${INVENTORY_PORT:-9002}")"
GW_PORTS=()
for preferred in ${GATEWAY_PORTS:-18081 18082 18083}; do
  GW_PORTS+=("$(pick_port "gateway" "$preferred")")
done
export MEMCACHED_PORT DOWNSTREAM_PORT INVENTORY_PORT CADDY_PORT

memcached_user=()
[[ "$(id -u)" == 0 ]] && memcached_user=(-u nobody)
MEMCACHED_CMD=(memcached -l 127.0.0.1 -p "$MEMCACHED_PORT" -U 0 -m 64 -c 1024 "${memcached_user[@]}")
start memcached "${MEMCACHED_CMD[@]}"
wait_until memcached "${PIDS[-1]}" 10 port_busy "$MEMCACHED_PORT"

# shellcheck disable=SC2086 # DEMO_JAVA_OPTS is a list of JVM options
start downstream java $DEMO_JAVA_OPTS -cp "$JAR" io.fleetbreaker.gateway.downstream.DownstreamCommand \
  --host 127.0.0.1 --port "$DOWNSTREAM_PORT"
wait_until downstream "${PIDS[-1]}" 30 http_ok "http://127.0.0.1:$DOWNSTREAM_PORT/__control"
# shellcheck disable=SC2086
start inventory java $DEMO_JAVA_OPTS -cp "$JAR" io.fleetbreaker.gateway.downstream.DownstreamCommand \
  --host 127.0.0.1 --port "$INVENTORY_PORT"
wait_until inventory "${PIDS[-1]}" 30 http_ok "http://127.0.0.1:$INVENTORY_PORT/__control"

GATEWAY_URLS=()
UPSTREAMS=()
GW_PIDS=()
for ((i = 0; i < ${#GW_PORTS[@]}; i++)); do
  port="${GW_PORTS[i]}"
  start "gw-$((i + 1))" env JAVA_OPTS="$DEMO_JAVA_OPTS" "$ROOT/bin/fleetbreaker" serve \
    --config "$ROOT/deploy/demo.yaml" --port "$port" --instance-id "gw-$((i + 1))"
  GW_PIDS+=("${PIDS[-1]}")
  GATEWAY_URLS+=("http://127.0.0.1:$port")
  UPSTREAMS+=("127.0.0.1:$port")
done
for ((i = 0; i < ${#GW_PORTS[@]}; i++)); do
  wait_until "gw-$((i + 1))" "${GW_PIDS[i]}" 60 http_ok "${GATEWAY_URLS[i]}/health/ready"
done

mkdir -p "$ROOT/.run/caddy"
start caddy env GATEWAYS="${UPSTREAMS[*]}" XDG_DATA_HOME="$ROOT/.run/caddy" XDG_CONFIG_HOME="$ROOT/.run/caddy" \
  caddy run --config "$ROOT/deploy/Caddyfile" --adapter caddyfile
wait_until caddy "${PIDS[-1]}" 30 https_ok "https://localhost:$CADDY_PORT/health/live"

if [[ -n "${FLEETBREAKER_ADMIN_TOKEN:-}" ]]; then
  ADMIN_LINE="enabled: FLEETBREAKER_ADMIN_TOKEN is set (not shown); send it as 'Authorization: Bearer <token>'"
else
  ADMIN_LINE="disabled (403); enable with: FLEETBREAKER_ADMIN_TOKEN=<token> make demo"
fi
cat <<EOF

  Fleetbreaker demo fleet is up
    dashboard   https://localhost:$CADDY_PORT/        (Caddy's local CA: accept the browser warning)
    status      curl -sk https://localhost:$CADDY_PORT/status
    gateways    ${GATEWAY_URLS[*]}
    downstream  http://127.0.0.1:$DOWNSTREAM_PORT/__control  (payment_gateway)   inventory: http://127.0.0.1:$INVENTORY_PORT
    memcached   127.0.0.1:$MEMCACHED_PORT
    logs        $RUN_DIR/*.log    PIDs: $PID_FILE
    admin       $ADMIN_LINE
    reload      Caddy sends a reload to ONE instance: reload each gateway directly (POST <gateway>/api/v1/admin/reload)
                or send SIGHUP to each gateway PID

EOF

# --- 4. the story --------------------------------------------------------------------------------------------------
rc=0
if [[ "${DEMO_SKIP_SCENARIO:-0}" != 1 ]]; then
  scenario_args=(--entry "https://localhost:$CADDY_PORT" --downstream "http://127.0.0.1:$DOWNSTREAM_PORT"
    --circuit "$CIRCUIT")
  for url in "${GATEWAY_URLS[@]}"; do
    scenario_args+=(--gateway "$url")
  done
  # shellcheck disable=SC2086
  java $DEMO_JAVA_OPTS -cp "$JAR" io.fleetbreaker.gateway.demo.DemoCommand "${scenario_args[@]}" \
    | tee "$RUN_DIR/scenario.log" || rc=$?
  if ((rc == 0)); then
    say "scenario passed (timeline saved in $RUN_DIR/scenario.log)"
  else
    say "scenario FAILED with exit code $rc (timeline in $RUN_DIR/scenario.log, process logs in $RUN_DIR)"
  fi
fi

if [[ "$DEMO_EXIT" == 1 ]]; then
  exit "$rc"
fi

trickle_rate="${DEMO_TRICKLE_RATE:-5}"
if [[ "$trickle_rate" != 0 ]]; then
  # shellcheck disable=SC2086 # DEMO_JAVA_OPTS is a list of JVM options
  start trickle java $DEMO_JAVA_OPTS -cp "$JAR" io.fleetbreaker.gateway.demo.TrickleCommand \
    --entry "https://localhost:$CADDY_PORT" --circuit "$CIRCUIT" --circuit inventory --rate "$trickle_rate"
  say "background traffic: $trickle_rate requests/s through Caddy over $CIRCUIT and inventory (log: $RUN_DIR/trickle.log)"
fi
say "the fleet keeps running: open https://localhost:$CADDY_PORT/ ; Ctrl-C stops everything"
say "try: curl -s -XPOST http://127.0.0.1:$DOWNSTREAM_PORT/__control/mode -d '{\"mode\":\"failing\",\"rate\":1.0,\"status\":500}'"

# --- 5. watchdog: until Ctrl-C, or until a process the demo cannot do without exits ---------------------------------
while :; do
  watched=()
  for pid in "${PIDS[@]}"; do
    [[ "$pid" == 0 ]] || watched+=("$pid")
  done
  ((${#watched[@]})) || exit 1
  exited=""
  set +e
  wait -n -p exited "${watched[@]}"
  status=$?
  set -e
  if [[ -z "$exited" ]]; then
    ((status == 127)) && die "the demo lost track of its processes (wait: no such child)"
    continue # a trapped signal interrupted wait; its trap exits
  fi
  for ((i = 0; i < ${#PIDS[@]}; i++)); do
    [[ "${PIDS[i]}" == "$exited" ]] || continue
    name="${NAMES[i]}"
    PIDS[i]=0 # reaped: never signal this PID again
    sed -i "/^$exited /d" "$PID_FILE" 2>/dev/null || true
    case "$name" in
      memcached)
        say "memcached exited (status $status): the gateways continue in store.onFailure=local, each on its own breaker"
        say "restart it with: ${MEMCACHED_CMD[*]}"
        say "(a memcached you start yourself is yours to stop; the gateways rejoin the shared store within a second)"
        ;;
      trickle)
        say "the background traffic (PID $exited) exited (status $status); see $RUN_DIR/trickle.log. The fleet keeps running"
        ;;
      *)
        say "$name (PID $exited) exited (status $status); see $RUN_DIR/$name.log. Stopping the demo"
        exit 1
        ;;
    esac
  done
done
