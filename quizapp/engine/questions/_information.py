"""Helpers of the information family: LaTeX numbers, worked-solution steps, named outcomes.

The surprisal, entropy and divergence questions share the "information" worked-solution
template, so they build their explanations through ``explanation`` and ``step`` here.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from quizapp.engine import losses
from quizapp.engine.numbers import format_input, tex_input, tex_number
from quizapp.engine.questions._common import CLASS_NAMES, require_probability_vector
from quizapp.engine.questions.base import ParamsError

FAMILY = "information"
MAX_OUTCOMES = len(CLASS_NAMES)


def num_tex(value: float) -> str:
    """A computed number for LaTeX: an ASCII minus, and 1.101 × 10⁻⁵ rather than 1.101e−5."""
    return tex_number(value)


def shown_tex(value: float) -> str:
    """An input number for LaTeX, as the prompt shows it."""
    return tex_input(value)


def step(say: str, math_tex: str = "", table: dict[str, list] | None = None) -> dict[str, Any]:
    """One step of a worked solution: prose, an optional formula, an optional table."""
    return {"say": say, "math": math_tex, "table": table}


def explanation(
    intro: str,
    steps: list[dict[str, Any]],
    answer: float,
    unit: str,
    note: str,
    plot: tuple[float, str, str] | None = None,
) -> dict[str, Any]:
    """The explanation dict the information template reads (plot: p, its unit, its label)."""
    plot_p, plot_unit, plot_label = plot if plot is not None else (None, unit, "p")
    return {
        "intro": intro,
        "steps": steps,
        "answer": answer,
        "unit": unit,
        "note": note,
        "plot_p": plot_p,
        "plot_unit": plot_unit,
        "plot_label": plot_label,
    }


def require_name(params: dict[str, Any], key: str, default: str) -> str:
    """An optional short label (an animal, a class) shown in the prompt."""
    raw = params.get(key, default)
    if not isinstance(raw, str) or len(raw) > 24 or not all(c.isalpha() or c in " -" for c in raw):
        raise ParamsError(f"{key} must be a short name of letters, spaces or hyphens; got {raw!r}")
    return raw.strip()


def require_outcomes(params: dict[str, Any], size: int) -> list[str]:
    """Names of the outcomes, one per probability (defaults to dog, cat, panda …)."""
    raw = params.get("outcomes")
    if raw is None:
        return list(CLASS_NAMES[:size])
    if not isinstance(raw, list) or len(raw) != size:
        raise ParamsError(f"outcomes must be a list of {size} names, one per probability")
    names = [require_name({"outcomes": name}, "outcomes", "") for name in raw]
    if any(not name for name in names) or len(set(names)) != size:
        raise ParamsError("outcomes must be distinct, non-empty names")
    return names


def require_distribution(params: dict[str, Any], key: str, size: int | None = None) -> list[float]:
    values = require_probability_vector(params, key, size=size)
    if len(values) > MAX_OUTCOMES:
        raise ParamsError(f"{key} may have at most {MAX_OUTCOMES} outcomes; got {len(values)}")
    return values


def with_article(name: str) -> str:
    """The name with its indefinite article: "a panda", "an owl"."""
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


def listing(names: list[str], probs: list[float]) -> str:
    """ "panda 0.2, bird 0.3 and dog 0.5"."""
    parts = [f"{name} {format_input(p)}" for name, p in zip(names, probs, strict=True)]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def with_zero(probs: list[float], decimals: int) -> list[float]:
    """Move the smallest probability onto the largest, leaving one outcome impossible."""
    low, high = int(np.argmin(probs)), int(np.argmax(probs))
    moved = list(probs)
    moved[high] = round(moved[high] + moved[low], decimals)
    moved[low] = 0.0
    return moved


def term_products(
    weights: list[float], probs: list[float], base: float, surprisals: list[float] | None = None
) -> list[float]:
    """w_i · (−log q_i), with 0 · (−log q) = 0 whatever q is.

    ``surprisals`` are the −log q_i when the caller already has them from the engine.
    """
    if surprisals is None:
        surprisals = losses.surprisal(probs, base).tolist()
    return [w * s if w > 0 else 0.0 for w, s in zip(weights, surprisals, strict=True)]
