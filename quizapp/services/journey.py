"""Where a served question came from, so its pages can continue that path.

A question reached from the review queue continues the queue and says how many reviews
remain; a later try ("Try again") belongs wherever its first try did.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from quizapp.models import ServedQuestion
from quizapp.services import review_queue
from quizapp.services.tries import first_served


@dataclass(frozen=True)
class Journey:
    """The path a served question is on."""

    section: str  # "practice" or "review"
    reviews_due: int | None  # from the review queue: how many reviews are due now


def journey_of(served: ServedQuestion, now: datetime) -> Journey:
    """The path ``served`` (or the first try of it) is on, at ``now``."""
    first = first_served(served)
    if first.origin == review_queue.REVIEW_ORIGIN and first.user_id is not None:
        return Journey("review", review_queue.reviews_due(first.user_id, now))
    return Journey("practice", None)
