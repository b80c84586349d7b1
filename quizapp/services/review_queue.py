"""Practise what is due: spaced reviews served one after another until none is due.

A question served from the queue is marked with its origin, so the pages after it know
to continue the queue ("Next review") and can say how many reviews remain.
"""

from __future__ import annotations

from datetime import datetime

from quizapp.models import ServedQuestion
from quizapp.services import progress
from quizapp.services.practice import Owner, serve_question
from quizapp.services.tries import first_served

#: served_question.origin of a question served from the review queue.
REVIEW_ORIGIN = "review"


def serve_next_review(user_id: int, now: datetime) -> ServedQuestion | None:
    """A fresh question of the most overdue type, at the level last answered; None if none."""
    type_id = progress.most_overdue_type(user_id, now)
    if type_id is None:
        return None
    return serve_question(
        type_id,
        difficulty=progress.last_difficulty(user_id, type_id),
        owner=Owner(user_id=user_id),
        origin=REVIEW_ORIGIN,
    )


def from_review_queue(served: ServedQuestion) -> bool:
    """Whether ``served`` (or the first try of it) was served from the review queue."""
    return served.user_id is not None and first_served(served).origin == REVIEW_ORIGIN


def reviews_due(user_id: int, now: datetime) -> int:
    """How many question types are due for review now (the queue's length)."""
    return progress.due_review_count(user_id, now)


def continue_after(
    previous: ServedQuestion | None, user_id: int | None, now: datetime
) -> ServedQuestion | None:
    """The next review if ``previous`` (the user's own) came from the queue and one is due."""
    if previous is None or user_id is None or previous.user_id != user_id:
        return None
    if not from_review_queue(previous):
        return None
    return serve_next_review(user_id, now)
