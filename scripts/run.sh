#!/usr/bin/env bash
# Installs what is missing, builds Plaza, starts the bundled server with demo
# data in ./.plaza-data and opens the app. Without a display it leaves the
# server running and says where it is.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$(pwd)

./scripts/deps.sh

if [ -f build/build.ninja ]; then
  meson setup --reconfigure build >/dev/null
else
  meson setup build
fi
meson compile -C build

port=${PLAZA_PORT:-8470}
url="http://127.0.0.1:$port"
data="$top/.plaza-data"
server="$top/build/server/plaza-server"
mkdir -p "$data"

healthy() {
  curl -fsS --max-time 2 "$url/api/v1/health" >/dev/null 2>&1
}

"$server" seed-demo --data-dir "$data"

started=no
if healthy; then
  echo "A Plaza server already answers at $url; using it."
else
  nohup "$server" serve --port "$port" --data-dir "$data" >>"$data/server.log" 2>&1 &
  echo $! >"$data/server.pid"
  started=yes
  for _ in $(seq 1 100); do
    healthy && break
    sleep 0.1
  done
  if ! healthy; then
    echo "The server did not start; the end of its log ($data/server.log):" >&2
    tail -n 20 "$data/server.log" >&2
    exit 1
  fi
fi

echo
echo "Plaza server: $url   (data in $data, log in $data/server.log)"
curl -fsS "$url/api/v1/health"; echo

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo
  echo "No display found, so the app was not opened. The server keeps running."
  if [ "$started" = yes ]; then
    echo "Stop it with: kill $(cat "$data/server.pid")"
  fi
  exit 0
fi

# The app runs from the build tree: point GSettings at the compiled schema.
export GSETTINGS_SCHEMA_DIR="$top/build/data"
status=0
"$top/build/src/plaza" --server "$url" || status=$?
if [ "$started" = yes ]; then
  kill "$(cat "$data/server.pid")" 2>/dev/null || true
  rm -f "$data/server.pid"
fi
exit $status
