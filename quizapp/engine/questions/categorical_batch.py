"""Categorical cross-entropy over a batch: the mean or the sum, and class weights.

A batch loss combines per-example losses; PyTorch's class-weighted mean divides by
the summed weights of the true classes, not by the number of examples. Every number
is computed with the loss engine.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from quizapp.engine import losses
from quizapp.engine.numbers import (
    format_input,
    format_number,
    format_short,
    format_vector,
    relation,
    shown,
    tex_input,
    tex_mean,
    tex_number,
    tex_short,
    tex_sum,
)
from quizapp.engine.questions import _schema as schema
from quizapp.engine.questions._common import (
    LOG_NAME,
    UNITS,
    a_or_an,
    class_names,
    draw_distribution,
    finite_mistakes,
    nats,
    reduced,
    require_index,
    require_numbers,
    require_probability_vector,
    require_reduction,
    require_unit,
    sign_dropped,
    unit_misconceptions,
)
from quizapp.engine.questions.base import (
    Misconception,
    ParamsError,
    Question,
    QuestionType,
    Tolerance,
    register,
)


def _draw_batch(rng: np.random.Generator, difficulty: int) -> tuple[list[list[float]], list[int]]:
    size = 3 if difficulty < 3 else int(rng.integers(3, 6))
    count = {1: 2, 2: 3, 3: int(rng.integers(3, 6))}[difficulty]
    rows, targets = [], []
    for _ in range(count):
        target = int(rng.integers(size))
        peak = target if rng.random() < 0.7 else int(rng.integers(size))
        rows.append(draw_distribution(rng, size, decimals=2, peak=peak))
        targets.append(target)
    return rows, targets


def _check_batch(params: dict[str, Any]) -> tuple[list[list[float]], list[int]]:
    rows = params.get("pred")
    targets = params.get("targets")
    if not isinstance(rows, list) or not 1 <= len(rows) <= 10:
        raise ParamsError("pred must be a list of 1 to 10 probability rows")
    if not isinstance(targets, list) or len(targets) != len(rows):
        raise ParamsError("targets must list one class index per row of pred")
    checked = [require_probability_vector({"pred": row}, "pred") for row in rows]
    if len({len(row) for row in checked}) != 1:
        raise ParamsError("every row of pred must have the same number of classes")
    indices = [require_index({"targets": t}, "targets", len(checked[0])) for t in targets]
    if any(row[t] == 0 for row, t in zip(checked, indices, strict=True)):
        raise ParamsError("each true class needs a probability above 0")
    return checked, indices


_BATCH_PRED = schema.array(
    schema.distribution("One example's predicted probabilities.", high=20),
    1,
    10,
    "One row per example, all with the same number of classes.",
)
_BATCH_TARGETS = schema.array(
    schema.index("A true class; its probability must be above 0."),
    1,
    10,
    "One true class per row of pred.",
)


@register
class BatchCrossEntropy(QuestionType):
    """Mean or summed cross-entropy over a small batch."""

    id = "ce_batch"
    title = "Cross-entropy over a batch"
    topic = "categorical"
    family = "categorical"
    PARAMS_SCHEMA = schema.params(
        "A batch of predicted distributions and their true classes.",
        {
            "pred": _BATCH_PRED,
            "targets": _BATCH_TARGETS,
            "reduction": schema.REDUCTION,
            "unit": schema.UNIT,
        },
        ("pred", "targets"),
    )

    def draw_params(self, rng: np.random.Generator, difficulty: int) -> dict[str, Any]:
        rows, targets = _draw_batch(rng, difficulty)
        reduction = "mean" if difficulty == 1 or rng.random() < 0.6 else "sum"
        return {"pred": rows, "targets": targets, "reduction": reduction, "unit": "nats"}

    def check_params(self, params: dict[str, Any]) -> dict[str, Any]:
        rows, targets = _check_batch(params)
        reduction = require_reduction(params)
        unit = require_unit(params)
        return {"pred": rows, "targets": targets, "reduction": reduction, "unit": unit}

    def build(self, params: dict[str, Any], rng: np.random.Generator, difficulty: int) -> Question:
        rows, targets, reduction = params["pred"], params["targets"], params["reduction"]
        unit = params["unit"]
        base = UNITS[unit]
        per_example = losses.categorical_cross_entropy(rows, targets, reduction="none", base=base)
        answer = float(
            losses.categorical_cross_entropy(rows, targets, reduction=reduction, base=base)
        )
        other = "sum" if reduction == "mean" else "mean"
        other_value = reduced(per_example, other)
        tolerance = Tolerance()
        mistakes = finite_mistakes(
            [
                Misconception(
                    "mean_vs_sum",
                    other_value,
                    f"You took the {other} of the per-example losses; the question asks for "
                    f"the {reduction}.",
                ),
                *unit_misconceptions(nats(answer, unit), unit),
                *sign_dropped(answer),
                Misconception(
                    "first_example_only",
                    float(per_example[0]),
                    "That is the loss of the first example alone; the batch loss combines all "
                    "of them.",
                ),
            ]
        )
        names = class_names(len(rows[0]))
        lines = "; ".join(
            f"image {i + 1} is {a_or_an(names[t])}, prediction \\({format_vector(row)}\\)"
            for i, (row, t) in enumerate(zip(rows, targets, strict=True))
        )
        log = LOG_NAME[unit]
        word = "mean (average)" if reduction == "mean" else "sum (total)"
        return self.question(
            prompt=(
                f"A batch of {len(rows)} images, classes [{', '.join(names)}]: {lines}. "
                f"What is the {word} cross-entropy loss over the batch, in {unit}?"
            ),
            answer=answer,
            unit=unit,
            tolerance=tolerance,
            misconceptions=mistakes,
            hints=[
                "Find each image's loss first: −log of its true class's probability.",
                f"Then take the {reduction} of the {len(rows)} per-example losses.",
            ],
            explanation={
                "intro": "A batch loss is the per-example losses combined by a sum or a mean.",
                "steps": [
                    f"\\ell_{i + 1} = -{log} {tex_input(row[t])} = {tex_number(v)}"
                    for i, (row, t, v) in enumerate(
                        zip(rows, targets, per_example.tolist(), strict=True)
                    )
                ]
                + [_reduced_tex(per_example.tolist(), reduction, answer)],
                "answer": answer,
                "p_true": None,
                "unit": unit,
                "note": (
                    f"The {other} would be {format_number(other_value)} {unit}. Frameworks "
                    "default to the mean, which keeps the loss scale independent of batch size."
                ),
            },
        )


def _reduced_tex(per_example: list[float], reduction: str, answer: float) -> str:
    """The batch loss with its per-example losses written out: their mean or their sum."""
    if reduction == "mean":
        mean = tex_mean(per_example, answer)
        return f"L = \\frac{{1}}{{{len(per_example)}}} \\sum_i \\ell_i = {mean}"
    return f"L = \\sum_i \\ell_i = {tex_sum(per_example, answer)}"


def _weighted_mean_tex(total: float, weight: float, answer: float) -> str:
    """Σ ℓ_i / Σ w_t with the shown total, and ≈ when that division does not give the answer."""
    sign = relation(shown(total) / shown(weight, format_short), answer)
    return (
        f"L = \\frac{{\\sum_i \\ell_i}}{{\\sum_i w_{{t_i}}}} = "
        f"\\frac{{{tex_number(total)}}}{{{tex_short(weight)}}} {sign} {tex_number(answer)}"
    )


_TELLS_APART = Tolerance()


def _weighted_means(
    rows: list[list[float]], targets: list[int], weights: list[float]
) -> tuple[np.ndarray, float, float, float]:
    """Per-example weighted losses, the weighted mean, their plain mean by count, and the
    unweighted mean: the answer and the two means a learner might give instead."""
    per_example = losses.categorical_cross_entropy(rows, targets, weight=weights, reduction="none")
    answer = float(losses.categorical_cross_entropy(rows, targets, weight=weights))
    by_count = float(np.sum(per_example) / len(rows))
    unweighted = float(losses.categorical_cross_entropy(rows, targets))
    return per_example, answer, by_count, unweighted


@register
class ClassWeightedCrossEntropy(QuestionType):
    """PyTorch's class-weighted mean: divide by the summed weights of the targets."""

    id = "ce_class_weighted"
    title = "Class-weighted cross-entropy"
    topic = "categorical"
    family = "categorical"
    PARAMS_SCHEMA = schema.params(
        "A batch, its true classes and a weight per class (the answer is in nats).",
        {
            "pred": _BATCH_PRED,
            "targets": _BATCH_TARGETS,
            "weights": schema.array(
                schema.number(0.0, 1e6, "A class weight."),
                2,
                20,
                "One weight per class; the true classes' must not all be 0.",
            ),
        },
        ("pred", "targets", "weights"),
    )

    def draw_params(self, rng: np.random.Generator, difficulty: int) -> dict[str, Any]:
        # Until the weights matter: ignoring them, or dividing by the count, must not give
        # the weighted mean (equal true-class weights, or deviations that cancel, would).
        while True:
            rows, targets = _draw_batch(rng, max(difficulty, 2))
            weights = [float(w) for w in rng.choice([0.5, 1.0, 2.0, 3.0], size=len(rows[0]))]
            _, weighted, by_count, plain = _weighted_means(rows, targets, weights)
            if _TELLS_APART.separates(plain, weighted) and _TELLS_APART.separates(
                by_count, weighted
            ):
                break
        return {"pred": rows, "targets": targets, "weights": weights, "unit": "nats"}

    def check_params(self, params: dict[str, Any]) -> dict[str, Any]:
        rows, targets = _check_batch(params)
        weights = require_numbers(params, "weights")
        if len(weights) != len(rows[0]) or min(weights) < 0:
            raise ParamsError("weights must give one non-negative weight per class")
        if sum(weights[t] for t in targets) == 0:
            raise ParamsError("the true classes' weights must not all be 0")
        return {"pred": rows, "targets": targets, "weights": weights, "unit": "nats"}

    def build(self, params: dict[str, Any], rng: np.random.Generator, difficulty: int) -> Question:
        rows, targets, weights = params["pred"], params["targets"], params["weights"]
        per_example, answer, by_count, unweighted = _weighted_means(rows, targets, weights)
        tolerance = Tolerance()
        mistakes = finite_mistakes(
            [
                Misconception(
                    "weighted_mean_by_count",
                    by_count,
                    "You divided by the number of examples. A weighted mean divides by the sum "
                    "of the weights of the examples' true classes.",
                ),
                Misconception(
                    "ignored_weights",
                    unweighted,
                    "That is the unweighted mean; each example's loss is scaled by its true "
                    "class's weight.",
                ),
                Misconception(
                    "mean_vs_sum",
                    float(np.sum(per_example)),
                    "You gave the weighted sum; the question asks for the weighted mean.",
                ),
                *unit_misconceptions(answer, "nats"),
            ]
        )
        names = class_names(len(rows[0]))
        target_weights = [weights[t] for t in targets]
        lines = "; ".join(
            f"a {names[t]} predicted as \\({format_vector(row)}\\)"
            for row, t in zip(rows, targets, strict=True)
        )
        weight_text = ", ".join(
            f"{n}: {format_input(w)}" for n, w in zip(names, weights, strict=True)
        )
        return self.question(
            prompt=(
                f"Classes [{', '.join(names)}] have weights ({weight_text}) to counter class "
                f"imbalance. The batch: {lines}. Using PyTorch's weighted mean (as "
                "cross_entropy with weight= and reduction='mean'), what is the loss in nats?"
            ),
            answer=answer,
            unit="nats",
            tolerance=tolerance,
            misconceptions=mistakes,
            hints=[
                "Each example's loss is w_t · (−ln q_t) for its true class t.",
                "The weighted mean divides the sum of those by the sum of the w_t, not by N.",
            ],
            explanation={
                "intro": (
                    "Class weights scale each example's loss by its true class's weight; the "
                    "mean then divides by the total weight so the scale stays comparable."
                ),
                "steps": [
                    f"\\ell_{i + 1} = {tex_input(w)} \\cdot (-\\ln {tex_input(row[t])})"
                    f" = {tex_number(v)}"
                    for i, (row, t, w, v) in enumerate(
                        zip(rows, targets, target_weights, per_example.tolist(), strict=True)
                    )
                ]
                + [_weighted_mean_tex(float(np.sum(per_example)), sum(target_weights), answer)],
                "answer": answer,
                "p_true": None,
                "unit": "nats",
                "note": f"Dividing by N instead would give {format_number(by_count)} nats.",
            },
        )
