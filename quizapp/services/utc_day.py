"""The UTC calendar day of a stored timestamp as the driver gives it (a "stamp"), in Python.

The dashboard counts its latest attempts per UTC day. Asking the database for each row's
day (``date()`` on SQLite, ``AT TIME ZONE 'UTC'`` on PostgreSQL) and converting the dates
it sent cost a twentieth of the page; reading the day off the stamp it fetches anyway,
once per distinct day where the database allows, costs a fraction of that. The one piece
of date arithmetic that differs between the databases we support, so it is spelled per
dialect here.
"""

from __future__ import annotations

from datetime import UTC, date
from operator import itemgetter
from typing import Any

from quizapp.progress.tally import StampDays

#: SQLite keeps UTCDateTime values as UTC text ("2026-03-10 15:30:00.000000"): the first
#: ten characters are the day, read once per distinct day.
_TEXT_STAMP_DAYS = StampDays(itemgetter(slice(0, 10)), date.fromisoformat)


def _same(day: date) -> date:
    """A day already found (PostgreSQL's key is the day itself)."""
    return day


#: PostgreSQL gives a timestamptz as an aware datetime in the session's zone: its day is
#: that of the moment in UTC.
_TIMESTAMPTZ_DAYS = StampDays(lambda stamp: stamp.astimezone(UTC).date(), _same)


def stamp_days(dialect: Any) -> StampDays:
    """How to find the UTC day of a stamp on ``dialect``'s database (SQLite or PostgreSQL,
    the two the app runs on)."""
    if dialect.name == "sqlite":
        return _TEXT_STAMP_DAYS
    if dialect.name == "postgresql":
        return _TIMESTAMPTZ_DAYS
    raise RuntimeError(f"no UTC day is known for stamps of {dialect.name}")
