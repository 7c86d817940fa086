"""Listings for tests and screenshots, made through Plaza's REST API.

Operators are signed up and their listings created, given photos and
published exactly as the app would; photos are drawn here with cairo (simple
illustrated scenes per kind of service) so that nothing comes from outside.
Use /usr/bin/python3 (it has python3-gi-cairo / python3-cairo).
"""
import io
import json
import math
import random
import urllib.error
import urllib.request


class ApiError(Exception):
    def __init__(self, status, body):
        super().__init__(f"HTTP {status}: {body}")
        self.status = status
        self.body = body


def call(url, method, path, body=None, token=None, data=None, content_type="application/json"):
    """One request; returns the JSON answer (a dict), raises ApiError on 4xx/5xx."""
    headers = {"Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if body is not None:
        data = json.dumps(body).encode()
    if data is not None:
        headers["Content-Type"] = content_type
    request = urllib.request.Request(url + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            text = answer.read()
    except urllib.error.HTTPError as error:
        raise ApiError(error.code, error.read().decode(errors="replace")) from None
    return json.loads(text) if text else {}


def sign_up(url, email, password, name):
    return call(url, "POST", "/api/v1/accounts",
                {"email": email, "password": password, "display_name": name})["token"]


def sign_in(url, email, password):
    return call(url, "POST", "/api/v1/sessions", {"email": email, "password": password})["token"]


def become_operator(url, token, business_name, lat, lng):
    call(url, "POST", "/api/v1/me/operator",
         {"business_name": business_name, "service_area": {"lat": lat, "lng": lng, "radius_km": 40}}, token)


def create_listing(url, token, listing, photos=(), publish=True):
    """Creates @listing (a dict as POST /api/v1/listings takes), adds @photos
    (PNG bytes each) and publishes it; returns the listing's id."""
    created = call(url, "POST", "/api/v1/listings", listing, token)["listing"]
    for png in photos:
        call(url, "POST", f"/api/v1/listings/{created['id']}/photos", token=token, data=png,
             content_type="image/png")
    if publish:
        call(url, "POST", f"/api/v1/listings/{created['id']}/status", {"status": "active"}, token)
    return created["id"]


# ---- photos ---------------------------------------------------------------------

def _hex(colour):
    colour = colour.lstrip("#")
    return tuple(int(colour[i:i + 2], 16) / 255 for i in (0, 2, 4))


def _rounded(cr, x, y, w, h, r):
    cr.new_sub_path()
    cr.arc(x + w - r, y + r, r, -math.pi / 2, 0)
    cr.arc(x + w - r, y + h - r, r, 0, math.pi / 2)
    cr.arc(x + r, y + h - r, r, math.pi / 2, math.pi)
    cr.arc(x + r, y + r, r, math.pi, 3 * math.pi / 2)
    cr.close_path()


def _vgradient(cr, x, y, w, h, top, bottom):
    import cairo
    g = cairo.LinearGradient(0, y, 0, y + h)
    g.add_color_stop_rgb(0, *_hex(top))
    g.add_color_stop_rgb(1, *_hex(bottom))
    cr.rectangle(x, y, w, h)
    cr.set_source(g)
    cr.fill()


def _sparkle(cr, x, y, r, alpha=0.9):
    cr.set_source_rgba(1, 1, 1, alpha)
    cr.move_to(x, y - r)
    for i in range(1, 8):
        a = i * math.pi / 4 - math.pi / 2
        rr = r if i % 2 == 0 else r * 0.25
        cr.line_to(x + rr * math.cos(a), y + rr * math.sin(a))
    cr.close_path()
    cr.fill()


def _sun(cr, x, y, r):
    import cairo
    g = cairo.RadialGradient(x, y, 0, x, y, r * 3)
    g.add_color_stop_rgba(0, 1, 0.95, 0.7, 0.9)
    g.add_color_stop_rgba(1, 1, 0.95, 0.7, 0)
    cr.set_source(g)
    cr.arc(x, y, r * 3, 0, 2 * math.pi)
    cr.fill()
    cr.set_source_rgb(1, 0.93, 0.6)
    cr.arc(x, y, r, 0, 2 * math.pi)
    cr.fill()


def _car(cr, w, h, rnd):
    body = rnd.choice(["#c0392b", "#2c6fbb", "#f2f2f2", "#1f1f1f", "#7a8793", "#e67e22"])
    _vgradient(cr, 0, 0, w, h * 0.62, "#8ec5ff", "#e8f4ff")
    _sun(cr, w * 0.82, h * 0.18, h * 0.06)
    _vgradient(cr, 0, h * 0.62, w, h * 0.38, "#6b6f75", "#3d4146")
    cr.set_source_rgba(1, 1, 1, 0.5)
    for i in range(6):
        cr.rectangle(i * w / 5 + 20, h * 0.83, w / 10, 8)
    cr.fill()
    cx, cy, cw = w * 0.5, h * 0.66, w * 0.62
    cr.set_source_rgba(0, 0, 0, 0.25)
    cr.save(); cr.translate(cx, cy + h * 0.06); cr.scale(cw * 0.55, h * 0.035)
    cr.arc(0, 0, 1, 0, 2 * math.pi); cr.restore(); cr.fill()
    cr.set_source_rgb(*_hex(body))
    _rounded(cr, cx - cw / 2, cy - h * 0.16, cw, h * 0.17, 28)
    cr.fill()
    cr.move_to(cx - cw * 0.30, cy - h * 0.15)
    cr.line_to(cx - cw * 0.18, cy - h * 0.30)
    cr.line_to(cx + cw * 0.16, cy - h * 0.30)
    cr.line_to(cx + cw * 0.32, cy - h * 0.15)
    cr.close_path()
    cr.fill()
    cr.set_source_rgba(0.75, 0.88, 1, 0.95)
    cr.move_to(cx - cw * 0.26, cy - h * 0.155); cr.line_to(cx - cw * 0.165, cy - h * 0.28)
    cr.line_to(cx - cw * 0.01, cy - h * 0.28); cr.line_to(cx - cw * 0.01, cy - h * 0.155)
    cr.close_path(); cr.fill()
    cr.move_to(cx + cw * 0.02, cy - h * 0.155); cr.line_to(cx + cw * 0.02, cy - h * 0.28)
    cr.line_to(cx + cw * 0.15, cy - h * 0.28); cr.line_to(cx + cw * 0.27, cy - h * 0.155)
    cr.close_path(); cr.fill()
    for wx in (cx - cw * 0.3, cx + cw * 0.3):
        cr.set_source_rgb(0.1, 0.1, 0.1)
        cr.arc(wx, cy + h * 0.01, h * 0.075, 0, 2 * math.pi); cr.fill()
        cr.set_source_rgb(0.75, 0.77, 0.8)
        cr.arc(wx, cy + h * 0.01, h * 0.035, 0, 2 * math.pi); cr.fill()
    for _ in range(40):
        x = rnd.uniform(cx - cw * 0.6, cx + cw * 0.6)
        y = rnd.uniform(cy - h * 0.05, cy + h * 0.12)
        cr.set_source_rgba(1, 1, 1, rnd.uniform(0.5, 0.9))
        cr.arc(x, y, rnd.uniform(6, 22), 0, 2 * math.pi); cr.fill()
    for _ in range(6):
        _sparkle(cr, rnd.uniform(cx - cw / 2, cx + cw / 2), rnd.uniform(cy - h * 0.3, cy - h * 0.1), 16)


def _room(cr, w, h, rnd):
    wall = rnd.choice(["#f3e9dc", "#e3eef2", "#efe6f2", "#f6f1e1"])
    _vgradient(cr, 0, 0, w, h * 0.7, wall, "#ffffff")
    for i in range(12):
        cr.set_source_rgb(*_hex("#c89a6a" if i % 2 else "#b98a5a"))
        cr.rectangle(i * w / 12, h * 0.7, w / 12 + 1, h * 0.3); cr.fill()
    cr.set_source_rgb(*_hex("#ffffff"))
    cr.rectangle(w * 0.58, h * 0.12, w * 0.3, h * 0.34); cr.fill()
    _vgradient(cr, w * 0.595, h * 0.14, w * 0.27, h * 0.3, "#7fbfff", "#d6ecff")
    cr.set_source_rgb(1, 1, 1)
    cr.rectangle(w * 0.725, h * 0.14, 8, h * 0.3); cr.fill()
    sofa = rnd.choice(["#3f6e8c", "#8c4f3f", "#5a7d4f", "#6d5a8c"])
    cr.set_source_rgb(*_hex(sofa))
    _rounded(cr, w * 0.08, h * 0.45, w * 0.42, h * 0.17, 18); cr.fill()
    _rounded(cr, w * 0.05, h * 0.55, w * 0.48, h * 0.16, 18); cr.fill()
    cr.set_source_rgb(*_hex("#f4d35e"))
    _rounded(cr, w * 0.13, h * 0.49, w * 0.09, h * 0.08, 10); cr.fill()
    cr.set_source_rgb(*_hex("#2f2f2f"))
    cr.rectangle(w * 0.08, h * 0.71, 10, h * 0.04); cr.rectangle(w * 0.49, h * 0.71, 10, h * 0.04); cr.fill()
    cr.set_source_rgb(*_hex("#b5651d"))
    _rounded(cr, w * 0.78, h * 0.58, w * 0.08, h * 0.12, 8); cr.fill()
    cr.set_source_rgb(*_hex("#3c8d40"))
    for a in range(7):
        ang = -math.pi / 2 + (a - 3) * 0.35
        cr.save(); cr.translate(w * 0.82, h * 0.58); cr.rotate(ang)
        cr.scale(h * 0.12, h * 0.03); cr.arc(1, 0, 1, 0, 2 * math.pi); cr.restore(); cr.fill()
    for _ in range(9):
        _sparkle(cr, rnd.uniform(w * 0.05, w * 0.95), rnd.uniform(h * 0.05, h * 0.95), rnd.uniform(10, 24))


def _garden(cr, w, h, rnd):
    _vgradient(cr, 0, 0, w, h * 0.5, "#79b8f2", "#dff0ff")
    _sun(cr, w * 0.15, h * 0.15, h * 0.06)
    cr.set_source_rgb(*_hex("#6aa84f"))
    cr.move_to(0, h * 0.5)
    for x in range(0, w + 40, 40):
        cr.line_to(x, h * 0.45 + 20 * math.sin(x / 90))
    cr.line_to(w, h); cr.line_to(0, h); cr.close_path(); cr.fill()
    for i in range(10):
        cr.set_source_rgb(*_hex("#7cc35a" if i % 2 else "#68b04a"))
        cr.move_to(w * i / 10, h); cr.line_to(w * (i + 1) / 10, h)
        cr.line_to(w * 0.5 + (i + 1 - 5) * 30, h * 0.5); cr.line_to(w * 0.5 + (i - 5) * 30, h * 0.5)
        cr.close_path(); cr.fill()
    for tx in (w * 0.12, w * 0.86):
        cr.set_source_rgb(*_hex("#6b4423"))
        cr.rectangle(tx - 12, h * 0.32, 24, h * 0.22); cr.fill()
        cr.set_source_rgb(*_hex("#2e7d32"))
        for dx, dy, r in ((0, 0.27, 0.1), (-0.05, 0.32, 0.08), (0.05, 0.32, 0.08)):
            cr.arc(tx + dx * w, h * dy, h * r, 0, 2 * math.pi); cr.fill()
    for _ in range(70):
        x, y = rnd.uniform(0, w), rnd.uniform(h * 0.55, h)
        cr.set_source_rgb(*_hex(rnd.choice(["#ff6f91", "#ffd166", "#ffffff", "#c77dff", "#ff9f1c"])))
        for p in range(5):
            a = p * 2 * math.pi / 5
            cr.arc(x + 7 * math.cos(a), y + 7 * math.sin(a), 5, 0, 2 * math.pi); cr.fill()
        cr.set_source_rgb(*_hex("#f4a261")); cr.arc(x, y, 3.5, 0, 2 * math.pi); cr.fill()


def _board(cr, w, h, rnd):
    _vgradient(cr, 0, 0, w, h, "#efe3cf", "#e2d2b8")
    cr.set_source_rgb(*_hex("#8d6e4f"))
    _rounded(cr, w * 0.08, h * 0.08, w * 0.84, h * 0.56, 10); cr.fill()
    cr.set_source_rgb(*_hex("#2f5d46"))
    cr.rectangle(w * 0.1, h * 0.11, w * 0.8, h * 0.5); cr.fill()
    boards = [["a² + b² = c²", "y = mx + c", "x = (−b ± √Δ) / 2a"],
              ["F = m · a", "v = u + at", "E = mc²"],
              ["Sawubona! Molo!", "Unjani? Ngiyaphila.", "Ngiyabonga · Thank you"]]
    lines = boards[rnd.variant % 3] if rnd.variant is not None else rnd.choice(boards)
    cr.set_source_rgba(1, 1, 1, 0.9)
    cr.select_font_face("DejaVu Sans", 0, 0)
    cr.set_font_size(h * 0.075)
    for i, text in enumerate(lines):
        cr.move_to(w * 0.15, h * (0.23 + i * 0.13))
        cr.show_text(text)
    cr.set_source_rgb(*_hex("#a47148"))
    cr.rectangle(0, h * 0.8, w, h * 0.2); cr.fill()
    y = h * 0.8
    for colour in rnd.sample(["#d62828", "#003049", "#f77f00", "#2a9d8f", "#6a4c93"], 4):
        cr.set_source_rgb(*_hex(colour))
        _rounded(cr, w * 0.62, y - h * 0.05, w * 0.26, h * 0.05, 4); cr.fill()
        y -= h * 0.055
    cr.set_source_rgb(*_hex("#ffffff"))
    cr.rectangle(w * 0.18, h * 0.74, w * 0.22, h * 0.07); cr.fill()


def _pipes(cr, w, h, rnd):
    cr.set_source_rgb(*_hex("#c9d2da"))
    cr.paint()
    for i in range(0, int(w / 60) + 1):
        for j in range(0, int(h / 60) + 1):
            cr.set_source_rgb(*_hex("#e9eef2" if (i + j) % 2 else "#dfe6ec"))
            cr.rectangle(i * 60, j * 60, 58, 58); cr.fill()
    cr.set_line_width(h * 0.06)
    cr.set_source_rgb(*_hex("#b0b7bf"))
    cr.move_to(-10, h * 0.35); cr.line_to(w * 0.45, h * 0.35); cr.line_to(w * 0.45, h * 0.75)
    cr.line_to(w + 10, h * 0.75); cr.stroke()
    cr.set_source_rgb(*_hex("#8a939c"))
    for x, y in ((w * 0.2, h * 0.35), (w * 0.45, h * 0.35), (w * 0.45, h * 0.75), (w * 0.75, h * 0.75)):
        cr.rectangle(x - h * 0.045, y - h * 0.045, h * 0.09, h * 0.09); cr.fill()
    cr.set_source_rgb(*_hex("#c0392b"))
    _rounded(cr, w * 0.6, h * 0.38, w * 0.3, h * 0.22, 10); cr.fill()
    cr.set_source_rgb(*_hex("#922b21"))
    cr.rectangle(w * 0.6, h * 0.46, w * 0.3, 8); cr.fill()
    cr.set_line_width(12); cr.set_source_rgb(*_hex("#7f8c8d"))
    cr.move_to(w * 0.7, h * 0.38); cr.curve_to(w * 0.7, h * 0.3, w * 0.8, h * 0.3, w * 0.8, h * 0.38); cr.stroke()
    cr.set_source_rgba(0.3, 0.6, 1, 0.8)
    for _ in range(5):
        cr.arc(w * 0.2 + rnd.uniform(-10, 10), h * 0.42 + rnd.uniform(0, 80), rnd.uniform(5, 10), 0, 2 * math.pi)
        cr.fill()


def _pool(cr, w, h, rnd):
    _vgradient(cr, 0, 0, w, h * 0.35, "#6fb1f7", "#cfe8ff")
    cr.set_source_rgb(*_hex("#f2e8d5"))
    cr.rectangle(0, h * 0.35, w, h * 0.65); cr.fill()
    _vgradient(cr, w * 0.06, h * 0.45, w * 0.88, h * 0.5, "#2bb3e6", "#0a6fa8")
    cr.set_line_width(4)
    for _ in range(14):
        x, y = rnd.uniform(w * 0.1, w * 0.85), rnd.uniform(h * 0.5, h * 0.9)
        cr.set_source_rgba(1, 1, 1, 0.45)
        cr.move_to(x, y); cr.curve_to(x + 30, y - 12, x + 60, y + 12, x + 90, y); cr.stroke()
    cr.set_source_rgb(*_hex("#bdbdbd"))
    cr.set_line_width(8)
    cr.move_to(w * 0.8, h * 0.3); cr.line_to(w * 0.8, h * 0.6); cr.move_to(w * 0.86, h * 0.3)
    cr.line_to(w * 0.86, h * 0.6); cr.stroke()
    for k in range(3):
        cr.move_to(w * 0.8, h * (0.4 + k * 0.07)); cr.line_to(w * 0.86, h * (0.4 + k * 0.07)); cr.stroke()


def _truck(cr, w, h, rnd):
    _vgradient(cr, 0, 0, w, h * 0.65, "#f6d365", "#fda085")
    _vgradient(cr, 0, h * 0.65, w, h * 0.35, "#555a60", "#2f3336")
    cr.set_source_rgb(*_hex(rnd.choice(["#ffffff", "#e9ecef", "#ffe066"])))
    _rounded(cr, w * 0.12, h * 0.3, w * 0.5, h * 0.36, 8); cr.fill()
    cr.set_source_rgb(*_hex(rnd.choice(["#1d3557", "#e63946", "#2a9d8f"])))
    _rounded(cr, w * 0.62, h * 0.42, w * 0.2, h * 0.24, 14); cr.fill()
    cr.set_source_rgba(0.8, 0.92, 1, 0.95)
    _rounded(cr, w * 0.7, h * 0.46, w * 0.1, h * 0.09, 6); cr.fill()
    for wx in (w * 0.24, w * 0.5, w * 0.74):
        cr.set_source_rgb(0.1, 0.1, 0.1); cr.arc(wx, h * 0.68, h * 0.07, 0, 2 * math.pi); cr.fill()
        cr.set_source_rgb(0.7, 0.7, 0.7); cr.arc(wx, h * 0.68, h * 0.03, 0, 2 * math.pi); cr.fill()
    for i in range(3):
        cr.set_source_rgb(*_hex("#c49a6c"))
        cr.rectangle(w * (0.05 + i * 0.07), h * 0.78 - i * 6, w * 0.06, h * 0.08); cr.fill()
        cr.set_source_rgb(*_hex("#a47c52"))
        cr.rectangle(w * (0.05 + i * 0.07), h * 0.81 - i * 6, w * 0.06, 4); cr.fill()


def _beauty(cr, w, h, rnd):
    _vgradient(cr, 0, 0, w, h, "#fbe3e8", "#f5c6d0")
    cr.set_source_rgb(*_hex("#d4a373"))
    cr.save(); cr.translate(w * 0.5, h * 0.4); cr.scale(w * 0.2, h * 0.3)
    cr.arc(0, 0, 1, 0, 2 * math.pi); cr.restore(); cr.fill()
    cr.set_source_rgb(*_hex("#e8f4f8"))
    cr.save(); cr.translate(w * 0.5, h * 0.4); cr.scale(w * 0.18, h * 0.27)
    cr.arc(0, 0, 1, 0, 2 * math.pi); cr.restore(); cr.fill()
    for k in range(10):
        a = k * 2 * math.pi / 10
        cr.set_source_rgb(1, 0.97, 0.85)
        cr.arc(w * 0.5 + w * 0.22 * math.cos(a), h * 0.4 + h * 0.33 * math.sin(a), 9, 0, 2 * math.pi); cr.fill()
    cr.set_source_rgb(*_hex("#ffffff"))
    cr.rectangle(0, h * 0.78, w, h * 0.22); cr.fill()
    for i, colour in enumerate(rnd.sample(["#e76f51", "#9b5de5", "#00bbf9", "#f15bb5", "#2a9d8f"], 4)):
        cr.set_source_rgb(*_hex(colour))
        _rounded(cr, w * (0.2 + i * 0.16), h * 0.62, w * 0.06, h * 0.17, 8); cr.fill()
        cr.set_source_rgb(*_hex("#333333"))
        cr.rectangle(w * (0.215 + i * 0.16), h * 0.58, w * 0.03, h * 0.05); cr.fill()


SCENES = {
    "car": _car, "home": _room, "garden": _garden, "tutor": _board,
    "repair": _pipes, "pool": _pool, "moving": _truck, "beauty": _beauty,
}


def photo_png(kind, seed=0, width=960, height=640, variant=None):
    """A PNG (bytes) of an illustrated scene for @kind (see SCENES); @variant
    picks one of a scene's fixed versions (the blackboard's subject)."""
    import cairo
    surface = cairo.ImageSurface(cairo.FORMAT_RGB24, width, height)
    cr = cairo.Context(surface)
    rnd = random.Random(f"{kind}-{seed}")
    rnd.variant = variant
    SCENES[kind](cr, width, height, rnd)
    out = io.BytesIO()
    surface.write_to_png(out)
    return out.getvalue()
