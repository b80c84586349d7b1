"""The signed-in user read together with a row the page needs anyway, for Flask-Login's loader.

On PostgreSQL each statement is a round trip. A question's pages read the served question
and, through Flask-Login, the signed-in user: one joined statement gives both, and the
loader then takes the user from here instead of asking the database again. The loader
still checks the session id's generation and password fingerprint against that user.
"""

from __future__ import annotations

from typing import NamedTuple

from flask import g, session

from quizapp.models import User

#: Where Flask-Login keeps the signed-in session id ``<id>.<generation>.<fingerprint>``.
FLASK_LOGIN_KEY = "_user_id"


class SessionId(NamedTuple):
    """A session id read apart (``User.get_id`` writes it)."""

    row_id: int
    generation: int
    fingerprint: str


#: Row ids and generations are 4-byte integers on PostgreSQL: a larger number in a session
#: id names no user, and sent to the database it would fail there instead (a 500).
_INTEGER_LIMIT = 2**31


def parse_session_id(session_id: str) -> SessionId | None:
    """The parts of ``<id>.<generation>.<fingerprint>``; None for anything else (an older
    ``<id>.<fingerprint>`` form, or text that is not one)."""
    parts = session_id.split(".")
    if len(parts) != 3 or not all(_integer_column_value(part) for part in parts[:2]):
        return None
    return SessionId(int(parts[0]), int(parts[1]), parts[2])


def _integer_column_value(text: str) -> bool:
    return text.isascii() and text.isdecimal() and len(text) <= 10 and int(text) < _INTEGER_LIMIT


def session_row_id() -> int | None:
    """The user row this request's session names, unchecked (the loader checks it)."""
    value = session.get(FLASK_LOGIN_KEY)
    parsed = parse_session_id(value) if isinstance(value, str) else None
    return parsed.row_id if parsed is not None else None


class ReadUser(NamedTuple):
    """A user read with another row, and the nav's due count read with it."""

    user: User
    due_count: int


def keep_read_user(user: User, due_count: int) -> None:
    """Hold a user (and due count) read with another row, for this request's loader."""
    g.read_user = (user.id, ReadUser(user, due_count))  # the id read now: no refresh later


def take_read_user(row_id: int) -> ReadUser | None:
    """The user ``keep_read_user`` held if it has this row id (once: it is let go either
    way); else None."""
    held_id, held = g.pop("read_user", (None, None))
    return held if held_id == row_id else None
