"""Categorical cross-entropy of one prediction: one-hot and smoothed targets, loss drops.

The interview classic: "the model outputs [0.7, 0.2, 0.1] and the image is class
0; what is the loss?". Every answer and every wrong answer a typical slip would
give is computed with the loss engine from the numbers exactly as shown. Batches
and class weights are in ``categorical_batch``.
"""

from __future__ import annotations

import math
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
    tex_number,
    tex_short,
    tex_vector,
)
from quizapp.engine.questions import _schema as schema
from quizapp.engine.questions._common import (
    CLASS_NAMES,
    DECIMALS,
    LOG_NAME,
    SPOKEN_LOG,
    UNITS,
    a_or_an,
    class_names,
    draw_distribution,
    finite_mistakes,
    nats,
    require_index,
    require_number,
    require_probability_vector,
    require_unit,
    sign_dropped,
    unit_for,
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

_SIZES = {1: (3, 3), 2: (4, 6), 3: (5, 10)}


def _draw_prediction(rng: np.random.Generator, difficulty: int) -> tuple[list[float], int]:
    """A softmax-like output and a true class; usually the model leans the right way."""
    low, high = _SIZES[difficulty]
    size = int(rng.integers(low, high + 1))
    target = int(rng.integers(size))
    peak = target if rng.random() < 0.7 else int(rng.integers(size))
    pred = draw_distribution(rng, size, decimals=DECIMALS[difficulty], peak=peak)
    return pred, target


def _row_mistakes(pred: list[float], target: int, unit: str) -> list[Misconception]:
    """Mistakes on one example: another class's probability, 1 − p, summing every class."""
    base = UNITS[unit]
    names = class_names(len(pred))
    every = losses.surprisal(pred, base)
    mistakes = [
        Misconception(
            "wrong_class",
            float(every[i]),
            f"That is the loss for {names[i]}, but the image is {a_or_an(names[target])}: only the "
            "true class's probability enters the loss.",
        )
        for i in range(len(pred))
        if i != target
    ]
    mistakes.append(
        Misconception(
            "one_minus_p",
            float(losses.surprisal(1.0 - pred[target], base)),
            "You took the log of 1 − p. For the true class the loss is −log p itself.",
        )
    )
    mistakes.append(
        Misconception(
            "all_classes",
            float(np.sum(every)),
            "You added −log q for every class. Classes with target 0 contribute nothing; "
            "only the true class counts.",
        )
    )
    return mistakes


@register
class OneHotCrossEntropy(QuestionType):
    """Cross-entropy of one prediction against a one-hot target."""

    id = "ce_one_hot"
    title = "Cross-entropy with a one-hot target"
    topic = "categorical"
    family = "categorical"
    PARAMS_SCHEMA = schema.params(
        "A predicted distribution and the true class (a one-hot target).",
        {
            "pred": schema.distribution("The predicted probability of each class."),
            "target": schema.index("The true class; its probability must be above 0."),
            "unit": schema.UNIT,
        },
        ("pred", "target"),
    )

    def draw_params(self, rng: np.random.Generator, difficulty: int) -> dict[str, Any]:
        pred, target = _draw_prediction(rng, difficulty)
        return {"pred": pred, "target": target, "unit": unit_for(rng, difficulty)}

    def check_params(self, params: dict[str, Any]) -> dict[str, Any]:
        pred = require_probability_vector(params, "pred")
        if len(pred) > len(CLASS_NAMES):
            raise ParamsError(f"pred may have at most {len(CLASS_NAMES)} classes")
        target = require_index(params, "target", len(pred))
        if pred[target] == 0:
            raise ParamsError("the true class needs a probability above 0 (the loss would be ∞)")
        unit = require_unit(params)
        return {"pred": pred, "target": target, "unit": unit}

    def build(self, params: dict[str, Any], rng: np.random.Generator, difficulty: int) -> Question:
        pred, target, unit = params["pred"], params["target"], params["unit"]
        names = class_names(len(pred))
        onehot = [1 if i == target else 0 for i in range(len(pred))]
        answer = float(losses.categorical_cross_entropy(pred, target, base=UNITS[unit]))
        tolerance = Tolerance()
        mistakes = finite_mistakes(
            [
                *unit_misconceptions(nats(answer, unit), unit),
                *sign_dropped(answer),
                *_row_mistakes(pred, target, unit),
            ]
        )
        log = LOG_NAME[unit]
        terms = " + ".join(
            f"{y}\\cdot {log} {tex_input(q)}" for y, q in zip(onehot, pred, strict=True)
        )
        return self.question(
            prompt=(
                f"A classifier sees a photo of {a_or_an(names[target])}. Its softmax output over "
                f"[{', '.join(names)}] is \\({format_vector(pred)}\\), and the one-hot target is "
                f"\\({format_vector(onehot)}\\). What is the cross-entropy loss, in {unit}?"
            ),
            answer=answer,
            unit=unit,
            tolerance=tolerance,
            misconceptions=mistakes,
            hints=[
                "Only the true class has target 1; every other term is multiplied by 0.",
                f"The loss is −{SPOKEN_LOG[unit]} of the probability the "
                f"model gave the {names[target]}.",
                f"Compute \\(-{log} {format_input(pred[target])}\\).",
            ],
            explanation={
                "intro": (
                    "Cross-entropy compares the target with the prediction class by class; "
                    "with a one-hot target every term but the true class's vanishes."
                ),
                "steps": [
                    f"L = -\\sum_c y_c {log} q_c",
                    f"L = -({terms})",
                    f"L = -{log} {tex_input(pred[target])} = {tex_number(answer)}",
                ],
                "answer": answer,
                "p_true": pred[target],
                "unit": unit,
                "note": (
                    "The probabilities the model spends on wrong classes do not appear, but they "
                    "are not free: whatever goes to them is missing from the true class."
                ),
            },
        )


@register
class SmoothedTargetCrossEntropy(QuestionType):
    """Cross-entropy against a label-smoothed (soft) target."""

    id = "ce_label_smoothing"
    title = "Cross-entropy with label smoothing"
    topic = "categorical"
    family = "categorical"
    PARAMS_SCHEMA = schema.params(
        "A prediction, the true class and the label-smoothing ε (the answer is in nats).",
        {
            "pred": schema.distribution("The predicted probabilities, every one above 0."),
            "target": schema.index("The true class."),
            "smoothing": schema.number(0.0, 1.0, "The label-smoothing ε."),
        },
        ("pred", "target", "smoothing"),
    )

    def draw_params(self, rng: np.random.Generator, difficulty: int) -> dict[str, Any]:
        pred, target = _draw_prediction(rng, difficulty)
        smoothing = float(rng.choice([0.1, 0.2, 0.3] if difficulty > 1 else [0.1, 0.3]))
        return {"pred": pred, "target": target, "smoothing": smoothing, "unit": "nats"}

    def check_params(self, params: dict[str, Any]) -> dict[str, Any]:
        checked = OneHotCrossEntropy().check_params({**params, "unit": "nats"})
        if min(checked["pred"]) == 0:
            raise ParamsError("with label smoothing every class needs a probability above 0")
        checked["smoothing"] = require_number(params, "smoothing", low=0.0, high=1.0)
        return {**checked, "unit": "nats"}

    def build(self, params: dict[str, Any], rng: np.random.Generator, difficulty: int) -> Question:
        pred, target, eps = params["pred"], params["target"], params["smoothing"]
        size = len(pred)
        names = class_names(size)
        soft = (1 - eps) * np.eye(size)[target] + eps / size
        answer = float(losses.categorical_cross_entropy(pred, target, label_smoothing=eps))
        hard = float(losses.categorical_cross_entropy(pred, target))
        swapped = float(losses.cross_entropy(pred, soft.tolist()))
        tolerance = Tolerance()
        mistakes = finite_mistakes(
            [
                Misconception(
                    "ignored_smoothing",
                    hard,
                    "That is the loss for the plain one-hot target; with smoothing every "
                    "class gets ε/C of the target mass.",
                ),
                Misconception(
                    "swapped_arguments",
                    swapped,
                    "You swapped target and prediction: the logarithm is taken of the "
                    "prediction, weighted by the target.",
                ),
                *unit_misconceptions(answer, "nats"),
                *sign_dropped(answer),
            ]
        )
        soft_shown = format_vector(soft.tolist(), format_short)
        pairs = list(zip(soft.tolist(), pred, strict=True))
        terms = " + ".join(f"{tex_short(y)} \\ln {tex_input(q)}" for y, q in pairs)
        # what a reader gets from the shown target entries (0.0333 for 0.1 / 3)
        reader = -math.fsum(shown(y, format_short) * math.log(q) for y, q in pairs)
        return self.question(
            prompt=(
                f"A model predicts \\({format_vector(pred)}\\) over [{', '.join(names)}] for a "
                f"photo of {a_or_an(names[target])}. Training uses label smoothing with "
                f"\\(\\varepsilon = {format_input(eps)}\\): the target becomes "
                f"\\((1-\\varepsilon)\\,y + \\varepsilon / C\\). What is the cross-entropy loss "
                "in nats?"
            ),
            answer=answer,
            unit="nats",
            tolerance=tolerance,
            misconceptions=mistakes,
            hints=[
                f"With C = {size} classes each class first gets ε/C = {format_short(eps / size)}.",
                f"The smoothed target is {soft_shown}.",
                "Now every class contributes: L = −Σ y_c ln q_c.",
            ],
            explanation={
                "intro": (
                    "Label smoothing moves a little target mass from the true class to every "
                    "class, so the loss now looks at all the predicted probabilities."
                ),
                "steps": [
                    f"y = (1 - {tex_input(eps)})\\,\\mathrm{{onehot}} + {tex_input(eps)}/{size}"
                    f" = {tex_vector(soft.tolist(), tex_short)}",
                    f"L = -\\sum_c y_c \\ln q_c = -({terms}) {relation(reader, answer)} "
                    f"{tex_number(answer)}",
                ],
                "answer": answer,
                "p_true": pred[target],
                "unit": "nats",
                "note": (
                    f"Without smoothing the loss would be {format_number(hard)} nats. The smallest "
                    "possible loss is no longer 0 but the entropy of the smoothed target."
                ),
            },
        )


@register
class LossDrop(QuestionType):
    """How much the loss falls when the true class's probability rises."""

    id = "ce_loss_drop"
    title = "How the loss changes with confidence"
    topic = "categorical"
    family = "categorical"
    PARAMS_SCHEMA = schema.params(
        "The true class's probability before and after some training.",
        {
            "before": schema.number(0.0, 1.0, "The probability before; above 0."),
            "after": schema.number(0.0, 1.0, "The probability after; above before."),
            "unit": schema.UNIT,
        },
        ("before", "after"),
    )

    def draw_params(self, rng: np.random.Generator, difficulty: int) -> dict[str, Any]:
        grid = [0.05, 0.1, 0.2, 0.25, 0.4, 0.5, 0.6, 0.75, 0.8, 0.9, 0.95, 0.99]
        before, after = sorted(rng.choice(grid, size=2, replace=False).tolist())
        return {"before": before, "after": after, "unit": unit_for(rng, difficulty)}

    def check_params(self, params: dict[str, Any]) -> dict[str, Any]:
        before = require_number(params, "before", low=0.0, high=1.0)
        after = require_number(params, "after", low=0.0, high=1.0)
        if not 0 < before < after:
            raise ParamsError("need 0 < before < after ≤ 1 so the loss falls")
        unit = require_unit(params)
        return {"before": before, "after": after, "unit": unit}

    def build(self, params: dict[str, Any], rng: np.random.Generator, difficulty: int) -> Question:
        before, after, unit = params["before"], params["after"], params["unit"]
        base = UNITS[unit]
        loss_before = float(losses.surprisal(before, base))
        loss_after = float(losses.surprisal(after, base))
        answer = loss_before - loss_after
        tolerance = Tolerance()
        mistakes = finite_mistakes(
            [
                Misconception(
                    "probability_difference",
                    after - before,
                    "That is the change in probability. The loss is −log p, so compare the "
                    "two logarithms.",
                ),
                Misconception(
                    "loss_after",
                    loss_after,
                    "That is the new loss itself; the question asks how much it fell.",
                ),
                *unit_misconceptions(nats(answer, unit), unit),
                *sign_dropped(answer),
            ]
        )
        log = LOG_NAME[unit]
        return self.question(
            prompt=(
                f"During training, the probability a model gives the true class rises from "
                f"\\({format_input(before)}\\) to \\({format_input(after)}\\). By how much does "
                f"its cross-entropy loss fall, in {unit}?"
            ),
            answer=answer,
            unit=unit,
            tolerance=tolerance,
            misconceptions=mistakes,
            hints=[
                "The loss for the true class is −log p; compute it before and after.",
                f"The drop is {SPOKEN_LOG[unit]}(after / before).",
            ],
            explanation={
                "intro": (
                    "The loss is the surprisal of the true class, so a change in the loss is a "
                    "log of a ratio of probabilities."
                ),
                "steps": [
                    f"L_\\text{{before}} = -{log} {tex_input(before)} = {tex_number(loss_before)}",
                    f"L_\\text{{after}} = -{log} {tex_input(after)} = {tex_number(loss_after)}",
                    f"\\Delta L = {log} \\frac{{{tex_input(after)}}}{{{tex_input(before)}}}"
                    f" = {tex_number(answer)}",
                ],
                "answer": answer,
                "p_true": after,
                "unit": unit,
                "note": (
                    "Equal ratios give equal drops: going from 0.1 to 0.2 helps as much as going "
                    "from 0.45 to 0.9. That is why confident mistakes are so expensive."
                ),
            },
        )
