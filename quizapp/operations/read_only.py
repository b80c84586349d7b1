"""Views that only read: on PostgreSQL their queries run outside a transaction.

A PostgreSQL transaction costs two round trips of its own, BEGIN before the first query
and ROLLBACK when the request ends, which on a page of one or two queries is as many
round trips again. A view marked ``@read_only`` gets its connection in autocommit mode,
so each query is one round trip. Nothing about what it reads changes: at PostgreSQL's
default READ COMMITTED level every statement sees its own snapshot inside a transaction
too. Writing in such a view would commit at once instead of at the view's end, so any
flush in it is refused, on every database, and the tests of the view show the mistake.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, current_app, request
from sqlalchemy import event
from sqlalchemy.orm import Session

from quizapp.extensions import db

View = TypeVar("View", bound=Callable[..., Any])

_MARK = "quizapp_read_only"  # on the view function (wrappers copy it) and in session.info


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
    session = db.session()
    session.info[_MARK] = request.endpoint
    if current_app.extensions.get(_MARK) and not session.in_transaction():
        session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})


@event.listens_for(Session, "before_flush")
def _refuse_writes(session: Session, _context: Any, _instances: Any) -> None:
    endpoint = session.info.get(_MARK)
    if endpoint and (session.new or session.dirty or session.deleted):
        raise WriteInReadOnlyView(f"{endpoint} is marked @read_only but wrote to the database")


def init_app(app: Flask) -> None:
    """Check read-only views on every database; run them in autocommit on PostgreSQL."""
    with app.app_context():
        app.extensions[_MARK] = db.engine.dialect.name == "postgresql"
    # First of the hooks: the connection's mode is set only before its first query, and a
    # later hook may load the signed-in user.
    app.before_request_funcs.setdefault(None, []).insert(0, _start_reading)
