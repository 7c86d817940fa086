#!/usr/bin/python3
"""Signs up, out and back in through the built Plaza app, as a person would.

Usage: test-accounts.py PATH/TO/plaza PATH/TO/plaza-server

Starts a real plaza-server on a free port (temporary data, fast hashing) and
the app against it with XDG folders in a temporary directory, then drives the
app over AT-SPI (dogtail) and the keyboard:
  1. creates an account through the welcome page's form, lands in the main
     view, and signs out through the account menu;
  2. signs in, quits, starts the app again and checks it goes straight to the
     main view through the keyring;
  3. signs out, signs in with a wrong password and checks the inline error,
     then signs in with the right one; after signing out, a restart shows the
     welcome page again (the keyring forgot the session).
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
NAME = "Ayanda Zulu"
EMAIL = "ayanda@example.org"
PASSWORD = "a long and fine password"


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
        self.server_proc = None
        self.app_proc = None
        self.app = None
        self.url = None

    def start_server(self):
        data = os.path.join(self.tmp, "server-data")
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.server_proc = subprocess.Popen(
            [self.server, "serve", "--listen", "127.0.0.1", "--port", str(port), "--data-dir", data],
            env=self.env, stdout=open(os.path.join(self.tmp, "server.log"), "w"),
            stderr=subprocess.STDOUT)
        check(wait_for(lambda: answers(self.url), 20), f"plaza-server answers at {self.url}")

    def start_app(self):
        from dogtail import tree
        log(f"# starting {self.plaza} --server {self.url}")
        self.app_proc = subprocess.Popen(
            [self.plaza, "--server", self.url], env=self.env,
            stdout=open(os.path.join(self.tmp, "plaza.log"), "a"), stderr=subprocess.STDOUT)
        self.app = wait_for(lambda: tree.root.application("plaza"), 30, 0.5)
        check(self.app is not None, "Plaza appears on the accessibility bus")

    def quit_app(self):
        import gi
        gi.require_version("Gio", "2.0")
        from gi.repository import Gio, GLib
        bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
        bus.call_sync("org.plaza.Plaza", "/org/plaza/Plaza", "org.gtk.Actions", "Activate",
                      GLib.Variant("(sava{sv})", ("quit", [], {})), None,
                      Gio.DBusCallFlags.NONE, 5000, None)
        try:
            status = self.app_proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            raise Failure("Plaza did not quit within 15 s")
        check(status == 0, "Plaza quits cleanly")
        self.app_proc = None
        # The next instance must register on the bus afresh.
        wait_for(lambda: not self.app_registered(), 10)

    def app_registered(self):
        from dogtail import tree
        return any(a.name == "plaza" for a in tree.root.applications())

    def stop(self):
        for proc in (self.app_proc, self.server_proc):
            if proc is not None and proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()

    # ---- looking at the app -------------------------------------------------

    def shown(self, name, role=None):
        import pyatspi
        nodes = self.app.findChildren(
            lambda n: n.name == name and (role is None or n.roleName == role))
        return [n for n in nodes if n.getState().contains(pyatspi.STATE_VISIBLE)]

    def wait_shown(self, name, role=None, timeout=15):
        nodes = wait_for(lambda: self.shown(name, role), timeout)
        return nodes[0] if nodes else None

    def click(self, name, role="push button"):
        node = self.wait_shown(name, role)
        check(node is not None, f"found “{name}” ({role}) by its accessible name")
        clickable = [n for n in self.shown(name, role) if "click" in n.actions] or [node]
        clickable[0].doActionNamed("click")

    def type_fields(self, *values):
        """Types @values into the focused row and the ones after it (Tab), then Enter."""
        from dogtail import rawinput
        time.sleep(0.5)
        for i, value in enumerate(values):
            if i > 0:
                rawinput.pressKey("Tab")
            rawinput.typeText(value)
        rawinput.pressKey("Return")

    def on_welcome_page(self):
        return bool(self.shown("Welcome to Plaza", "label"))

    def in_main_view(self):
        return bool(self.shown(f"Account: {NAME}", "push button")) and bool(self.shown("Discover", "page tab"))

    def sign_out(self):
        self.click(f"Account: {NAME}")
        self.click("Sign Out", "menu item")
        check(self.wait_shown("Welcome to Plaza", "label") is not None,
              "after Sign Out the welcome page shows")
        check(not self.shown(f"Account: {NAME}", "push button"), "and the account button is gone")


def scenario_sign_up(run):
    log("# 1. create an account, then sign out")
    run.start_app()
    check(run.wait_shown("Welcome to Plaza", "label") is not None, "the first start shows “Welcome to Plaza”")
    check(run.wait_shown("Email", "text") is not None, "the sign-in form has an “Email” row")
    run.click("New to Plaza? Create an Account")
    check(run.wait_shown("Your Name", "text") is not None, "the form to create an account asks for a name")
    run.type_fields(NAME, EMAIL, PASSWORD)
    check(wait_for(run.in_main_view, 20), f"creating the account lands in the main view as {NAME}")
    check(not run.on_welcome_page(), "the welcome page is gone")
    run.sign_out()


def scenario_remembered(run):
    log("# 2. sign in, quit, start again: straight in through the keyring")
    run.type_fields(EMAIL, PASSWORD)
    check(wait_for(run.in_main_view, 20), "signing in shows the main view")
    time.sleep(1)  # the keyring stores the session meanwhile
    run.quit_app()
    run.start_app()
    check(wait_for(run.in_main_view, 30), "the restarted app goes straight to the main view")
    check(not run.on_welcome_page(), "without showing the welcome page")


def scenario_wrong_password(run):
    log("# 3. sign out, a wrong password, then the right one")
    run.sign_out()
    run.type_fields(EMAIL, "not the right password")
    error = run.wait_shown("The email or password is not right", "label", 20)
    check(error is not None, "a wrong password shows “The email or password is not right” inline")
    check(run.on_welcome_page(), "and the welcome page stays")
    # The password row has the focus with its text selected: typing replaces it.
    run.type_fields(PASSWORD)
    check(wait_for(run.in_main_view, 20), "the right password then signs in")
    run.sign_out()
    run.quit_app()
    run.start_app()
    check(run.wait_shown("Welcome to Plaza", "label", 30) is not None,
          "after signing out, a restart shows the welcome page (the keyring forgot the session)")
    run.quit_app()


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    if not os.environ.get("DISPLAY"):
        log("SKIP: no display; run under xvfb-run -a dbus-run-session")
        return SKIP
    try:
        from dogtail.config import config
    except ImportError:
        log("SKIP: python3-dogtail is not installed")
        return SKIP
    if not os.environ.get("GNOME_KEYRING_CONTROL") and not shutil.which("gnome-keyring-daemon"):
        log("SKIP: no keyring to remember sign-ins in")
        return SKIP
    config.checkForA11y = False
    config.searchCutoffCount = 10
    config.logDebugToStdOut = False
    config.logDebugToFile = False
    config.typingDelay = 0.02

    plaza, server = (os.path.abspath(p) for p in sys.argv[1:])
    tmp = tempfile.mkdtemp(prefix="plaza-accounts-")
    run = Run(plaza, server, tmp)
    try:
        run.start_server()
        scenario_sign_up(run)
        scenario_remembered(run)
        scenario_wrong_password(run)
    except Failure as failure:
        report_failure(failure, tmp)
        return 1
    finally:
        run.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    log("All account checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
