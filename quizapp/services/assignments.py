"""Class assignments: giving a published set version to a class, and a learner's progress.

An assignment's items are served like a set's (``set_practice.serve_item``) with the
assignment's id on the served row, which ``practice.submit_answer`` copies onto the
attempt: results are computed from attempts with that id. Under the "once" policy a
learner gets one attempt per item (``assignment_policy`` refuses a second where answers
are recorded, and serving refuses a new draw); under "practice" every attempt counts
and the best score per item is the item's score.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import and_, exists, func

from quizapp.extensions import db
from quizapp.models import Attempt, ServedQuestion, User
from quizapp.models.assignment import (
    ATTEMPT_POLICIES,
    MAX_DUE_YEAR,
    MAX_TITLE_CHARS,
    SOLUTION_TIMES,
    Assignment,
    AssignmentRecipient,
)
from quizapp.models.classroom import Class, ClassMember
from quizapp.models.question_set import QuestionSet, SetVersion
from quizapp.services import audit
from quizapp.services.assignment_policy import (
    ONCE_REFUSAL,
    AttemptRefused,
    has_answered,
)
from quizapp.services.audit import Actor
from quizapp.services.classes import manages
from quizapp.services.practice import Owner
from quizapp.services.set_practice import ItemUnavailable, item_label, serve_item

#: served_question.origin of an item served through an assignment.
ASSIGNMENT_ORIGIN = "assignment"
MAX_REMEDIAL_CODE_CHARS = 60

__all__ = [
    "ASSIGNMENT_ORIGIN",
    "AssignmentError",
    "AssignmentLine",
    "AssignmentPlace",
    "AttemptRefused",
    "ItemProgress",
    "ItemUnavailable",
    "assignments_for_learner",
    "assignments_of_class",
    "create_assignment",
    "find_assignment",
    "is_for",
    "item_progress",
    "may_preview",
    "next_item_id",
    "place_of",
    "serve_assignment_item",
]


class AssignmentError(ValueError):
    """An assignment that cannot be made or opened as asked; the message says why."""


@dataclass(frozen=True)
class AssignmentLine:
    """One assignment on a learner's dashboard, with their progress on it."""

    assignment: Assignment
    class_name: str
    item_count: int
    attempted: int  # items with at least one recorded attempt
    points: float  # the sum over items of the best score (0..1 each)
    overdue: bool  # past its due date and not every item answered

    @property
    def due_at(self) -> datetime | None:
        """When it is due (UTC), if it has a due date."""
        return self.assignment.due_at

    @property
    def score(self) -> float:
        """The score so far, 0..1: best score per item, unanswered items counting 0."""
        return self.points / self.item_count if self.item_count else 0.0

    @property
    def complete(self) -> bool:
        """Whether every item has a recorded attempt."""
        return self.attempted >= self.item_count


@dataclass(frozen=True)
class ItemProgress:
    """One item of an assignment with one learner's attempts at it."""

    id: str
    number: int
    title: str
    kind: str
    attempts: int
    best_score: float | None  # None: not attempted
    correct: bool  # some attempt was right

    @property
    def attempted(self) -> bool:
        """Whether the learner has answered it at least once."""
        return self.attempts > 0


@dataclass(frozen=True)
class AssignmentPlace:
    """Where a question served through an assignment sits, for its question/feedback pages."""

    assignment_id: int
    title: str
    item_id: str
    number: int  # 1-based
    count: int
    has_next: bool
    once: bool  # one attempt per item: no "try again", no new numbers
    solutions_visible: bool  # at the time the page is made
    due_at: datetime | None


# --- Making assignments -----------------------------------------------------------------------


def create_assignment(
    klass: Class,
    version: SetVersion,
    *,
    creator: User,
    title: str | None = None,
    due_at: datetime | None = None,
    attempts_policy: str = "practice",
    solutions: str = "immediately",
    recipients: Iterable[User | int] | None = None,
    remedial_code: str | None = None,
    actor: Actor = None,
) -> Assignment:
    """Assign published ``version`` to ``klass`` (or to ``recipients`` among its learners).

    The audit log names ``actor`` as who did it (the command line passes its own), else
    the creator.

    Raises ``AssignmentError`` saying what is wrong: a draft version, a set the creator
    may not use (only its owner, or an admin, may assign it), a class they do not manage,
    an unknown policy, solutions "after the due date" without one, a naive due date, or
    recipients who are not learners of the class.
    """
    if not manages(creator, klass):
        raise AssignmentError("Only the class's instructors can give it assignments.")
    if version.status != "published":
        raise AssignmentError(
            "Only a published version of a set can be assigned; publish the set first."
        )
    qset = db.session.get(QuestionSet, version.set_id)
    if qset is None or not (creator.is_admin or qset.owner_id == creator.id):
        raise AssignmentError("You can assign only your own sets.")
    if attempts_policy not in ATTEMPT_POLICIES:
        raise AssignmentError(
            f"Attempts must be one of {', '.join(ATTEMPT_POLICIES)}, not “{attempts_policy}”."
        )
    if solutions not in SOLUTION_TIMES:
        raise AssignmentError(
            f"Solutions must show {' or '.join(SOLUTION_TIMES)}, not “{solutions}”."
        )
    if due_at is not None and due_at.tzinfo is None:
        raise AssignmentError("The due date needs a time zone.")
    if due_at is not None and due_at.year > MAX_DUE_YEAR:
        raise AssignmentError(f"The due date is too far ahead; give one before {MAX_DUE_YEAR + 1}.")
    if solutions == "after_due" and due_at is None:
        raise AssignmentError(
            "Solutions “after the due date” need a due date: give one, or show solutions "
            "immediately."
        )
    title = (title or "").strip() or str(version.data.get("title") or qset.title)
    if len(title) > MAX_TITLE_CHARS:
        raise AssignmentError(f"Keep the title under {MAX_TITLE_CHARS} characters.")
    if remedial_code is not None and not 0 < len(remedial_code) <= MAX_REMEDIAL_CODE_CHARS:
        raise AssignmentError("The misconception code is empty or too long.")
    recipient_ids = _checked_recipients(klass, recipients)
    assignment = Assignment(
        class_id=klass.id,
        set_version_id=version.id,
        title=title[:MAX_TITLE_CHARS],
        due_at=due_at,
        attempts_policy=attempts_policy,
        solutions=solutions,
        remedial_code=remedial_code,
        created_by=creator.id,
    )
    db.session.add(assignment)
    db.session.flush()
    for user_id in recipient_ids:
        db.session.add(AssignmentRecipient(assignment_id=assignment.id, user_id=user_id))
    audit.record(
        creator if actor is None else actor,
        "assignment.create",
        "class",
        klass.id,
        assignment=assignment.id,
        title=assignment.title,
        set=qset.id,
        version=version.number,
        due_at=due_at.isoformat() if due_at else None,
        **({"recipients": len(recipient_ids)} if recipient_ids else {}),
    )
    db.session.commit()
    return assignment


def _checked_recipients(klass: Class, recipients: Iterable[User | int] | None) -> list[int]:
    """The recipients' ids, all learners of ``klass``; else ``AssignmentError``."""
    if recipients is None:
        return []
    wanted = sorted({r if isinstance(r, int) else r.id for r in recipients})
    if not wanted:
        raise AssignmentError("Choose at least one learner, or assign it to the whole class.")
    learners = set(
        db.session.execute(
            db.select(ClassMember.user_id).where(
                ClassMember.class_id == klass.id,
                ClassMember.role == "learner",
                ClassMember.user_id.in_(wanted),
            )
        ).scalars()
    )
    strangers = [user_id for user_id in wanted if user_id not in learners]
    if strangers:
        raise AssignmentError(
            f"Recipients must be learners of {klass.name}; "
            f"{len(strangers)} of those chosen {'is' if len(strangers) == 1 else 'are'} not."
        )
    return wanted


def assignments_of_class(klass: Class) -> list[tuple[Assignment, int]]:
    """The class's assignments (due soonest first, undated last) with their recipient count
    (0: the whole class), in one query."""
    recipients = (
        db.select(func.count(AssignmentRecipient.id))
        .where(AssignmentRecipient.assignment_id == Assignment.id)
        .scalar_subquery()
    )
    rows = db.session.execute(
        db.select(Assignment, recipients)
        .where(Assignment.class_id == klass.id)
        .order_by(*_due_order())
    )
    return [(assignment, count) for assignment, count in rows]


def _due_order():
    return (Assignment.due_at.is_(None), Assignment.due_at, Assignment.id)


# --- Who an assignment is for -----------------------------------------------------------------


def find_assignment(assignment_id: int) -> Assignment | None:
    """The assignment with this id, if any."""
    return db.session.get(Assignment, assignment_id)


def _for_user(user_id: int):
    """SQL condition: the assignment is for the whole class, or lists ``user_id``."""
    has_recipients = exists().where(AssignmentRecipient.assignment_id == Assignment.id)
    is_recipient = exists().where(
        AssignmentRecipient.assignment_id == Assignment.id,
        AssignmentRecipient.user_id == user_id,
    )
    return ~has_recipients | is_recipient


def _learner_of_its_class(user_id: int):
    """Join condition: ``user_id`` is a learner of the assignment's class."""
    return and_(
        ClassMember.class_id == Assignment.class_id,
        ClassMember.user_id == user_id,
        ClassMember.role == "learner",
    )


def is_for(assignment: Assignment, user: User) -> bool:
    """Whether ``user`` is a learner the assignment is for (a learner of its class, and a
    recipient when it has recipients)."""
    if not getattr(user, "is_authenticated", False):
        return False
    found = db.session.execute(
        db.select(Assignment.id)
        .join(ClassMember, _learner_of_its_class(user.id))
        .where(Assignment.id == assignment.id, _for_user(user.id))
    ).first()
    return found is not None


def may_preview(assignment: Assignment, user: User) -> bool:
    """Whether ``user`` manages the assignment's class (its instructors may look at it)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return manages(user, assignment.klass)


# --- A learner's progress ---------------------------------------------------------------------


def assignments_for_learner(user: User, now: datetime) -> list[AssignmentLine]:
    """The assignments of every class ``user`` is a learner in that are for them, due soonest
    first, each with their progress at ``now`` (two queries, however many there are)."""
    rows = db.session.execute(_learners_assignments(), {"learner_id": user.id}).all()
    if not rows:
        return []
    best = _best_scores(user.id, [assignment.id for assignment, _name, _version in rows])
    lines = []
    for assignment, class_name, version in rows:
        item_ids = [item["id"] for item in version.data.get("items", [])]
        scores = [best[(assignment.id, i)] for i in item_ids if (assignment.id, i) in best]
        complete = len(scores) >= len(item_ids)
        lines.append(
            AssignmentLine(
                assignment=assignment,
                class_name=class_name,
                item_count=len(item_ids),
                attempted=len(scores),
                points=sum(scores),
                overdue=assignment.overdue(now) and not complete,
            )
        )
    return lines


@cache
def _learners_assignments():
    """The statement of ``assignments_for_learner``, built once: every learner's dashboard
    runs it, and building it (three joins, two EXISTS) cost more than running it."""
    learner_id = db.bindparam("learner_id", type_=db.Integer)
    return (
        db.select(Assignment, Class.name, SetVersion)
        .join(Class, Class.id == Assignment.class_id)
        .join(ClassMember, _learner_of_its_class(learner_id))
        .join(SetVersion, SetVersion.id == Assignment.set_version_id)
        .where(_for_user(learner_id))
        .order_by(*_due_order())
    )


def _best_scores(user_id: int, assignment_ids: list[int]) -> dict[tuple[int, str], float]:
    """(assignment id, item id) → the learner's best score there, in one query."""
    rows = db.session.execute(
        db.select(Attempt.assignment_id, Attempt.item_id, func.max(Attempt.score))
        .where(Attempt.user_id == user_id, Attempt.assignment_id.in_(assignment_ids))
        .group_by(Attempt.assignment_id, Attempt.item_id)
    )
    return {(a_id, item_id): float(score) for a_id, item_id, score in rows}


def item_progress(assignment: Assignment, user_id: int | None) -> list[ItemProgress]:
    """The assignment's items with ``user_id``'s attempts at each (one query; none for
    ``None``, an instructor's preview)."""
    stats: dict[str, tuple[int, float, bool]] = {}
    if user_id is not None:
        rows = db.session.execute(
            db.select(
                Attempt.item_id,
                func.count(Attempt.id),
                func.max(Attempt.score),
                func.max(db.case((Attempt.correct, 1), else_=0)),
            )
            .where(Attempt.user_id == user_id, Attempt.assignment_id == assignment.id)
            .group_by(Attempt.item_id)
        )
        stats = {item_id: (n, float(best), bool(right)) for item_id, n, best, right in rows}
    lines = []
    for number, item in enumerate(assignment.version.data.get("items", []), 1):
        count, best, right = stats.get(item["id"], (0, None, False))
        lines.append(
            ItemProgress(
                item["id"], number, item_label(item, number), item["kind"], count, best, right
            )
        )
    return lines


# --- Serving its items ------------------------------------------------------------------------


def serve_assignment_item(assignment: Assignment, item_id: str, owner: Owner) -> ServedQuestion:
    """Serve ``item_id`` of the assignment's version to ``owner``, stamped with its id.

    Under "once", an item already answered is refused (``AttemptRefused``) and one served
    but not answered yet is served again rather than drawn anew. Raises ``ItemUnavailable``
    for an item not in the version and ``AssignmentError`` for a guest.
    """
    if owner.user_id is None:
        raise AssignmentError("Sign in to work on an assignment.")
    version = assignment.version
    if version.item(item_id) is None:
        raise ItemUnavailable(f"This assignment has no item “{item_id[:64]}”.")
    if assignment.attempts_policy == "once":
        if has_answered(assignment.id, item_id, owner.user_id):
            raise AttemptRefused(ONCE_REFUSAL)
        waiting = _open_served(assignment.id, item_id, owner.user_id)
        if waiting is not None:
            return waiting
    return serve_item(
        version, item_id, owner, origin=ASSIGNMENT_ORIGIN, assignment_id=assignment.id
    )


def _open_served(assignment_id: int, item_id: str, user_id: int) -> ServedQuestion | None:
    """A question of this item served to ``user_id`` through the assignment, not answered."""
    return db.session.execute(
        db.select(ServedQuestion)
        .where(
            ServedQuestion.assignment_id == assignment_id,
            ServedQuestion.item_id == item_id,
            ServedQuestion.user_id == user_id,
            ServedQuestion.origin == ASSIGNMENT_ORIGIN,
            ServedQuestion.answered_at.is_(None),
        )
        .order_by(ServedQuestion.id)
        .limit(1)
    ).scalar_one_or_none()


def next_item_id(assignment: Assignment, after_item: str | None, user_id: int) -> str | None:
    """The next item after ``after_item`` the learner may still work on (under "once": not
    answered yet); None after the last."""
    ids = [item["id"] for item in assignment.version.data.get("items", [])]
    start = ids.index(after_item) + 1 if after_item in ids else 0
    # One query for the items answered, not one per item (an assignment may be long).
    done = _answered_items(assignment.id, user_id) if assignment.attempts_policy == "once" else ()
    return next((item_id for item_id in ids[start:] if item_id not in done), None)


def _answered_items(assignment_id: int, user_id: int) -> set[str]:
    """The ids of the items of the assignment ``user_id`` has a recorded attempt at."""
    return set(
        db.session.execute(
            db.select(Attempt.item_id)
            .where(Attempt.assignment_id == assignment_id, Attempt.user_id == user_id)
            .distinct()
        ).scalars()
    )


def place_of(served: ServedQuestion, now: datetime) -> AssignmentPlace | None:
    """Where a question served through an assignment sits, and what its pages may show."""
    if served.assignment_id is None:
        return None
    assignment = find_assignment(served.assignment_id)
    if assignment is None:
        return None
    ids = [item["id"] for item in assignment.version.data.get("items", [])]
    number = ids.index(served.item_id) + 1 if served.item_id in ids else 0
    return AssignmentPlace(
        assignment_id=assignment.id,
        title=assignment.title,
        item_id=served.item_id or "",
        number=number,
        count=len(ids),
        has_next=0 < number < len(ids),
        once=assignment.attempts_policy == "once",
        solutions_visible=assignment.solutions_visible(now),
        due_at=assignment.due_at,
    )
