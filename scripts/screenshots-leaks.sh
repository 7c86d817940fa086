#!/usr/bin/env bash
# Makes data/screenshots/leak-cases.png and data/screenshots/contact-warning.png:
# a throwaway server with the demo accounts, two demo people who keep sending
# contact details before a booking (so leak cases open), then plaza-screenshot
# signed in as the admin on Admin → Leak Cases; and the composer demo.
#
#   scripts/screenshots-leaks.sh [BUILD_DIR]     (default: build)
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

/usr/bin/python3 - "$url" <<'EOF_PY'
import json
import sys
import urllib.error
import urllib.request

url = sys.argv[1]


def call(method, path, token=None, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url + path, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request) as answer:
            return answer.status, json.load(answer)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def sign_in(email, password):
    return call("POST", "/api/v1/sessions", body={"email": email, "password": password})[1]["token"]


listings = call("GET", "/api/v1/listings?limit=20")[1]["listings"]
sipho = [l for l in listings if l.get("operator", {}).get("display_name", "").startswith("Sipho")] or listings
target = sipho[0]["id"]

# What people really send; the last ones arrive while sending is paused.
attempts = {
    ("thandi@plaza.test", "demo-consumer-2026"): [
        "Hi! Can you come Saturday? Rather WhatsApp me, it's quicker",
        "My number is 082 555 1234, call me after 5",
        "Or email thandi.m@gmail.com with the quote",
        "If I pay you cash we can skip the fee, ok?",
        "Just call me: O82 five five five 1234",
    ],
    ("lerato@plaza.test", "demo-operator-2026"): [
        "Is the price negotiable? What's your number?",
        "Add me on insta @lerato_cleans and we talk there",
        "EFT me directly to my FNB account and I'll book",
        "Find me at www.leratocleans.co.za",
        "ok 0 7 2 - 4 4 1 - 9 9 0 0",
        "Let's take this off the app",
    ],
}
for (email, password), bodies in attempts.items():
    token = sign_in(email, password)
    for i, body in enumerate(bodies):
        status, answer = call("POST", f"/api/v1/listings/{target}/inquiries", token,
                              {"body": body, "client_id": f"shot-{email.split('@')[0]}-{i}"})
        print(email, status, answer.get("error", {}).get("code", "sent"))
EOF_PY

run_headless() {
  xvfb-run -a -s "-screen 0 1280x1000x24 -nolisten tcp" \
    dbus-run-session -- bash -c '
      eval "$(printf %s plaza-screenshot | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)" || true
      export GNOME_KEYRING_CONTROL SSH_AUTH_SOCK
      "$@"' run-headless "$@"
}

export GSK_RENDERER=cairo GDK_DEBUG=gl-disable LC_ALL=C.UTF-8
export XDG_DATA_HOME="$tmp/xdg-data" XDG_CONFIG_HOME="$tmp/xdg-config" XDG_CACHE_HOME="$tmp/xdg-cache"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"
run_headless "$build/tests/client/plaza-screenshot" --server "$url" --sign-in admin@plaza.test:demo-admin-2026 \
  --admin-leaks --size 1100x760 "$top/data/screenshots/leak-cases.png"
run_headless "$build/tests/client/plaza-screenshot" --demo contact-warning --size 720x560 \
  "$top/data/screenshots/contact-warning.png"
