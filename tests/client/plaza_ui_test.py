"""Helpers shared by the dogtail scripts: checks that print TAP-like lines."""
import os
import socket
import tempfile
import time
import urllib.request


class Failure(Exception):
    pass


def log(message):
    print(message, flush=True)


def check(condition, what):
    if not condition:
        raise Failure(what)
    log(f"ok - {what}")


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, timeout, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = predicate()
        except Exception:  # the tree changes under our feet while the app works
            value = None
        if value:
            return value
        time.sleep(interval)
    return None


def answers(url):
    try:
        with urllib.request.urlopen(url + "/api/v1/health", timeout=2):
            return True
    except OSError:
        return False


def report_failure(failure, tmp):
    """Prints the failure with the tails of the app's and server's logs in
    @tmp and of dogtail's own logs, as TAP comments."""
    log(f"not ok - {failure}")
    for name in ("plaza.log", "server.log"):
        path = os.path.join(tmp, name)
        if os.path.exists(path):
            log(f"# {name}:")
            with open(path) as f:
                for line in f.readlines()[-40:]:
                    log("#   " + line.rstrip())
    logs = os.path.join(tempfile.gettempdir(), f"dogtail-{os.environ.get('USER', 'root')}", "logs")
    if os.path.isdir(logs):
        log(f"# dogtail logs in {logs}:")
        for name in sorted(os.listdir(logs))[-3:]:
            with open(os.path.join(logs, name), errors="replace") as f:
                for line in f.readlines()[-20:]:
                    log(f"#   {name}: " + line.rstrip())
