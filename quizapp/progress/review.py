"""Spaced review of question types with FSRS, rated from the graded answer.

Each learner has one FSRS card per question type, stored by the web layer as the JSON text
that :func:`schedule` returns. Learners never rate themselves: :func:`rating_for` turns the
graded result into the FSRS rating —

=====================================================  ==========
graded result                                          rating
=====================================================  ==========
wrong                                                  Again
right, with at least one hint                          Hard
right, no hint, time unknown or not fast               Good
right, no hint, faster than ``FAST_MS[kind]``          Easy
=====================================================  ==========

The scheduler runs without fuzzing, so the same answers at the same times always give the
same due dates (reproducible for learners and for tests), and caps intervals at
``MAXIMUM_INTERVAL_DAYS``: an interview is at most months away, not years.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from fsrs import Card, Rating, Scheduler

from quizapp.progress.mastery import as_utc

#: An answer faster than this many milliseconds, right and without hints, rates Easy.
#: Roughly: the time a confident learner needs to read the question and type the answer.
FAST_MS: dict[str, int] = {
    "numeric": 20_000,  # one number: read, compute in one's head or on paper, type
    "vector": 30_000,  # several numbers to type
    "choice": 8_000,  # read the options and click
    "explain": 45_000,  # a short paragraph, well inside the one-minute answer
}

#: Longest gap between two reviews of a question type.
MAXIMUM_INTERVAL_DAYS = 180

#: The scheduler every function here uses unless given another one.
SCHEDULER = Scheduler(enable_fuzzing=False, maximum_interval=MAXIMUM_INTERVAL_DAYS)


class ReviewCardError(ValueError):
    """A stored review card cannot be read back (not JSON, or not an FSRS card)."""


def rating_for(correct: bool, hints_used: int, time_taken_ms: int | None, kind: str) -> Rating:
    """The FSRS rating a graded answer earns (see the module docstring's table)."""
    if kind not in FAST_MS:
        raise ValueError(f"kind must be one of {', '.join(FAST_MS)}; got {kind!r}")
    if hints_used < 0:
        raise ValueError(f"hints_used must be 0 or more, got {hints_used!r}")
    if time_taken_ms is not None and time_taken_ms < 0:
        raise ValueError(f"time_taken_ms must be None or 0 or more, got {time_taken_ms!r}")
    if not correct:
        return Rating.Again
    if hints_used > 0:
        return Rating.Hard
    if time_taken_ms is not None and time_taken_ms < FAST_MS[kind]:
        return Rating.Easy
    return Rating.Good


def load_card(card_json: str) -> Card:
    """The FSRS card stored as ``card_json``; :class:`ReviewCardError` if it is not one."""
    try:
        card = Card.from_json(card_json)
    except (ValueError, TypeError, KeyError) as exc:
        # json.JSONDecodeError is a ValueError; a missing field is a KeyError.
        raise ReviewCardError(
            f"stored review card is not a valid FSRS card ({type(exc).__name__}: {exc}); "
            "delete it to start the question type's schedule afresh"
        ) from exc
    if card.due.tzinfo is None:
        raise ReviewCardError(f"stored review card has a naive due date {card.due.isoformat()}")
    return card


def schedule(
    card_json: str | None,
    rating: Rating,
    now: datetime,
    *,
    scheduler: Scheduler = SCHEDULER,
) -> tuple[str, datetime]:
    """Review a question type's card with ``rating`` at ``now``: (new card JSON, next due, UTC).

    ``card_json`` is None for a type never reviewed; a new card is created due at ``now``.
    """
    now = as_utc(now, "now")
    if card_json is None:
        # card_id from the given clock, not the wall clock (Card() would read the latter).
        card = Card(card_id=int(now.timestamp() * 1000), due=now)
    else:
        card = load_card(card_json)
    reviewed, _log = scheduler.review_card(card, Rating(rating), review_datetime=now)
    due = as_utc(reviewed.due, "due")
    return reviewed.to_json(), due


def due_at(card_json: str) -> datetime:
    """When the stored card is next due, in UTC."""
    return as_utc(load_card(card_json).due, "due")


def due_types(cards: Mapping[str, str], now: datetime) -> list[str]:
    """Type ids whose card is due at ``now``, most overdue first (ties by type id).

    ``cards`` maps question type id → stored card JSON for one learner.
    """
    now = as_utc(now, "now")
    due = [(due_at(card_json), type_id) for type_id, card_json in cards.items()]
    return [type_id for when, type_id in sorted(due) if when <= now]


def due_count(cards: Mapping[str, str], now: datetime) -> int:
    """How many question types are due for review at ``now``."""
    return len(due_types(cards, now))
