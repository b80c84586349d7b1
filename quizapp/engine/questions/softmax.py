"""Softmax: logits to probabilities, and cross-entropy straight from logits.

A classifier's last layer gives logits z; the softmax e^{z_i} / Σ_j e^{z_j} turns them
into probabilities, and cross-entropy is taken of those. Its gradient with respect
to the logits is in ``gradient``. Every number here comes from the loss engine.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from quizapp.engine import losses
from quizapp.engine.numbers import relation, shown, tex_input, tex_number, tex_vector
from quizapp.engine.questions import _schema as schema
from quizapp.engine.questions._common import (
    LOG_NAME,
    UNITS,
    a_or_an,
    class_names,
    finite_mistakes,
    require_index,
    require_unit,
    sign_dropped,
    unit_for,
    unit_misconceptions,
)
from quizapp.engine.questions._logits import (
    SHIFT_FROM,
    check_logits,
    draw_logits,
    shifted,
    softmax_steps,
)
from quizapp.engine.questions.base import Misconception, Question, QuestionType, Tolerance, register


def _linear_shares(logits: list[float]) -> list[float] | None:
    """The no_exp slip, z_i / Σ z_j: only a plausible answer when every logit is ≥ 0."""
    if min(logits) < 0 or sum(logits) <= 0:
        return None
    return [z / math.fsum(logits) for z in logits]


_NO_EXP = (
    "You divided the logits by their sum. The softmax exponentiates first: "
    "q_i = e^(z_i) / Σ_j e^(z_j)."
)
_SIGMOID = (
    "You applied a sigmoid to each logit on its own. The softmax couples the classes: each "
    "exponential is divided by the sum over all of them."
)


@register
class SoftmaxProbability(QuestionType):
    """One class's probability under the softmax of a few logits."""

    id = "softmax_probability"
    title = "Softmax probability of one class"
    topic = "softmax"
    family = "softmax"
    PARAMS_SCHEMA = schema.params(
        "Logits and the class whose softmax probability is asked.",
        {"logits": schema.logits(50.0), "k": schema.index("The class asked about.")},
        ("logits", "k"),
    )

    def draw_params(self, rng: np.random.Generator, difficulty: int) -> dict[str, Any]:
        logits = draw_logits(rng, difficulty)
        return {"logits": logits, "k": int(rng.integers(len(logits)))}

    def check_params(self, params: dict[str, Any]) -> dict[str, Any]:
        logits = check_logits(params, 50.0)
        return {"logits": logits, "k": require_index(params, "k", len(logits))}

    def build(self, params: dict[str, Any], rng: np.random.Generator, difficulty: int) -> Question:
        logits, k = params["logits"], params["k"]
        names = class_names(len(logits))
        steps, probs = softmax_steps(logits, names, only=k)
        answer = probs[k]
        linear = _linear_shares(logits)
        candidates = [Misconception("no_exp", linear[k], _NO_EXP)] if linear else []
        candidates += [
            Misconception(
                "wrong_class",
                p,
                f"That is the probability of {names[j]}; the question asks about {names[k]}.",
            )
            for j, p in enumerate(probs)
            if j != k
        ]
        candidates.append(
            Misconception("sigmoid_not_softmax", float(losses.sigmoid(logits[k])), _SIGMOID)
        )
        tolerance = Tolerance()
        return self.question(
            prompt=(
                f"A classifier's last layer outputs the logits \\(z = {tex_vector(logits)}\\) "
                f"for the classes [{', '.join(names)}]. What probability does the softmax give "
                f"to {names[k]}? Give a number between 0 and 1."
            ),
            answer=answer,
            tolerance=tolerance,
            misconceptions=finite_mistakes(candidates),
            hints=[
                "Softmax: \\(q_k = e^{z_k} / \\sum_j e^{z_j}\\).",
                "Exponentiate every logit, then add the exponentials up.",
                f"Divide the exponential of {names[k]}'s logit by that sum.",
            ],
            explanation={
                "intro": (
                    "The softmax exponentiates the logits, which makes them positive, and "
                    "divides by their sum, which makes them add up to 1."
                ),
                "steps": steps,
                "answer": answer,
                "unit": None,
                "p_true": None,
                "note": (
                    f"The answer is \\(q_\\text{{{names[k]}}} = {tex_number(answer)}\\). "
                    "Adding the same number to every logit leaves all the probabilities unchanged."
                ),
            },
        )


@register
class SoftmaxVector(QuestionType):
    """The whole softmax vector of a few logits."""

    id = "softmax_vector"
    title = "Softmax of a logit vector"
    topic = "softmax"
    kind = "vector"
    family = "softmax"
    PARAMS_SCHEMA = schema.params(
        "Logits to put through the softmax.", {"logits": schema.logits(50.0)}, ("logits",)
    )

    def draw_params(self, rng: np.random.Generator, difficulty: int) -> dict[str, Any]:
        return {"logits": draw_logits(rng, difficulty)}

    def check_params(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"logits": check_logits(params, 50.0)}

    def build(self, params: dict[str, Any], rng: np.random.Generator, difficulty: int) -> Question:
        logits = params["logits"]
        names = class_names(len(logits))
        steps, probs = softmax_steps(logits, names)
        linear = _linear_shares(logits)
        candidates = [Misconception("no_exp", tuple(linear), _NO_EXP)] if linear else []
        sigmoids = losses.sigmoid(logits)
        candidates.append(
            Misconception("sigmoid_not_softmax", tuple(float(v) for v in sigmoids), _SIGMOID)
        )
        tolerance = Tolerance()
        return self.question(
            prompt=(
                f"A classifier's last layer outputs the logits \\(z = {tex_vector(logits)}\\) "
                f"for the classes [{', '.join(names)}]. What is "
                f"\\(\\operatorname{{softmax}}(z)\\)? Give the {len(logits)} probabilities as a "
                "vector in the same order."
            ),
            answer=probs,
            answer_format="vector",
            vector_length=len(probs),
            tolerance=tolerance,
            misconceptions=finite_mistakes(candidates),
            hints=[
                "Softmax: \\(q_i = e^{z_i} / \\sum_j e^{z_j}\\).",
                "Exponentiate every logit and add the exponentials up.",
                "Divide each exponential by that sum; the results add up to 1.",
            ],
            explanation={
                "intro": (
                    "The softmax exponentiates the logits, which makes them positive, and "
                    "divides by their sum, which makes them add up to 1."
                ),
                "steps": steps,
                "answer": probs,
                "unit": None,
                "p_true": None,
                "note": (
                    "The largest logit gets the largest probability, but the gaps between "
                    "logits matter, not their size: adding a constant to all of them changes "
                    "nothing."
                ),
            },
        )


def _draw_large_logits(rng: np.random.Generator) -> list[float]:
    """Logits such as [12.3, 9.1, −4.0]: e^z of the largest is beyond comfortable arithmetic."""
    size = int(rng.integers(3, 6))
    top = round(float(rng.uniform(10.0, 16.0)), 1)
    rest = [round(top - float(gap), 1) + 0.0 for gap in rng.uniform(0.5, 18.0, size - 1)]
    logits = [top, *rest]
    order = rng.permutation(size)
    return [logits[i] for i in order]


def _logit_ce_mistakes(
    logits: list[float], t: int, unit: str, answer: float, in_nats: float
) -> list[Misconception]:
    """Skipping the softmax, another class, the wrong log, the sign."""
    base = UNITS[unit]
    names = class_names(len(logits))
    z_t = logits[t]
    candidates = []
    if 0.0 < z_t <= 1.0:
        candidates.append(
            Misconception(
                "no_softmax",
                float(losses.surprisal(z_t, base)),
                "You took the log of the logit as if it were a probability. Put the logits "
                "through the softmax first.",
            )
        )
    candidates.append(
        Misconception(
            "no_softmax",
            -z_t / math.log(base),
            "You used −z_t, as if the logit were already log q_t. The log-probability "
            "is z_t minus the log of the sum of all exponentials.",
        )
    )
    # One batched engine call gives the loss for every class taken as the target.
    every_class = losses.categorical_cross_entropy(
        [logits] * len(logits),
        list(range(len(logits))),
        from_logits=True,
        base=base,
        reduction="none",
    )
    candidates += [
        Misconception(
            "wrong_class",
            float(every_class[j]),
            f"That is the loss if the image were {a_or_an(names[j])}; it is {a_or_an(names[t])}.",
        )
        for j in range(len(logits))
        if j != t
    ]
    candidates += [*unit_misconceptions(in_nats, unit), *sign_dropped(answer)]
    return candidates


@register
class CrossEntropyFromLogits(QuestionType):
    """−log softmax(z)_t: categorical cross-entropy straight from logits."""

    id = "ce_from_logits"
    title = "Cross-entropy from logits"
    topic = "softmax"
    family = "softmax"
    PARAMS_SCHEMA = schema.params(
        "Logits and the true class.",
        {
            "logits": schema.logits(1000.0),
            "target": schema.index("The true class."),
            "unit": schema.UNIT,
        },
        ("logits", "target"),
    )

    def draw_params(self, rng: np.random.Generator, difficulty: int) -> dict[str, Any]:
        if difficulty == 3:
            logits = _draw_large_logits(rng)
        else:
            logits = draw_logits(rng, 1 if difficulty == 1 else 2)
            if difficulty == 2 and rng.random() < 0.5:
                logits.append(round(float(rng.uniform(-3.0, 4.0)), 1) + 0.0)
        return {
            "logits": logits,
            "target": int(rng.integers(len(logits))),
            "unit": unit_for(rng, difficulty),
        }

    def check_params(self, params: dict[str, Any]) -> dict[str, Any]:
        logits = check_logits(params, 1000.0)
        return {
            "logits": logits,
            "target": require_index(params, "target", len(logits)),
            "unit": require_unit(params),
        }

    def build(self, params: dict[str, Any], rng: np.random.Generator, difficulty: int) -> Question:
        logits, t, unit = params["logits"], params["target"], params["unit"]
        base = UNITS[unit]
        names = class_names(len(logits))
        answer = float(losses.categorical_cross_entropy(logits, t, from_logits=True, base=base))
        in_nats = (  # the same engine call when the unit is nats
            answer
            if unit == "nats"
            else float(losses.categorical_cross_entropy(logits, t, from_logits=True))
        )
        tolerance = Tolerance(abs=1e-12)  # confident right logits give losses near 1e-8
        steps, probs = self._steps(logits, t, unit, answer, in_nats)
        log = LOG_NAME[unit]
        return self.question(
            prompt=(
                f"A classifier outputs the logits \\(z = {tex_vector(logits)}\\) for the classes "
                f"[{', '.join(names)}], and the image is {a_or_an(names[t])}. What is the "
                f"cross-entropy loss \\(-{log} \\operatorname{{softmax}}(z)_t\\) for the true "
                f"class \\(t\\)? Give the loss in {unit}."
            ),
            answer=answer,
            unit=unit,
            tolerance=tolerance,
            misconceptions=finite_mistakes(_logit_ce_mistakes(logits, t, unit, answer, in_nats)),
            hints=[
                "Turn the logits into probabilities with the softmax, then take −log of the "
                "true class's probability.",
                "Equivalently \\(L = \\ln \\sum_j e^{z_j} - z_t\\) in nats.",
                "With large logits, subtract the largest one from all of them first: "
                "\\(\\ln \\sum_j e^{z_j} = m + \\ln \\sum_j e^{z_j - m}\\).",
            ],
            explanation={
                "intro": (
                    "Cross-entropy from logits is −log of the softmax probability of the true "
                    "class, which simplifies to the log-sum-exp of the logits minus the true "
                    "class's logit."
                ),
                "steps": steps,
                "answer": answer,
                "unit": unit,
                "p_true": probs[t],
                "plot_label": f"q({names[t]})",
                "note": (
                    "Frameworks take logits (PyTorch's cross_entropy does) precisely so they can "
                    "use log-sum-exp and stay exact even when a probability is tiny."
                ),
            },
        )

    @staticmethod
    def _steps(
        logits: list[float], t: int, unit: str, answer: float, in_nats: float
    ) -> tuple[list[dict[str, str]], list[float]]:
        """Softmax then −log, or, for large logits, the shifted log-sum-exp."""
        names = class_names(len(logits))
        steps, probs = softmax_steps(logits, names, only=t)
        z_t = tex_input(logits[t])
        if max(logits) >= SHIFT_FROM:
            shift = max(logits)
            lse_shifted = float(
                losses.categorical_cross_entropy(shifted(logits, shift), t, from_logits=True)
            )
            log_sum = lse_shifted + shifted(logits, shift)[t]  # ln S of the shifted exponentials
            steps = steps[:3] + [
                {
                    "text": (
                        "Skip the division: with \\(L = \\ln \\sum_j e^{z_j} - z_t\\) and the "
                        "shift added back, the loss in nats is"
                    ),
                    "math": (
                        f"L = m + \\ln S - z_t = {tex_input(shift)} + {tex_number(log_sum)} - "
                        f"{z_t if logits[t] >= 0 else '(' + z_t + ')'} "
                        f"{relation(shift + shown(log_sum) - logits[t], in_nats)} "
                        f"{tex_number(in_nats)}"
                    ),
                }
            ]
        else:
            steps.append(
                {
                    "text": f"Take −log of the true class's probability ({names[t]}).",
                    "math": (
                        f"L = -\\ln({tex_number(probs[t])}) "
                        f"{relation(-math.log(shown(probs[t])), in_nats)} {tex_number(in_nats)}"
                    ),
                }
            )
        if unit == "bits":
            steps.append(
                {
                    "text": "Convert nats to bits by dividing by ln 2.",
                    "math": (
                        f"L = \\frac{{{tex_number(in_nats)}}}{{\\ln 2}} "
                        f"{relation(shown(in_nats) / math.log(2), answer)} {tex_number(answer)}"
                    ),
                }
            )
        return steps, probs
