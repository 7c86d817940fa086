#!/usr/bin/python3
"""Drives the built Plaza app through AT-SPI, as a screen reader user would.

Usage: test-a11y-navigation.py PATH/TO/plaza

Starts the app with --server pointing at a free local port (so the app starts
its bundled server there), with XDG folders in a temporary directory, then:
creates an account on the welcome page with the keyboard; finds the main navigation ("Discover", "Messages", "Bookings") by accessible
name, clicks each with doActionNamed('click') and checks that the page's title
is shown; checks that the connection status says Online; quits through the
app's quit action and checks that the app and its server stopped.

Run under: xvfb-run -a dbus-run-session -- ... (exit 0 passed, 1 failed, 77 skipped)
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

from plaza_ui_test import Failure, check, free_port, log

SKIP = 77
PAGES = [
    ("Messages", "No Messages"),
    ("Bookings", "No Bookings"),
    ("Discover", "No Listings Yet"),
]


def health(url):
    """The server's health answer as a dict, or None when nothing answers."""
    try:
        with urllib.request.urlopen(url + "/api/v1/health", timeout=2) as answer:
            return json.load(answer)
    except OSError:
        return None


def wait_for(predicate, timeout, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()


def make_env(tmp):
    env = dict(os.environ)
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        path = os.path.join(tmp, name.lower())
        os.makedirs(path)
        env[name] = path
    env.setdefault("GSETTINGS_BACKEND", "memory")
    env.setdefault("GSK_RENDERER", "cairo")
    env.setdefault("GDK_DEBUG", "gl-disable")
    env["PLAZA_PASSWORD_COST"] = "1"
    return env


def check_command_line(plaza, env):
    """Bad --server values are refused before any window opens."""
    result = subprocess.run([plaza, "--server", "ftp://files.example.org"], env=env,
                            capture_output=True, text=True, timeout=30)
    check(result.returncode == 1, "plaza --server ftp://… exits with status 1")
    check("http://" in result.stderr, f"and says why: {result.stderr.strip()}")

    result = subprocess.run([plaza, "--version"], env=env, capture_output=True, text=True,
                            timeout=30)
    check(result.returncode == 0 and result.stdout.startswith("plaza "),
          f"plaza --version prints “{result.stdout.strip()}”")


def find_app(tree):
    def lookup():
        try:
            return tree.root.application("plaza")
        except Exception:  # dogtail raises SearchError, or GLib errors while the app starts
            return None
    return wait_for(lookup, 30, 0.5)


def states(node):
    import pyatspi
    return {pyatspi.stateToString(state) for state in node.getState().getStates()}


def page_titles(app):
    """The status page titles exposed to assistive technology right now."""
    titles = {title for _, title in PAGES}
    return {n.name for n in app.findChildren(lambda n: n.roleName == "label" and n.name in titles)}


def navigate(app):
    for tab_name, title in PAGES:
        tabs = app.findChildren(lambda n, name=tab_name: n.name == name and n.roleName == "page tab")
        check(len(tabs) >= 1, f"found the navigation tab “{tab_name}” by its accessible name")
        tabs[0].doActionNamed("click")
        check(wait_for(lambda: page_titles(app) == {title}, 5),
              f"clicking “{tab_name}” shows the page titled “{title}” (and only that page)")
        check("selected" in states(tabs[0]), f"the “{tab_name}” tab is now marked selected")
        others = [t for t in app.findChildren(lambda n: n.roleName == "page tab" and n.name != tab_name)]
        check(not any("selected" in states(t) for t in others), "no other tab is marked selected")


def visible(node):
    import pyatspi
    return node.getState().contains(pyatspi.STATE_VISIBLE)


def sign_up(app):
    """Creates an account through the welcome page, as the first start asks."""
    from dogtail import rawinput

    welcome = wait_for(lambda: [n for n in app.findChildren(
        lambda n: n.name == "Welcome to Plaza" and n.roleName == "label") if visible(n)], 20)
    check(welcome, "the first start shows the welcome page")
    switch = [n for n in app.findChildren(
        lambda n: n.name == "New to Plaza? Create an Account" and n.roleName == "push button")
        if visible(n)]
    check(switch, "the welcome page offers “New to Plaza? Create an Account”")
    switch[0].doActionNamed("click")
    time.sleep(0.5)
    for i, text in enumerate(("Naledi Dlamini", "naledi@example.org", "a long and fine password")):
        if i:
            rawinput.pressKey("Tab")
        rawinput.typeText(text)
    rawinput.pressKey("Return")
    signed_in = wait_for(lambda: app.findChildren(lambda n: n.name == "Account: Naledi Dlamini"), 20)
    check(signed_in, "creating the account signs in (the account button says “Account: Naledi Dlamini”)")


def quit_app():
    """Activates app.quit over D-Bus, as the Quit shortcut would."""
    import gi
    gi.require_version("Gio", "2.0")
    from gi.repository import Gio, GLib

    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    bus.call_sync("org.plaza.Plaza", "/org/plaza/Plaza", "org.gtk.Actions", "Activate",
                  GLib.Variant("(sava{sv})", ("quit", [], {})), None,
                  Gio.DBusCallFlags.NONE, 5000, None)


def run(plaza, tmp):
    env = make_env(tmp)
    check_command_line(plaza, env)

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    check(health(url) is None, f"nothing answers at {url} before Plaza starts")

    log(f"# starting {plaza} --server {url}")
    app_log = open(os.path.join(tmp, "plaza.log"), "w")
    proc = subprocess.Popen([plaza, "--server", url], env=env, stdout=app_log,
                            stderr=subprocess.STDOUT)
    try:
        from dogtail.config import config
        config.checkForA11y = False
        config.searchCutoffCount = 10
        config.logDebugToStdOut = False
        config.logDebugToFile = False
        from dogtail import tree

        app = find_app(tree)
        check(app is not None, "Plaza appears on the accessibility bus as “plaza”")

        answer = wait_for(lambda: health(url), 20)
        check(answer is not None and answer.get("status") == "ok",
              f"Plaza started its bundled server, which answers {answer}")

        online = wait_for(lambda: app.findChildren(
            lambda n: n.name == "Connection: Online"), 20)
        check(online, "the header bar reports “Connection: Online” to assistive technology")

        menu = app.findChildren(lambda n: n.name == "Main Menu")
        check(menu, "the main menu button has the accessible name “Main Menu”")

        sign_up(app)
        check(wait_for(lambda: page_titles(app) == {"No Listings Yet"}, 10),
              "at start only the Discover page is exposed (hidden pages are hidden from AT)")
        navigate(app)

        data_dir = os.path.join(env["XDG_DATA_HOME"], "plaza", "server")
        check(os.path.isdir(data_dir), f"the server keeps its data in {data_dir}")

        quit_app()
        try:
            status = proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            raise Failure("Plaza did not quit within 15 s of its quit action")
        check(status == 0, "Plaza quits cleanly through its quit action")
        check(wait_for(lambda: health(url) is None, 10),
              "the server Plaza started stopped with it")
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        app_log.close()


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    if not os.environ.get("DISPLAY"):
        log("SKIP: no display; run under xvfb-run -a dbus-run-session")
        return SKIP
    try:
        import dogtail  # noqa: F401
    except ImportError:
        log("SKIP: python3-dogtail is not installed")
        return SKIP

    plaza = os.path.abspath(sys.argv[1])
    tmp = tempfile.mkdtemp(prefix="plaza-a11y-")
    try:
        run(plaza, tmp)
    except Failure as failure:
        log(f"not ok - {failure}")
        app_log = os.path.join(tmp, "plaza.log")
        if os.path.exists(app_log):
            log("# plaza's output:")
            with open(app_log) as f:
                for line in f:
                    log("#   " + line.rstrip())
        logs = os.path.join(tempfile.gettempdir(), f"dogtail-{os.environ.get('USER', 'root')}", "logs")
        if os.path.isdir(logs):
            log(f"# dogtail logs: {logs}")
            for name in sorted(os.listdir(logs))[-3:]:
                log(f"#   {name}")
        return 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    log("All accessibility navigation checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
