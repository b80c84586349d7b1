"""Results across a class: each learner over the assignments meant for them, and the
misconception map (learners × diagnosis codes). Five SELECTs, however large the class
(a sixth when a "once" assignment holds a second attempt at one of its items). Only
attempts at an assignment's own items count, as on the assignment's page.

The definitions are those of ``class_results`` (which re-exports everything here): an
assignment with recipients is for those of them still in the class; the counted answer is
the best under "practice" and the first under "once"; an item not answered counts 0.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from quizapp.extensions import db
from quizapp.models import Attempt, User
from quizapp.models.assignment import Assignment, AssignmentRecipient
from quizapp.models.classroom import Class, ClassMember
from quizapp.models.question_set import SetVersion
from quizapp.services import misconception_labels as labels
from quizapp.services.assigned_attempts import (
    assigned_to,
    counted_cells,
    read_assigned_attempts,
)


@dataclass(frozen=True)
class AssignmentLine:
    """An assignment of a class, as the class's results list it."""

    assignment_id: int
    title: str
    attempts_policy: str
    due_at: datetime | None
    items: int
    remedial_code: str | None
    for_everyone: bool  # False: only its recipients


@dataclass(frozen=True)
class ClassLearner:
    """One learner's results across the class's assignments meant for them."""

    user_id: int
    display_name: str
    assignments: int  # assignments meant for them
    attempted: int  # items attempted, over those assignments
    total: int  # items, over those assignments
    completion: float  # attempted / total (0 when nothing is assigned)
    score: float  # mean counted score over all those items (unanswered 0)
    last_activity: datetime | None
    scores: dict[int, float] = field(default_factory=dict)  # assignment id → score


@dataclass(frozen=True)
class MapColumn:
    """A misconception code in the map, with how many learners show it."""

    code: str
    label: str
    learners: int
    attempts: int


@dataclass(frozen=True)
class MisconceptionMap:
    """Learners × misconception codes: attempts with that diagnosis at the items of the
    class's assignments.

    ``codes`` are ordered by how many learners show them (then attempts, then code);
    ``counts[user_id][code]`` is absent for 0.
    """

    codes: tuple[MapColumn, ...]
    counts: dict[int, dict[str, int]]

    def count(self, user_id: int, code: str) -> int:
        """Attempts of ``user_id`` diagnosed ``code`` (0 when none)."""
        return self.counts.get(user_id, {}).get(code, 0)

    def learners_with(self, code: str) -> list[int]:
        """The ids of the learners with at least one attempt diagnosed ``code``, sorted."""
        return sorted(user for user, codes in self.counts.items() if codes.get(code))


@dataclass(frozen=True)
class ClassResults:
    """Everything the results page of a class shows."""

    class_id: int
    assignments: tuple[AssignmentLine, ...]  # oldest first
    learners: tuple[ClassLearner, ...]  # every learner of the class, by display name
    misconceptions: MisconceptionMap


def class_results(klass: Class) -> ClassResults:
    """Per learner across the class's assignments, and the misconception map (five SELECTs,
    see ``_assignment_totals`` for a sixth)."""
    assignments = db.session.execute(
        db.select(Assignment, SetVersion.data)
        .join(SetVersion, SetVersion.id == Assignment.set_version_id)
        .where(Assignment.class_id == klass.id)
        .order_by(Assignment.created_at, Assignment.id)
    ).all()
    recipients: dict[int, set[int]] = defaultdict(set)
    for assignment_id, user_id in db.session.execute(
        db.select(AssignmentRecipient.assignment_id, AssignmentRecipient.user_id)
        .join(Assignment, Assignment.id == AssignmentRecipient.assignment_id)
        .where(Assignment.class_id == klass.id)
    ):
        recipients[assignment_id].add(user_id)
    learner_query = (
        db.select(User.id, User.display_name)
        .join(ClassMember, ClassMember.user_id == User.id)
        .where(ClassMember.class_id == klass.id, ClassMember.role == "learner")
    )
    people = db.session.execute(learner_query.order_by(User.display_name, User.id)).all()
    lines = tuple(
        AssignmentLine(
            assignment_id=a.id,
            title=a.title,
            attempts_policy=a.attempts_policy,
            due_at=a.due_at,
            items=len(data.get("items", [])),
            remedial_code=a.remedial_code,
            for_everyone=a.id not in recipients,
        )
        for a, data in assignments
    )
    learner_ids = {user_id for user_id, _name in people}
    items_of = {a.id: {item["id"] for item in data.get("items", [])} for a, data in assignments}
    once = {line.assignment_id for line in lines if line.attempts_policy == "once"}
    totals = _assignment_totals(items_of, once, learner_ids)
    learners = tuple(
        _class_learner(user_id, name, lines, recipients, totals) for user_id, name in people
    )
    versions = [data for _a, data in assignments]
    return ClassResults(
        class_id=klass.id,
        assignments=lines,
        learners=learners,
        misconceptions=_misconception_map(_diagnoses(items_of, learner_ids), versions),
    )


def _assignment_totals(
    items_of: dict[int, set[str]], once: set[int], learners: set[int]
) -> dict[tuple[int, int], tuple[int, float, datetime]]:
    """Per (assignment, learner): items attempted, sum of counted scores, latest attempt,
    over the items of the assignment's version (``items_of``), as its page counts them.

    The database groups the attempts by item (best score, latest time, how many), in the
    covering index's order, and the item scores are summed here in that order, as the
    assignment's page sums its cells. Reading every attempt instead took 480 ms at 30
    assignments of 200 learners (37,000 attempts), nearly all of it Python's. Under
    "once" the counted answer is the first, which no aggregate gives: an assignment where
    some learner has two attempts at an item (made before the policy changed, or in a
    race) has its totals folded from its attempts' rows instead, by the same
    ``counted_cells`` as its page.
    """
    if not items_of:
        return {}
    statement = (
        db.select(
            Attempt.assignment_id,
            Attempt.user_id,
            Attempt.item_id,
            db.func.count(),
            db.func.max(Attempt.score),
            db.func.max(Attempt.created_at),
        )
        .where(assigned_to(list(items_of)))
        .group_by(Attempt.assignment_id, Attempt.user_id, Attempt.item_id)
        .order_by(Attempt.assignment_id, Attempt.user_id, Attempt.item_id)
    )
    rows = db.session.connection().execute(statement).all()
    # An attempt at an item not in the version (None, or another set's) counts on neither
    # page: the app serves only the version's items, but a row written by hand could.
    cells = [
        (a, user, attempts, best, last_at)
        for a, user, item, attempts, best, last_at in rows
        if user in learners and item in items_of[a]
    ]
    totals = _summed((a, user, best, last_at) for a, user, _n, best, last_at in cells)
    repeated_once = {a for a, _user, attempts, *_ in cells if attempts > 1 and a in once}
    if repeated_once:
        folded = counted_cells(read_assigned_attempts(sorted(repeated_once), learners), once)
        totals = {key: value for key, value in totals.items() if key[0] not in repeated_once}
        totals.update(
            _summed(
                (a, user, cell.score, cell.last_at)
                for (a, user, item), cell in folded.items()
                if item in items_of[a]
            )
        )
    return totals


def _summed(
    counted: Iterable[tuple[int, int, float, datetime]],
) -> dict[tuple[int, int], tuple[int, float, datetime]]:
    """Per (assignment, learner): items, sum of scores, latest time, of ``counted`` items
    (assignment, learner, counted score, latest time), summed in their order."""
    totals: dict[tuple[int, int], tuple[int, float, datetime]] = {}
    for assignment_id, user_id, score, last_at in counted:
        key = (assignment_id, user_id)
        attempted, points, last = totals.get(key, (0, 0.0, last_at))
        totals[key] = (attempted + 1, points + score, max(last, last_at))
    return totals


def _diagnoses(items_of: dict[int, set[str]], learners: set[int]) -> dict[tuple[int, str], int]:
    """Per (learner, misconception code): their attempts with that diagnosis on the
    assignments' own items (as ``_assignment_totals`` counts them), counted by the
    database per assignment and item and summed here.

    Grouped by assignment first: grouped by learner alone, SQLite read an index led by
    user_id instead, every attempt of the table in it, to spare itself a sort.
    """
    if not items_of:
        return {}
    statement = db.select(
        Attempt.assignment_id, Attempt.user_id, Attempt.item_id, Attempt.diagnosis, db.func.count()
    ).where(assigned_to(list(items_of)), Attempt.diagnosis.is_not(None))
    statement = statement.group_by(
        Attempt.assignment_id, Attempt.user_id, Attempt.item_id, Attempt.diagnosis
    )
    counts: dict[tuple[int, str], int] = defaultdict(int)
    for assignment_id, user_id, item_id, code, count in (
        db.session.connection().execute(statement).all()
    ):
        if user_id in learners and item_id in items_of[assignment_id]:
            counts[user_id, code] += count
    return counts


def _class_learner(
    user_id: int,
    name: str,
    lines: tuple[AssignmentLine, ...],
    recipients: dict[int, set[int]],
    totals: dict[tuple[int, int], tuple],
) -> ClassLearner:
    mine = [
        line for line in lines if line.for_everyone or user_id in recipients[line.assignment_id]
    ]
    attempted = total = 0
    points = 0.0
    last: datetime | None = None
    scores: dict[int, float] = {}
    for line in mine:
        done, earned, at = totals.get((line.assignment_id, user_id), (0, 0.0, None))
        attempted, total, points = attempted + done, total + line.items, points + earned
        scores[line.assignment_id] = earned / line.items if line.items else 0.0
        if at is not None and (last is None or at > last):
            last = at
    return ClassLearner(
        user_id=user_id,
        display_name=name,
        assignments=len(mine),
        attempted=attempted,
        total=total,
        completion=attempted / total if total else 0.0,
        score=points / total if total else 0.0,
        last_activity=last,
        scores=scores,
    )


def _misconception_map(
    per_learner: dict[tuple[int, str], int], versions: list[dict[str, Any]]
) -> MisconceptionMap:
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    learners: dict[str, int] = defaultdict(int)
    attempts: dict[str, int] = defaultdict(int)
    for (user_id, code), count in per_learner.items():
        counts[user_id][code] = count
        learners[code] += 1
        attempts[code] += count
    order = sorted(learners, key=lambda code: (-learners[code], -attempts[code], code))
    items = [item for data in versions for item in data.get("items", [])]
    return MisconceptionMap(
        codes=tuple(
            MapColumn(code, labels.code_label(code, items), learners[code], attempts[code])
            for code in order
        ),
        counts=dict(counts),
    )
