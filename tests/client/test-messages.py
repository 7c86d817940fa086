#!/usr/bin/python3
"""A consumer asks an operator about a listing in the built Plaza app, and
the operator (a script, over the API) answers.

Usage: test-messages.py PATH/TO/plaza PATH/TO/plaza-server

Starts a real plaza-server on a free port (temporary data, fast hashing),
fills it through the API (an operator with one listing, a consumer), then
drives the app over AT-SPI (dogtail) as the consumer: sign in, open the
listing, "Message", send the prefilled question; Messages opens on the new
conversation with the question marked sent. The operator answers over the
API; after a refresh (Ctrl+R: without the live link the app looks again on
focus and on demand) the answer shows. Last the consumer writes a reply in
the composer and sends it with Enter; the server must hold all three.
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

from plaza_ui_test import Failure, answers, check, free_port, log, report_failure, wait_for

SKIP = 77
EMAIL = "zanele@example.org"
PASSWORD = "a long and fine password"
TITLE = "Sparkle full valet"
QUESTION = "Hi, is this available?"
ANSWER = "Yes, Saturday at nine works."
REPLY = "Great, see you then"


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
        self.operator = self.consumer = self.listing = None

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
        self.operator = seed.sign_up(self.url, "valet@example.org", PASSWORD, "Sipho Mahlangu")
        seed.become_operator(self.url, self.operator, "Sparkle Valet", -26.2, 28.05)
        listing = {
            "category_id": 10, "title": TITLE, "description": "Interior and exterior detailing at your door.",
            "price": {"amount_minor": 45000, "currency": "ZAR"}, "pricing_type": "fixed",
            "attributes": {"vehicle_size": "sedan", "mobile": True},
            "location": {"lat": -26.1, "lng": 28.05, "city": "Sandton", "country": "ZA"},
        }
        self.listing = seed.create_listing(self.url, self.operator, listing,
                                           [seed.photo_png("car", seed=1, width=480, height=320)])
        self.consumer = seed.sign_up(self.url, EMAIL, PASSWORD, "Zanele Mokoena")

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

    def starting(self, prefix, role=None):
        return self.shown(lambda n: n.name and n.name.startswith(prefix) and (role is None or n.roleName == role))

    def click(self, nodes_or_name, role="push button"):
        if isinstance(nodes_or_name, str):
            name = nodes_or_name
            nodes = wait_for(lambda: [n for n in self.named(name, role) if "click" in n.actions], 15)
        else:
            name, nodes = "?", nodes_or_name
        check(nodes, f"found “{name}” ({role}) by its accessible name")
        nodes[0].doActionNamed("click")

    def messages(self):
        import plaza_seed as seed
        conversations = seed.call(self.url, "GET", "/api/v1/conversations", token=self.consumer)["conversations"]
        if len(conversations) != 1:
            return []
        cid = conversations[0]["id"]
        history = seed.call(self.url, "GET", f"/api/v1/conversations/{cid}/messages", token=self.consumer)
        return [m["body"] for m in reversed(history["messages"])]


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


def ask(run):
    log("# Message on the listing asks the first question")
    cards = wait_for(lambda: [n for n in run.starting(TITLE + ",", "push button") if "click" in n.actions], 20)
    check(cards, "Discover shows the listing's card")
    run.click(cards)
    check(wait_for(lambda: run.named(TITLE, "label"), 10), "the listing's page shows its title")
    run.click("Message")
    check(wait_for(lambda: run.shown(lambda n: n.name == f"Ask about “{TITLE}”"), 10),
          "a dialog asks the question about the listing")
    # libadwaita 1.2 names a dialog's response buttons "_Send Send".
    buttons = wait_for(lambda: [n for n in run.shown(lambda n: n.roleName == "push button"
                                                     and n.name in ("Send", "_Send Send"))
                                if "click" in n.actions], 10)
    run.click(buttons)
    check(wait_for(lambda: run.messages() == [QUESTION], 10),
          f"the server holds the prefilled question: {run.messages()}")
    check(wait_for(lambda: run.named("Messages", "page tab") and run.named(QUESTION, "label"), 15),
          "Messages opens on the conversation with the question")
    check(wait_for(lambda: run.starting("Check Availability", "push button"), 10),
          "under the listing's card with “Check Availability”")


def answer_and_reply(run):
    import plaza_seed as seed
    from dogtail import rawinput
    log("# the operator answers over the API; the consumer replies")
    conversations = seed.call(run.url, "GET", "/api/v1/conversations", token=run.operator)["conversations"]
    check(len(conversations) == 1, "the operator sees the conversation")
    seed.call(run.url, "POST", f"/api/v1/conversations/{conversations[0]['id']}/messages",
              {"body": ANSWER}, run.operator)
    # Focus is in the composer after the dialog; Ctrl+R makes the page look again.
    check(wait_for(lambda: run.named("Message", "text"), 10), "the composer's entry is called “Message”")
    time.sleep(0.5)
    rawinput.keyCombo("<Control>r")
    check(wait_for(lambda: run.named(ANSWER, "label"), 15), "the operator's answer shows after a refresh")
    rawinput.typeText(REPLY)
    rawinput.pressKey("Return")
    check(wait_for(lambda: run.named(REPLY, "label"), 10), "the reply shows in the chat")
    check(wait_for(lambda: run.messages() == [QUESTION, ANSWER, REPLY], 10),
          f"the server holds the three messages in order, once each: {run.messages()}")
    check(wait_for(lambda: run.shown(lambda n: n.name and "Sent ✓" in n.name), 10),
          "the reply is marked sent")


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
    tmp = tempfile.mkdtemp(prefix="plaza-messages-")
    run = Run(plaza, server, tmp)
    try:
        run.start_server()
        run.seed()
        sign_in(run)
        ask(run)
        answer_and_reply(run)
    except Failure as failure:
        report_failure(failure, tmp)
        return 1
    finally:
        run.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    log("All Messages checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
