"""Logits as a network prints them, and the worked softmax both softmax families show.

Shared by the softmax questions (``softmax``) and the gradient questions
(``gradient``): drawing and checking logit vectors, and the steps exponentiate → add
→ divide, with the largest logit subtracted first when it is big.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from quizapp.engine import losses
from quizapp.engine.numbers import relation, shown, tex_input, tex_number, tex_sum, tex_vector
from quizapp.engine.questions._common import CLASS_NAMES, require_numbers
from quizapp.engine.questions.base import ParamsError

_SIZES = {1: 3, 2: 4, 3: 5}
#: From this largest logit on, worked solutions subtract it before exponentiating.
SHIFT_FROM = 10.0


def draw_logits(rng: np.random.Generator, difficulty: int) -> list[float]:
    """Logits as a network prints them; easy ones are positive so every slip is defined."""
    low, high, decimals = {1: (0.1, 3.0, 1), 2: (-3.0, 4.0, 1), 3: (-4.0, 6.0, 2)}[difficulty]
    return [round(float(v), decimals) + 0.0 for v in rng.uniform(low, high, _SIZES[difficulty])]


def check_logits(params: dict[str, Any], limit: float) -> list[float]:
    """Between 2 and 10 logits, each within ±``limit``."""
    logits = require_numbers(params, "logits", max_len=len(CLASS_NAMES))
    if len(logits) < 2:
        raise ParamsError("logits needs at least two entries (one per class)")
    if max(abs(z) for z in logits) > limit:
        raise ParamsError(f"logits must lie between −{limit:g} and {limit:g}")
    return logits


def shifted(values: list[float], shift: float) -> list[float]:
    """z − m without float noise (9.1 − 12.3 shows as −3.2)."""
    return [round(v - shift, 10) + 0.0 for v in values]


def softmax_steps(
    logits: list[float], names: list[str], only: int | None = None
) -> tuple[list[dict[str, str]], list]:
    """Exponentials (after subtracting the largest logit when it is big), their sum, division.

    ``only`` limits the division to the one class the question is about. Returns the steps
    and the softmax probabilities from the engine.
    """
    probs = [float(v) for v in losses.softmax(logits)]
    steps = []
    shift = max(logits) if max(logits) >= SHIFT_FROM else 0.0
    exponents = shifted(logits, shift)
    if shift:
        steps.append(
            {
                "text": (
                    f"Subtract the largest logit, \\(m = {tex_input(shift)}\\), from every logit. "
                    "The softmax does not change, and no exponential overflows."
                ),
                "math": f"z - m = {tex_vector(exponents)}",
            }
        )
    exps = np.exp(exponents)
    total = float(np.sum(exps))
    steps += [
        {
            "text": "Exponentiate each shifted logit." if shift else "Exponentiate each logit.",
            "math": ",\\; ".join(
                f"e^{{{tex_input(e)}}} = {tex_number(float(v))}"
                for e, v in zip(exponents, exps, strict=True)
            ),
        },
        {"text": "Add the exponentials.", "math": f"S = {tex_sum(exps.tolist(), total)}"},
        {
            "text": (
                "Divide each exponential by the sum."
                if only is None
                else f"Divide the exponential of {names[only]} by the sum."
            ),
            "math": ",\\; ".join(
                f"q_\\text{{{n}}} = \\frac{{{tex_number(v)}}}{{{tex_number(total)}}} "
                f"{relation(shown(v) / shown(total), p)} {tex_number(p)}"
                for i, (n, v, p) in enumerate(zip(names, exps.tolist(), probs, strict=True))
                if only is None or i == only
            ),
        },
    ]
    return steps, probs
