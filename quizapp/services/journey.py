"""Where a served question came from, so its pages can continue that path.

A question reached from the review queue continues the queue and says how many reviews
remain; one from an interview round leads back to the round and keeps "Interview"
lit in the navigation; one from a set's link leads on to the set's next item, one from a
class assignment to the assignment's; a later try ("Try again") belongs wherever its first
try did.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from quizapp import clock
from quizapp.models import ServedQuestion
from quizapp.services import assignments, interview, review_queue
from quizapp.services.set_practice import SET_ORIGIN, SetPlace, place_of
from quizapp.services.tries import first_served


@dataclass(frozen=True)
class Journey:
    """The path a served question is on."""

    section: str  # the navigation entry to highlight: "practice", "review" or "interview"
    reviews_due: int | None  # from the review queue: how many reviews are due now
    round_id: int | None  # the interview round the question belongs to
    set_place: SetPlace | None = None  # an item of an instructor's set: where in the set
    # An item of a class assignment: where in it, and what its policies allow now.
    assignment_place: assignments.AssignmentPlace | None = None


def journey_of(served: ServedQuestion, now: datetime) -> Journey:
    """The path ``served`` (or the first try of it) is on, at ``now``."""
    first = first_served(served)
    if first.origin == interview.ORIGIN:
        return Journey("interview", None, interview.round_id_of(first.token))
    if first.origin == assignments.ASSIGNMENT_ORIGIN:
        # Due dates follow the app's clock (tests set it), not the caller's ``now``.
        return Journey("", None, None, None, assignments.place_of(first, clock.now()))
    if first.origin == SET_ORIGIN:
        return Journey("", None, None, place_of(first))
    if first.origin == review_queue.REVIEW_ORIGIN and first.user_id is not None:
        return Journey("review", review_queue.reviews_due(first.user_id, now), None)
    return Journey("practice", None, None)
