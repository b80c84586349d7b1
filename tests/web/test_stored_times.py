"""Stored times read back as the aware UTC datetimes that were written, on both databases.

SQLite keeps a timestamp as text without an offset; ``UTCDateTime`` parses that text
straight to an aware datetime (``models.UTCDateTime.result_processor``) rather than to a
naive one that is then given its zone, which cost most of a results page's reading.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import literal_column, select
from sqlalchemy.dialects import sqlite

from quizapp.extensions import db
from quizapp.models import UTCDateTime
from quizapp.models.audit import AuditEvent

PARIS_WINTER = timezone(timedelta(hours=1))


def test_a_written_time_reads_back_equal_and_in_utc(app):
    written = [
        datetime(2026, 12, 3, 9, 20, 1, 123456, tzinfo=UTC),
        datetime(2026, 12, 3, 9, 20, tzinfo=UTC),  # no seconds nor microseconds to show
        datetime(2026, 12, 3, 10, 20, 1, tzinfo=PARIS_WINTER),  # stored as 09:20:01 UTC
    ]
    with app.app_context():
        events = [
            AuditEvent(action="test", subject_type="t", subject_id=str(n), created_at=moment)
            for n, moment in enumerate(written)
        ]
        db.session.add_all(events)
        db.session.commit()
        ids = [event.id for event in events]
        db.session.expunge_all()  # read from the database, not the objects just written
        read = db.session.execute(
            select(AuditEvent.created_at).where(AuditEvent.id.in_(ids)).order_by(AuditEvent.id)
        ).scalars()
        for wrote, got in zip(written, read, strict=True):
            assert got == wrote and got.utcoffset() == timedelta(0), (wrote, got)
            assert got.tzinfo is UTC


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-03 09:20:01.123456", datetime(2026, 12, 3, 9, 20, 1, 123456, tzinfo=UTC)),
        ("2026-12-03 09:20:01", datetime(2026, 12, 3, 9, 20, 1, tzinfo=UTC)),
        ("2026-12-03T09:20:01", datetime(2026, 12, 3, 9, 20, 1, tzinfo=UTC)),
        # Not what SQLAlchemy writes, but what a hand-made row might hold: read correctly.
        ("2026-12-03", datetime(2026, 12, 3, tzinfo=UTC)),
        ("2026-12-03 10:20:01+01:00", datetime(2026, 12, 3, 9, 20, 1, tzinfo=UTC)),
        (None, None),
    ],
)
def test_sqlite_text_is_read_as_an_aware_utc_time(text, expected):
    read = UTCDateTime()._cached_result_processor(sqlite.dialect(), None)
    got = read(text)
    assert got == expected
    if expected is not None:
        assert got.utcoffset() == timedelta(0)


def test_sqlite_text_in_a_real_query_is_read_the_same_way(app):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("PostgreSQL keeps timestamps as timestamps, not text")
        stamp = literal_column("'2026-12-03 09:20:01.5'", UTCDateTime())
        got = db.session.execute(select(stamp)).scalar_one()
    assert got == datetime(2026, 12, 3, 9, 20, 1, 500000, tzinfo=UTC)
