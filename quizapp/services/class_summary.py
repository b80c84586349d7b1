"""A class's results per learner per assignment, for the summary CSV and the JSON API.

The figures are ``class_results``'s own (``assignment_results`` per assignment, so the
definitions of completion, score and the counted answer are stated once, there); this
module only lays them out as rows and adds what an export needs besides (emails, due
dates). Each assignment costs the results service's fixed handful of SELECTs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from quizapp.extensions import db
from quizapp.models import User
from quizapp.models.assignment import Assignment
from quizapp.models.classroom import Class, ClassMember
from quizapp.services.class_results import AssignmentResults, assignment_results
from quizapp.services.csv_cells import csv_pieces

#: The summary CSV's columns, in order; docs/class-exports.md says what each holds.
SUMMARY_COLUMNS = (
    "class_id",
    "assignment_id",
    "assignment_title",
    "attempts_policy",
    "due_at_utc",
    "learner_id",
    "learner_name",
    "learner_email",
    "items",
    "items_attempted",
    "completion",
    "score",
    "last_activity_utc",
)


@dataclass(frozen=True)
class SummaryRow:
    """One learner's results on one assignment; the fields are SUMMARY_COLUMNS."""

    class_id: int
    assignment_id: int
    assignment_title: str
    attempts_policy: str
    due_at_utc: datetime | None
    learner_id: int
    learner_name: str
    learner_email: str
    items: int
    items_attempted: int
    completion: float
    score: float
    last_activity_utc: datetime | None

    def values(self) -> tuple:
        """The fields in SUMMARY_COLUMNS order."""
        return tuple(getattr(self, name) for name in SUMMARY_COLUMNS)


@dataclass(frozen=True)
class AssignmentFigures:
    """An assignment of the class with its results (learners and item analysis)."""

    assignment: Assignment
    results: AssignmentResults


def class_assignments(klass: Class, only: Assignment | None = None) -> list[Assignment]:
    """The class's assignments, oldest first (or just ``only``), in one query."""
    if only is not None:
        return [only]
    return list(
        db.session.execute(
            db.select(Assignment)
            .where(Assignment.class_id == klass.id)
            .order_by(Assignment.created_at, Assignment.id)
        ).scalars()
    )


def assignment_figures(klass: Class, only: Assignment | None = None) -> list[AssignmentFigures]:
    """Each assignment of ``klass`` (or ``only``) with ``assignment_results`` of it."""
    return [AssignmentFigures(a, assignment_results(a)) for a in class_assignments(klass, only)]


def learner_emails(klass: Class) -> dict[int, str]:
    """user id → email of every learner of ``klass`` (one query)."""
    return dict(
        db.session.execute(
            db.select(User.id, User.email)
            .join(ClassMember, ClassMember.user_id == User.id)
            .where(ClassMember.class_id == klass.id, ClassMember.role == "learner")
        ).all()
    )


def summary_rows(
    klass: Class, figures: list[AssignmentFigures], emails: dict[int, str]
) -> list[SummaryRow]:
    """One row per assignment per learner it is for: assignments oldest first, learners
    by name within each (the results service's order)."""
    return [
        SummaryRow(
            class_id=klass.id,
            assignment_id=figure.assignment.id,
            assignment_title=figure.assignment.title,
            attempts_policy=figure.assignment.attempts_policy,
            due_at_utc=figure.assignment.due_at,
            learner_id=learner.user_id,
            learner_name=learner.display_name,
            learner_email=emails.get(learner.user_id, ""),
            items=learner.total,
            items_attempted=learner.attempted,
            completion=learner.completion,
            score=learner.score,
            last_activity_utc=learner.last_activity,
        )
        for figure in figures
        for learner in figure.results.learners
    ]


def summary_csv(klass: Class, assignment: Assignment | None = None) -> Iterator[str]:
    """The summary of ``klass`` (or of one of its assignments) as CSV text, in pieces.

    The figures are computed before the first piece (they are aggregates, a row per
    learner per assignment, not a row per attempt), so nothing runs after the view's
    session is closed.
    """
    rows = summary_rows(klass, assignment_figures(klass, assignment), learner_emails(klass))
    return csv_pieces(SUMMARY_COLUMNS, (row.values() for row in rows))
