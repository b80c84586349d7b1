"""Mastery levels per question type and per topic, from a learner's recent attempts.

The rule, in full:

* **Per question type**, look at the type's last ``WINDOW`` (5) attempts, newest by
  ``created_at``. Its *score* is the mean of their scores (each 0..1, so partial credit
  counts partly).
* **Level of a type**:

  - "not started": no attempts at all;
  - "learning": score < 0.5;
  - "practising": 0.5 ≤ score < 0.8, or score ≥ 0.8 with fewer than 3 right answers
    among those last 5 (one lucky answer is not mastery);
  - "mastered": score ≥ 0.8 **and** at least 3 of those last 5 answers right.

* **Per topic**, the score is the mean over the topic's practised types, each weighted by
  how many attempts it has in its window — which is the same as the mean score of all the
  attempts in those windows. The topic's level follows the same thresholds, and "mastered"
  needs at least 3 right answers across those windows.

Only recent attempts count, so a level rises as the learner improves and falls again if
they start getting a type wrong; old mistakes stop mattering after five newer answers.
Self-assessed "explain" answers count like any other: the learner ticked the key points
they made, and the grade already reflects that.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, NamedTuple

#: How many of a type's most recent attempts decide its mastery.
WINDOW = 5
#: Score from which a type counts as "practising" rather than "learning".
PRACTISING_FROM = 0.5
#: Score from which a type can count as "mastered".
MASTERED_FROM = 0.8
#: Right answers needed among the window's attempts for "mastered".
MASTERED_MIN_RIGHT = 3

MASTERY_RULE_TEXT = (
    "Mastery looks at your last 5 answers to each kind of question, so it follows how you "
    "are doing now, not how you started. Their average score (partly right answers count "
    "partly) sets the level: below 50 % is “learning”, from 50 % up to 80 % is "
    "“practising”, and 80 % or more with at least 3 of those 5 answers right is "
    "“mastered”. A topic's score is the average of all those recent answers across the "
    "kinds of question you have tried in it, and the same thresholds give its level. "
    "Topics you have not tried yet are “not started”."
)


class MasteryLevel(StrEnum):
    """How well a learner knows a question type or a topic; the value is the label shown."""

    NOT_STARTED = "not started"
    LEARNING = "learning"
    PRACTISING = "practising"
    MASTERED = "mastered"

    @property
    def slug(self) -> str:
        """A token for class names and ids, e.g. ``not-started``."""
        return self.value.replace(" ", "-")


def as_utc(moment: datetime, name: str = "datetime") -> datetime:
    """``moment`` converted to UTC; a naive datetime is refused, since its zone is unknown."""
    if type(moment) is datetime and moment.tzinfo is UTC:
        return moment  # already UTC, as every stored timestamp reads back (the common case)
    if not isinstance(moment, datetime):
        raise TypeError(f"{name} must be a datetime, got {type(moment).__name__}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(
            f"{name} {moment.isoformat()} is naive; pass a timezone-aware datetime in UTC, "
            "e.g. datetime.now(UTC)"
        )
    return moment.astimezone(UTC)


@dataclass(frozen=True)
class AttemptRecord:
    """One graded answer, as the progress functions need it (no database row, no Flask)."""

    type_id: str
    topic: str
    correct: bool
    score: float
    diagnosis: str | None
    hints_used: int
    time_taken_ms: int | None
    created_at: datetime
    self_assessed: bool = False

    def __post_init__(self) -> None:
        if not self.type_id:
            raise ValueError("type_id must be a non-empty question type id")
        if not self.topic:
            raise ValueError(f"topic of an attempt at {self.type_id!r} must not be empty")
        if not (isinstance(self.score, int | float) and 0.0 <= self.score <= 1.0):
            raise ValueError(f"score must be a number from 0 to 1, got {self.score!r}")
        if self.hints_used < 0:
            raise ValueError(f"hints_used must be 0 or more, got {self.hints_used!r}")
        if self.time_taken_ms is not None and self.time_taken_ms < 0:
            raise ValueError(f"time_taken_ms must be None or 0 or more, got {self.time_taken_ms}")
        # Frozen, so normalise through object.__setattr__: every record holds UTC.
        object.__setattr__(self, "created_at", as_utc(self.created_at, "created_at"))

    @classmethod
    def from_row(cls, row: Any, *, topic: str) -> AttemptRecord:
        """A record from any object with an attempt's attributes (e.g. an ORM row).

        ``topic`` comes from the question registry, since attempts store only the type id.
        ``row.self_assessed`` may be a bool or the list of key points the learner claimed.

        The dashboard makes 500 of these per page, so the fields are filled in directly and
        checked by the same ``__post_init__``: a frozen dataclass's generated ``__init__``
        sets each field through ``object.__setattr__``, which made this 2.5 times slower.
        """
        record = object.__new__(cls)
        record.__dict__.update(
            type_id=row.type_id,
            topic=topic,
            correct=bool(row.correct),
            score=float(row.score),
            diagnosis=row.diagnosis,
            hints_used=int(row.hints_used or 0),
            time_taken_ms=row.time_taken_ms,
            created_at=row.created_at,
            self_assessed=bool(getattr(row, "self_assessed", False)),
        )
        record.__post_init__()
        return record


@dataclass(frozen=True)
class TypeMastery:
    """Mastery of one question type: its level and what it rests on."""

    type_id: str
    topic: str
    level: MasteryLevel
    score: float  # mean score of the recent window, 0..1
    attempts: int  # all attempts at this type, ever
    recent: int  # attempts in the window (≤ WINDOW)
    recent_correct: int  # right answers in the window
    last_attempt_at: datetime


@dataclass(frozen=True)
class TopicMastery:
    """Mastery of one topic, over the question types practised in it."""

    topic: str
    title: str
    level: MasteryLevel
    score: float  # 0..1; 0.0 when not started
    attempts: int  # all attempts in this topic, ever
    recent_correct: int  # right answers across the practised types' windows
    types_practised: tuple[str, ...]


def level_for(score: float, recent_correct: int, recent: int) -> MasteryLevel:
    """The level that a window of ``recent`` attempts with this mean score and right count earns."""
    if recent == 0:
        return MasteryLevel.NOT_STARTED
    if score >= MASTERED_FROM and recent_correct >= MASTERED_MIN_RIGHT:
        return MasteryLevel.MASTERED
    if score >= PRACTISING_FROM:
        return MasteryLevel.PRACTISING
    return MasteryLevel.LEARNING


def _mean(values: list[float]) -> float:
    # Rounded so that a window of scores of exactly 0.8 is not 0.7999999999999999.
    return round(math.fsum(values) / len(values), 12)


def _histories(attempts: Iterable[AttemptRecord]) -> dict[str, list[AttemptRecord]]:
    """Each type's attempts, oldest first (ties keep their given order)."""
    by_type: dict[str, list[AttemptRecord]] = defaultdict(list)
    for attempt in sorted(attempts, key=lambda a: a.created_at):
        by_type[attempt.type_id].append(attempt)
    return by_type


class TypeWindow(NamedTuple):
    """What mastery needs of one type's history: its topic (that of its latest attempt),
    how many attempts it has, its last WINDOW attempts as (correct, score) oldest first,
    and when the latest was made."""

    topic: str
    attempts: int
    window: list[tuple[bool, float]]
    last_attempt_at: datetime


def type_windows(attempts: Iterable[AttemptRecord]) -> dict[str, TypeWindow]:
    """Each type's ``TypeWindow``, from its attempts (newest by ``created_at``)."""
    return {
        type_id: TypeWindow(
            history[-1].topic,
            len(history),
            [(a.correct, a.score) for a in history[-WINDOW:]],
            history[-1].created_at,
        )
        for type_id, history in _histories(attempts).items()
    }


def type_mastery(attempts: Iterable[AttemptRecord]) -> dict[str, TypeMastery]:
    """Mastery of every question type that has attempts, keyed by type id (sorted by id).

    Types without attempts are absent; their level is ``MasteryLevel.NOT_STARTED``.
    """
    return type_mastery_of_windows(type_windows(attempts))


def type_mastery_of_windows(windows: Mapping[str, TypeWindow]) -> dict[str, TypeMastery]:
    """``type_mastery`` from each type's window, e.g. counted by a caller in one pass."""
    result: dict[str, TypeMastery] = {}
    for type_id, (topic, attempts, window, last_attempt_at) in sorted(windows.items()):
        score = _mean([score for _correct, score in window])
        right = sum(correct for correct, _score in window)
        result[type_id] = TypeMastery(
            type_id=type_id,
            topic=topic,
            level=level_for(score, right, len(window)),
            score=score,
            attempts=attempts,
            recent=len(window),
            recent_correct=right,
            last_attempt_at=last_attempt_at,
        )
    return result


def topic_mastery(
    attempts: Iterable[AttemptRecord], topics: Mapping[str, str]
) -> list[TopicMastery]:
    """Mastery of every topic in ``topics`` (topic id → title), in that order.

    Topics without attempts are "not started". Attempts in a topic missing from ``topics``
    (say, a retired one) still appear, after the others, titled by their id.
    """
    return topic_mastery_of_windows(type_windows(attempts), topics)


def topic_mastery_of_windows(
    windows: Mapping[str, TypeWindow], topics: Mapping[str, str]
) -> list[TopicMastery]:
    """``topic_mastery`` from each type's window, e.g. counted by a caller in one pass."""
    totals: dict[str, int] = defaultdict(int)
    scores: dict[str, list[float]] = defaultdict(list)
    rights: dict[str, int] = defaultdict(int)
    practised: dict[str, set[str]] = defaultdict(set)
    for type_id, (topic, attempts, window, _last) in windows.items():
        # A type belongs to the topic of its latest attempt, as in type_mastery.
        totals[topic] += attempts
        scores[topic].extend(score for _correct, score in window)
        rights[topic] += sum(correct for correct, _score in window)
        practised[topic].add(type_id)

    titles = dict(topics)
    titles.update({topic: topic for topic in sorted(totals) if topic not in titles})
    rows = []
    for topic, title in titles.items():
        window = scores.get(topic, [])
        # Weighting each type's mean by its window size is the plain mean over all windows.
        score = _mean(window) if window else 0.0
        right = rights.get(topic, 0)
        rows.append(
            TopicMastery(
                topic=topic,
                title=title,
                level=level_for(score, right, len(window)),
                score=score,
                attempts=totals.get(topic, 0),
                recent_correct=right,
                types_practised=tuple(sorted(practised.get(topic, ()))),
            )
        )
    return rows
