"""Views that only read: on PostgreSQL their queries run outside a transaction.

A PostgreSQL transaction costs two round trips of its own, BEGIN before the first query
and ROLLBACK when the request ends, which on a page of one or two queries is as many
round trips again. A view marked ``@read_only`` gets its connection in autocommit mode,
so each query is one round trip. What it reads is unchanged at READ COMMITTED, the level
the app runs at (PostgreSQL's default): there every statement sees its own snapshot
inside a transaction too. A write in such a view would commit at once instead of at the
view's end, so every INSERT, UPDATE, DELETE or locking SELECT sent while it runs, through
the ORM or Core, is refused on every database, and the view's tests show the mistake.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar

from flask import Flask, current_app, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

from quizapp.extensions import db

View = TypeVar("View", bound=Callable[..., Any])

_MARK = "quizapp_read_only"  # on the view function (wrappers copy it) and in the WSGI environ
_AUTOCOMMIT = "quizapp_read_only_autocommit"  # environ: this request's session is in autocommit
_ON_POSTGRESQL = "quizapp_read_only_autocommits"  # app.extensions: read-only views autocommit
#: What a read-only view may not send: a write, or a SELECT that locks rows.
_WRITES = re.compile(
    r"^\s*(INSERT|UPDATE|DELETE|MERGE)\b|\bFOR\s+(NO\s+KEY\s+)?(UPDATE|SHARE)\b", re.I
)


@lru_cache(maxsize=1024)
def _writes(statement: str) -> bool:
    """Whether ``statement`` writes or locks; kept, as a page sends the same few statements
    (SQLAlchemy's cached SQL) every time and the search took 24 µs on a 900-character one."""
    return _WRITES.search(statement) is not None


class WriteInReadOnlyView(RuntimeError):
    """A view marked ``@read_only`` tried to write."""


def read_only(view: View) -> View:
    """Mark a GET view that never writes (put it under the route decorator)."""
    setattr(view, _MARK, True)
    return view


def _is_read_only_request() -> bool:
    if request.method not in ("GET", "HEAD") or request.endpoint is None:
        return False
    return getattr(current_app.view_functions.get(request.endpoint), _MARK, False)


def _start_reading() -> None:
    if not _is_read_only_request():
        return
    request.environ[_MARK] = request.endpoint
    session = db.session()
    if current_app.extensions.get(_ON_POSTGRESQL) and not session.in_transaction():
        session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        request.environ[_AUTOCOMMIT] = True


def _stop_reading(_error: BaseException | None = None) -> None:
    """Hand the autocommit connection back with the request, even where the app context
    (and with it the session) outlives it, as in a test: the next request's writes need a
    transaction."""
    if request.environ.pop(_AUTOCOMMIT, False):
        db.session.close()


@event.listens_for(Engine, "before_cursor_execute")
def _refuse_writes(
    _connection: Any, _cursor: Any, statement: str, _parameters: Any, _context: Any, _many: bool
) -> None:
    if not has_request_context():
        return
    endpoint = request.environ.get(_MARK)
    if endpoint and _writes(statement):
        raise WriteInReadOnlyView(f"{endpoint} is marked @read_only but wrote to the database")


def init_app(app: Flask) -> None:
    """Check read-only views on every database; run them in autocommit on PostgreSQL."""
    with app.app_context():
        app.extensions[_ON_POSTGRESQL] = db.engine.dialect.name == "postgresql"
    # First of the hooks: the connection's mode is set only before its first query, and a
    # later hook may load the signed-in user.
    app.before_request_funcs.setdefault(None, []).insert(0, _start_reading)
    app.teardown_request(_stop_reading)
