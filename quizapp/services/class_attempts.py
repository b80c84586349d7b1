"""Every attempt made through a class's assignments, one row each: for CSV and the API.

An attempt belongs here when it carries the id of one of the class's assignments and its
learner is a learner of the class now (someone removed from the class takes their rows
with them; an instructor trying the assignment out is not a learner). First tries only:
later tries ("Try again") are kept apart from attempts, as everywhere results are read.

The rows come from one query, streamed (``yield_per``: a server-side cursor on
PostgreSQL), so a class with a long history is never held in memory. Item titles live in
the set version's JSON, so they are read first from the class's assignments (one small
query) rather than joined into every row.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Attempt, User
from quizapp.models.assignment import Assignment
from quizapp.models.classroom import Class, ClassMember
from quizapp.models.question_set import SetVersion
from quizapp.services.csv_cells import csv_pieces
from quizapp.services.set_practice import item_label

#: The CSV's columns, in order; docs/class-exports.md says what each holds.
ATTEMPT_COLUMNS = (
    "attempt_id",
    "class_id",
    "assignment_id",
    "assignment_title",
    "learner_id",
    "learner_name",
    "learner_email",
    "item_id",
    "item_title",
    "type_id",
    "seed",
    "difficulty",
    "attempt_number",
    "answered_at_utc",
    "answer",
    "correct",
    "score",
    "diagnosis",
    "hints_used",
    "time_taken_ms",
)
#: Rows fetched from the database at a time while a download streams.
STREAM_BATCH = 500


@dataclass(frozen=True)
class AttemptRow:
    """One attempt as exported; the fields are ATTEMPT_COLUMNS."""

    attempt_id: int
    class_id: int
    assignment_id: int
    assignment_title: str
    learner_id: int
    learner_name: str
    learner_email: str
    item_id: str | None
    item_title: str | None
    type_id: str
    seed: int
    difficulty: int
    attempt_number: int
    answered_at_utc: Any  # a timezone-aware datetime
    answer: str
    correct: bool
    score: float
    diagnosis: str | None
    hints_used: int
    time_taken_ms: int | None

    def values(self) -> tuple[Any, ...]:
        """The fields in ATTEMPT_COLUMNS order."""
        return tuple(getattr(self, name) for name in ATTEMPT_COLUMNS)


@dataclass(frozen=True)
class AttemptsPage:
    """One page of a class's attempts, oldest first, and how many there are in all."""

    rows: list[AttemptRow]
    total: int
    page: int
    per_page: int


def attempts_csv(klass: Class, assignment: Assignment | None = None) -> Iterator[str]:
    """The class's attempts (or one assignment's) as CSV text, in pieces, oldest first."""
    rows = (row.values() for row in class_attempts(klass, assignment))
    return csv_pieces(ATTEMPT_COLUMNS, rows)


def class_attempts(klass: Class, assignment: Assignment | None = None) -> Iterator[AttemptRow]:
    """Every attempt made through ``klass``'s assignments (or only ``assignment``) by its
    learners, oldest first, read STREAM_BATCH rows at a time.

    Nothing is read until the first row is asked for: a streamed response iterates after
    its view has returned and the view's session was closed, so the queries must run in
    the session of the iteration (``stream_with_context``), not the view's.
    """
    return _streamed_attempts(klass.id, assignment.id if assignment is not None else None)


def _streamed_attempts(class_id: int, assignment_id: int | None) -> Iterator[AttemptRow]:
    titles = _item_titles(class_id)
    query = _attempts_query(class_id, assignment_id).execution_options(yield_per=STREAM_BATCH)
    for row in db.session.execute(query):
        yield _row(row, titles)


def attempts_page(
    klass: Class, *, page: int, per_page: int, assignment: Assignment | None = None
) -> AttemptsPage:
    """Page ``page`` (from 1) of ``class_attempts``, ``per_page`` rows, with the total."""
    base = _attempts_query(klass.id, assignment.id if assignment is not None else None)
    total = db.session.execute(select(func.count()).select_from(base.subquery())).scalar_one()
    titles = _item_titles(klass.id) if total else {}
    query = base.limit(per_page).offset((page - 1) * per_page)
    rows = [_row(row, titles) for row in db.session.execute(query)] if total else []
    return AttemptsPage(rows=rows, total=total, page=page, per_page=per_page)


def _attempts_query(class_id: int, assignment_id: int | None):
    """The attempts of the class's learners through its assignments, with the numbering
    of each learner's attempts at each item of an assignment (1, 2, … oldest first)."""
    attempt_number = (
        func.row_number()
        .over(
            partition_by=(Attempt.assignment_id, Attempt.user_id, Attempt.item_id),
            order_by=(Attempt.created_at, Attempt.id),
        )
        .label("attempt_number")
    )
    query = (
        select(
            Attempt.id.label("attempt_id"),
            Assignment.class_id,
            Attempt.assignment_id,
            Assignment.title.label("assignment_title"),
            User.id.label("learner_id"),
            User.display_name.label("learner_name"),
            User.email.label("learner_email"),
            Attempt.item_id,
            Attempt.type_id,
            Attempt.seed,
            Attempt.difficulty,
            attempt_number,
            Attempt.created_at.label("answered_at_utc"),
            Attempt.raw_answer.label("answer"),
            Attempt.correct,
            Attempt.score,
            Attempt.diagnosis,
            Attempt.hints_used,
            Attempt.time_taken_ms,
        )
        .join(Assignment, Assignment.id == Attempt.assignment_id)
        .join(User, User.id == Attempt.user_id)
        .join(
            ClassMember,
            (ClassMember.class_id == Assignment.class_id)
            & (ClassMember.user_id == Attempt.user_id)
            & (ClassMember.role == "learner"),
        )
        .where(Assignment.class_id == class_id)
        .order_by(Attempt.created_at, Attempt.id)
    )
    if assignment_id is not None:
        query = query.where(Attempt.assignment_id == assignment_id)
    return query


def _item_titles(class_id: int) -> dict[tuple[int, str], str]:
    """(assignment id, item id) → the item's name in the assignment's set version (as
    lists name it: its title, a template's type title, or "Question n"), for every
    assignment of the class."""
    titles: dict[tuple[int, str], str] = {}
    rows = db.session.execute(
        select(Assignment.id, SetVersion.data)
        .join(SetVersion, SetVersion.id == Assignment.set_version_id)
        .where(Assignment.class_id == class_id)
    )
    for assignment_id, data in rows:
        for number, item in enumerate((data or {}).get("items", []), 1):
            titles[(assignment_id, item["id"])] = item_label(item, number)
    return titles


def _row(row: Any, titles: dict[tuple[int, str], str]) -> AttemptRow:
    values = row._asdict()
    values["item_title"] = titles.get((row.assignment_id, row.item_id))
    return AttemptRow(**values)
