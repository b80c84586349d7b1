"""A throwaway Redis server for the tests: Debian's ``redis-server`` in a folder, on loopback.

The rate-limit tests share their counters through it, as the gunicorn workers of a real
deployment do. It keeps nothing on disk (``--save ''``, no append-only file), listens on
127.0.0.1 only, on a free port, and stops with the test session. Debian's own redis
service is not needed (scripts/_setup.sh turns it off where systemd would start it).
"""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import redis
from pgserver import free_port

#: How long a starting server may take to answer PING before the tests give up on it.
START_SECONDS = 30


class RedisNotFound(RuntimeError):
    """No ``redis-server`` binary on this machine (the message says how to install it)."""


def binary() -> str:
    """The ``redis-server`` on PATH (Debian puts it in /usr/bin)."""
    found = shutil.which("redis-server")
    if found is None:
        raise RedisNotFound(
            "redis-server was not found; install Debian's redis-server "
            "(apt-get install redis-server; scripts/test does)."
        )
    return found


class LocalRedis:
    """One ``redis-server`` process with its working folder and log in ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = 0
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> str:
        """Start it and wait until it answers PING; returns its URL."""
        self.port = free_port()
        log = self.folder / "redis.log"
        self.process = subprocess.Popen(
            [binary(), "--save", "", "--appendonly", "no", "--port", str(self.port)]
            + ["--bind", "127.0.0.1", "--dir", str(self.folder), "--logfile", str(log)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + START_SECONDS
        try:
            while True:
                if self.process.poll() is not None:
                    raise RuntimeError(f"redis-server exited:\n{_tail(log)}")
                try:
                    client.ping()
                    return self.url
                except redis.ConnectionError:
                    pass
                if time.monotonic() > deadline:
                    raise TimeoutError(f"redis-server did not answer:\n{_tail(log)}")
                time.sleep(0.05)
        finally:
            client.close()

    def flush(self) -> None:
        """Forget every key (each test starts with no counters)."""
        client = redis.Redis.from_url(self.url)
        try:
            client.flushall()
        finally:
            client.close()

    def stop(self) -> None:
        """Stop it (SIGTERM, then SIGKILL if it lingers)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=30)


def _tail(log: Path) -> str:
    return log.read_text(errors="replace")[-2000:] if log.exists() else "(no log)"
