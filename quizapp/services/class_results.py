"""Results of a class: per assignment (learners, items, item analysis) and across the class.

Every figure is an aggregate of ``Attempt`` rows carrying the assignment's id (retries of
"Try again" are not attempts, see ``models.retry``, so they never count). Each function
runs a fixed number of SELECTs, however many learners, items and attempts there are: the
grouping is done by the database (window functions, GROUP BY), never a query per row.

Definitions (the pages and the exports state the same):

- The **learners** of an assignment: the class's learners, or, when the assignment has
  recipients (a remedial one), those of its recipients who are still learners of the class.
  Attempts of anyone else (an instructor trying it, someone who left) are left out.
- The **counted answer** to an item: under "practice" the best one (its score is the highest
  score, and it is correct when any attempt was); under "once" the first (and only) one.
- A learner's **score**: the mean over the assignment's items of the counted score, an item
  never answered counting 0. **Completion**: items attempted / items.
- **First try correct**: the share of the learners who tried an item whose first attempt at
  it was correct.
- **Discrimination** ``D = p_upper − p_lower``: the learners who attempted the assignment
  (N of them) are ranked by total score, highest first, ties broken by user id (the older
  account first) so the groups are always the same; the upper and lower groups are the first
  and last ``n = max(1, round_half_up(0.27·N))`` of that ranking, and ``p`` is the share of a
  group whose counted answer to the item is correct (not answering is not correct). None
  when N < 2.
- **Distribution**: how many of the learners who tried an item have a counted score in each
  of :data:`SCORE_BINS` (0, between 0 and ½, from ½ up to 1, and 1).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, exists, or_

from quizapp.extensions import db
from quizapp.models import Attempt, User
from quizapp.models.assignment import Assignment, AssignmentRecipient
from quizapp.models.classroom import Class, ClassMember
from quizapp.models.question_set import SetVersion
from quizapp.services import misconception_labels as labels
from quizapp.services.set_practice import item_label

#: Share of the ranked learners in each of the upper and lower groups of the index D.
GROUP_SHARE = 0.27
#: (label, test) of each bin of the score distribution, in order; every score is in one.
SCORE_BINS: tuple[tuple[str, Any], ...] = (
    ("0", lambda s: s <= 0),
    ("0–0.5", lambda s: 0 < s < 0.5),
    ("0.5–1", lambda s: 0.5 <= s < 1),
    ("1", lambda s: s >= 1),
)
#: The bins' labels alone (for pages and exports).
SCORE_BIN_LABELS: tuple[str, ...] = tuple(label for label, _test in SCORE_BINS)
#: Misconceptions listed per item, most frequent first.
TOP_MISCONCEPTIONS = 5


# --- What the functions return ------------------------------------------------------------


@dataclass(frozen=True)
class LearnerResult:
    """One learner's results on one assignment."""

    user_id: int
    display_name: str
    attempted: int  # items with at least one attempt
    total: int  # items in the assignment
    completion: float  # attempted / total, 0..1 (0 for an assignment without items)
    score: float  # mean counted score over the items, 0..1
    last_activity: datetime | None  # their latest attempt on the assignment


@dataclass(frozen=True)
class ItemMisconception:
    """A mistake learners made on one item: how often, by how many, and the latest example."""

    code: str
    label: str  # a short readable name (the author's message for an authored mistake)
    description: str | None  # the question's own explanation of the mistake, when known
    attempts: int
    learners: int
    example: str  # the raw answer of the latest attempt with this diagnosis


@dataclass(frozen=True)
class ItemResult:
    """Item analysis of one item of an assignment."""

    item_id: str
    number: int  # 1-based position in the version
    title: str
    kind: str
    type_id: str | None  # the built-in question type of a template item, else None
    attempts: int
    learners: int  # learners who tried it
    first_try_correct: float | None  # share of ``learners``; None when nobody tried
    discrimination: float | None  # D = p_upper − p_lower; None with fewer than 2 learners
    distribution: tuple[int, ...]  # learners per bin of SCORE_BINS (of those who tried)
    misconceptions: tuple[ItemMisconception, ...]  # most attempts first, at most TOP_…


@dataclass(frozen=True)
class AssignmentResults:
    """Everything the results page of an assignment shows."""

    assignment_id: int
    title: str
    attempts_policy: str
    learners: tuple[LearnerResult, ...]  # by display name
    items: tuple[ItemResult, ...]  # in the version's order
    ranked: int  # N: learners who attempted the assignment (the ranking of D)
    group_size: int | None  # n of the upper and lower groups; None when N < 2


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
    """Learners × misconception codes: attempts with that diagnosis on the class's assignments.

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


# --- One assignment ------------------------------------------------------------------------


def assignment_learners(assignment: Assignment):
    """A SELECT of (user id, display name) of the learners ``assignment`` is for."""
    recipients = db.select(AssignmentRecipient.user_id).where(
        AssignmentRecipient.assignment_id == assignment.id
    )
    has_recipients = exists().where(AssignmentRecipient.assignment_id == assignment.id)
    return (
        db.select(User.id, User.display_name)
        .join(ClassMember, ClassMember.user_id == User.id)
        .where(
            ClassMember.class_id == assignment.class_id,
            ClassMember.role == "learner",
            or_(~has_recipients, User.id.in_(recipients)),
        )
    )


def assignment_results(assignment: Assignment) -> AssignmentResults:
    """The learners' and the items' figures of ``assignment`` (five SELECTs at most)."""
    data = db.session.execute(
        db.select(SetVersion.data).where(SetVersion.id == assignment.set_version_id)
    ).scalar_one_or_none()
    items = list((data or {}).get("items", []))
    item_ids = [item["id"] for item in items]
    learner_query = assignment_learners(assignment)
    people = db.session.execute(learner_query.order_by(User.display_name, User.id)).all()
    learner_ids = learner_query.with_only_columns(User.id)
    cells = _counted_cells(assignment, learner_ids)  # (user, item) → _Cell
    cells = {key: cell for key, cell in cells.items() if key[1] in item_ids}

    learners = tuple(_learner_result(uid, name, item_ids, cells) for uid, name in people)
    ranking = _ranking(learners)
    upper, lower = _groups(ranking)
    mistakes = _item_misconceptions(assignment, learner_ids, {i["id"]: i for i in items})
    results = tuple(
        _item_result(n, item, cells, upper, lower, mistakes.get(item["id"], ()))
        for n, item in enumerate(items, 1)
    )
    return AssignmentResults(
        assignment_id=assignment.id,
        title=assignment.title,
        attempts_policy=assignment.attempts_policy,
        learners=learners,
        items=results,
        ranked=len(ranking),
        group_size=len(upper) if upper else None,
    )


@dataclass(frozen=True)
class _Cell:
    """One learner's attempts at one item: how many, and the counted answer."""

    attempts: int
    score: float  # of the counted answer
    correct: bool  # of the counted answer
    first_correct: bool
    last_at: datetime


def _counted_cells(assignment: Assignment, learner_ids) -> dict[tuple[int, str], _Cell]:
    """Per (learner, item): count, best score, ever correct, first attempt, latest time."""
    per = (Attempt.user_id, Attempt.item_id)
    right = case((Attempt.correct.is_(True), 1), else_=0)
    ranked = (
        db.select(
            Attempt.user_id,
            Attempt.item_id,
            Attempt.score,
            Attempt.correct,
            db.func.row_number()
            .over(partition_by=per, order_by=(Attempt.created_at, Attempt.id))
            .label("place"),
            db.func.count(Attempt.id).over(partition_by=per).label("attempts"),
            db.func.max(Attempt.score).over(partition_by=per).label("best"),
            db.func.max(right).over(partition_by=per).label("ever_right"),
            db.func.max(Attempt.created_at).over(partition_by=per).label("last_at"),
        )
        .where(Attempt.assignment_id == assignment.id, Attempt.user_id.in_(learner_ids))
        .subquery()
    )
    rows = db.session.execute(db.select(ranked).where(ranked.c.place == 1)).all()
    once = assignment.attempts_policy == "once"
    return {
        (row.user_id, row.item_id): _Cell(
            attempts=row.attempts,
            score=float(row.score if once else row.best),
            correct=bool(row.correct if once else row.ever_right),
            first_correct=bool(row.correct),
            last_at=row.last_at,
        )
        for row in rows
    }


def _learner_result(
    user_id: int, name: str, item_ids: list[str], cells: dict[tuple[int, str], _Cell]
) -> LearnerResult:
    mine = [cells[(user_id, item)] for item in item_ids if (user_id, item) in cells]
    total = len(item_ids)
    return LearnerResult(
        user_id=user_id,
        display_name=name,
        attempted=len(mine),
        total=total,
        completion=len(mine) / total if total else 0.0,
        score=sum(c.score for c in mine) / total if total else 0.0,
        last_activity=max((c.last_at for c in mine), default=None),
    )


def group_size(ranked: int) -> int | None:
    """n of the upper and lower groups for ``ranked`` learners: max(1, round(0.27·N)), halves
    rounded up; None below 2 learners, where there is nothing to compare."""
    if ranked < 2:
        return None
    return max(1, math.floor(GROUP_SHARE * ranked + 0.5))


def _ranking(learners: tuple[LearnerResult, ...]) -> list[int]:
    """Ids of the learners who attempted anything, highest total first, ties by user id."""
    tried = [result for result in learners if result.attempted]
    # Mean score × items is the total score, so ranking by the mean ranks by the total.
    tried.sort(key=lambda result: (-result.score, result.user_id))
    return [result.user_id for result in tried]


def _groups(ranking: list[int]) -> tuple[list[int], list[int]]:
    """The upper and lower groups of the ranking (both empty when it is too short)."""
    size = group_size(len(ranking))
    if size is None:
        return [], []
    return ranking[:size], ranking[-size:]


def _item_result(
    number: int,
    item: dict[str, Any],
    cells: dict[tuple[int, str], _Cell],
    upper: list[int],
    lower: list[int],
    mistakes: tuple[ItemMisconception, ...],
) -> ItemResult:
    item_id = item["id"]
    mine = {user: cell for (user, item_key), cell in cells.items() if item_key == item_id}
    tried = len(mine)
    return ItemResult(
        item_id=item_id,
        number=number,
        title=item_label(item, number),
        kind=item.get("kind", ""),
        type_id=item.get("type") if item.get("kind") == "template" else None,
        attempts=sum(cell.attempts for cell in mine.values()),
        learners=tried,
        first_try_correct=(
            sum(cell.first_correct for cell in mine.values()) / tried if tried else None
        ),
        discrimination=_discrimination(mine, upper, lower),
        distribution=tuple(
            sum(1 for cell in mine.values() if test(cell.score)) for _label, test in SCORE_BINS
        ),
        misconceptions=mistakes,
    )


def _discrimination(mine: dict[int, _Cell], upper: list[int], lower: list[int]) -> float | None:
    """p_upper − p_lower, where p is the share of a group whose counted answer is correct."""
    if not upper:
        return None

    def share(group: list[int]) -> float:
        return sum(1 for user in group if user in mine and mine[user].correct) / len(group)

    return share(upper) - share(lower)


def _item_misconceptions(
    assignment: Assignment, learner_ids, items: dict[str, dict[str, Any]]
) -> dict[str, tuple[ItemMisconception, ...]]:
    """Per item, its most frequent diagnoses with counts and the latest example (two SELECTs)."""
    diagnosed = and_(
        Attempt.assignment_id == assignment.id,
        Attempt.user_id.in_(learner_ids),
        Attempt.diagnosis.is_not(None),
    )
    counts = db.session.execute(
        db.select(
            Attempt.item_id,
            Attempt.diagnosis,
            db.func.count(Attempt.id).label("attempts"),
            db.func.count(db.distinct(Attempt.user_id)).label("learners"),
        )
        .where(diagnosed)
        .group_by(Attempt.item_id, Attempt.diagnosis)
    ).all()
    per = (Attempt.item_id, Attempt.diagnosis)
    latest = (
        db.select(
            Attempt.item_id,
            Attempt.diagnosis,
            Attempt.raw_answer,
            Attempt.seed,
            db.func.row_number()
            .over(partition_by=per, order_by=(Attempt.created_at.desc(), Attempt.id.desc()))
            .label("place"),
        )
        .where(diagnosed)
        .subquery()
    )
    examples = {
        (row.item_id, row.diagnosis): row
        for row in db.session.execute(db.select(latest).where(latest.c.place == 1))
    }
    by_item: dict[str, list] = defaultdict(list)
    for row in counts:
        by_item[row.item_id].append(row)
    found: dict[str, tuple[ItemMisconception, ...]] = {}
    for item_id, rows in by_item.items():
        item = items.get(item_id)
        if item is None:
            continue
        rows.sort(key=lambda r: (-r.attempts, -r.learners, r.diagnosis))
        found[item_id] = tuple(
            _misconception(item, row, examples[(item_id, row.diagnosis)])
            for row in rows[:TOP_MISCONCEPTIONS]
        )
    return found


def _misconception(item: dict[str, Any], row, example) -> ItemMisconception:
    return ItemMisconception(
        code=row.diagnosis,
        label=labels.item_label(item, row.diagnosis),
        description=labels.item_description(item, row.diagnosis, example.seed),
        attempts=row.attempts,
        learners=row.learners,
        example=example.raw_answer,
    )


# --- The whole class -----------------------------------------------------------------------


def class_results(klass: Class) -> ClassResults:
    """Per learner across the class's assignments, and the misconception map (five SELECTs)."""
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
    learner_ids = learner_query.with_only_columns(User.id)
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
    totals = _assignment_totals(klass, learner_ids)
    learners = tuple(
        _class_learner(user_id, name, lines, recipients, totals) for user_id, name in people
    )
    versions = [data for _a, data in assignments]
    return ClassResults(
        class_id=klass.id,
        assignments=lines,
        learners=learners,
        misconceptions=_misconception_map(klass, learner_ids, versions),
    )


def _assignment_totals(klass: Class, learner_ids) -> dict[tuple[int, int], tuple]:
    """Per (assignment, learner): items attempted, sum of counted scores, latest attempt."""
    per = (Attempt.assignment_id, Attempt.user_id, Attempt.item_id)
    ranked = (
        db.select(
            Attempt.assignment_id,
            Attempt.user_id,
            Attempt.score,
            Attempt.created_at,
            db.func.row_number()
            .over(partition_by=per, order_by=(Attempt.created_at, Attempt.id))
            .label("place"),
            db.func.max(Attempt.score).over(partition_by=per).label("best"),
            db.func.max(Attempt.created_at).over(partition_by=per).label("last_at"),
        )
        .join(Assignment, Assignment.id == Attempt.assignment_id)
        .where(Assignment.class_id == klass.id, Attempt.user_id.in_(learner_ids))
        .subquery()
    )
    counted = case((Assignment.attempts_policy == "once", ranked.c.score), else_=ranked.c.best)
    rows = db.session.execute(
        db.select(
            ranked.c.assignment_id,
            ranked.c.user_id,
            db.func.count().label("attempted"),
            db.func.sum(counted).label("points"),
            db.func.max(ranked.c.last_at).label("last_at"),
        )
        .join(Assignment, Assignment.id == ranked.c.assignment_id)
        .where(ranked.c.place == 1)
        .group_by(ranked.c.assignment_id, ranked.c.user_id)
    ).all()
    return {(r.assignment_id, r.user_id): (r.attempted, float(r.points), r.last_at) for r in rows}


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
        done = min(done, line.items)
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
    klass: Class, learner_ids, versions: list[dict[str, Any]]
) -> MisconceptionMap:
    rows = db.session.execute(
        db.select(Attempt.user_id, Attempt.diagnosis, db.func.count(Attempt.id))
        .join(Assignment, Assignment.id == Attempt.assignment_id)
        .where(
            Assignment.class_id == klass.id,
            Attempt.user_id.in_(learner_ids),
            Attempt.diagnosis.is_not(None),
        )
        .group_by(Attempt.user_id, Attempt.diagnosis)
    ).all()
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    learners: dict[str, int] = defaultdict(int)
    attempts: dict[str, int] = defaultdict(int)
    for user_id, code, count in rows:
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
