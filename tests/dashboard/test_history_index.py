"""The dashboard's reads of a learner's history are answered from one index, never the table.

A learner's attempts are spread over the whole attempt table, everyone's answers mixed, so a
read that visits the table for each row costs a page for nearly every row: at 5,000
attempts that made the totals 11-13 ms instead of 1. The index on (user_id, created_at)
therefore holds every column the latest attempts and the totals read (migration 0012). A
column added to what they read, and not to the index, fails here.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import text
from support import add_user, bulk_attempts

from quizapp.extensions import db
from quizapp.services.progress import (
    _ATTEMPT_TOTALS,
    RECENT_LIMIT,
    RECENT_SHOWN,
    _latest_attempts_statement,
)

COVERING = "ix_attempt_user_id_created_at_covering"

STATEMENTS = {
    "latest attempts": lambda: _latest_attempts_statement(RECENT_LIMIT + 1, RECENT_SHOWN),
    "totals": lambda: _ATTEMPT_TOTALS,
}


def _learner_with_history(app) -> int:
    with app.app_context():
        user_id = add_user("ada@example.com")
    bulk_attempts(app, user_id, 40)
    return user_id


def _plan(app, statement, user_id: int) -> str:
    """The database's plan for ``statement`` of ``user_id``, as one string."""
    with app.app_context():
        connection = db.session.connection()
        sql = str(
            statement.params(user_id=user_id).compile(
                dialect=connection.dialect, compile_kwargs={"literal_binds": True}
            )
        )
        if connection.dialect.name == "sqlite":
            rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}").all()
            return "\n".join(row[-1] for row in rows)
        # On a table this small PostgreSQL would rather read it whole: forbid that, so the
        # plan shows which index it can answer from.
        connection.execute(text("SET LOCAL enable_seqscan = off"))
        connection.execute(text("SET LOCAL enable_bitmapscan = off"))
        return "\n".join(connection.exec_driver_sql(f"EXPLAIN {sql}").scalars())


def _vacuumed(app) -> None:
    """On PostgreSQL, an index-only scan needs the table's pages marked all-visible."""
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
                c.execute(text("VACUUM ANALYZE attempt"))


@pytest.mark.parametrize("name", sorted(STATEMENTS))
def test_a_learners_history_is_read_from_the_covering_index_alone(app, name):
    user_id = _learner_with_history(app)
    _vacuumed(app)
    plan = _plan(app, STATEMENTS[name](), user_id)
    # Every read of the attempt table (the subquery of the newest ids too) is one of the
    # index alone; the retries are another table, looked up on their own index.
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        reads = [line for line in plan.splitlines() if re.search(r"\battempt(_\d+)?\b", line)]
        expected = f"USING COVERING INDEX {COVERING} (user_id=?)"
    else:
        reads = [line for line in plan.splitlines() if re.search(r" on attempt\b", line)]
        expected = (
            f"Index Only Scan Backward using {COVERING}"
            if name != "totals"
            else (f"Index Only Scan using {COVERING}")
        )
    assert reads, plan
    assert all(expected in line for line in reads), plan
