"""One pass over a learner's latest attempts, counting what the dashboard shows.

The dashboard used to turn each of its 500 rows into an ``AttemptRecord`` and give all of
them to each statistic in turn; that cost most of the page. This pass reads each row
once and keeps only counts (per day, per misconception, per type) and each type's last
``WINDOW`` attempts, which the same pure functions then turn into the page's figures:
the counts through their ``…_of_counts`` forms, the windows as records.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from operator import itemgetter

from quizapp.progress.mastery import WINDOW, AttemptRecord
from quizapp.progress.stats import Summary


@dataclass(frozen=True)
class Tally:
    """What the dashboard needs of some attempts, counted."""

    windows: list[AttemptRecord]  # each type's last WINDOW attempts, as mastery takes them
    type_counts: dict[str, int]  # attempts at each type
    days: dict[date, tuple[int, int]]  # UTC day → (attempts, right answers)
    mistakes: list[tuple[str, str, int]]  # (code, type id, count)
    summary: Summary


_BY_TIME = itemgetter(0)


def tally(
    rows: Iterable[tuple[str, bool, float, str | None, datetime]],
    topic_of: Callable[[str], str],
) -> Tally:
    """Count ``rows`` of (type id, correct, score, diagnosis, created_at in UTC), newest
    first; ``topic_of`` gives a type's topic."""
    histories: dict[str, list[tuple[datetime, bool, float]]] = {}
    days: dict[date, list[int]] = {}
    mistakes: dict[tuple[str, str], int] = {}
    scores: list[float] = []
    right = 0
    for type_id, correct, score, diagnosis, created_at in rows:
        correct = bool(correct)
        scores.append(score)
        right += correct
        history = histories.get(type_id)
        if history is None:
            histories[type_id] = [(created_at, correct, score)]
        else:
            history.append((created_at, correct, score))
        day = created_at.date()
        counts = days.get(day)
        if counts is None:
            days[day] = [1, int(correct)]
        else:
            counts[0] += 1
            counts[1] += correct
        if diagnosis is not None:
            key = (diagnosis, type_id)
            mistakes[key] = mistakes.get(key, 0) + 1
    windows = []
    for type_id, history in histories.items():
        topic = topic_of(type_id)
        # Oldest first, as mastery sorts a history: a stable sort of the newest-first rows,
        # so of two attempts made at the same moment the window keeps the same ones.
        for created_at, correct, score in sorted(history, key=_BY_TIME)[-WINDOW:]:
            windows.append(AttemptRecord(type_id, topic, correct, score, None, 0, None, created_at))
    total = len(scores)
    return Tally(
        windows=windows,
        type_counts={type_id: len(history) for type_id, history in histories.items()},
        days={day: (n, k) for day, (n, k) in days.items()},
        mistakes=[(code, type_id, n) for (code, type_id), n in mistakes.items()],
        summary=(
            Summary(total, right, right / total, math.fsum(scores) / total)
            if total
            else Summary(0, 0, None, None)
        ),
    )
