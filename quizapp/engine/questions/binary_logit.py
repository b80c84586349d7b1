"""Binary cross-entropy from a logit: the sigmoid first, then the loss of what happened.

A panda detector outputs the value before its sigmoid; the question is the loss
``binary_cross_entropy_with_logits`` computes, and the worked solution shows the
stable log(1 + e^x) form that never rounds σ(z) to 0 or 1.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from quizapp.engine import losses
from quizapp.engine.numbers import tex_input, tex_number
from quizapp.engine.questions import _schema as schema
from quizapp.engine.questions._common import (
    LOG_NAME,
    UNITS,
    complement,
    finite_mistakes,
    nats,
    require_binary_target,
    require_number,
    require_unit,
    sign_dropped,
    unit_for,
    unit_misconceptions,
)
from quizapp.engine.questions.base import Misconception, Question, QuestionType, Tolerance, register
from quizapp.engine.questions.binary import panda_phrase, unit_clause


def _draw_logit(rng: np.random.Generator, difficulty: int) -> tuple[float, int]:
    """A logit and a target; hard levels use large logits, mostly confidently wrong."""
    target = int(rng.integers(2))
    if difficulty == 1:
        z = round(float(rng.uniform(-3.0, 3.0)), 1)
    elif difficulty == 2:
        z = round(float(rng.uniform(-5.0, 5.0)), 2)
    else:
        size = round(float(rng.uniform(6.0, 15.0)), 1)
        wrong = rng.random() < 2 / 3
        sign = 1.0 if (target == 1) != wrong else -1.0
        z = sign * size
    return z + 0.0, target


def _logit_mistakes(z: float, y: int, unit: str, answer: float) -> list[Misconception]:
    """Skipping the sigmoid, the other outcome's term, the wrong log, the sign."""
    base = UNITS[unit]
    mistakes = []
    if 0.0 < z < 1.0:  # only then can the logit pass for a probability
        mistakes.append(
            Misconception(
                "no_sigmoid",
                float(losses.surprisal(z if y == 1 else complement(z), base)),
                "You used the logit itself as the probability. Put it through the sigmoid "
                "first: p = σ(z) = 1 / (1 + e^(−z)).",
            )
        )
    as_log_p = (-z if y == 1 else z) / math.log(base)  # the logit read as log p
    # For a confidently wrong logit −log σ(z) ≈ |z|, the reading the solution itself
    # teaches, so taking the logit for log p is a mistake only where it shows.
    if as_log_p > 0 and Tolerance().separates(as_log_p, answer):
        mistakes.append(
            Misconception(
                "no_sigmoid",
                as_log_p,
                "You treated the logit as if it were already log p. The probability is "
                "σ(z), so the loss is −log σ(z), not −z.",
            )
        )
    other_term = "−log σ(z)" if y == 1 else "−log(1 − σ(z))"
    return [
        *mistakes,
        Misconception(
            "one_minus_p",
            float(losses.binary_cross_entropy(z, 1 - y, from_logits=True, base=base)),
            f"You used the term of the other outcome. With y = {y} the loss is {other_term}.",
        ),
        *unit_misconceptions(nats(answer, unit), unit),
        *sign_dropped(answer),
    ]


def _probability_tex(p: float, complement: float) -> str:
    """A probability as LaTeX; one that rounds to 1.000 as ``1 - 6.808 \\times 10^{-7}``, so
    the loss it gives still shows (−ln 1.000 would read as 0)."""
    return f"1 - {tex_number(complement)}" if tex_number(p) == "1.000" else tex_number(p)


def _logit_steps(z: float, y: int, unit: str, answer: float) -> list[dict[str, str]]:
    """Sigmoid, the surviving term, the stable log(1 + e^x) form, and the large-|z| reading."""
    log = LOG_NAME[unit]
    zt, minus_z = tex_input(z), tex_input(-z + 0.0)
    p_true, p_false = (float(v) for v in losses.sigmoid([z, -z] if y == 1 else [-z, z]))
    p, p_not = (p_true, p_false) if y == 1 else (p_false, p_true)
    prob_of_truth = f"\\sigma({zt})" if y == 1 else f"1 - \\sigma({zt})"
    # −ln σ(z) = ln(1 + e^(−z)) and −ln(1 − σ(z)) = ln(1 + e^z)
    softplus = f"\\ln\\left(1 + e^{{{minus_z if y == 1 else zt}}}\\right)"
    if unit == "bits":
        softplus = f"\\frac{{{softplus}}}{{\\ln 2}}"
    steps = [
        {
            "text": "The sigmoid turns the logit into the probability of “panda”.",
            "math": (
                f"p = \\sigma(z) = \\frac{{1}}{{1 + e^{{-z}}}} = "
                f"\\frac{{1}}{{1 + e^{{{minus_z}}}}} = {_probability_tex(p, p_not)}"
            ),
        },
        {
            "text": (
                f"With \\(y = {y}\\) only one term of binary cross-entropy is left: the log "
                "of the probability given to what happened."
            ),
            "math": (
                f"L = -{log}\\left({prob_of_truth}\\right) = "
                f"-{log}({_probability_tex(p_true, p_false)})"
            ),
        },
        {
            "text": (
                "The same loss in a form that never rounds away: a log of one plus an "
                "exponential, which frameworks compute for any size of logit."
            ),
            "math": f"L = {softplus} = {tex_number(answer)}",
        },
    ]
    if abs(z) >= 5 and p_true < 0.5:
        steps.append(
            {
                "text": (
                    "For a large, confidently wrong logit the 1 in \\(1 + e^{|z|}\\) hardly "
                    "matters, so the loss is close to \\(|z|\\) nats: the model pays in "
                    "proportion to how sure it was."
                ),
                "math": (
                    f"\\ln\\left(1 + e^{{{tex_input(abs(z))}}}\\right) \\approx "
                    f"{tex_input(abs(z))}\\ \\text{{nats}}"
                ),
            }
        )
    return steps


@register
class BinaryCrossEntropyFromLogit(QuestionType):
    """BCE of a raw logit: through the sigmoid first (binary_cross_entropy_with_logits)."""

    id = "bce_from_logit"
    title = "Binary cross-entropy from a logit"
    topic = "binary"
    family = "binary"
    PARAMS_SCHEMA = schema.params(
        "One logit (before the sigmoid) and its 0/1 target.",
        {
            "z": schema.number(-1000.0, 1000.0, "The logit."),
            "target": schema.LABEL,
            "unit": schema.UNIT,
        },
        ("z", "target"),
    )

    def draw_params(self, rng: np.random.Generator, difficulty: int) -> dict[str, Any]:
        z, target = _draw_logit(rng, difficulty)
        return {"z": z, "target": target, "unit": unit_for(rng, difficulty)}

    def check_params(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "z": require_number(params, "z", low=-1000.0, high=1000.0),
            "target": require_binary_target(params),
            "unit": require_unit(params),
        }

    def build(self, params: dict[str, Any], rng: np.random.Generator, difficulty: int) -> Question:
        z, y, unit = params["z"], params["target"], params["unit"]
        answer = float(losses.binary_cross_entropy(z, y, from_logits=True, base=UNITS[unit]))
        p_true = float(losses.sigmoid(z if y == 1 else -z))  # σ(z) for a panda, 1 − σ(z) if not
        tolerance = Tolerance()
        mistakes = finite_mistakes(_logit_mistakes(z, y, unit, answer))
        log = LOG_NAME[unit]
        zt = tex_input(z)
        prob_of_truth = f"\\sigma({zt})" if y == 1 else f"1 - \\sigma({zt})"
        return self.question(
            prompt=(
                "A panda detector outputs a logit (the value before its sigmoid) of "
                f"\\(z = {zt}\\) for a photo, and {panda_phrase(y)} (\\(y = {y}\\)). What is the "
                f"binary cross-entropy loss, computed through the sigmoid? {unit_clause(unit)}"
            ),
            answer=answer,
            unit=unit,
            tolerance=tolerance,
            misconceptions=mistakes,
            hints=[
                "First turn the logit into a probability: \\(p = \\sigma(z) = 1/(1 + e^{-z})\\).",
                f"With \\(y = {y}\\) the loss is \\(-{log}\\,({prob_of_truth})\\).",
                "For a large |z| use \\(-\\ln \\sigma(z) = \\ln(1 + e^{-z})\\), which your "
                "calculator can evaluate without rounding \\(\\sigma(z)\\) to 0 or 1.",
            ],
            explanation={
                "intro": (
                    "A logit is not a probability yet: the sigmoid maps it into (0, 1), and "
                    "binary cross-entropy is taken of that."
                ),
                "steps": _logit_steps(z, y, unit, answer),
                "answer": answer,
                "unit": unit,
                "p_true": p_true,
                "plot_label": "σ(z)" if y == 1 else "1 − σ(z)",
                "note": (
                    "This is what binary_cross_entropy_with_logits in PyTorch computes. Passing "
                    "logits rather than probabilities lets it stay exact for any z."
                ),
            },
        )
