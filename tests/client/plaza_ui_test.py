"""Helpers shared by the dogtail scripts: checks that print TAP-like lines."""
import socket


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
