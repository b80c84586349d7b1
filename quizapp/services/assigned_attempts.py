"""The attempts the results pages read of assignments, and the counted answer of each
learner to each item: one reader and one fold, so that an assignment's page
(``class_results``) and its class's page (``class_overview``) always agree.
"""

from __future__ import annotations

from collections.abc import Sequence, Set
from datetime import datetime
from itertools import groupby
from operator import attrgetter
from typing import NamedTuple

from sqlalchemy import ColumnElement, Row

from quizapp.extensions import db
from quizapp.models import ASSIGNMENT_COVERING, Attempt

#: (assignment id, learner id, item id) of a cell; the item id of an attempt may be None.
CellKey = tuple[int, int, str | None]

#: The rows' order: the covering index's leading columns, so the index is read in order.
_ORDER = ("assignment_id", "user_id", "item_id", "created_at", "id")


class CountedCell(NamedTuple):
    """One learner's attempts at one item: how many, and the counted answer. A named tuple:
    a page makes one per learner and item, and a frozen dataclass took 2.7 times as long."""

    attempts: int
    score: float  # of the counted answer
    correct: bool  # of the counted answer
    first_correct: bool
    last_at: datetime


def read_assigned_attempts(assignment_ids: Sequence[int], learners: Set[int]) -> list[Row]:
    """The attempts of ``learners`` on the assignments ``assignment_ids``, by assignment,
    learner, item and time: ranges of the covering index (migration 0013), never the table.

    The assignments are named by id, never by a join (on Assignment.class_id, say). And
    everyone's attempts on them are read and the learners' kept here, rather than filtered
    by a join or an IN list: PostgreSQL's statistics, taken before a new assignment was
    answered, made the join a probe of the learners' tables per attempt (26 ms at 1,247),
    and an IN list of a class's ids is parsed and planned afresh on each page. Core rows
    on the session's connection: the ORM's took 3.5 ms more for 1,247 of them.
    """
    if not assignment_ids:
        return []
    statement = (
        db.select(*(getattr(Attempt, name) for name in ASSIGNMENT_COVERING))
        .where(assigned_to(assignment_ids))
        .order_by(*(getattr(Attempt, name) for name in _ORDER))
    )
    # .all(), not iterating the result: that fetches row by row, a third of the read.
    rows = db.session.connection().execute(statement).all()
    return [row for row in rows if row.user_id in learners]


def assigned_to(assignment_ids: Sequence[int]) -> ColumnElement[bool]:
    """The attempts on these assignments (at least one): a range of the covering index
    each. One id is an equality, so a single assignment's plan is a plain range."""
    if len(assignment_ids) == 1:
        return Attempt.assignment_id == assignment_ids[0]
    return Attempt.assignment_id.in_(assignment_ids)


def counted_cells(rows: list[Row], once: Set[int]) -> dict[CellKey, CountedCell]:
    """Per (assignment, learner, item) of ``rows``, in ``read_assigned_attempts``' order:
    count, counted score and correctness, first try, latest time.

    The counted answer is the first (by time, then id) on the assignments in ``once``, the
    best elsewhere: the highest score, correct when any attempt was. Folded from the rows
    in order: returning them costs SQLite a fifth of what window aggregates do.
    """
    cells: dict[CellKey, CountedCell] = {}
    for key, group in groupby(rows, key=attrgetter("assignment_id", "user_id", "item_id")):
        attempts = list(group)
        first = attempts[0]
        if key[0] in once:
            score, correct = first.score, first.correct
        else:
            score = max(row.score for row in attempts)
            correct = any(row.correct for row in attempts)
        cells[key] = CountedCell(
            attempts=len(attempts),
            score=float(score),
            correct=bool(correct),
            first_correct=bool(first.correct),
            last_at=attempts[-1].created_at,
        )
    return cells
