"""One pass over a learner's latest attempts, counting what the dashboard shows.

The dashboard used to turn each of its 500 rows into an ``AttemptRecord`` and give all of
them to each statistic in turn; that cost most of the page. This pass reads each row
once and keeps only counts (per day, per misconception, per type) and each type's last
``WINDOW`` attempts, which the same pure functions then turn into the page's figures
through their ``…_of_counts`` and ``…_of_windows`` forms.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from operator import itemgetter
from typing import Any

from quizapp.progress.mastery import WINDOW, TypeWindow
from quizapp.progress.stats import Summary


@dataclass(frozen=True)
class Tally:
    """What the dashboard needs of some attempts, counted."""

    windows: dict[str, TypeWindow]  # per type id, for mastery
    days: dict[date, tuple[int, int]]  # UTC day → (attempts, right answers)
    mistakes: list[tuple[str, str, int]]  # (code, type id, count)
    summary: Summary


_BY_TIME = itemgetter(0)


def tally(
    rows: Iterable[tuple[str, bool, float, str | None, date, Any]],
    topic_of: Callable[[str], str],
    read_stamp: Callable[[Any], datetime],
) -> Tally:
    """Count ``rows`` of (type id, correct, score, diagnosis, UTC day, stamp), newest first.

    A stamp is when the attempt was made, in any form that sorts in time (the database's
    own, unconverted); ``read_stamp`` turns one into a UTC datetime, needed only for each
    type's latest attempt. ``topic_of`` gives a type's topic.
    """
    histories: dict[str, list[tuple[Any, bool, float]]] = {}
    days: dict[date, list[int]] = {}
    mistakes: dict[tuple[str, str], int] = {}
    scores: list[float] = []
    right = 0
    for type_id, correct, score, diagnosis, day, stamp in rows:
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
    return Tally(
        windows=windows,
        days={day: (n, k) for day, (n, k) in days.items()},
        mistakes=[(code, type_id, n) for (code, type_id), n in mistakes.items()],
        summary=(
            Summary(total, right, right / total, math.fsum(scores) / total)
            if total
            else Summary(0, 0, None, None)
        ),
    )
