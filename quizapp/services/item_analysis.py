"""Item analysis of a test, as plain arithmetic: the upper and lower groups, the
discrimination index D and the score bins (no database; ``class_results`` feeds it).

- ``n = max(1, round(0.27·N))`` learners in each of the upper and lower groups of a ranking
  of N, halves rounded up; no groups (and no D) below 2 learners.
- ``D = p_upper − p_lower``, ``p`` the share of a group whose answer to the item is right.
- Score bins: exactly 0, between 0 and ½, from ½ up to 1, exactly 1.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterable, Sequence

#: Share of the ranked learners in each of the upper and lower groups of the index D.
GROUP_SHARE = 0.27
#: (label, test) of each bin of the score distribution, in order; every score is in one.
SCORE_BINS: tuple[tuple[str, Callable[[float], bool]], ...] = (
    ("0", lambda s: s <= 0),
    ("0–0.5", lambda s: 0 < s < 0.5),
    ("0.5–1", lambda s: 0.5 <= s < 1),
    ("1", lambda s: s >= 1),
)
#: The bins' labels alone (for pages and exports).
SCORE_BIN_LABELS: tuple[str, ...] = tuple(label for label, _test in SCORE_BINS)


def group_size(ranked: int) -> int | None:
    """n of the upper and lower groups for ``ranked`` learners: max(1, round(0.27·N)), halves
    rounded up; None below 2 learners, where there is nothing to compare."""
    if ranked < 2:
        return None
    return max(1, math.floor(GROUP_SHARE * ranked + 0.5))


def upper_and_lower(ranking: Sequence[int]) -> tuple[list[int], list[int]]:
    """The first and last n of ``ranking`` (best first); both empty when it is too short.

    n ≤ N/2 for every N ≥ 2, so the groups never share a learner.
    """
    size = group_size(len(ranking))
    if size is None:
        return [], []
    return list(ranking[:size]), list(ranking[-size:])


def discrimination(
    right: Collection[int], upper: Sequence[int], lower: Sequence[int]
) -> float | None:
    """p_upper − p_lower, where p is the share of a group in ``right`` (None without groups)."""
    if not upper or not lower:
        return None

    def share(group: Sequence[int]) -> float:
        return sum(1 for user in group if user in right) / len(group)

    return share(upper) - share(lower)


def bin_counts(scores: Iterable[float]) -> tuple[int, ...]:
    """How many of ``scores`` fall in each bin of :data:`SCORE_BINS`."""
    counts = [0] * len(SCORE_BINS)
    for score in scores:
        counts[next(n for n, (_label, test) in enumerate(SCORE_BINS) if test(score))] += 1
    return tuple(counts)
