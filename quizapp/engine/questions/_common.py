"""Helpers shared by question families: realistic numbers, units, common mistakes."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from quizapp.engine.questions.base import Misconception, ParamsError, Tolerance

#: Unit name → logarithm base, and how the unit is said in a prompt.
UNITS: dict[str, float] = {"nats": math.e, "bits": 2.0}
LOG_NAME = {"nats": r"\ln", "bits": r"\log_2"}

CLASS_NAMES = ("dog", "cat", "panda", "bird", "fox", "horse", "owl", "frog", "bear", "deer")


def unit_for(rng: np.random.Generator, difficulty: int) -> str:
    """Easy questions use nats; harder ones ask for bits half of the time."""
    if difficulty == 1:
        return "nats"
    return "bits" if rng.random() < 0.5 else "nats"


def draw_distribution(
    rng: np.random.Generator,
    size: int,
    *,
    decimals: int = 2,
    peak: int | None = None,
    concentration: float = 1.0,
) -> list[float]:
    """A probability vector as a model would print it: ``decimals`` places, all > 0, sum 1.

    With ``peak`` the largest probability is moved to that index, like a model that
    is fairly sure of one class. Rounding is done on integers so the shown numbers
    sum to exactly one.
    """
    total = 10**decimals
    if total < size:
        raise ValueError("not enough resolution for that many classes")
    # Every class gets one unit, the rest is shared by the largest-remainder method.
    shares = (rng.dirichlet(np.full(size, concentration)) * (total - size)).tolist()
    counts = [1 + int(share) for share in shares]
    by_remainder = sorted(range(size), key=lambda i: int(shares[i]) - shares[i])
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    if peak is not None:
        top = max(range(size), key=counts.__getitem__)
        counts[top], counts[peak] = counts[peak], counts[top]
    return [round(c / total, decimals) for c in counts]


def unit_misconceptions(value_nats: float, unit: str) -> list[Misconception]:
    """Answers from the wrong logarithm: log2/log10 where nats are asked, ln where bits are."""
    if unit == "bits":
        return [
            Misconception(
                "natural_log",
                value_nats,
                "You used the natural log, which gives nats; bits need log base 2 "
                "(divide your answer by ln 2).",
            ),
            Misconception(
                "log_base_10",
                value_nats / math.log(10),
                "You used log base 10; bits need log base 2.",
            ),
        ]
    return [
        Misconception(
            "log_base_2",
            value_nats / math.log(2),
            "You used log base 2, which gives bits; nats use the natural log "
            "(multiply your answer by ln 2).",
        ),
        Misconception(
            "log_base_10",
            value_nats / math.log(10),
            "You used log base 10; the natural log (ln) gives nats.",
        ),
    ]


def sign_dropped(answer: float) -> Misconception:
    """The same size with the wrong sign: forgetting the minus in −log p."""
    return Misconception(
        "sign_dropped",
        -answer,
        "The sign is off: log p is negative for p < 1, so the loss −log p is positive.",
    )


def _as_floats(value: Any) -> tuple[float, ...] | str:
    """A misconception's value as a tuple of floats (or its choice id), for comparing."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return (float(value),)
    return tuple(float(v) for v in value)


def keep_distinct(
    misconceptions: Iterable[Misconception],
    answer: float | Sequence[float] | str,
    tolerance: Tolerance,
) -> list[Misconception]:
    """Drop mistakes that cannot be told apart from the answer or from an earlier mistake.

    Also drops mistakes with a non-finite value (nobody types infinity). The
    comparison is the one grading makes, so each kept mistake is recognisable.
    """

    def close(a: tuple[float, ...] | str, b: tuple[float, ...] | str) -> bool:
        if isinstance(a, str) or isinstance(b, str):
            return a == b
        return len(a) == len(b) and all(tolerance.allows(x, y) for x, y in zip(a, b, strict=True))

    target = _as_floats(answer)
    kept: list[Misconception] = []
    seen: list[tuple[float, ...] | str] = []
    for mistake in misconceptions:
        value = _as_floats(mistake.value)
        if not isinstance(value, str) and not all(math.isfinite(v) for v in value):
            continue
        if close(value, target) or any(close(value, other) for other in seen):
            continue
        kept.append(mistake)
        seen.append(value)
    return kept


def require_probability_vector(
    params: dict[str, Any], key: str, *, size: int | None = None
) -> list[float]:
    """Read ``params[key]`` as a probability vector that sums to 1 (within 1e-6)."""
    values = require_numbers(params, key)
    if size is not None and len(values) != size:
        raise ParamsError(f"{key} must have {size} entries; got {len(values)}")
    if len(values) < 2:
        raise ParamsError(f"{key} needs at least two probabilities")
    if any(not 0.0 <= v <= 1.0 for v in values):
        raise ParamsError(f"{key} must hold probabilities between 0 and 1")
    if abs(sum(values) - 1.0) > 1e-6:
        raise ParamsError(f"{key} must sum to 1; it sums to {sum(values):.6g}")
    return values


def require_numbers(params: dict[str, Any], key: str, *, max_len: int = 20) -> list[float]:
    """Read ``params[key]`` as a non-empty list of finite numbers."""
    raw = params.get(key)
    if not isinstance(raw, list | tuple) or not raw:
        raise ParamsError(f"{key} must be a non-empty list of numbers")
    if len(raw) > max_len:
        raise ParamsError(f"{key} may have at most {max_len} entries")
    return [require_number({key: v}, key) for v in raw]


def require_number(
    params: dict[str, Any], key: str, *, low: float = -1e6, high: float = 1e6
) -> float:
    """Read ``params[key]`` as a finite number within [low, high]."""
    raw = params.get(key)
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
        raise ParamsError(f"{key} must be a number; got {raw!r}")
    if not low <= raw <= high:
        raise ParamsError(f"{key} must be between {low:g} and {high:g}; got {raw!r}")
    return float(raw)


def require_choice(
    params: dict[str, Any], key: str, options: Sequence[Any], default: Any = None
) -> Any:
    """Read ``params[key]`` as one of ``options`` (or ``default`` when absent)."""
    raw = params.get(key, default)
    if raw not in options:
        raise ParamsError(f"{key} must be one of {', '.join(map(str, options))}; got {raw!r}")
    return raw


def require_index(params: dict[str, Any], key: str, size: int) -> int:
    """Read ``params[key]`` as a class index in [0, size)."""
    raw = params.get(key)
    if isinstance(raw, bool) or not isinstance(raw, int) or not 0 <= raw < size:
        raise ParamsError(f"{key} must be a class index from 0 to {size - 1}; got {raw!r}")
    return raw
