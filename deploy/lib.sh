# Shared by the measurement scripts (cascade.sh, proxy-bench.sh): start things on free 127.0.0.1 ports, remember
# their PIDs, and stop exactly those on exit. Source it; it sets an EXIT trap.
PIDS=()
stop_all() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_all EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_http() {
  for _ in $(seq 1 150); do curl -fsS -o /dev/null --max-time 1 "$1" 2>/dev/null && return 0; sleep 0.2; done
  echo "not ready: $1" >&2; exit 1
}
# need TOOL...: exits with what to run when a tool is missing
need() {
  for tool in "$@"; do command -v "$tool" >/dev/null || { echo "missing $tool: make deps" >&2; exit 1; }; done
}
