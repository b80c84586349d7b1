"""Rows of the answer flow written by statements built once, and their objects in the session.

The unit of work builds its INSERT or UPDATE anew on each flush, looks up its cache key and
sorts the session's objects: for the one row a request writes, that cost as much as the
statement itself. These helpers run a statement built once on the session's connection, so
it belongs to the session's transaction and goes out with its commit, and then put the
object in the session as a committed one is.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Insert, inspect
from sqlalchemy.orm import make_transient_to_detached

from quizapp.extensions import db

Stored = TypeVar("Stored")  # a mapped class's object


def insert_row(statement: Insert, values: dict[str, Any]) -> int:
    """Run ``statement`` (an INSERT of one table) with ``values`` in the session's transaction;
    the new row's id.

    The same row as the unit of work writes for an object of these attribute values: the
    same columns through the same types (a JSON ``None`` is JSON null), the others left
    to their defaults.
    """
    return db.session.connection().execute(statement, values).inserted_primary_key[0]


def detached(row: Stored) -> Stored:
    """``row`` (a new mapped object holding a stored row's id and values) as a detached one:
    its values read without SQL, not in the session, so a rollback leaves nothing of it.

    Give it every column's value: one left out would read as expired, which a detached
    object cannot load.
    """
    make_transient_to_detached(row)
    return row


def attach_as_committed(row: Any) -> None:
    """Put a row written by :func:`insert_row` in the session as a committed one is:
    persistent and expired (its next read comes from the database, as after any commit).

    Only after the commit: a rollback before it leaves no object behind for a row that was
    never stored.
    """
    if inspect(row).transient:
        make_transient_to_detached(row)
    db.session.add(row)
    db.session.expire(row)
