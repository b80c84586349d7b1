"""Binary cross-entropy: one sigmoid output, a 0/1 target, batches, and the two-class view.

"Is there a panda in this photo?" The model answers with one probability p from a
sigmoid; the loss is −[y log p + (1 − y) log(1 − p)], where the target y switches
one of the two terms off. Every answer, every wrong answer a typical slip gives and
every number of the worked solution is computed with the loss engine. The logit
version of the question is in ``binary_logit``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from quizapp.engine import losses
from quizapp.engine.numbers import (
    format_number,
    tex_input,
    tex_mean,
    tex_number,
    tex_short,
    tex_sum,
    tex_vector,
)
from quizapp.engine.questions import _schema as schema
from quizapp.engine.questions._common import (
    LOG_NAME,
    UNITS,
    complement,
    draw_probability,
    finite_mistakes,
    nats,
    reduced,
    require_binary_target,
    require_choice,
    require_open_probability,
    require_reduction,
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


def panda_phrase(target: int) -> str:
    """Whether the photo shows a panda, as the prompt says it."""
    return "the photo does show a panda" if target == 1 else "there is no panda in the photo"


def _terms_latex(p: float, y: int, log: str) -> tuple[str, str]:
    """The BCE formula with p and y put in, and what is left once the zero term cancels."""
    substituted = (
        f"-\\left[{y} \\cdot {log}({tex_input(p)}) + {1 - y} \\cdot "
        f"{log}(1 - {tex_input(p)})\\right]"
    )
    left = f"-{log}({tex_input(p)})" if y == 1 else f"-{log}({tex_short(complement(p))})"
    return substituted, left


def _one_minus_p_mistake(p: float, y: int, base: float) -> Misconception:
    if y == 1:
        return Misconception(
            "one_minus_p",
            float(losses.surprisal(complement(p), base)),
            "You used −log(1 − p), the term for “no panda”. With y = 1 only −log p remains.",
        )
    return Misconception(
        "one_minus_p",
        float(losses.surprisal(p, base)),
        "You used −log p, the term for “panda”. With y = 0 only −log(1 − p) remains.",
    )


def _positive_term_only(value: float) -> Misconception:
    return Misconception(
        "positive_term_only",
        value,
        "You kept only the y·log p part, which vanishes when y = 0. For a negative example the "
        "(1 − y)·log(1 − p) part carries the loss.",
    )


def unit_clause(unit: str) -> str:
    """The prompt's closing request for a unit."""
    return f"Give the loss in {unit}."


@register
class BinaryCrossEntropy(QuestionType):
    """BCE of one sigmoid output against a 0/1 target."""

    id = "bce"
    title = "Binary cross-entropy of one prediction"
    topic = "binary"
    family = "binary"
    PARAMS_SCHEMA = schema.params(
        "One sigmoid output and its 0/1 target.",
        {
            "p": schema.number(0.0, 1.0, "The predicted probability of 1.", above=True, below=True),
            "target": schema.LABEL,
            "unit": schema.UNIT,
        },
        ("p", "target"),
    )

    def draw_params(self, rng: np.random.Generator, difficulty: int) -> dict[str, Any]:
        target = int(rng.integers(2))
        p = draw_probability(rng, difficulty, target)
        return {"p": p, "target": target, "unit": unit_for(rng, difficulty)}

    def check_params(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "p": require_open_probability(params, "p"),
            "target": require_binary_target(params),
            "unit": require_unit(params),
        }

    def build(self, params: dict[str, Any], rng: np.random.Generator, difficulty: int) -> Question:
        p, y, unit = params["p"], params["target"], params["unit"]
        base = UNITS[unit]
        answer = float(losses.binary_cross_entropy(p, y, base=base))
        tolerance = Tolerance()
        candidates = [
            _one_minus_p_mistake(p, y, base),
            *unit_misconceptions(nats(answer, unit), unit),
            *sign_dropped(answer),
        ]
        if y == 0:
            candidates.insert(1, _positive_term_only(0.0))
        mistakes = finite_mistakes(candidates)
        log = LOG_NAME[unit]
        substituted, left = _terms_latex(p, y, log)
        p_true = p if y == 1 else complement(p)
        return self.question(
            prompt=(
                "A “panda or not” classifier ends in a sigmoid, so it outputs one number: the "
                f"probability that the photo shows a panda. For one photo it outputs "
                f"\\(p = {tex_input(p)}\\), and {panda_phrase(y)} (\\(y = {y}\\)). What is the "
                f"binary cross-entropy loss for this photo? {unit_clause(unit)}"
            ),
            answer=answer,
            unit=unit,
            tolerance=tolerance,
            misconceptions=mistakes,
            hints=[
                "Binary cross-entropy is \\(-[y \\log p + (1 - y) \\log(1 - p)]\\).",
                f"With \\(y = {y}\\) one of the two terms is multiplied by 0.",
                f"Compute \\({left}\\).",
            ],
            explanation={
                "intro": (
                    "Binary cross-entropy has one term for “panda” and one for “no panda”; "
                    "the target keeps exactly one of them."
                ),
                "steps": [
                    {
                        "text": "Start from the formula, with the log in the unit asked for.",
                        "math": f"L = -\\left[y\\,{log} p + (1 - y)\\,{log}(1 - p)\\right]",
                    },
                    {
                        "text": (
                            f"Put in \\(p = {tex_input(p)}\\) and \\(y = {y}\\). The term "
                            "multiplied by 0 cancels."
                        ),
                        "math": f"L = {substituted} = {left}",
                    },
                    {
                        "text": "Evaluate the logarithm.",
                        "math": f"L = {left} = {tex_number(answer)}",
                    },
                ],
                "answer": answer,
                "unit": unit,
                "p_true": p_true,
                "plot_label": "p" if y == 1 else "1 − p",
                "note": (
                    "The loss only depends on the probability given to what actually happened: "
                    f"\\({tex_short(p_true)}\\) here. The closer it is to 1, the closer the loss "
                    "is to 0; as it falls towards 0 the loss grows without limit."
                ),
            },
        )


def _draw_batch(rng: np.random.Generator, difficulty: int) -> tuple[list[float], list[int]]:
    count = {1: 3, 2: 4, 3: int(rng.integers(5, 7))}[difficulty]
    targets = [int(t) for t in rng.integers(2, size=count)]
    if len(set(targets)) == 1:  # both kinds of example, so both terms of the loss appear
        flip = int(rng.integers(count))
        targets[flip] = 1 - targets[flip]
    return [draw_probability(rng, difficulty, t) for t in targets], targets


def _check_binary_batch(params: dict[str, Any]) -> tuple[list[float], list[int]]:
    pred, target = params.get("pred"), params.get("target")
    if not isinstance(pred, list) or not 1 <= len(pred) <= 10:
        raise ParamsError("pred must be a list of 1 to 10 probabilities")
    if not isinstance(target, list) or len(target) != len(pred):
        raise ParamsError("target must list one 0/1 label per entry of pred")
    probabilities = [require_open_probability({"pred": p}, "pred") for p in pred]
    labels = [require_binary_target({"target": t}) for t in target]
    return probabilities, labels


def _batch_steps(
    pred: list[float],
    target: list[int],
    reduction: str,
    unit: str,
    answer: float,
    per_example: np.ndarray,
) -> list[dict[str, str]]:
    """One surviving term per photo (``per_example``), then their mean or sum."""
    log = LOG_NAME[unit]
    steps = []
    for i, (p, t, value) in enumerate(zip(pred, target, per_example, strict=True)):
        left = f"-{log}({tex_input(p)})" if t == 1 else f"-{log}(1 - {tex_input(p)})"
        steps.append(
            {
                "text": f"Photo {i + 1} has \\(y = {t}\\), so only one term is left.",
                "math": f"\\ell_{{{i + 1}}} = {left} = {tex_number(float(value))}",
            }
        )
    losses_shown = per_example.tolist()
    if reduction == "mean":
        text, math_ = "Average the per-photo losses.", f"L = {tex_mean(losses_shown, answer)}"
    else:
        text, math_ = "Add up the per-photo losses.", f"L = {tex_sum(losses_shown, answer)}"
    return [*steps, {"text": text, "math": math_}]


@register
class BinaryCrossEntropyBatch(QuestionType):
    """Mean or total BCE over a small batch of yes/no predictions."""

    id = "bce_batch"
    title = "Binary cross-entropy over a batch"
    topic = "binary"
    family = "binary"
    PARAMS_SCHEMA = schema.params(
        "A batch of sigmoid outputs and their 0/1 targets.",
        {
            "pred": schema.open_probabilities(1, 10, "One predicted probability per example."),
            "target": schema.array(schema.LABEL, 1, 10, "One 0/1 label per entry of pred."),
            "reduction": schema.REDUCTION,
            "unit": schema.UNIT,
        },
        ("pred", "target"),
    )

    def draw_params(self, rng: np.random.Generator, difficulty: int) -> dict[str, Any]:
        pred, target = _draw_batch(rng, difficulty)
        reduction = "mean" if difficulty == 1 or rng.random() < 0.6 else "sum"
        return {
            "pred": pred,
            "target": target,
            "reduction": reduction,
            "unit": unit_for(rng, difficulty),
        }

    def check_params(self, params: dict[str, Any]) -> dict[str, Any]:
        pred, target = _check_binary_batch(params)
        reduction = require_reduction(params)
        return {
            "pred": pred,
            "target": target,
            "reduction": reduction,
            "unit": require_unit(params),
        }

    def build(self, params: dict[str, Any], rng: np.random.Generator, difficulty: int) -> Question:
        pred, target, reduction, unit = (
            params["pred"],
            params["target"],
            params["reduction"],
            params["unit"],
        )
        base = UNITS[unit]
        answer = float(losses.binary_cross_entropy(pred, target, reduction=reduction, base=base))
        other = "sum" if reduction == "mean" else "mean"
        swapped = [1 - t for t in target]
        # one engine call for every photo's loss and the loss of its other term
        both = losses.binary_cross_entropy(
            pred + pred, target + swapped, reduction="none", base=base
        )
        per_example, other_terms = both[: len(pred)], both[len(pred) :]
        other_value = reduced(per_example, other)
        positives_only = reduced(per_example * np.asarray(target), reduction)
        wrong_terms = reduced(other_terms, reduction)
        tolerance = Tolerance()
        mistakes = finite_mistakes(
            [
                Misconception(
                    "mean_vs_sum",
                    other_value,
                    f"You took the {other} of the per-photo losses; the question asks for the "
                    + (
                        "mean (divide the total by the number of photos)."
                        if reduction == "mean"
                        else "total (do not divide by the number of photos)."
                    ),
                ),
                _positive_term_only(positives_only),
                Misconception(
                    "one_minus_p",
                    wrong_terms,
                    "You used the wrong term for every photo: −log p belongs to panda photos "
                    "(y = 1) and −log(1 − p) to the others (y = 0).",
                ),
                *unit_misconceptions(nats(answer, unit), unit),
                *sign_dropped(answer),
            ]
        )
        listing = "; ".join(
            f"photo {i + 1}: \\(p = {tex_input(p)}\\), "
            + ("panda (\\(y = 1\\))" if t == 1 else "no panda (\\(y = 0\\))")
            for i, (p, t) in enumerate(zip(pred, target, strict=True))
        )
        asked = "mean" if reduction == "mean" else "total (summed)"
        return self.question(
            prompt=(
                f"A panda detector with a sigmoid output scores a batch of {len(pred)} photos: "
                f"{listing}. What is the {asked} binary cross-entropy over the batch? "
                f"{unit_clause(unit)}"
            ),
            answer=answer,
            unit=unit,
            tolerance=tolerance,
            misconceptions=mistakes,
            hints=[
                "Compute one loss per photo: −log p for a panda photo, −log(1 − p) otherwise.",
                f"Then take the {reduction} of the {len(pred)} losses.",
            ],
            explanation={
                "intro": (
                    "Each photo is its own yes/no question with its own loss; the batch loss "
                    "combines them."
                ),
                "steps": _batch_steps(pred, target, reduction, unit, answer, per_example),
                "answer": answer,
                "unit": unit,
                "p_true": None,
                "plot_label": "p",
                "note": (
                    f"The {other} would be {format_number(other_value)} {unit}. Frameworks "
                    "average by default, so the size of the loss does not depend on the batch size."
                ),
            },
        )


_ORDERS = ("negative_first", "positive_first")


@register
class BinaryAsCategorical(QuestionType):
    """BCE seen as categorical cross-entropy over two classes [not panda, panda]."""

    id = "bce_as_categorical"
    title = "Binary cross-entropy as two-class cross-entropy"
    topic = "binary"
    family = "binary"
    PARAMS_SCHEMA = schema.params(
        "One sigmoid output, its target, and how the two-class vectors are shown.",
        {
            "p": schema.number(0.0, 1.0, "The predicted probability of 1.", above=True, below=True),
            "target": schema.LABEL,
            "order": {
                "enum": list(_ORDERS),
                "default": "negative_first",
                "description": "Which class comes first in the two-class vectors.",
            },
            "show_vectors": {"type": "boolean", "default": True},
            "unit": schema.UNIT,
        },
        ("p", "target"),
    )

    def draw_params(self, rng: np.random.Generator, difficulty: int) -> dict[str, Any]:
        target = int(rng.integers(2))
        order = "negative_first" if difficulty == 1 else _ORDERS[int(rng.integers(2))]
        return {
            "p": draw_probability(rng, difficulty, target),
            "target": target,
            "order": order,
            "show_vectors": difficulty < 3,
            "unit": unit_for(rng, difficulty),
        }

    def check_params(self, params: dict[str, Any]) -> dict[str, Any]:
        show = params.get("show_vectors", True)
        if not isinstance(show, bool):
            raise ParamsError(f"show_vectors must be true or false; got {show!r}")
        return {
            "p": require_open_probability(params, "p"),
            "target": require_binary_target(params),
            "order": require_choice(params, "order", _ORDERS, default="negative_first"),
            "show_vectors": show,
            "unit": require_unit(params),
        }

    def build(self, params: dict[str, Any], rng: np.random.Generator, difficulty: int) -> Question:
        p, y, order, unit = params["p"], params["target"], params["order"], params["unit"]
        base = UNITS[unit]
        names = ["not panda", "panda"]
        q = [complement(p), p]
        onehot = [1 - y, y]
        if order == "positive_first":
            names, q, onehot = names[::-1], q[::-1], onehot[::-1]
        true_index = onehot.index(1)
        answer = float(losses.categorical_cross_entropy(q, onehot, base=base))
        bce = float(losses.binary_cross_entropy(p, y, base=base))
        tolerance = Tolerance()
        mistakes = finite_mistakes(
            [
                Misconception(
                    "wrong_class",
                    float(losses.surprisal(q[1 - true_index], base)),
                    f"You took the entry for “{names[1 - true_index]}”, but the true class is "
                    f"“{names[true_index]}”: the one-hot target keeps only its entry.",
                ),
                Misconception(
                    "all_classes",
                    float(np.sum(losses.surprisal(q, base))),
                    "You added −log q for both classes. The class with target 0 contributes "
                    "nothing.",
                ),
                *unit_misconceptions(nats(answer, unit), unit),
                *sign_dropped(answer),
            ]
        )
        log = LOG_NAME[unit]
        class_list = f"[{names[0]}, {names[1]}]"
        if params["show_vectors"]:
            setup = (
                f"Written as a distribution over the classes {class_list} the prediction is "
                f"\\(q = {tex_vector(q)}\\), and the label is the one-hot vector "
                f"\\(y = {tex_vector(onehot)}\\)."
            )
        else:
            setup = (
                f"Write the prediction as a distribution q over the classes {class_list} and "
                "the label as a one-hot vector y."
            )
        terms = " + ".join(
            f"{t} \\cdot {log}({tex_input(v)})" for t, v in zip(onehot, q, strict=True)
        )
        substituted, left = _terms_latex(p, y, log)
        return self.question(
            prompt=(
                f"A sigmoid classifier gives \\(p = {tex_input(p)}\\) that a photo shows a panda, "
                f"and {panda_phrase(y)}. {setup} What is the categorical cross-entropy "
                f"\\(-\\sum_c y_c \\log q_c\\)? {unit_clause(unit)}"
            ),
            answer=answer,
            unit=unit,
            tolerance=tolerance,
            misconceptions=mistakes,
            hints=[
                f"\\(p = {tex_input(p)}\\) for “panda” leaves "
                f"\\(1 - p = {tex_short(complement(p))}\\) for “not panda”.",
                "The one-hot target keeps only the entry of the true class.",
                f"Compute \\({left}\\).",
            ],
            explanation={
                "intro": (
                    "Binary cross-entropy is categorical cross-entropy with two classes: the "
                    "sigmoid's p and its complement 1 − p form a probability vector."
                ),
                "steps": [
                    {
                        "text": f"Build the two-class vectors in the order {class_list}.",
                        "math": f"q = {tex_vector(q)}, \\quad y = {tex_vector(onehot)}",
                    },
                    {
                        "text": "Categorical cross-entropy: the class with target 0 drops out.",
                        "math": f"L = -\\left({terms}\\right) = {left} = {tex_number(answer)}",
                    },
                    {
                        "text": "Binary cross-entropy of the original p gives the same number.",
                        "math": f"L_\\text{{BCE}} = {substituted} = {tex_number(bce)}",
                    },
                ],
                "answer": answer,
                "unit": unit,
                "p_true": q[true_index],
                "plot_label": f"q({names[true_index]})",
                "note": (
                    "So a binary classifier can use a sigmoid with binary cross-entropy, or two "
                    "outputs with a softmax and categorical cross-entropy: the loss is the same."
                ),
            },
        )
