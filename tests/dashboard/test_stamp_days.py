"""The dashboard reads each attempt's UTC day off the timestamp the driver gives (no date
column per row): the day must be the UTC day of the moment stored, at midnight's edges, on
each database, and on PostgreSQL whatever zone the session is in."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import insert, text

from quizapp.extensions import db
from quizapp.models import Attempt, ServedQuestion, User
from quizapp.services import progress
from quizapp.services.utc_day import stamp_days

MIDNIGHT = datetime(2026, 3, 10, tzinfo=UTC)
MOMENTS = [
    MIDNIGHT - timedelta(microseconds=1),
    MIDNIGHT,
    MIDNIGHT + timedelta(microseconds=1),
    MIDNIGHT + timedelta(hours=23, minutes=59, seconds=59),
    MIDNIGHT + timedelta(days=1),
    datetime(2024, 2, 29, 12, 0, tzinfo=UTC),
    datetime(2025, 12, 31, 23, 30, tzinfo=UTC),
]


def stored(app, auth) -> int:
    auth.sign_up()
    with app.app_context():
        user_id = db.session.execute(db.select(User.id)).scalar_one()
        served, attempts = [], []
        for n, moment in enumerate(MOMENTS):
            common = {"type_id": "entropy", "seed": n, "difficulty": 1, "params": {}}
            token = f"day-{n}"
            served.append({**common, "token": token, "served_at": moment, "user_id": user_id})
            attempts.append(
                {
                    **common,
                    "user_id": user_id,
                    "served_token": token,
                    "raw_answer": "1",
                    "correct": True,
                    "score": 1.0,
                    "hints_used": 0,
                    "created_at": moment,
                }
            )
        with db.engine.begin() as connection:
            connection.execute(insert(ServedQuestion), served)
            connection.execute(insert(Attempt), attempts)
    return user_id


def days_read(user_id: int) -> list[date]:
    days = stamp_days(db.session.get_bind().dialect)
    return [days.day(days.key(row.stamp)) for row in progress.latest_attempts(user_id)]


def test_a_stamps_day_is_the_utc_day_stored(app, auth):
    user_id = stored(app, auth)
    expected = [moment.date() for moment in sorted(MOMENTS, reverse=True)]
    with app.app_context():
        assert days_read(user_id) == expected


@pytest.mark.backends("postgresql")  # only PostgreSQL has a session time zone
def test_a_timestamptz_in_another_session_zone_keeps_its_utc_day(app, auth):
    user_id = stored(app, auth)
    expected = [moment.date() for moment in sorted(MOMENTS, reverse=True)]
    with app.app_context():
        for zone in ("Pacific/Auckland", "America/Los_Angeles"):
            db.session.execute(text(f"SET TIME ZONE '{zone}'"))
            assert days_read(user_id) == expected, zone


@pytest.mark.backends("postgresql")
def test_the_dashboards_days_and_streaks_do_not_move_with_the_session_zone(app, auth):
    """The whole path: dashboard_for finds the same days in any session zone."""
    user_id = stored(app, auth)
    now = MIDNIGHT + timedelta(days=1, hours=1)
    with app.app_context():
        in_utc = progress.dashboard_for(user_id, now)
        for zone in ("Pacific/Auckland", "America/Los_Angeles"):
            db.session.execute(text(f"SET TIME ZONE '{zone}'"))
            elsewhere = progress.dashboard_for(user_id, now)
            assert (elsewhere.days, elsewhere.streaks) == (in_utc.days, in_utc.streaks), zone
