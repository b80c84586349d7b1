"""Entropy: the expected surprisal of a distribution, and of an even spread or a one-hot vector.

The article's panda/bird/dog distribution and the log k of k equally likely classes.
Every answer, every wrong answer a typical slip produces and every number of the
worked solution is computed with the loss engine.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from quizapp.engine import losses
from quizapp.engine.numbers import format_input, format_number, format_vector, tex_sum
from quizapp.engine.questions import _schema as schema
from quizapp.engine.questions._common import (
    CLASS_NAMES,
    LOG_NAME,
    SPOKEN_LOG,
    UNITS,
    draw_distribution,
    finite_mistakes,
    nats,
    require_unit,
    sign_dropped,
    unit_for,
    unit_misconceptions,
)
from quizapp.engine.questions._information import (
    FAMILY,
    explanation,
    listing,
    num_tex,
    require_distribution,
    require_outcomes,
    shown_tex,
    step,
    term_products,
    with_zero,
)
from quizapp.engine.questions.base import (
    Misconception,
    ParamsError,
    Question,
    QuestionType,
    Tolerance,
    register,
)


@register
class Entropy(QuestionType):
    """Entropy of a distribution over named outcomes (the article's panda/bird/dog)."""

    id = "entropy"
    title = "Entropy of a distribution"
    topic = "entropy"
    family = FAMILY
    PARAMS_SCHEMA = schema.params(
        "One distribution over named outcomes.",
        {
            "p": schema.distribution("The probability of each outcome."),
            "outcomes": schema.array(
                schema.NAME, 2, schema.MAX_CLASSES, "A distinct name per probability."
            ),
            "unit": schema.UNIT,
        },
        ("p",),
    )

    def draw_params(self, rng: np.random.Generator, difficulty: int) -> dict[str, Any]:
        size = {1: 3, 2: int(rng.integers(4, 6)), 3: int(rng.integers(5, 9))}[difficulty]
        decimals = 1 if difficulty == 1 else 2
        probs = draw_distribution(rng, size, decimals=decimals)
        if difficulty == 3 and rng.random() < 0.5:
            probs = with_zero(probs, decimals)
        names = [str(n) for n in rng.permutation(CLASS_NAMES)[:size]]
        return {"outcomes": names, "p": probs, "unit": unit_for(rng, difficulty)}

    def check_params(self, params: dict[str, Any]) -> dict[str, Any]:
        probs = require_distribution(params, "p")
        return {
            "outcomes": require_outcomes(params, len(probs)),
            "p": probs,
            "unit": require_unit(params),
        }

    def build(self, params: dict[str, Any], rng: np.random.Generator, difficulty: int) -> Question:
        names, probs, unit = params["outcomes"], params["p"], params["unit"]
        base, log = UNITS[unit], LOG_NAME[unit]
        answer = float(losses.entropy(probs, base))
        present = [i for i, p in enumerate(probs) if p > 0]
        surprisals = losses.surprisal(probs, base).tolist()
        terms = term_products(probs, probs, base, surprisals)
        top = int(np.argmax(probs))
        uniform = [1.0 / len(probs)] * len(probs)
        ceiling = float(losses.entropy(uniform, base))
        tolerance = Tolerance()
        mistakes = [
            *unit_misconceptions(nats(answer, unit), unit),
            *sign_dropped(answer),
            Misconception(
                "unweighted_sum",
                float(sum(surprisals[i] for i in present)),
                "You added the surprisals without weighting them. Entropy is an average: "
                "multiply each −log p by its own probability p before adding.",
            ),
            Misconception(
                "unweighted_mean",
                float(np.mean([surprisals[i] for i in present])),
                "You took a plain average of the surprisals. Weight each one by its "
                "probability instead of giving every outcome the same say.",
            ),
            Misconception(
                "most_likely_only",
                surprisals[top],
                f"That is the surprisal of the most likely outcome ({names[top]}) alone; "
                "entropy averages over every outcome.",
            ),
            Misconception(
                "most_likely_term_only",
                terms[top],
                f"That is only the {names[top]} term, p·(−log p); add the terms of the other "
                "outcomes too.",
            ),
        ]
        mistakes += [
            Misconception(
                "missing_term",
                answer - terms[i],
                f"You seem to have left out the {names[i]} term, "
                f"{format_input(probs[i])}·(−{SPOKEN_LOG[unit]} {format_input(probs[i])}).",
            )
            for i in present
        ]
        mistakes = finite_mistakes(mistakes)
        rows = [
            [
                name,
                format_input(p),
                format_number(s) if p > 0 else "∞",
                format_number(t) if p > 0 else "0 (0·log 0 counts as 0)",
            ]
            for name, p, s, t in zip(names, probs, surprisals, terms, strict=True)
        ]
        sum_tex = tex_sum([terms[i] for i in present], answer)
        zero_note = (
            " An impossible outcome (p = 0) adds nothing: p·log p → 0 as p → 0."
            if len(present) < len(probs)
            else ""
        )
        return self.question(
            prompt=(
                f"A random event has {len(probs)} possible outcomes with probabilities "
                f"{listing(names, probs)}. What is the entropy \\(H(p)\\) of this "
                f"distribution? Give it in {unit}."
            ),
            answer=answer,
            unit=unit,
            tolerance=tolerance,
            misconceptions=mistakes,
            hints=[
                "Entropy is the expected surprisal: H(p) = −Σ p_i log p_i.",
                f"Work out each outcome's surprisal −{SPOKEN_LOG[unit]} p_i, weight it by "
                f"p_i, then add.{zero_note}",
                f"The first term is \\({shown_tex(probs[0])} \\cdot "
                f"(-{log} {shown_tex(probs[0])})\\).",
            ],
            explanation=explanation(
                intro=(
                    "Entropy is how surprised we expect to be on average: each outcome's "
                    "surprisal, weighted by how often that outcome happens."
                ),
                steps=[
                    step("Start from the definition.", f"H(p) = -\\sum_i p_i {log} p_i"),
                    step(
                        f"Compute each outcome's surprisal and weight it by its probability."
                        f"{zero_note}",
                        table={
                            "columns": [
                                "outcome",
                                r"\(p_i\)",
                                f"\\(-{log} p_i\\)",
                                f"\\(p_i \\cdot (-{log} p_i)\\)",
                            ],
                            "rows": rows,
                        },
                    ),
                    step("Add the weighted terms.", f"H(p) = {sum_tex}"),
                ],
                answer=answer,
                unit=unit,
                note=(
                    f"Entropy runs from 0 (one outcome certain) to \\({log} {len(probs)} = "
                    f"{num_tex(ceiling)}\\) {unit} (all {len(probs)} outcomes equally likely); "
                    "the more evenly spread the probabilities, the higher it is."
                ),
            ),
        )


@register
class UniformEntropy(QuestionType):
    """Entropy of probability spread evenly over k of C outcomes: log k (0 when one-hot)."""

    id = "uniform_entropy"
    title = "Entropy of an even spread or a one-hot vector"
    topic = "entropy"
    family = FAMILY
    PARAMS_SCHEMA = schema.params(
        "An even spread of probability over some of a classifier's classes.",
        {
            "classes": {"type": "integer", "minimum": 2, "maximum": 1000},
            "support": {
                "type": "integer",
                "minimum": 1,
                "maximum": 1000,
                "description": "How many classes share the probability (at most classes; "
                "default: all of them).",
            },
            "unit": schema.UNIT,
        },
        ("classes",),
    )

    def draw_params(self, rng: np.random.Generator, difficulty: int) -> dict[str, Any]:
        if difficulty == 1:
            if rng.random() < 1 / 3:
                classes = int(rng.integers(3, 6))
                return {"classes": classes, "support": 1, "unit": "nats"}
            classes = int(rng.choice([2, 4, 8, 16, 32]))
            return {"classes": classes, "support": classes, "unit": "bits"}
        unit = unit_for(rng, difficulty)
        if difficulty == 2:
            classes = int(rng.integers(3, 13))
            return {"classes": classes, "support": classes, "unit": unit}
        classes = int(rng.integers(4, 21))
        support = int(rng.integers(2, classes))
        return {"classes": classes, "support": support, "unit": unit}

    def check_params(self, params: dict[str, Any]) -> dict[str, Any]:
        classes = params.get("classes")
        if isinstance(classes, bool) or not isinstance(classes, int) or not 2 <= classes <= 1000:
            raise ParamsError(f"classes must be a whole number from 2 to 1000; got {classes!r}")
        support = params.get("support", classes)
        if isinstance(support, bool) or not isinstance(support, int) or not 1 <= support <= classes:
            raise ParamsError(
                f"support (how many classes share the probability) must be a whole number "
                f"from 1 to classes = {classes}; got {support!r}"
            )
        return {"classes": classes, "support": support, "unit": require_unit(params)}

    def build(self, params: dict[str, Any], rng: np.random.Generator, difficulty: int) -> Question:
        classes, support, unit = params["classes"], params["support"], params["unit"]
        base, log = UNITS[unit], LOG_NAME[unit]
        share = 1.0 / support
        dist = [share] * support + [0.0] * (classes - support)
        answer = float(losses.entropy(dist, base))
        each = float(losses.surprisal(share, base))
        all_classes = float(losses.entropy([1.0 / classes] * classes, base))
        tolerance = Tolerance()
        mistakes = finite_mistakes(
            [
                *unit_misconceptions(nats(answer, unit), unit),
                *sign_dropped(answer),
                Misconception(
                    "count_not_log",
                    float(support),
                    f"That is the number of equally likely outcomes; the entropy is its "
                    f"logarithm, \\({log} {support}\\).",
                ),
                Misconception(
                    "probability_itself",
                    share,
                    "That is the probability of each outcome; entropy is the average "
                    "surprisal, −log of it.",
                ),
            ]
        )
        if support < classes:  # only then can counting every class be a mistake
            mistakes.append(
                Misconception(
                    "counted_all_classes",
                    all_classes,
                    f"That is the entropy of an even spread over all {classes} classes. "
                    "Classes with probability 0 add nothing, so only the ones sharing the "
                    "probability count.",
                )
            )
        frac = f"\\tfrac{{1}}{{{support}}}"
        if support == 1:
            vector = format_vector([1 if i == classes // 2 else 0 for i in range(classes)])
            prompt = (
                f"A one-hot target vector over {classes} classes, \\({vector}\\), puts all "
                f"the probability on one class. What is its entropy? Give it in {unit}."
            )
        elif support == classes:
            prompt = (
                f"An untrained classifier spreads its prediction evenly over {classes} classes, "
                f"giving each class probability \\({frac}\\). What is the entropy of that "
                f"prediction? Give it in {unit}."
            )
        else:
            prompt = (
                f"A classifier with {classes} classes has ruled out {classes - support} of them "
                f"(probability exactly 0) and splits its prediction evenly over the other "
                f"{support}, each getting \\({frac}\\). What is the entropy of the prediction? "
                f"Give it in {unit}."
            )
        return self.question(
            prompt=prompt,
            answer=answer,
            unit=unit,
            tolerance=tolerance,
            misconceptions=mistakes,
            hints=self._hints(support, log),
            explanation=explanation(
                intro=(
                    "When probability is spread evenly, every possible outcome is equally "
                    "surprising, so the average surprisal is simply that surprisal."
                ),
                steps=self._steps(classes, support, log, each),
                answer=answer,
                unit=unit,
                note=(
                    f"Over {classes} classes, entropy is smallest (0) for a one-hot vector and "
                    f"largest, \\({log} {classes} = {num_tex(all_classes)}\\) {unit}, for an even "
                    "spread over all of them."
                ),
                plot=(share, unit, "p"),
            ),
        )

    @staticmethod
    def _hints(support: int, log: str) -> list[str]:
        first = "Entropy is −Σ p_i log p_i, and a class with p_i = 0 contributes nothing."
        if support == 1:
            return [first, "The one class left has probability 1, and log 1 = 0."]
        return [
            first,
            f"The {support} possible outcomes all have probability 1/{support}, so every "
            "term is the same.",
            f"The entropy equals the surprisal of one possible outcome: \\({log} {support}\\).",
        ]

    @staticmethod
    def _steps(classes: int, support: int, log: str, each: float) -> list[dict[str, Any]]:
        rest = classes - support
        if support == 1:
            return [
                step(
                    f"One class has probability 1; the other {rest} have 0, and "
                    "\\(0 \\log 0\\) counts as 0.",
                    f"H = -1 \\cdot {log} 1 = {num_tex(each)}",
                ),
            ]
        frac = f"\\tfrac{{1}}{{{support}}}"
        zeros = f"; the other {rest} have 0 and add nothing." if rest else "."
        return [
            step(
                f"{support} outcomes with probability \\({frac}\\) each{zeros}",
                f"H = -\\sum_i p_i {log} p_i = -{support} \\cdot {frac} {log} {frac}",
            ),
            step(
                "The factor and the probability cancel, leaving the log of the count.",
                f"H = {log} {support} = {num_tex(each)}",
            ),
        ]
