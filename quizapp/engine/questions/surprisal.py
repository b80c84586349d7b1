"""Surprisal: how unexpected one outcome is, −log p, and the probability behind a loss.

The first step of the chain the first source article walks along (surprisal →
entropy → cross-entropy), with its forest animals. Every answer, every wrong answer
a typical slip produces and every number of the worked solution is computed with the
loss engine from the numbers exactly as the prompt shows them.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from quizapp.engine import losses
from quizapp.engine.numbers import format_input, format_number, relation, shown
from quizapp.engine.questions import _schema as schema
from quizapp.engine.questions._common import (
    CLASS_NAMES,
    LOG_NAME,
    SPOKEN_LOG,
    UNITS,
    finite_mistakes,
    nats,
    require_number,
    require_unit,
    sign_dropped,
    unit_for,
    unit_misconceptions,
)
from quizapp.engine.questions._information import (
    FAMILY,
    explanation,
    num_tex,
    require_name,
    shown_tex,
    step,
    with_article,
)
from quizapp.engine.questions.base import (
    Misconception,
    ParamsError,
    Question,
    QuestionType,
    Tolerance,
    register,
)

_OTHER_UNIT = {"nats": "bits", "bits": "nats"}


@register
class Surprisal(QuestionType):
    """Surprisal −log p of one outcome, in nats or bits (the article's panda)."""

    id = "surprisal"
    title = "Surprisal of an outcome"
    topic = "surprisal"
    family = FAMILY
    PARAMS_SCHEMA = schema.params(
        "The probability of one outcome.",
        {
            "p": schema.number(0.0, 1.0, "The outcome's probability, above 0.", above=True),
            "unit": schema.UNIT,
            "outcome": schema.NAME,
        },
        ("p",),
    )

    def draw_params(self, rng: np.random.Generator, difficulty: int) -> dict[str, Any]:
        if difficulty == 1:
            p = round(int(rng.integers(1, 20)) * 0.05, 2)
        elif difficulty == 2:
            p = int(rng.integers(1, 100)) / 100
        else:  # rare events: 1 in a thousand or ten thousand
            p = int(rng.integers(1, 10)) / 10 ** int(rng.integers(3, 5))
        outcome = str(rng.choice(CLASS_NAMES))
        return {"p": p, "unit": unit_for(rng, difficulty), "outcome": outcome}

    def check_params(self, params: dict[str, Any]) -> dict[str, Any]:
        p = require_number(params, "p", low=0.0, high=1.0)
        if p == 0:
            raise ParamsError("p must be above 0: an impossible outcome has infinite surprisal")
        return {
            "p": p,
            "unit": require_unit(params),
            "outcome": require_name(params, "outcome", ""),
        }

    def build(self, params: dict[str, Any], rng: np.random.Generator, difficulty: int) -> Question:
        p, unit, outcome = params["p"], params["unit"], params["outcome"]
        base, log = UNITS[unit], LOG_NAME[unit]
        answer = float(losses.surprisal(p, base))
        other = _OTHER_UNIT[unit]
        in_other = float(losses.surprisal(p, UNITS[other]))
        tolerance = Tolerance()
        mistakes = finite_mistakes(
            [
                *unit_misconceptions(nats(answer, unit), unit),
                *sign_dropped(answer),
                Misconception(
                    "one_minus_p",
                    float(losses.surprisal(1.0 - p, base)),
                    "You took the log of 1 − p, the chance that the outcome does NOT happen. "
                    "Surprisal is −log p of the outcome itself.",
                ),
                Misconception(
                    "probability_itself",
                    p,
                    "That is the probability itself. Surprisal turns it into −log p, which is "
                    "large when p is small.",
                ),
                Misconception(
                    "forgot_log",
                    1.0 / p,
                    "You computed 1/p but stopped there: surprisal is the logarithm of 1/p, "
                    f"here {SPOKEN_LOG[unit]}(1/{format_input(p)}).",
                ),
            ]
        )
        formula = r" \(-\log p\)" if difficulty == 1 else ""
        if outcome:
            prompt = (
                "On a walk through a forest, the first animal you meet is "
                f"{with_article(outcome)} with "
                f"probability \\(p = {shown_tex(p)}\\). How surprised should you be when it is "
                f"{with_article(outcome)}: what is the surprisal{formula} of that outcome? "
                f"Give it in {unit}."
            )
        else:
            prompt = (
                f"An outcome has probability \\(p = {shown_tex(p)}\\). What is its "
                f"surprisal{formula}? Give it in {unit}."
            )
        return self.question(
            prompt=prompt,
            answer=answer,
            unit=unit,
            tolerance=tolerance,
            misconceptions=mistakes,
            hints=[
                "Surprisal is −log p: rare outcomes (small p) are very surprising, a sure one "
                "(p = 1) not at all.",
                f"{unit.capitalize()} means the logarithm is {SPOKEN_LOG[unit]}.",
                f"Compute \\(-{log} {shown_tex(p)}\\).",
            ],
            explanation=explanation(
                intro=(
                    "Surprisal measures how unexpected a single outcome is: the logarithm of "
                    "one over its probability."
                ),
                steps=[
                    step(
                        f"Use the definition, with \\({log}\\) because the answer is in {unit}.",
                        f"I(x) = -{log} p(x) = {log}\\frac{{1}}{{p(x)}}",
                    ),
                    step(
                        "Put in the probability.",
                        f"I = -{log} {shown_tex(p)} = {log} \\frac{{1}}{{{shown_tex(p)}}} = "
                        f"{num_tex(answer)}",
                    ),
                    step(
                        f"For comparison, in {other} the same surprisal is "
                        f"\\({num_tex(in_other)}\\); changing the base only rescales it "
                        f"(1 nat ≈ {format_number(float(losses.surprisal(math.exp(-1), 2)))} "
                        "bits)."
                    ),
                ],
                answer=answer,
                unit=unit,
                note=(
                    "The curve −log p is 0 at p = 1 and grows without bound as p shrinks: "
                    "that is the penalty a classifier pays for the probability it gave the "
                    "true class."
                ),
                plot=(p, unit, "p"),
            ),
        )


@register
class ProbabilityFromSurprisal(QuestionType):
    """Invert the loss: which probability did the model give the true class?"""

    id = "probability_from_surprisal"
    title = "Probability from a loss value"
    topic = "surprisal"
    family = FAMILY
    PARAMS_SCHEMA = schema.params(
        "A loss (surprisal) to turn back into a probability.",
        {
            "loss": schema.number(0.0, 30.0, "The loss, in the unit below."),
            "unit": schema.UNIT,
            "label": schema.NAME,
        },
        ("loss",),
    )

    _RANGES = {1: (5, 150, 100), 2: (10, 300, 100), 3: (1500, 5000, 1000)}

    def draw_params(self, rng: np.random.Generator, difficulty: int) -> dict[str, Any]:
        low, high, scale = self._RANGES[difficulty]
        unit = unit_for(rng, difficulty)
        if unit == "bits" and difficulty == 3:
            low, high = 2000, 8000
        loss = int(rng.integers(low, high + 1)) / scale
        return {"loss": loss, "unit": unit, "label": str(rng.choice(CLASS_NAMES))}

    def check_params(self, params: dict[str, Any]) -> dict[str, Any]:
        loss = require_number(params, "loss", low=0.0, high=30.0)
        return {
            "loss": loss,
            "unit": require_unit(params),
            "label": require_name(params, "label", ""),
        }

    def build(self, params: dict[str, Any], rng: np.random.Generator, difficulty: int) -> Question:
        loss, unit, label = params["loss"], params["unit"], params["label"]
        base, log = UNITS[unit], LOG_NAME[unit]
        # The engine has no inverse of −log_b p; p = b^(−L) is it, and the check below
        # runs it back through the engine so the solution shows the round trip.
        p = float(np.power(base, -loss))
        check = float(losses.surprisal(p, base))
        answer = 100.0 * p
        tolerance = Tolerance()
        undo = "e^(−L)" if unit == "nats" else "2^(−L)"
        wrong_bases = [
            ("log_base_2", 2.0, f"You used 2^(−L), but the loss is in nats: undo it with {undo}.")
            if unit == "nats"
            else (
                "natural_log",
                math.e,
                f"You used e^(−L), but the loss is in bits: undo it with {undo}.",
            ),
            ("log_base_10", 10.0, f"You used 10^(−L); a loss in {unit} is undone with {undo}."),
        ]
        mistakes = [
            Misconception(
                "fraction_for_percent",
                p,
                "That is the probability as a fraction; the question asks for a percentage "
                "(multiply by 100).",
            ),
            *(
                Misconception(code, 100.0 * float(np.power(b, -loss)), message)
                for code, b, message in wrong_bases
            ),
            Misconception(
                "one_minus_p",
                100.0 * (1.0 - p),
                "That is the probability left for all the other classes, 1 − p. The loss "
                "belongs to the true class's own probability.",
            ),
            Misconception(
                "sign_dropped",
                100.0 * float(np.power(base, loss)),
                "The exponent's sign is off: loss = −log p, so p = b to the power −loss, "
                "which is at most 100 %.",
            ),
        ]
        if loss < 1:
            mistakes.append(
                Misconception(
                    "linear_loss",
                    100.0 * (1.0 - loss),
                    "You treated the loss as 1 − p. Cross-entropy is logarithmic: loss = −log p.",
                )
            )
        mistakes = finite_mistakes(mistakes)
        image = f"a photo of {with_article(label)}" if label else "one image"
        who = f"the {label} class" if label else "the true class"
        b_tex = "e" if unit == "nats" else "2"
        return self.question(
            prompt=(
                f"A classifier's cross-entropy loss on {image} with a one-hot target is "
                f"\\({shown_tex(loss)}\\) {unit}. What probability, in percent, did it give {who}?"
            ),
            answer=answer,
            unit="%",
            answer_format="percent",
            tolerance=tolerance,
            misconceptions=mistakes,
            hints=[
                "With a one-hot label the loss is the surprisal of the true class: L = −log p.",
                f"Undo the logarithm: \\(p = {b_tex}^{{-L}}\\).",
                f"Compute \\({b_tex}^{{-{shown_tex(loss)}}}\\) and multiply by 100.",
            ],
            explanation=explanation(
                intro=(
                    "With a one-hot label only the true class's probability enters the loss, "
                    "so the loss can be turned back into that probability."
                ),
                steps=[
                    step(
                        "The loss is the surprisal of the true class.",
                        f"L = -{log} p \\quad\\Longrightarrow\\quad p = {b_tex}^{{-L}}",
                    ),
                    step(
                        "Put in the loss and convert to a percentage.",
                        f"p = {b_tex}^{{-{shown_tex(loss)}}} = {num_tex(p)} = "
                        f"{num_tex(answer)}\\,\\%",
                    ),
                    step(
                        "Check by running it forward again.",
                        f"-{log} {num_tex(p)} "
                        f"{relation(-math.log(shown(p), base), check)} {num_tex(check)}",
                    ),
                ],
                answer=answer,
                unit="%",
                note=(
                    "A loss of 0 means the model gave the true class 100 %; each extra "
                    f"{'nat' if unit == 'nats' else 'bit'} of loss divides that probability "
                    f"by {'e ≈ ' + format_number(math.e) if unit == 'nats' else '2'}."
                ),
                plot=(p, unit, "p"),
            ),
        )
