#!/usr/bin/python3
"""Finds, filters, opens and saves a listing through the built Plaza app.

Usage: test-discover.py PATH/TO/plaza PATH/TO/plaza-server

Starts a real plaza-server on a free port (temporary data, fast hashing) and
fills it through the API: an operator signs up and publishes three car-wash
listings with photos (PNG drawn here), and a consumer signs up. Then the app
(XDG folders in a temporary directory) is driven over AT-SPI (dogtail) as
that consumer: sign in, search "wash", set a highest price in the filters,
open a listing, save it, find it under Saved; last, the server's
/api/v1/me/favorites must hold it.
Needs the unlocked keyring of scripts/test.sh (gnome-keyring in the session).

Run under: xvfb-run -a dbus-run-session -- ... (exit 0 passed, 1 failed, 77 skipped)
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

from plaza_ui_test import Failure, answers, check, free_port, log, report_failure, wait_for

SKIP = 77
EMAIL = "zanele@example.org"
PASSWORD = "a long and fine password"
LISTINGS = [
    ("Sparkle full valet", 450, 1, "Interior and exterior detailing at your door."),
    ("Budget wash and vacuum", 150, 2, "A quick hand wash and a vacuum, done in an hour."),
    ("Premium ceramic wash", 1900, 1, "A hand wash, clay bar and ceramic coating."),
]


class Run:
    def __init__(self, plaza, server, tmp):
        self.plaza, self.server, self.tmp = plaza, server, tmp
        self.env = dict(os.environ)
        for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
            path = os.path.join(tmp, name.lower())
            os.makedirs(path)
            self.env[name] = path
        self.env.setdefault("GSETTINGS_BACKEND", "memory")
        self.env["PLAZA_PASSWORD_COST"] = "1"
        self.server_proc = self.app_proc = self.app = self.url = None
        self.ids = {}
        self.consumer = None

    def start_server(self):
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.server_proc = subprocess.Popen(
            [self.server, "serve", "--listen", "127.0.0.1", "--port", str(port),
             "--data-dir", os.path.join(self.tmp, "server-data")],
            env=self.env, stdout=open(os.path.join(self.tmp, "server.log"), "w"),
            stderr=subprocess.STDOUT)
        check(wait_for(lambda: answers(self.url), 20), f"plaza-server answers at {self.url}")

    def seed(self):
        import plaza_seed as seed
        operator = seed.sign_up(self.url, "valet@example.org", PASSWORD, "Sipho Mahlangu")
        seed.become_operator(self.url, operator, "Sparkle Valet", -26.2, 28.05)
        for n, (title, rand, photos, text) in enumerate(LISTINGS):
            listing = {
                "category_id": 10, "title": title, "description": text,
                "price": {"amount_minor": rand * 100, "currency": "ZAR"}, "pricing_type": "fixed",
                "attributes": {"vehicle_size": "sedan", "mobile": True},
                "location": {"lat": -26.1, "lng": 28.05, "city": "Sandton", "country": "ZA"},
            }
            pngs = [seed.photo_png("car", seed=n * 10 + k, width=480, height=320) for k in range(photos)]
            self.ids[title] = seed.create_listing(self.url, operator, listing, pngs)
        self.consumer = seed.sign_up(self.url, EMAIL, PASSWORD, "Zanele Mokoena")
        check(len(self.ids) == 3, "an operator published three listings with photos through the API")

    def start_app(self):
        from dogtail import tree
        self.app_proc = subprocess.Popen(
            [self.plaza, "--server", self.url], env=self.env,
            stdout=open(os.path.join(self.tmp, "plaza.log"), "a"), stderr=subprocess.STDOUT)
        self.app = wait_for(lambda: tree.root.application("plaza"), 30, 0.5)
        check(self.app is not None, "Plaza appears on the accessibility bus")

    def stop(self):
        for proc in (self.app_proc, self.server_proc):
            if proc is not None and proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()

    def shown(self, predicate):
        import pyatspi
        nodes = self.app.findChildren(predicate)
        return [n for n in nodes if n.getState().contains(pyatspi.STATE_VISIBLE)]

    def named(self, name, role=None):
        return self.shown(lambda n: n.name == name and (role is None or n.roleName == role))

    def cards(self):
        """The names of the listing cards on screen."""
        return sorted(n.name for n in self.shown(
            lambda n: n.roleName == "push button" and n.name and "R" in n.name
            and any(n.name.startswith(title + ",") for title, _, _, _ in LISTINGS)))

    def click(self, name, role="push button"):
        nodes = wait_for(lambda: [n for n in self.named(name, role) if "click" in n.actions], 15)
        check(nodes, f"found “{name}” ({role}) by its accessible name")
        nodes[0].doActionNamed("click")

    def type_keys(self, combo, text, enter=False):
        """Presses @combo (a shortcut that focuses an entry: GTK 4.8 entries
        cannot be focused over AT-SPI), types @text and maybe Enter."""
        from dogtail import rawinput
        rawinput.keyCombo(combo)
        time.sleep(0.3)
        rawinput.typeText(text)
        if enter:
            rawinput.pressKey("Return")


def sign_in(run):
    from dogtail import rawinput
    log("# sign in as the consumer")
    run.start_app()
    check(wait_for(lambda: run.named("Welcome to Plaza", "label"), 20), "the welcome page shows")
    check(wait_for(lambda: run.named("Email", "text"), 10), "with an “Email” row")
    time.sleep(0.5)
    rawinput.typeText(EMAIL)
    rawinput.pressKey("Tab")
    rawinput.typeText(PASSWORD)
    rawinput.pressKey("Return")
    check(wait_for(lambda: run.named("Discover", "page tab"), 20), "signing in shows Discover")
    check(wait_for(lambda: len(run.cards()) == 3, 20), f"Discover lists the three listings: {run.cards()}")


def search_and_filter(run):
    log("# search, then a highest price")
    entry = wait_for(lambda: run.named("Search listings"), 10)
    check(entry, "the search entry is called “Search listings”")
    run.type_keys("<Control>f", "hand")
    check(wait_for(lambda: len(run.cards()) == 2, 10),
          f"typing “hand” leaves the two hand washes: {run.cards()}")

    filters = wait_for(lambda: [n for n in run.named("Filters") if "click" in n.actions], 10)
    check(filters, "the filter button is called “Filters”")
    filters[0].doActionNamed("click")
    highest = wait_for(lambda: run.named("Highest Price", "text"), 10)
    check(highest, "the filters ask for a “Highest Price”")
    run.type_keys("<Alt>h", "500", enter=True)
    check(wait_for(lambda: run.named("1 filter on", "label"), 10), "the page says “1 filter on”")
    check(wait_for(lambda: len(run.cards()) == 1 and run.cards()[0].startswith("Budget wash and vacuum,"), 10),
          f"up to R500 only the budget wash is left: {run.cards()}")


def open_and_save(run):
    import pyatspi
    log("# open the listing and save it")
    card = run.cards()[0]
    check("R150" in card and "Sandton" in card, f"the card reads its price and place: “{card}”")
    run.click(card)
    check(wait_for(lambda: run.named("Budget wash and vacuum", "label"), 10), "the listing's page shows its title")
    check(wait_for(lambda: run.shown(lambda n: n.name.startswith("Offered by Sparkle Valet")), 15),
          "and who offers it")
    check(wait_for(lambda: run.named("Photo 1 of 2"), 10), "its first photo is named “Photo 1 of 2”")
    run.click("Save")
    check(wait_for(lambda: [n for n in run.named("Saved") if n.getState().contains(pyatspi.STATE_CHECKED)
                            or n.getState().contains(pyatspi.STATE_PRESSED)], 10),
          "the button is now pressed and says “Saved”")
    run.click("Back")
    check(wait_for(lambda: any(c.endswith(", saved") for c in run.cards()), 10),
          f"the card is marked saved: {run.cards()}")


def saved_view(run):
    import plaza_seed as seed
    log("# the saved listings, here and on the server")
    run.click("Saved")
    check(wait_for(lambda: run.cards() and all(c.startswith("Budget wash and vacuum,") for c in run.cards()), 10),
          f"“Saved” lists the budget wash alone: {run.cards()}")
    mine = seed.call(run.url, "GET", "/api/v1/me/favorites", token=run.consumer)
    ids = [listing["id"] for listing in mine["listings"]]
    check(ids == [run.ids["Budget wash and vacuum"]], f"/api/v1/me/favorites holds the budget wash: {ids}")


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    if not os.environ.get("DISPLAY"):
        log("SKIP: no display; run under xvfb-run -a dbus-run-session")
        return SKIP
    try:
        from dogtail.config import config
        import cairo  # noqa: F401  (photos are drawn with it)
    except ImportError as error:
        log(f"SKIP: {error.name} is not installed")
        return SKIP
    config.checkForA11y = False
    config.searchCutoffCount = 10
    config.logDebugToStdOut = False
    config.logDebugToFile = False
    config.typingDelay = 0.02

    plaza, server = (os.path.abspath(p) for p in sys.argv[1:])
    tmp = tempfile.mkdtemp(prefix="plaza-discover-")
    run = Run(plaza, server, tmp)
    try:
        run.start_server()
        run.seed()
        sign_in(run)
        search_and_filter(run)
        open_and_save(run)
        saved_view(run)
    except Failure as failure:
        report_failure(failure, tmp)
        return 1
    finally:
        run.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    log("All Discover checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
