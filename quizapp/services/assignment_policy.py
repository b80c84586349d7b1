"""The attempts policy of an assignment, checked where answers are recorded.

A module of its own (models only) so that ``services.practice`` and ``services.tries``
can ask it without importing ``services.assignments``, which imports them.
"""

from __future__ import annotations

from quizapp.extensions import db
from quizapp.models import Attempt, ServedQuestion, User
from quizapp.models.assignment import Assignment

ONCE_REFUSAL = (
    "This assignment allows one attempt per question, and you have answered this one "
    "already: your recorded answer is the one that counts."
)


class AttemptRefused(Exception):
    """The assignment's policy does not allow another attempt; the message says why."""


def allows_one_attempt(assignment_id: int | None) -> bool:
    """Whether the assignment ``assignment_id`` (if any) allows one attempt per item."""
    if assignment_id is None:
        return False
    policy = db.session.execute(
        db.select(Assignment.attempts_policy).where(Assignment.id == assignment_id)
    ).scalar_one_or_none()
    return policy == "once"


def has_answered(assignment_id: int, item_id: str | None, user_id: int | None) -> bool:
    """Whether ``user_id`` has a recorded attempt at ``item_id`` of the assignment."""
    if user_id is None:
        return False
    return (
        db.session.execute(
            db.select(Attempt.id)
            .where(
                Attempt.assignment_id == assignment_id,
                Attempt.user_id == user_id,
                Attempt.item_id == item_id,
            )
            .limit(1)
        ).first()
        is not None
    )


def refuse_second_attempt(served: ServedQuestion) -> None:
    """Raise ``AttemptRefused`` if answering ``served`` would be a second attempt at an item
    of a "once" assignment (e.g. a second question served before the first was answered).

    Two such answers sent at once must not both pass: ``submit_answer`` asks again after
    its claim, inside the write transaction. On PostgreSQL the learner's row is locked
    (FOR UPDATE) until that commit, so the second waits and then sees the first attempt;
    SQLite has one writer at a time, so the second's claim waits for the first's commit.
    """
    if not allows_one_attempt(served.assignment_id):
        return
    if served.user_id is not None:
        db.session.execute(db.select(User.id).where(User.id == served.user_id).with_for_update())
    if has_answered(served.assignment_id, served.item_id, served.user_id):
        raise AttemptRefused(ONCE_REFUSAL)
