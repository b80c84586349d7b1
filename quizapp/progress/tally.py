"""One pass over a learner's latest attempts, counting what the dashboard shows.

The dashboard used to turn each of its 500 rows into an ``AttemptRecord`` and give all of
them to each statistic in turn; that cost most of the page. This pass reads each row
once and keeps only counts (per day, per misconception, per type) and each type's last
``WINDOW`` attempts, which the same pure functions then turn into the page's figures
through their ``…_of_counts`` and ``…_of_windows`` forms.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from operator import itemgetter
from typing import Any, NamedTuple

from quizapp.progress.mastery import WINDOW, TypeWindow
from quizapp.progress.stats import Summary


@dataclass(frozen=True)
class Tally:
    """What the dashboard needs of some attempts, counted."""

    windows: dict[str, TypeWindow]  # per type id, for mastery
    days: dict[date, tuple[int, int]]  # UTC day → (attempts, right answers)
    mistakes: list[tuple[str, str, int]]  # (code, type id, count)
    summary: Summary


class StampDays(NamedTuple):
    """How to find the UTC day of a stamp cheaply: ``key`` runs on every row and is equal
    for stamps of the same UTC day; ``day`` turns a key into that day, once per key."""

    key: Callable[[Any], Hashable]
    day: Callable[[Any], date]


_BY_TIME = itemgetter(0)


def tally(
    rows: Iterable[tuple[str, bool, float, str | None, Any]],
    topic_of: Callable[[str], str],
    read_stamp: Callable[[Any], datetime],
    stamp_days: StampDays,
) -> Tally:
    """Count ``rows`` of (type id, correct, score, diagnosis, stamp), newest first.

    A stamp is when the attempt was made, in any form that sorts in time (the database's
    own, unconverted); ``read_stamp`` turns one into a UTC datetime, needed only for each
    type's latest attempt, and ``stamp_days`` gives its UTC day. ``topic_of`` gives a
    type's topic.
    """
    histories: dict[str, list[tuple[Any, bool, float]]] = {}
    days: dict[Hashable, list[int]] = {}  # by the stamps' day keys
    mistakes: dict[tuple[str, str], int] = {}
    scores: list[float] = []
    right = 0
    day_key = stamp_days.key
    for type_id, correct, score, diagnosis, stamp in rows:
        day = day_key(stamp)
        correct = bool(correct)
        scores.append(score)
        right += correct
        history = histories.get(type_id)
        if history is None:
            histories[type_id] = [(stamp, correct, score)]
        else:
            history.append((stamp, correct, score))
        counts = days.get(day)
        if counts is None:
            days[day] = [1, int(correct)]
        else:
            counts[0] += 1
            counts[1] += correct
        if diagnosis is not None:
            key = (diagnosis, type_id)
            mistakes[key] = mistakes.get(key, 0) + 1
    windows = {}
    for type_id, history in histories.items():
        # Oldest first, as mastery sorts a history: a stable sort of the newest-first rows,
        # so of two attempts made at the same moment the window keeps the same ones.
        history.sort(key=_BY_TIME)
        windows[type_id] = TypeWindow(
            topic_of(type_id),
            len(history),
            [(correct, score) for _at, correct, score in history[-WINDOW:]],
            read_stamp(history[-1][0]),
        )
    total = len(scores)
    by_day: dict[date, tuple[int, int]] = {}
    for key, (n, k) in days.items():
        day = stamp_days.day(key)
        before = by_day.get(day, (0, 0))  # a day may have several keys: they add up
        by_day[day] = (before[0] + n, before[1] + k)
    return Tally(
        windows=windows,
        days=by_day,
        mistakes=[(code, type_id, n) for (code, type_id), n in mistakes.items()],
        summary=(
            Summary(total, right, right / total, math.fsum(scores) / total)
            if total
            else Summary(0, 0, None, None)
        ),
    )
