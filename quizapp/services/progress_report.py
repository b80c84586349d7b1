"""A learner's progress for the API, bounded whatever the length of their history.

Totals, per-type counts and misconception counts are SQL aggregates; mastery reads only
the last ``WINDOW`` attempts of each type (a window function, portable to SQLite ≥ 3.25
and PostgreSQL); the attempts themselves are listed a page at a time. So the cost is a
handful of queries and a bounded number of rows, not one row per attempt ever made.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass

from quizapp.engine.questions import TOPICS, registry
from quizapp.extensions import db
from quizapp.models import Attempt
from quizapp.progress.mastery import WINDOW, AttemptRecord, TopicMastery, topic_mastery
from quizapp.progress.stats import MisconceptionCount, Summary, top_misconceptions_of_counts
from quizapp.services.progress import RETIRED_TOPIC, attempt_totals

#: Attempts per page unless ``per_page`` says otherwise, and the most a page may hold.
DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
#: The highest page number accepted (keeps OFFSET within every database's integer range).
MAX_PAGE = 1_000_000
MISCONCEPTIONS_SHOWN = 5

#: What a listed attempt shows.
LISTED_COLUMNS = (
    Attempt.type_id,
    Attempt.seed,
    Attempt.difficulty,
    Attempt.params,
    Attempt.correct,
    Attempt.score,
    Attempt.diagnosis,
    Attempt.hints_used,
    Attempt.created_at,
)


@dataclass(frozen=True)
class ProgressReport:
    """What GET /api/v1/progress reports, as plain values."""

    totals: Summary
    topics: list[TopicMastery]
    misconceptions: list[MisconceptionCount]
    attempts: list  # rows of LISTED_COLUMNS, newest first: this page's
    page: int
    per_page: int


def progress_report(user_id: int, *, page: int = 1, per_page: int = DEFAULT_PER_PAGE):
    """The ``user_id``'s progress with page ``page`` (1-based) of their attempts."""
    totals = attempt_totals(user_id)
    return ProgressReport(
        totals=totals,
        topics=_topics(user_id),
        misconceptions=_misconceptions(user_id),
        attempts=_page(user_id, page, per_page) if totals.total else [],
        page=page,
        per_page=per_page,
    )


def _topics(user_id: int) -> list[TopicMastery]:
    """Mastery per topic from each type's last WINDOW attempts, with all-time counts."""
    ranked = (
        db.select(
            Attempt.type_id,
            Attempt.correct,
            Attempt.score,
            Attempt.diagnosis,
            Attempt.hints_used,
            Attempt.time_taken_ms,
            Attempt.created_at,
            db.func.row_number()
            .over(
                partition_by=Attempt.type_id,
                order_by=(Attempt.created_at.desc(), Attempt.id.desc()),
            )
            .label("newest"),
            db.func.count(Attempt.id).over(partition_by=Attempt.type_id).label("ever"),
        )
        .where(Attempt.user_id == user_id)
        .subquery()
    )
    rows = db.session.execute(db.select(ranked).where(ranked.c.newest <= WINDOW)).all()
    types = registry()
    records, per_type = [], {}
    for row in rows:
        topic = types[row.type_id].topic if row.type_id in types else RETIRED_TOPIC
        records.append(AttemptRecord.from_row(row, topic=topic))
        per_type[row.type_id] = (topic, row.ever)
    ever: dict[str, int] = defaultdict(int)
    for topic, count in per_type.values():
        ever[topic] += count
    # topic_mastery sees only the windows, so its counts are replaced by the all-time ones.
    return [
        dataclasses.replace(row, attempts=ever.get(row.topic, 0))
        for row in topic_mastery(records, TOPICS)
    ]


def _misconceptions(user_id: int) -> list[MisconceptionCount]:
    """The most frequent diagnoses over the whole history, counted by the database."""
    counts = db.session.execute(
        db.select(Attempt.diagnosis, Attempt.type_id, db.func.count(Attempt.id))
        .where(Attempt.user_id == user_id, Attempt.diagnosis.is_not(None))
        .group_by(Attempt.diagnosis, Attempt.type_id)
    ).all()
    return top_misconceptions_of_counts(
        ((code, type_id, int(n)) for code, type_id, n in counts), MISCONCEPTIONS_SHOWN
    )


def _page(user_id: int, page: int, per_page: int) -> list:
    return list(
        db.session.execute(
            db.select(*LISTED_COLUMNS)
            .where(Attempt.user_id == user_id)
            .order_by(Attempt.created_at.desc(), Attempt.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        ).all()
    )
