"""Results of a class: per assignment (learners, items, item analysis) and across the class
(``class_results``, from ``class_overview``).

Every figure is an aggregate of ``Attempt`` rows carrying the assignment's id (retries of
"Try again" are not attempts, see ``models.retry``, so they never count). Each function
runs a fixed number of SELECTs, however many learners, items and attempts there are, never
a query per row: an assignment's page folds its attempts in one pass, read in the covering
index's order; the class page has the database group them by item first
(``class_overview``).

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
  of ``SCORE_BINS`` (0, between 0 and ½, from ½ up to 1, and 1).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Row, exists, or_

from quizapp.extensions import db
from quizapp.models import Attempt, User
from quizapp.models.assignment import Assignment, AssignmentRecipient
from quizapp.models.classroom import ClassMember
from quizapp.models.question_set import SetVersion
from quizapp.services import misconception_labels as labels
from quizapp.services.assigned_attempts import (
    CountedCell,
    counted_cells,
    read_assigned_attempts,
)
from quizapp.services.class_overview import (
    AssignmentLine,
    ClassLearner,
    ClassResults,
    MapColumn,
    MisconceptionMap,
    class_results,
)
from quizapp.services.item_analysis import (
    GROUP_SHARE,
    SCORE_BIN_LABELS,
    SCORE_BINS,
    bin_counts,
    discrimination,
    group_size,
    upper_and_lower,
)
from quizapp.services.set_practice import item_label

# The class-wide results and the item-analysis arithmetic live in modules of their own;
# their public names are this module's too, so callers import everything from here.
__all__ = [
    "GROUP_SHARE",
    "SCORE_BINS",
    "SCORE_BIN_LABELS",
    "AssignmentLine",
    "AssignmentResults",
    "ClassLearner",
    "ClassResults",
    "ItemMisconception",
    "ItemResult",
    "LearnerResult",
    "MapColumn",
    "MisconceptionMap",
    "assignment_learners",
    "assignment_results",
    "class_results",
    "group_size",
]

#: Misconceptions listed per item, most frequent first.
TOP_MISCONCEPTIONS = 5
#: Decimals to which total scores are compared when ranking (floating-point sums differ
#: by ~1e-16 with the order of their terms).
TIE_DIGITS = 9


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
    """The learners' and the items' figures of ``assignment`` (four SELECTs at most)."""
    data = db.session.execute(
        db.select(SetVersion.data).where(SetVersion.id == assignment.set_version_id)
    ).scalar_one_or_none()
    items = list((data or {}).get("items", []))
    item_ids = [item["id"] for item in items]
    learner_query = assignment_learners(assignment)
    people = db.session.execute(learner_query.order_by(User.display_name, User.id)).all()
    rows = read_assigned_attempts([assignment.id], {user_id for user_id, _name in people})
    once = {assignment.id} if assignment.attempts_policy == "once" else set()
    set_items = set(item_ids)
    cells = {
        (user_id, item_id): cell
        for (_assignment, user_id, item_id), cell in counted_cells(rows, once).items()
        if item_id in set_items
    }

    learners = tuple(_learner_result(uid, name, item_ids, cells) for uid, name in people)
    ranking = _ranking(learners)
    upper, lower = upper_and_lower(ranking)
    mistakes = _item_misconceptions(rows, {i["id"]: i for i in items})
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


def _learner_result(
    user_id: int, name: str, item_ids: list[str], cells: dict[tuple[int, str], CountedCell]
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


def _ranking(learners: tuple[LearnerResult, ...]) -> list[int]:
    """Ids of the learners who attempted anything, highest total first, ties by user id."""
    tried = [result for result in learners if result.attempted]
    # Mean score × items is the total score. Rounded, so that equal totals summed in another
    # order (0.1 + 0.2 against 0.3) are the tie they are, broken by user id as documented.
    tried.sort(key=lambda result: (-round(result.score * result.total, TIE_DIGITS), result.user_id))
    return [result.user_id for result in tried]


def _item_result(
    number: int,
    item: dict[str, Any],
    cells: dict[tuple[int, str], CountedCell],
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
        discrimination=discrimination(
            {user for user, cell in mine.items() if cell.correct}, upper, lower
        ),
        distribution=bin_counts(cell.score for cell in mine.values()),
        misconceptions=mistakes,
    )


class _Diagnosed(NamedTuple):
    """How often one diagnosis was made on one item, and its latest attempt's id."""

    diagnosis: str
    attempts: int
    learners: int
    latest_id: int


def _item_misconceptions(
    rows: list[Row], items: dict[str, dict[str, Any]]
) -> dict[str, tuple[ItemMisconception, ...]]:
    """Per item, its most frequent diagnoses with counts and the latest example: counted
    from the rows, the examples' answers read by id (one SELECT)."""
    attempts: dict[tuple[str, str], int] = defaultdict(int)
    learners: dict[tuple[str, str], set[int]] = defaultdict(set)
    latest: dict[tuple[str, str], tuple[datetime, int]] = {}
    for row in rows:
        if row.diagnosis is None or row.item_id not in items:
            continue
        key = (row.item_id, row.diagnosis)
        attempts[key] += 1
        learners[key].add(row.user_id)
        if key not in latest or (row.created_at, row.id) > latest[key]:
            latest[key] = (row.created_at, row.id)
    by_item: dict[str, list[_Diagnosed]] = defaultdict(list)
    for (item_id, code), count in attempts.items():
        by_item[item_id].append(
            _Diagnosed(code, count, len(learners[item_id, code]), latest[item_id, code][1])
        )
    for found in by_item.values():
        found.sort(key=lambda d: (-d.attempts, -d.learners, d.diagnosis))
        del found[TOP_MISCONCEPTIONS:]
    wanted = [d.latest_id for found in by_item.values() for d in found]
    examples = (
        {
            row.id: row
            for row in db.session.execute(
                db.select(Attempt.id, Attempt.raw_answer, Attempt.seed).where(
                    Attempt.id.in_(wanted)
                )
            )
        }
        if wanted
        else {}
    )
    return {
        item_id: tuple(_misconception(items[item_id], d, examples[d.latest_id]) for d in found)
        for item_id, found in by_item.items()
    }


def _misconception(item: dict[str, Any], found: _Diagnosed, example) -> ItemMisconception:
    return ItemMisconception(
        code=found.diagnosis,
        label=labels.item_label(item, found.diagnosis),
        description=labels.item_description(item, found.diagnosis, example.seed),
        attempts=found.attempts,
        learners=found.learners,
        example=example.raw_answer,
    )
