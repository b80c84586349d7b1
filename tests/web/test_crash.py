"""Crash test: ``kill -9`` the app (and PostgreSQL) while learners answer; nothing acknowledged
is lost and the database is intact.

An answer is acknowledged when the server answered its POST with a 303 to the feedback
page, which it does only after the commit. Load runs until a number of answers were
acknowledged (a few seconds), then the processes are killed mid-request; nothing here
depends on how fast the machine is.
"""

from __future__ import annotations

import threading
import time

import pytest
import requests
from live_gunicorn import Gunicorn, Learner, acknowledged
from sqlalchemy import create_engine, select, text
from sqlalchemy.pool import NullPool
from support import close_apps_on, make_test_app

from quizapp.models import Attempt

LEARNERS = 3
ENOUGH = 15  # acknowledged answers before the kill
PATIENCE = 120  # seconds; only a broken server takes this long to acknowledge ENOUGH


class Load:
    """A few signed-in learners answering in a loop on one instance until stopped."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.acknowledged: set[str] = set()
        self.failures = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._some_acknowledged = threading.Event()
        self._some_failed = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self) -> Load:
        for number in range(LEARNERS):
            learner = Learner()
            learner.sign_up_and_in(self.base, f"learner{number}@example.com")
            thread = threading.Thread(target=self._answer_until_stopped, args=(learner,))
            thread.start()
            self._threads.append(thread)
        return self

    def _answer_until_stopped(self, learner: Learner) -> None:
        while not self._stop.is_set():
            try:
                token, response = learner.answer_one(self.base)
            except (requests.RequestException, AssertionError):
                # The server (or its database) is down: the answer was not acknowledged.
                with self._lock:
                    self.failures += 1
                self._some_failed.set()
                time.sleep(0.02)
                continue
            if acknowledged(response, token):
                with self._lock:
                    self.acknowledged.add(token)
                    if len(self.acknowledged) >= ENOUGH:
                        self._some_acknowledged.set()

    def wait_for_enough(self) -> None:
        assert self._some_acknowledged.wait(PATIENCE), "the server acknowledged too few answers"

    def wait_for_a_failure(self) -> None:
        assert self._some_failed.wait(PATIENCE), "no request failed after the kill"

    def stop(self) -> set[str]:
        """Stop the learners; the tokens of every acknowledged answer."""
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=PATIENCE)
        return set(self.acknowledged)


def recorded_tokens(database_url: str) -> set[str]:
    engine = create_engine(database_url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return set(connection.execute(select(Attempt.served_token)).scalars())
    finally:
        engine.dispose()


def answers_again(app: Gunicorn) -> None:
    """The restarted app takes and acknowledges a new answer."""
    learner = Learner()
    learner.sign_up_and_in(app.url, "after@example.com")
    token, response = learner.answer_one(app.url)
    assert acknowledged(response, token)


@pytest.mark.backends("sqlite")
def test_sqlite_keeps_every_acknowledged_answer_through_kill_9(database_url, tmp_path):
    app = Gunicorn(database_url, tmp_path / "gunicorn.log").start()
    try:
        load = Load(app.url).start()
        try:
            load.wait_for_enough()
            app.kill()  # master and workers, mid-request
        finally:
            acked = load.stop()
        app.start()
        assert len(acked) >= ENOUGH
        assert acked <= recorded_tokens(database_url)
        engine = create_engine(database_url, poolclass=NullPool)
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
        engine.dispose()
        answers_again(app)
    finally:
        app.stop()


def test_postgresql_keeps_every_acknowledged_answer_through_kill_9_of_app_and_server(
    own_postgres, tmp_path
):
    admin = create_engine(own_postgres.url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as connection:
        connection.execute(text("CREATE DATABASE quizapp"))
    admin.dispose()
    url = own_postgres.url_of("quizapp")
    make_test_app(url)  # migrate
    close_apps_on(url)
    app = Gunicorn(url, tmp_path / "gunicorn.log").start()
    try:
        load = Load(app.url).start()
        try:
            load.wait_for_enough()
            own_postgres.kill()  # the postmaster and every backend, mid-transaction
            load.wait_for_a_failure()
            app.kill()
        finally:
            acked = load.stop()
        own_postgres.start()  # crash recovery replays the WAL
        url = own_postgres.url_of("quizapp")
        app = Gunicorn(url, tmp_path / "gunicorn.log").start()
        assert len(acked) >= ENOUGH
        assert acked <= recorded_tokens(url)
        own_postgres.check("quizapp")
        answers_again(app)
    finally:
        app.stop()
