#!/usr/bin/env bash
# Makes sure the system tools the demo and the tests need are installed.
#   deploy/deps.sh memcached caddy chromium wrk
# As root: installs the missing ones with apt-get (one update, then install -y). Otherwise: prints the command to run
# and exits 1.
set -euo pipefail

declare -A binary_of=([memcached]=memcached [caddy]=caddy [chromium]=chromium [wrk]=wrk [curl]=curl)

missing=()
for pkg in "$@"; do
  bin="${binary_of[$pkg]:-$pkg}"
  if ! command -v "$bin" >/dev/null 2>&1; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "deps: all present: $*"
  exit 0
fi

if [[ "$(id -u)" != 0 ]]; then
  echo "deps: missing ${missing[*]}; install them with:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
for pkg in "${missing[@]}"; do
  bin="${binary_of[$pkg]:-$pkg}"
  if ! command -v "$bin" >/dev/null 2>&1; then
    echo "deps: $pkg installed but $bin is still not on PATH" >&2
    exit 1
  fi
done
echo "deps: installed ${missing[*]}"
