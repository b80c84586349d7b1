"""Dashboard and interview statistics over a learner's attempts.

Days are UTC calendar days throughout, so every process and every test agrees on them.
The current time is always passed in (``now``), never read from the clock here.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import NamedTuple

from quizapp.progress.mastery import AttemptRecord, as_utc

#: In an interview round, a right answer slower than this (ms, per question kind) is
#: listed for review: right, but not yet fluent enough for an interview.
INTERVIEW_SLOW_MS: dict[str, int] = {
    "numeric": 90_000,
    "vector": 120_000,
    "choice": 30_000,
    "explain": 60_000,  # the one-minute answer
}
#: The limit for a type whose kind the caller did not give.
DEFAULT_SLOW_MS = INTERVIEW_SLOW_MS["numeric"]


class DayAccuracy(NamedTuple):
    """Answers on one UTC day; ``accuracy`` is None on a day without answers."""

    day: date
    attempts: int
    correct: int
    accuracy: float | None


class Streaks(NamedTuple):
    """Runs of consecutive UTC days with at least one answer."""

    current: int
    longest: int


class MisconceptionCount(NamedTuple):
    """A misconception code, how often it was diagnosed, and the type it showed up in most."""

    code: str
    count: int
    type_id: str


class Summary(NamedTuple):
    """Totals over some attempts; ``accuracy`` and ``mean_score`` are None when there are none."""

    total: int
    correct: int
    accuracy: float | None
    mean_score: float | None


def _today(now: datetime) -> date:
    return as_utc(now, "now").date()


def accuracy_by_day(
    attempts: Iterable[AttemptRecord], days: int = 30, *, now: datetime
) -> list[DayAccuracy]:
    """One row per UTC day for the ``days`` days ending today, oldest first, zero-filled.

    Attempts outside the window (older, or dated after ``now``) are left out.
    """
    tried: Counter[date] = Counter()
    right: Counter[date] = Counter()
    for attempt in attempts:
        day = attempt.created_at.date()
        tried[day] += 1
        right[day] += attempt.correct
    return accuracy_by_day_of_counts(
        {day: (n, right[day]) for day, n in tried.items()}, days, now=now
    )


def accuracy_by_day_of_counts(
    counts: Mapping[date, tuple[int, int]], days: int = 30, *, now: datetime
) -> list[DayAccuracy]:
    """``accuracy_by_day`` from UTC day → (attempts, right answers), counted by the caller
    (the dashboard counts its latest attempts in one pass)."""
    if days < 1:
        raise ValueError(f"days must be 1 or more, got {days!r}")
    today = _today(now)
    first = today - timedelta(days=days - 1)
    rows = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        n, k = counts.get(day, (0, 0))
        rows.append(DayAccuracy(day, n, k, k / n if n else None))
    return rows


def streaks(attempts: Iterable[AttemptRecord], now: datetime) -> Streaks:
    """The current and the longest run of consecutive UTC days with at least one answer.

    The current streak is still alive when today has no answer yet but yesterday had one
    (the learner may practise later today); it counts back from the latest of the two.
    Attempts dated after ``now``'s day are ignored.
    """
    return streaks_of_days({a.created_at.date() for a in attempts}, now)


def streaks_of_days(days: Iterable[date], now: datetime) -> Streaks:
    """``streaks`` from the UTC days that have at least one answer."""
    # Days as ordinals: the run-walking below is integer arithmetic, not timedeltas.
    today = _today(now).toordinal()
    active = {day for day in map(date.toordinal, days) if day <= today}

    longest = 0
    for day in active:
        if day - 1 not in active:  # the first day of a run
            length = 1
            while day + length in active:
                length += 1
            longest = max(longest, length)

    current = 0
    day = today if today in active else today - 1
    while day in active:
        current += 1
        day -= 1
    return Streaks(current, longest)


def top_misconceptions(
    attempts: Iterable[AttemptRecord], limit: int = 5
) -> list[MisconceptionCount]:
    """The ``limit`` most frequent diagnoses, most frequent first (ties by code).

    Each comes with the question type where it was diagnosed most often (ties by type id),
    so the dashboard can link to practising exactly that. Attempts without a diagnosis
    are ignored.
    """
    return top_misconceptions_of_counts(
        ((a.diagnosis, a.type_id, 1) for a in attempts if a.diagnosis is not None), limit
    )


def top_misconceptions_of_counts(
    counts: Iterable[tuple[str, str, int]], limit: int = 5
) -> list[MisconceptionCount]:
    """``top_misconceptions`` from (code, type id, count) triples, counted by the caller
    (the dashboard counts its latest attempts in one pass)."""
    if limit < 0:
        raise ValueError(f"limit must be 0 or more, got {limit!r}")
    by_code: dict[str, Counter[str]] = defaultdict(Counter)
    for code, type_id, count in counts:
        by_code[code][type_id] += count
    rows = [
        MisconceptionCount(
            code,
            sum(types.values()),
            min(types, key=lambda type_id: (-types[type_id], type_id)),
        )
        for code, types in by_code.items()
    ]
    rows.sort(key=lambda row: (-row.count, row.code))
    return rows[:limit]


def summary(attempts: Iterable[AttemptRecord]) -> Summary:
    """Number of attempts, right answers, the share right and the mean score."""
    attempts = list(attempts)
    if not attempts:
        return Summary(0, 0, None, None)
    correct = sum(a.correct for a in attempts)
    mean_score = math.fsum(a.score for a in attempts) / len(attempts)
    return Summary(len(attempts), correct, correct / len(attempts), mean_score)


@dataclass(frozen=True)
class RoundQuestion:
    """One planned question of an interview round and how it went (if it was answered)."""

    position: int  # 1-based, in the planned order
    type_id: str
    answered: bool
    correct: bool
    score: float
    time_taken_ms: int | None
    diagnosis: str | None
    slow: bool  # right, but slower than the interview limit for its kind


@dataclass(frozen=True)
class RoundSummary:
    """The end-of-round summary of interview mode."""

    questions: tuple[RoundQuestion, ...]
    planned: int
    answered: int
    correct: int
    score: float  # sum of the scores, out of ``planned``
    total_time_ms: int  # over the answers whose time is known
    misconceptions: tuple[tuple[str, int], ...]  # (code, count), most frequent first
    review_next: tuple[str, ...]  # type ids: wrong, then unanswered, then slow


def round_summary(
    records: Iterable[AttemptRecord],
    planned_types: Sequence[str],
    *,
    kinds: Mapping[str, str] | None = None,
) -> RoundSummary:
    """Summarise an interview round: score, time per question, misconceptions, what to review.

    ``planned_types`` lists the round's question types in order (a type may repeat);
    ``records`` are the round's answers, matched to the plan in time order. ``kinds`` maps
    type id → kind ("numeric", "choice", …) to pick the slowness limit from
    ``INTERVIEW_SLOW_MS``; types without a kind use ``DEFAULT_SLOW_MS``.

    What to review next lists each type once: first those answered wrong, then those not
    answered (both in the planned order), then those right but slow, slowest first.
    """
    kinds = kinds or {}
    queues: dict[str, list[AttemptRecord]] = defaultdict(list)
    for record in sorted(records, key=lambda r: r.created_at):
        queues[record.type_id].append(record)
    unplanned = sorted(set(queues) - set(planned_types))
    if unplanned:
        raise ValueError(f"answers to types not in the round's plan: {', '.join(unplanned)}")

    questions = []
    for position, type_id in enumerate(planned_types, start=1):
        queue = queues[type_id]
        record = queue.pop(0) if queue else None
        questions.append(_round_question(position, type_id, record, kinds))
    extra = sorted(type_id for type_id, queue in queues.items() if queue)
    if extra:
        raise ValueError(f"more answers than planned questions for: {', '.join(extra)}")

    answered = [q for q in questions if q.answered]
    wrong = [q.type_id for q in answered if not q.correct]
    skipped = [q.type_id for q in questions if not q.answered]
    slow = [q.type_id for q in sorted(answered, key=lambda q: -(q.time_taken_ms or 0)) if q.slow]
    diagnoses = Counter(q.diagnosis for q in answered if q.diagnosis is not None)
    return RoundSummary(
        questions=tuple(questions),
        planned=len(questions),
        answered=len(answered),
        correct=sum(q.correct for q in answered),
        score=math.fsum(q.score for q in answered),
        total_time_ms=sum(q.time_taken_ms or 0 for q in answered),
        # Counter.most_common keeps first-seen order among equal counts.
        misconceptions=tuple(diagnoses.most_common()),
        review_next=tuple(dict.fromkeys(wrong + skipped + slow)),
    )


def _round_question(
    position: int, type_id: str, record: AttemptRecord | None, kinds: Mapping[str, str]
) -> RoundQuestion:
    if record is None:
        return RoundQuestion(position, type_id, False, False, 0.0, None, None, False)
    limit = INTERVIEW_SLOW_MS.get(kinds.get(type_id, ""), DEFAULT_SLOW_MS)
    slow = record.correct and record.time_taken_ms is not None and record.time_taken_ms > limit
    return RoundQuestion(
        position,
        type_id,
        True,
        record.correct,
        record.score,
        record.time_taken_ms,
        record.diagnosis,
        slow,
    )
