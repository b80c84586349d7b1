"""A rate limit holds across gunicorn's workers when the counters are in Redis, and does not
when each worker keeps them in memory (which gunicorn then warns about at start).

Which worker serves a request is the kernel's choice, so the test makes it certain: it
sends one sign-in all but its last byte, and the worker that accepted that connection
waits for the rest, so every request made meanwhile is served by the other worker. When
the held sign-in is let go, its worker has counted nothing itself: only shared counters
can refuse it.
"""

from __future__ import annotations

import socket
from urllib.parse import urlencode, urlsplit

import pytest
import requests
from live_gunicorn import Gunicorn
from support import csrf_token

LIMIT = 3
EMAIL = "ada@example.com"
WARNING = "Rate limits are kept in memory, so each of the 2 workers counts on its own"


class HeldSignIn:
    """A wrong-password sign-in sent but for its last byte, on a connection of its own."""

    def __init__(self, base: str, browser: requests.Session, csrf: str) -> None:
        address = urlsplit(base)
        body = urlencode({"csrf_token": csrf, "email": EMAIL, "password": "not it at all"})
        cookies = "; ".join(f"{name}={value}" for name, value in browser.cookies.items())
        head = (
            f"POST /auth/sign-in HTTP/1.1\r\nHost: {address.netloc}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\nCookie: {cookies}\r\nConnection: close\r\n\r\n"
        )
        self.rest = body[-1:].encode()
        self.connection = socket.create_connection((address.hostname, address.port), timeout=60)
        self.connection.sendall(head.encode() + body[:-1].encode())

    def finish(self) -> int:
        """Send the last byte; the response's status."""
        self.connection.sendall(self.rest)
        received = b""
        while chunk := self.connection.recv(65536):
            received += chunk
        self.connection.close()
        return int(received.split(b" ", 2)[1])


def statuses_across_two_workers(server: Gunicorn) -> tuple[list[int], int]:
    """(the statuses of LIMIT + 2 wrong sign-ins served by one worker, the status of the
    held one the other worker served after them)."""
    browser = requests.Session()
    page = browser.get(f"{server.url}/auth/sign-in", timeout=30)
    csrf = csrf_token(page.content)
    held = HeldSignIn(server.url, browser, csrf)
    statuses = []
    for _ in range(LIMIT + 2):
        sent = browser.post(
            f"{server.url}/auth/sign-in",
            data={"csrf_token": csrf, "email": EMAIL, "password": "still not it"},
            allow_redirects=False,
            timeout=30,
        )
        statuses.append(sent.status_code)
    return statuses, held.finish()


def two_workers(database_url, log, storage: str) -> Gunicorn:
    return Gunicorn(
        database_url,
        log,
        workers=2,
        env={
            "QUIZAPP_RATELIMIT_STORAGE": storage,
            "QUIZAPP_RATELIMIT_SIGN_IN_ACCOUNT": f"{LIMIT} per hour",
            "QUIZAPP_RATELIMIT_SIGN_IN_ADDRESS": "1000 per hour",
        },
    )


@pytest.mark.backends("sqlite")
def test_a_sign_in_limit_holds_across_workers_with_redis(database_url, redis_url, tmp_path):
    server = two_workers(database_url, tmp_path / "gunicorn.log", redis_url)
    try:
        server.start()
        statuses, held = statuses_across_two_workers(server)
    finally:
        server.stop()
    assert statuses == [422] * LIMIT + [429, 429]
    assert held == 429  # its worker had counted nothing: the count is the shared one
    assert WARNING not in server.log.read_text()


@pytest.mark.backends("sqlite")
def test_in_memory_counters_let_each_worker_allow_the_whole_limit(database_url, tmp_path):
    """What the Redis test guards against, so that it can fail: with memory storage the
    other worker allows one more try than the limit, and gunicorn warned at start."""
    server = two_workers(database_url, tmp_path / "gunicorn.log", "memory://")
    try:
        server.start()
        statuses, held = statuses_across_two_workers(server)
    finally:
        server.stop()
    assert statuses == [422] * LIMIT + [429, 429]
    assert held == 422
    assert WARNING in server.log.read_text()


@pytest.mark.backends("sqlite")
def test_a_lost_redis_is_said_in_the_log_and_the_limits_go_on(database_url, tmp_path):
    """Redis unreachable (a closed port): each sign-in is still limited, by each worker's
    own memory, and the log says so. Flask-Limiter's warning used to go nowhere."""
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    server = two_workers(database_url, tmp_path / "gunicorn.log", f"redis://127.0.0.1:{closed}/0")
    try:
        server.start()
        browser = requests.Session()
        csrf = csrf_token(browser.get(f"{server.url}/auth/sign-in", timeout=30).content)
        sent = browser.post(
            f"{server.url}/auth/sign-in",
            data={"csrf_token": csrf, "email": EMAIL, "password": "still not it"},
            allow_redirects=False,
            timeout=30,
        )
    finally:
        server.stop()
    assert sent.status_code == 422  # refused for the password, not a 500
    log = server.log.read_text()
    assert "flask-limiter: WARNING: Rate limit storage unreachable" in log, log[-2000:]
