"""Check a pooled PostgreSQL connection before use only when it has sat idle a while.

``pool_pre_ping`` pings on every checkout, so on every request: a round trip that cost
about a third of a PostgreSQL question page's CPU in the app (and more in the server).
A connection a request used a moment ago is as alive as a ping would show; one idle for
longer than ``IDLE_BEFORE_PING`` may have outlived a server restart, a failover or an
idle timeout, so it is pinged first and, if dead, replaced before the request sees it
(HikariCP skips its check within 500 ms of a connection's last use for the same reason).
What is given up: a backend that dies within a second of its connection's last use (a
very fast restart, ``pg_terminate_backend``) fails one request per such connection, after
which SQLAlchemy refreshes the pool.
"""

from __future__ import annotations

import time
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import InvalidatePoolError

from quizapp.extensions import db

#: Seconds a connection may sit in the pool and still be used without a ping.
IDLE_BEFORE_PING = 1.0
_RETURNED_AT = "quizapp_returned_at"  # connection record info: when it came back, monotonic


def install(engine: Engine) -> None:
    """Ping ``engine``'s pooled connections on checkout when idle over ``IDLE_BEFORE_PING``."""
    dialect = engine.dialect

    @event.listens_for(engine, "checkin")
    def _note_return(_dbapi_connection: Any, record: Any) -> None:
        if record is not None:
            record.info[_RETURNED_AT] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        returned_at = record.info.get(_RETURNED_AT)
        if returned_at is None or time.monotonic() - returned_at < IDLE_BEFORE_PING:
            return  # just connected, or used a moment ago
        try:
            alive = dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as problem:
            # A dead connection means the server went away: as pool_pre_ping does, the pool
            # drops every connection it holds and opens a fresh one for this checkout.
            raise InvalidatePoolError(f"an idle connection was dead: {problem}") from problem
        if not alive:
            raise InvalidatePoolError("an idle connection did not answer a ping")


def init_app(app: Flask) -> None:
    """Install the idle ping on the app's PostgreSQL engine (SQLite has no server to lose)."""
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            install(db.engine)
