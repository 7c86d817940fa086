#!/usr/bin/env bash
# Makes data/screenshots/schedule.png, bookings.png and booking.png from a
# throwaway server with the demo data (seed-demo: services, opening hours and
# Thandi's bookings): the demo operator's Schedule at the week of their next
# booking, the demo consumer's Bookings, and the booking dialog of the
# operator's car wash listing at its own size. Headless, with an unlocked throwaway keyring.
#
#   scripts/screenshots-bookings.sh [BUILD_DIR]     (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
top=$(pwd)
build=$(cd "${1:-build}" && pwd)

tmp=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
export PLAZA_PASSWORD_COST=1
"$build/server/plaza-server" seed-demo --data-dir "$tmp/data" >/dev/null
"$build/server/plaza-server" serve --listen 127.0.0.1 --port "$port" --data-dir "$tmp/data" \
  >"$tmp/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 50); do
  curl -sf "$url/api/v1/health" >/dev/null && break
  sleep 0.1
done

# The listing the demo's "Wash and valet" service belongs to.
listing=$(/usr/bin/python3 - "$url" <<'PY'
import json
import sys
import urllib.request

url = sys.argv[1]
request = urllib.request.Request(url + "/api/v1/sessions", method="POST",
                                 data=json.dumps({"email": "sipho@plaza.test",
                                                  "password": "demo-operator-2026"}).encode(),
                                 headers={"Content-Type": "application/json"})
token = json.load(urllib.request.urlopen(request))["token"]
request = urllib.request.Request(url + "/api/v1/me/services", headers={"Authorization": "Bearer " + token})
services = json.load(urllib.request.urlopen(request))["services"]
print(next(s["listing_id"] for s in services if s["name"] == "Wash and valet" and s["listing_id"]))
PY
)

run_headless() {
  xvfb-run -a -s "-screen 0 1400x1000x24 -nolisten tcp" \
    dbus-run-session -- bash -c '
      eval "$(printf %s plaza-screenshot | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)" || true
      export GNOME_KEYRING_CONTROL SSH_AUTH_SOCK
      "$@"' run-headless "$@"
}

# Each picture in a home of its own: a keyring left by the last one would
# sign in its user again.
shoot() {
  local home
  home=$(mktemp -d "$tmp/home-XXXXXX")
  XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" XDG_CACHE_HOME="$home/cache" \
    run_headless "$build/tests/client/plaza-screenshot" --server "$url" "$@"
}

export GSK_RENDERER=cairo GDK_DEBUG=gl-disable LC_ALL=C.UTF-8
out="${PLAZA_SCREENSHOTS_DIR:-$top/data/screenshots}"
mkdir -p "$out"
shoot --sign-in sipho@plaza.test:demo-operator-2026 --page schedule --week next-booking \
  --size 1280x760 "$out/schedule.png"
shoot --sign-in thandi@plaza.test:demo-consumer-2026 --page bookings --size 1000x520 "$out/bookings.png"
shoot --sign-in thandi@plaza.test:demo-consumer-2026 --book "$listing" "$out/booking.png"
