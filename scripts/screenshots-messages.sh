#!/usr/bin/env bash
# Makes the Messages screenshots for the README: a throwaway plaza-server
# filled through the API (tests/client/seed-messages.py), signed in as its
# consumer, Messages shown with the latest conversation open, wide and narrow.
#
#   scripts/screenshots-messages.sh [BUILD_DIR] [OUT_DIR]
#
# Needs a display; without one it runs itself under xvfb-run and dbus-run-session.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$(pwd)
build=${1:-build}
out=${2:-data/screenshots}

if [ -z "${DISPLAY:-}" ] && [ -z "${PLAZA_SCREENSHOTS_HEADLESS:-}" ]; then
  export PLAZA_SCREENSHOTS_HEADLESS=1
  exec xvfb-run -a -s "-screen 0 1600x1000x24 -nolisten tcp" \
    dbus-run-session -- bash -c '
      eval "$(printf %s plaza | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)" || true
      export GNOME_KEYRING_CONTROL SSH_AUTH_SOCK
      exec "$@"' screenshots "$0" "$@"
fi

tmp=$(mktemp -d)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
mkdir -p "$tmp"/{data,config,cache,runtime} "$out"
chmod 700 "$tmp/runtime"
export XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache"
export XDG_RUNTIME_DIR="$tmp/runtime" GSK_RENDERER=cairo GDK_DEBUG=gl-disable
export PLAZA_PASSWORD_COST=1

port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
"$build/server/plaza-server" serve --listen 127.0.0.1 --port "$port" --data-dir "$tmp/server" \
  >"$tmp/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
  curl -sf "$url/api/v1/health" >/dev/null && break
  sleep 0.1
done

/usr/bin/python3 "$top/tests/client/seed-messages.py" "$url"
sign_in="nomsa@plaza.test:a long and fine password"

"$build/tests/client/plaza-screenshot" "$out/messages.png" --server "$url" --size 1100x720 \
  --sign-in "$sign_in" --messages
"$build/tests/client/plaza-screenshot" "$out/messages-narrow.png" --server "$url" --size 420x720 \
  --sign-in "$sign_in" --messages
