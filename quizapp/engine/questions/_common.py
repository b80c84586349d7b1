"""Helpers shared by question families: realistic numbers, units, common mistakes."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from quizapp.engine.questions.base import Misconception, ParamsError

#: Unit name → logarithm base, and how the unit is said in a prompt.
UNITS: dict[str, float] = {"nats": math.e, "bits": 2.0}
LOG_NAME = {"nats": r"\ln", "bits": r"\log_2"}
SPOKEN_LOG = {"nats": "ln", "bits": "log₂"}
#: Decimal places of the probabilities a model prints, by difficulty.
DECIMALS = {1: 2, 2: 2, 3: 3}

CLASS_NAMES = ("dog", "cat", "panda", "bird", "fox", "horse", "owl", "frog", "bear", "deer")


def a_or_an(noun: str) -> str:
    """``noun`` with its indefinite article: "a dog", "an owl"."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def class_names(size: int) -> list[str]:
    """The first ``size`` class names: dog, cat, panda …"""
    return list(CLASS_NAMES[:size])


def complement(p: float) -> float:
    """1 − p without the float noise of the subtraction (1 − 0.7 shows as 0.3)."""
    return round(1.0 - p, 12)


def nats(value: float, unit: str) -> float:
    """A value in ``unit`` back in nats, to derive the wrong-logarithm mistakes."""
    return value * math.log(UNITS[unit])


def unit_for(rng: np.random.Generator, difficulty: int) -> str:
    """Easy questions use nats; harder ones ask for bits half of the time."""
    if difficulty == 1:
        return "nats"
    return "bits" if rng.random() < 0.5 else "nats"


def dirichlet(rng: np.random.Generator, size: int, concentration: float) -> list[float]:
    """``rng.dirichlet(np.full(size, concentration)).tolist()``, drawn the way numpy draws it.

    For α ≥ 0.1 ``Generator.dirichlet`` normalises one ``standard_gamma(α)`` draw per class
    (summed in order, then multiplied by the inverse of the sum). Scalar gamma draws give
    the same numbers from the same stream at a fraction of the cost of the array call,
    which dominates drawing a short vector; ``test_common`` pins the equality.
    """
    if concentration < 0.1:  # numpy switches to a stick-breaking method below 0.1
        return rng.dirichlet(np.full(size, concentration)).tolist()
    gammas = [rng.standard_gamma(concentration) for _ in range(size)]
    total = 0.0
    for value in gammas:
        total += value
    inverse = 1.0 / total
    return [value * inverse for value in gammas]


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
    shares = [share * (total - size) for share in dirichlet(rng, size, concentration)]
    counts = [1 + int(share) for share in shares]
    minus_remainders = [int(share) - share for share in shares]
    by_remainder = sorted(range(size), key=minus_remainders.__getitem__)
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    if peak is not None:
        top = max(range(size), key=counts.__getitem__)
        counts[top], counts[peak] = counts[peak], counts[top]
    # c / total is already the double nearest to the ``decimals``-place number it stands
    # for, so rounding it to ``decimals`` places would give it back unchanged.
    return [c / total for c in counts]


def draw_probability(rng: np.random.Generator, difficulty: int, target: int) -> float:
    """A sigmoid output as a model prints it; hard levels include confident mistakes.

    Most outputs lean towards the target, as a half-trained model's do.
    """
    decimals = DECIMALS[difficulty]
    scale = 10**decimals
    if difficulty == 3 and rng.random() < 0.5:
        edge = int(rng.integers(1, 41))  # 0.001 … 0.040 away from 0 or 1
        count = edge if rng.random() < 0.5 else scale - edge
    else:
        low = {1: 5, 2: 2, 3: 50}[difficulty]
        count = int(rng.integers(low, scale - low + 1))
    p = round(count / scale, decimals)
    leans_right = (p >= 0.5) == (target == 1)
    if not leans_right and rng.random() < 0.6:
        p = complement(p)
    return p


def unit_misconceptions(value_nats: float, unit: str) -> list[Misconception]:
    """Answers from the wrong logarithm: log2/log10 where nats are asked, ln where bits are.

    None for an answer of 0, which every base gives alike.
    """
    if value_nats == 0:
        return []
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


def sign_dropped(answer: float) -> list[Misconception]:
    """The same size with the wrong sign: forgetting the minus in −log p (none for 0)."""
    if answer == 0:
        return []
    return [
        Misconception(
            "sign_dropped",
            -answer,
            "The sign is off: log p is negative for p < 1, so the loss −log p is positive.",
        )
    ]


def _as_floats(value: Any) -> tuple[float, ...] | str:
    """A misconception's value as a tuple of floats (or its choice id), for comparing."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return (float(value),)
    return tuple(float(v) for v in value)


def finite_mistakes(misconceptions: Iterable[Misconception]) -> list[Misconception]:
    """The mistakes worth listing: finite values (nobody types infinity), each listed once.

    Mistakes that give the same number are all kept, so the feedback can name
    each; ``generate`` redraws the params when one cannot be told apart from the
    answer (``base.blurred_mistakes``).
    """
    kept: list[Misconception] = []
    for mistake in misconceptions:
        value = _as_floats(mistake.value)
        if not isinstance(value, str) and not all(math.isfinite(v) for v in value):
            continue
        if mistake not in kept:
            kept.append(mistake)
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
    # An int is always finite, and math.isfinite(10**400) would raise OverflowError: JSON
    # allows such integers, and the range check below compares them exactly.
    finite = isinstance(raw, int) or (isinstance(raw, float) and math.isfinite(raw))
    if isinstance(raw, bool) or not finite:
        raise ParamsError(f"{key} must be a number; got {raw!r}")
    if not low <= raw <= high:
        huge = isinstance(raw, int) and abs(raw) > 10**15
        shown = f"a number with {len(str(abs(raw)))} digits" if huge else repr(raw)
        raise ParamsError(f"{key} must be between {low:g} and {high:g}; got {shown}")
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


def require_unit(params: dict[str, Any]) -> str:
    """The unit asked for: "nats" (default) or "bits"."""
    return require_choice(params, "unit", tuple(UNITS), default="nats")


def require_reduction(params: dict[str, Any]) -> str:
    """How a batch's losses combine: "mean" (default) or "sum"."""
    return require_choice(params, "reduction", ("mean", "sum"), default="mean")


def require_open_probability(params: dict[str, Any], key: str) -> float:
    """A probability strictly between 0 and 1, so that both log p and log(1 − p) are finite."""
    value = require_number(params, key, low=0.0, high=1.0)
    if not 0.0 < value < 1.0:
        raise ParamsError(
            f"{key} must be strictly between 0 and 1 (at 0 or 1 a loss can be infinite); "
            f"got {value!r}"
        )
    return value


def require_binary_target(params: dict[str, Any], key: str = "target") -> int:
    """A 0/1 target (the label of a yes/no question)."""
    raw = params.get(key)
    if isinstance(raw, bool) or raw not in (0, 1):
        raise ParamsError(f"{key} must be 0 or 1; got {raw!r}")
    return int(raw)


def reduced(per_example: np.ndarray, reduction: str) -> float:
    """The engine's "sum" or "mean" of losses it returned with ``reduction="none"``.

    The engine reduces exactly so (a numpy sum, then a division by the count), so a
    question that needs several reductions of one set of losses asks the engine once.
    """
    total = float(per_example.sum())
    return total if reduction == "sum" else total / per_example.size
