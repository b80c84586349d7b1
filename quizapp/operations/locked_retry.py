"""Retry a request whose write met a locked SQLite database.

SQLite lets one process write at a time. With WAL and a busy timeout a writer waits for
the other (see ``config._sqlite_pragmas``), but a wait can still run out under a burst of
writes from several gunicorn workers, and SQLite then fails the statement with
``sqlite3.OperationalError: database is locked``. Nothing of that transaction was
written, so the whole view is run again after a short, growing pause, a few times,
before the error is let through as a 500. Every view that writes is safe to run again
once its transaction was rolled back: answers are claimed by a one-time token, and
sign-up and the rest are guarded by unique keys.

The view as a whole is retried, not the commit alone: the failed transaction must start
again from its reads, which a second ``commit()`` would not do.
"""

from __future__ import annotations

import functools
import random
import sqlite3
import time
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app
from sqlalchemy.exc import OperationalError

from quizapp.extensions import db

#: Pauses (seconds) before each retry; jittered, so workers that collided do not collide again.
BACKOFF = (0.05, 0.1, 0.2, 0.4)


def is_database_locked(problem: BaseException) -> bool:
    """Whether ``problem`` is SQLite's "database is locked" (or "… table is locked")."""
    original = getattr(problem, "orig", None)
    return (
        isinstance(problem, OperationalError)
        and isinstance(original, sqlite3.OperationalError)
        and "is locked" in str(original)
    )


def retry_when_locked(view: Callable[..., Any]) -> Callable[..., Any]:
    """``view``, run again (after a rollback and a pause) when SQLite says it is locked."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        for pause in BACKOFF:
            try:
                return view(*args, **kwargs)
            except OperationalError as problem:
                if not is_database_locked(problem):
                    raise
                db.session.rollback()
                current_app.logger.warning(
                    "database is locked; running %s again in %.2f s", view.__name__, pause
                )
                time.sleep(pause * random.uniform(1.0, 1.5))
        return view(*args, **kwargs)

    return wrapper


def init_app(app: Flask) -> None:
    """Wrap every view registered so far (call it after the blueprints are registered)."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    for endpoint, view in list(app.view_functions.items()):
        if endpoint != "static":
            app.view_functions[endpoint] = retry_when_locked(view)
