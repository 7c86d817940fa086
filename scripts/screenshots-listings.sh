#!/usr/bin/env bash
# Makes data/screenshots/my-listings.png and data/screenshots/listing-editor.png:
# a throwaway server with the demo accounts, a few listings with photos made by
# the demo operator (counters from the demo consumer), then plaza-screenshot
# signed in as that operator, headless, with an unlocked throwaway keyring.
#
#   scripts/screenshots-listings.sh [BUILD_DIR]     (default: build)
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

# Photos: soft colour fields, reproducible by their seed.
convert -seed 11 -size 960x720 plasma:'#e8f4f8-#7fb8d4' -blur 0x6 "$tmp/clean-1.jpg"
convert -seed 12 -size 960x720 plasma:'#f6f1e7-#c9b79c' -blur 0x6 "$tmp/clean-2.jpg"
convert -seed 13 -size 960x720 plasma:'#dff3e4-#8cc7a1' -blur 0x6 "$tmp/clean-3.jpg"
convert -seed 21 -size 960x720 plasma:'#cfe8ff-#2f6db5' -blur 0x6 "$tmp/car.jpg"
convert -seed 31 -size 960x720 plasma:'#e9f5c9-#4f8a3c' -blur 0x6 "$tmp/garden.jpg"
convert -seed 41 -size 960x720 plasma:'#fff1d6-#e0913a' -blur 0x6 "$tmp/tent.jpg"

/usr/bin/python3 - "$url" "$tmp" <<'EOF'
import json
import sys
import urllib.request

url, tmp = sys.argv[1], sys.argv[2]


def call(method, path, token=None, body=None, data=None, content_type="application/json"):
    if body is not None:
        data = json.dumps(body).encode()
    request = urllib.request.Request(url + path, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", content_type)
    if token:
        request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request) as answer:
        return json.load(answer)


def sign_in(email, password):
    return call("POST", "/api/v1/sessions", body={"email": email, "password": password})["token"]


operator = sign_in("sipho@plaza.test", "demo-operator-2026")
consumer = sign_in("thandi@plaza.test", "demo-consumer-2026")
places = {
    "Johannesburg": (-26.2041, 28.0473), "Durban": (-29.8587, 31.0218),
    "Soweto": (-26.2485, 27.8540), "Pretoria": (-25.7479, 28.2293),
}


def listing(category, title, description, amount, pricing, city, attributes, photos, status, views=0, favorite=False):
    lat, lng = places[city]
    made = call("POST", "/api/v1/listings", operator, {
        "category_id": category, "title": title, "description": description,
        "price": {"amount_minor": amount, "currency": "ZAR"}, "pricing_type": pricing,
        "location": {"lat": lat, "lng": lng, "city": city, "country": "ZA"}, "attributes": attributes,
    })["listing"]
    for photo in photos:
        with open(f"{tmp}/{photo}", "rb") as f:
            call("POST", f"/api/v1/listings/{made['id']}/photos", operator, data=f.read(), content_type="image/jpeg")
    if status in ("active", "paused", "sold"):
        call("POST", f"/api/v1/listings/{made['id']}/status", operator, {"status": "active"})
        for _ in range(views):
            call("GET", f"/api/v1/listings/{made['id']}", consumer)
        if favorite:
            call("PUT", f"/api/v1/listings/{made['id']}/favorite", consumer)
    if status != "active" and status != "draft":
        call("POST", f"/api/v1/listings/{made['id']}/status", operator, {"status": status})


# Oldest first: the page lists the newest at the top.
listing(61, "Party tent hire, 6 × 12 m", "A white stretch tent for up to 80 guests, put up and taken down by us.",
        250000, "per_project", "Pretoria", {"item": "Stretch tent", "delivery": True}, ["tent.jpg"], "sold", 23)
listing(20, "Weekly garden service", "Mowing, edging, weeding and taking the clippings away.",
        45000, "per_project", "Durban", {"garden_size_m2": 400, "refuse_removal": True, "own_tools": True},
        ["garden.jpg"], "paused", 41, True)
listing(10, "Car wash at your door", "Outside wash, wheels and tyre shine, at your home or office.",
        18000, "fixed", "Soweto", {"vehicle_size": "sedan", "mobile": True, "interior": False, "duration_min": 45},
        ["car.jpg"], "active", 128, True)
listing(2, "Deep clean for apartments and houses",
        "Kitchens, bathrooms, floors and windows, with eco-friendly products. We bring everything we need.",
        35000, "hourly", "Johannesburg",
        {"property_type": "apartment", "bedrooms": 2, "eco_products": True, "supplies_included": True},
        ["clean-1.jpg", "clean-2.jpg", "clean-3.jpg"], "draft")
EOF

run_headless() {
  xvfb-run -a -s "-screen 0 1280x1400x24 -nolisten tcp" \
    dbus-run-session -- bash -c '
      eval "$(printf %s plaza-screenshot | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)" || true
      export GNOME_KEYRING_CONTROL SSH_AUTH_SOCK
      "$@"' run-headless "$@"
}

export GSK_RENDERER=cairo GDK_DEBUG=gl-disable LC_ALL=C.UTF-8
export XDG_DATA_HOME="$tmp/xdg-data" XDG_CONFIG_HOME="$tmp/xdg-config" XDG_CACHE_HOME="$tmp/xdg-cache"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"
shot=("$build/tests/client/plaza-screenshot" --server "$url" --sign-in sipho@plaza.test:demo-operator-2026
      --page my_listings)
run_headless "${shot[@]}" --size 1000x640 "$top/data/screenshots/my-listings.png"
run_headless "${shot[@]}" --window editor --size 680x1270 "$top/data/screenshots/listing-editor.png"
