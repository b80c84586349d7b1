"""Housekeeping for operators: removing served questions that nothing will ever use.

Every question handed out is stored (so its answer can be graded once and reviewed), but
most anonymous API calls and opened links are never answered, and their rows are never
read again. ``purge_served`` deletes such rows once they are old enough, and never a row
that an attempt or an interview round refers to: those are a learner's history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, delete, exists, func, select

from quizapp.extensions import db
from quizapp.models import Attempt, ServedQuestion
from quizapp.models.progress import InterviewItem

#: Rows deleted per transaction, so a large purge never holds the database for long.
BATCH = 500


@dataclass(frozen=True)
class PurgeReport:
    """What a purge did (or, in a dry run, would do)."""

    purged: int
    kept: int  # old enough, but an attempt or an interview round refers to them


def _referenced() -> ColumnElement[bool]:
    """Served questions that an attempt or an interview item points at."""
    token = ServedQuestion.token
    return exists().where(Attempt.served_token == token) | exists().where(
        InterviewItem.served_token == token
    )


def purge_served(older_than: timedelta, now: datetime, *, dry_run: bool = False) -> PurgeReport:
    """Delete served questions served before ``now - older_than`` that nothing refers to.

    Each batch re-checks "nothing refers to it" inside its DELETE, so an answer recorded
    while the purge runs keeps its question.
    """
    old = ServedQuestion.served_at < now - older_than
    unreferenced = and_(old, ~_referenced())
    kept = db.session.execute(
        select(func.count(ServedQuestion.id)).where(old, _referenced())
    ).scalar_one()
    if dry_run:
        count = db.session.execute(select(func.count(ServedQuestion.id)).where(unreferenced))
        return PurgeReport(purged=count.scalar_one(), kept=kept)
    purged = 0
    while True:
        ids = list(
            db.session.execute(select(ServedQuestion.id).where(unreferenced).limit(BATCH)).scalars()
        )
        if not ids:
            break
        result = db.session.execute(
            delete(ServedQuestion)
            .where(ServedQuestion.id.in_(ids), unreferenced)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
        purged += result.rowcount
        if len(ids) < BATCH:
            break
    return PurgeReport(purged=purged, kept=kept)
