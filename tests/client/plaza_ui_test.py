"""Helpers shared by the dogtail scripts: checks that print TAP-like lines."""
import socket
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
