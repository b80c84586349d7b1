"""The gradient of softmax cross-entropy with respect to the logits: softmax(z) − y.

The whole vector or one component, with a one-hot or a label-smoothed target.
The worked solution is the softmax of ``_logits`` followed by one subtraction.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from quizapp.engine import losses
from quizapp.engine.numbers import (
    format_short,
    relation,
    shown,
    tex_input,
    tex_number,
    tex_short,
    tex_vector,
)
from quizapp.engine.questions import _schema as schema
from quizapp.engine.questions._common import (
    a_or_an,
    class_names,
    finite_mistakes,
    require_index,
    require_number,
)
from quizapp.engine.questions._logits import check_logits, draw_logits, softmax_steps
from quizapp.engine.questions.base import Misconception, Question, QuestionType, Tolerance, register

_SMOOTHING = (0.1, 0.2)


def _target_row(size: int, target: int, smoothing: float) -> list[float]:
    """The (smoothed) one-hot target: (1 − ε)·onehot + ε / C."""
    return ((1.0 - smoothing) * np.eye(size)[target] + smoothing / size).tolist()


def _draw_gradient_params(rng: np.random.Generator, difficulty: int) -> dict[str, Any]:
    logits = draw_logits(rng, difficulty)
    smoothing = float(rng.choice(_SMOOTHING)) if difficulty == 3 else 0.0
    return {"logits": logits, "target": int(rng.integers(len(logits))), "smoothing": smoothing}


def _check_gradient_params(params: dict[str, Any]) -> dict[str, Any]:
    logits = check_logits(params, 50.0)
    smoothing = params.get("smoothing", 0.0)
    return {
        "logits": logits,
        "target": require_index(params, "target", len(logits)),
        "smoothing": require_number({"smoothing": smoothing}, "smoothing", low=0.0, high=1.0),
    }


def _gradient_prompt(params: dict[str, Any], names: list[str]) -> str:
    logits, t, eps = params["logits"], params["target"], params["smoothing"]
    text = (
        f"A classifier outputs the logits \\(z = {tex_vector(logits)}\\) for the classes "
        f"[{', '.join(names)}] and is trained with softmax followed by cross-entropy. "
        f"The image is {a_or_an(names[t])}"
    )
    if eps:
        text += (
            f", and the target uses label smoothing with \\(\\varepsilon = {tex_input(eps)}\\): "
            "\\(y = (1 - \\varepsilon)\\,\\text{onehot} + \\varepsilon / C\\)"
        )
    return text + "."


def _gradient_explanation(
    params: dict[str, Any], names: list[str], grad: list[float], answer: Any
) -> dict[str, Any]:
    logits, t, eps = params["logits"], params["target"], params["smoothing"]
    steps, probs = softmax_steps(logits, names)
    target = _target_row(len(logits), t, eps)
    target_text = (
        f"The smoothed target with \\(C = {len(logits)}\\) classes."
        if eps
        else f"The one-hot target of {names[t]}."
    )
    steps += [
        {"text": target_text, "math": f"y = {tex_vector(target, tex_short)}"},
        {
            "text": "Subtract the target from the prediction, class by class.",
            "math": "\\frac{\\partial L}{\\partial z} = q - y = " + tex_vector(grad, tex_number),
        },
    ]
    return {
        "intro": (
            "For softmax followed by cross-entropy the gradient with respect to the logits is "
            "the prediction minus the target, \\(\\partial L / \\partial z = q - y\\)."
        ),
        "steps": steps,
        "answer": answer,
        "unit": None,
        "p_true": None,
        "note": (
            "The gradient is small when the prediction is close to the target and never "
            "explodes: each component lies between −1 and 1. A gradient-descent step moves each "
            "logit against its component, so classes given more than their target go down and "
            "the others go up."
        ),
    }


@register
class CrossEntropyGradient(QuestionType):
    """The gradient of softmax cross-entropy with respect to the logits, softmax(z) − y."""

    id = "ce_gradient"
    title = "Gradient of cross-entropy with respect to the logits"
    topic = "softmax"
    kind = "vector"
    family = "softmax"
    PARAMS_SCHEMA = schema.params(
        "Logits, the true class and optional label smoothing.",
        {
            "logits": schema.logits(50.0),
            "target": schema.index("The true class."),
            "smoothing": {**schema.number(0.0, 1.0, "The label-smoothing ε."), "default": 0.0},
        },
        ("logits", "target"),
    )

    def draw_params(self, rng: np.random.Generator, difficulty: int) -> dict[str, Any]:
        return _draw_gradient_params(rng, difficulty)

    def check_params(self, params: dict[str, Any]) -> dict[str, Any]:
        return _check_gradient_params(params)

    def build(self, params: dict[str, Any], rng: np.random.Generator, difficulty: int) -> Question:
        logits, t, eps = params["logits"], params["target"], params["smoothing"]
        names = class_names(len(logits))
        target = _target_row(len(logits), t, eps)
        grad = [float(v) for v in losses.cross_entropy_grad(logits, target)]
        probs = [float(v) for v in losses.softmax(logits)]
        candidates = [
            Misconception(
                "gradient_sign",
                tuple(-g for g in grad),
                "The signs are flipped: the gradient is prediction minus target, q − y, not y − q.",
            ),
            Misconception(
                "forgot_target",
                tuple(probs),
                "That is the softmax alone. Subtract the target: the gradient is q − y.",
            ),
            Misconception(
                "no_softmax",
                tuple(z - y for z, y in zip(logits, target, strict=True)),
                "You subtracted the target from the logits. Put the logits through the softmax "
                "first: the gradient is softmax(z) − y.",
            ),
        ]
        if eps:
            candidates.append(
                Misconception(
                    "ignored_smoothing",
                    tuple(float(v) for v in losses.cross_entropy_grad(logits, t)),
                    "You used the plain one-hot target. With label smoothing every class's "
                    "target gets ε/C.",
                )
            )
        tolerance = Tolerance()
        return self.question(
            prompt=(
                f"{_gradient_prompt(params, names)} What is the gradient of the loss with "
                f"respect to the logits, \\(\\partial L / \\partial z\\)? Give the {len(logits)} "
                "components as a vector in the order of the classes."
            ),
            answer=grad,
            answer_format="vector",
            vector_length=len(grad),
            tolerance=tolerance,
            misconceptions=finite_mistakes(candidates),
            hints=[
                "For softmax + cross-entropy, \\(\\partial L / \\partial z = \\operatorname"
                "{softmax}(z) - y\\).",
                "Compute the softmax of the logits first.",
                "Then subtract the target vector component by component.",
            ],
            explanation=_gradient_explanation(params, names, grad, grad),
        )


@register
class CrossEntropyGradientComponent(QuestionType):
    """One component ∂L/∂z_k of the softmax cross-entropy gradient."""

    id = "ce_gradient_component"
    title = "One component of the cross-entropy gradient"
    topic = "softmax"
    family = "softmax"
    PARAMS_SCHEMA = schema.params(
        "Logits, the true class, optional label smoothing and the component asked.",
        {
            "logits": schema.logits(50.0),
            "target": schema.index("The true class."),
            "smoothing": {**schema.number(0.0, 1.0, "The label-smoothing ε."), "default": 0.0},
            "k": schema.index("The gradient component (class) asked about."),
        },
        ("logits", "target", "k"),
    )

    def draw_params(self, rng: np.random.Generator, difficulty: int) -> dict[str, Any]:
        params = _draw_gradient_params(rng, difficulty)
        size = len(params["logits"])
        k = params["target"] if rng.random() < 0.5 else int(rng.integers(size))
        return {**params, "k": k}

    def check_params(self, params: dict[str, Any]) -> dict[str, Any]:
        checked = _check_gradient_params(params)
        return {**checked, "k": require_index(params, "k", len(checked["logits"]))}

    def build(self, params: dict[str, Any], rng: np.random.Generator, difficulty: int) -> Question:
        logits, t, eps, k = params["logits"], params["target"], params["smoothing"], params["k"]
        size = len(logits)
        names = class_names(size)
        target = _target_row(size, t, eps)
        grad = [float(v) for v in losses.cross_entropy_grad(logits, target)]
        probs = [float(v) for v in losses.softmax(logits)]
        answer = grad[k]
        # the target component a learner assumes when mixing up whether k is the true class
        swapped_role = _target_row(size, k if k != t else (k + 1) % size, eps)[k]
        candidates = [
            Misconception(
                "gradient_sign",
                -answer,
                "The sign is flipped: the gradient is prediction minus target, q_k − y_k.",
            ),
            Misconception(
                "forgot_target",
                probs[k],
                "That is the softmax probability alone; subtract the target y_k.",
            ),
            Misconception(
                "no_softmax",
                logits[k] - target[k],
                "You subtracted the target from the logit itself. Use the softmax "
                "probability: q_k − y_k.",
            ),
            Misconception(
                "wrong_class",
                probs[k] - swapped_role,
                f"Check which class is the true one: it is {names[t]}, so "
                + ("y_k is the large target entry." if k == t else "y_k is the small one."),
            ),
        ]
        if eps:
            candidates.append(
                Misconception(
                    "ignored_smoothing",
                    float(losses.cross_entropy_grad(logits, t)[k]),
                    "You used the plain one-hot target; with label smoothing y_k includes ε/C.",
                )
            )
        tolerance = Tolerance()
        explanation = _gradient_explanation(params, names, grad, answer)
        explanation["steps"].append(
            {
                "text": f"Read off the component of {names[k]}.",
                "math": (
                    f"\\frac{{\\partial L}}{{\\partial z_\\text{{{names[k]}}}}} = "
                    f"{tex_number(probs[k])} - {tex_short(target[k])} "
                    f"{relation(shown(probs[k]) - shown(target[k], format_short), answer)} "
                    f"{tex_number(answer)}"
                ),
            }
        )
        return self.question(
            prompt=(
                f"{_gradient_prompt(params, names)} What is \\(\\partial L / \\partial "
                f"z_\\text{{{names[k]}}}\\), the derivative of the loss with respect to the logit "
                f"of {names[k]}? Give a number (it may be negative)."
            ),
            answer=answer,
            tolerance=tolerance,
            misconceptions=finite_mistakes(candidates),
            hints=[
                "For softmax + cross-entropy, \\(\\partial L / \\partial z_k = q_k - y_k\\).",
                f"Compute the softmax probability of {names[k]}.",
                f"Subtract its target entry y_k (the true class is {names[t]}).",
            ],
            explanation=explanation,
        )
