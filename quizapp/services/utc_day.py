"""``utc_day(column)``: the UTC calendar day of a stored timestamp, computed by the database.

The one piece of date arithmetic whose SQL differs between the databases we support, so it
is spelled per dialect here and portable everywhere it is used.
"""

from __future__ import annotations

from sqlalchemy import Date
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class utc_day(FunctionElement):  # noqa: N801 (an SQL function, named like one)
    """The UTC calendar day of a ``UTCDateTime`` column, as a DATE."""

    type = Date()
    inherit_cache = True
    name = "utc_day"


@compiles(utc_day)
def _utc_day_of_text(element, compiler, **kw) -> str:
    # SQLite keeps UTCDateTime values as UTC text ("2026-03-10 15:30:00.000000").
    return f"date({compiler.process(element.clauses, **kw)})"


@compiles(utc_day, "postgresql")
def _utc_day_of_timestamptz(element, compiler, **kw) -> str:
    # A timestamptz's day depends on the session's zone unless it is asked for in UTC.
    return f"CAST(({compiler.process(element.clauses, **kw)} AT TIME ZONE 'UTC') AS DATE)"
