"""Softmax and its gradient: logits to probabilities, cross-entropy from logits, softmax(z) − y.

A classifier's last layer gives logits z; the softmax e^{z_i} / Σ_j e^{z_j} turns them
into probabilities, and cross-entropy is taken of those. Its gradient with respect
to the logits is simply the prediction minus the target. Every number here comes
from the loss engine.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from quizapp.engine import losses
from quizapp.engine.questions._common import (
    CLASS_NAMES,
    LOG_NAME,
    UNITS,
    keep_distinct,
    require_index,
    require_number,
    require_numbers,
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
from quizapp.engine.questions.binary import (
    require_unit,
    tex_input,
    tex_number,
    tex_vector,
)

_SIZES = {1: 3, 2: 4, 3: 5}
#: From this largest logit on, worked solutions subtract it before exponentiating.
_SHIFT_FROM = 10.0
_SMOOTHING = (0.1, 0.2)


def _names(size: int) -> list[str]:
    return list(CLASS_NAMES[:size])


def _draw_logits(rng: np.random.Generator, difficulty: int) -> list[float]:
    """Logits as a network prints them; easy ones are positive so every slip is defined."""
    low, high, decimals = {1: (0.1, 3.0, 1), 2: (-3.0, 4.0, 1), 3: (-4.0, 6.0, 2)}[difficulty]
    return [round(float(v), decimals) + 0.0 for v in rng.uniform(low, high, _SIZES[difficulty])]


def _check_logits(params: dict[str, Any], limit: float) -> list[float]:
    """Between 2 and 10 logits, each within ±``limit``."""
    logits = require_numbers(params, "logits", max_len=len(CLASS_NAMES))
    if len(logits) < 2:
        raise ParamsError("logits needs at least two entries (one per class)")
    if max(abs(z) for z in logits) > limit:
        raise ParamsError(f"logits must lie between −{limit:g} and {limit:g}")
    return logits


def _shifted(values: list[float], shift: float) -> list[float]:
    """z − m without float noise (9.1 − 12.3 shows as −3.2)."""
    return [round(v - shift, 10) + 0.0 for v in values]


def _softmax_steps(
    logits: list[float], names: list[str], only: int | None = None
) -> tuple[list[dict[str, str]], list]:
    """Exponentials (after subtracting the largest logit when it is big), their sum, division.

    ``only`` limits the division to the one class the question is about. Returns the steps
    and the softmax probabilities from the engine.
    """
    probs = [float(v) for v in losses.softmax(logits)]
    steps = []
    shift = max(logits) if max(logits) >= _SHIFT_FROM else 0.0
    exponents = _shifted(logits, shift)
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
        {
            "text": "Add the exponentials.",
            "math": "S = "
            + " + ".join(tex_number(float(v)) for v in exps)
            + f" = {tex_number(total)}",
        },
        {
            "text": (
                "Divide each exponential by the sum."
                if only is None
                else f"Divide the exponential of {names[only]} by the sum."
            ),
            "math": ",\\; ".join(
                f"q_\\text{{{n}}} = \\frac{{{tex_number(float(v))}}}{{{tex_number(total)}}} = "
                f"{tex_number(p)}"
                for i, (n, v, p) in enumerate(zip(names, exps, probs, strict=True))
                if only is None or i == only
            ),
        },
    ]
    return steps, probs


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

    def draw_params(self, rng: np.random.Generator, difficulty: int) -> dict[str, Any]:
        logits = _draw_logits(rng, difficulty)
        return {"logits": logits, "k": int(rng.integers(len(logits)))}

    def check_params(self, params: dict[str, Any]) -> dict[str, Any]:
        logits = _check_logits(params, 50.0)
        return {"logits": logits, "k": require_index(params, "k", len(logits))}

    def build(self, params: dict[str, Any], rng: np.random.Generator, difficulty: int) -> Question:
        logits, k = params["logits"], params["k"]
        names = _names(len(logits))
        steps, probs = _softmax_steps(logits, names, only=k)
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
            misconceptions=keep_distinct(candidates, answer, tolerance),
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

    def draw_params(self, rng: np.random.Generator, difficulty: int) -> dict[str, Any]:
        return {"logits": _draw_logits(rng, difficulty)}

    def check_params(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"logits": _check_logits(params, 50.0)}

    def build(self, params: dict[str, Any], rng: np.random.Generator, difficulty: int) -> Question:
        logits = params["logits"]
        names = _names(len(logits))
        steps, probs = _softmax_steps(logits, names)
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
            misconceptions=keep_distinct(candidates, probs, tolerance),
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
    names = _names(len(logits))
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
    candidates += [
        Misconception(
            "wrong_class",
            float(losses.categorical_cross_entropy(logits, j, from_logits=True, base=base)),
            f"That is the loss if the image were a {names[j]}; it is a {names[t]}.",
        )
        for j in range(len(logits))
        if j != t
    ]
    candidates += [*unit_misconceptions(in_nats, unit), sign_dropped(answer)]
    return candidates


@register
class CrossEntropyFromLogits(QuestionType):
    """−log softmax(z)_t: categorical cross-entropy straight from logits."""

    id = "ce_from_logits"
    title = "Cross-entropy from logits"
    topic = "softmax"
    family = "softmax"

    def draw_params(self, rng: np.random.Generator, difficulty: int) -> dict[str, Any]:
        if difficulty == 3:
            logits = _draw_large_logits(rng)
        else:
            logits = _draw_logits(rng, 1 if difficulty == 1 else 2)
            if difficulty == 2 and rng.random() < 0.5:
                logits.append(round(float(rng.uniform(-3.0, 4.0)), 1) + 0.0)
        return {
            "logits": logits,
            "target": int(rng.integers(len(logits))),
            "unit": unit_for(rng, difficulty),
        }

    def check_params(self, params: dict[str, Any]) -> dict[str, Any]:
        logits = _check_logits(params, 1000.0)
        return {
            "logits": logits,
            "target": require_index(params, "target", len(logits)),
            "unit": require_unit(params),
        }

    def build(self, params: dict[str, Any], rng: np.random.Generator, difficulty: int) -> Question:
        logits, t, unit = params["logits"], params["target"], params["unit"]
        base = UNITS[unit]
        names = _names(len(logits))
        answer = float(losses.categorical_cross_entropy(logits, t, from_logits=True, base=base))
        in_nats = float(losses.categorical_cross_entropy(logits, t, from_logits=True))
        tolerance = Tolerance()
        steps, probs = self._steps(logits, t, unit, answer, in_nats)
        log = LOG_NAME[unit]
        return self.question(
            prompt=(
                f"A classifier outputs the logits \\(z = {tex_vector(logits)}\\) for the classes "
                f"[{', '.join(names)}], and the image is a {names[t]}. What is the cross-entropy "
                f"loss \\(-{log} \\operatorname{{softmax}}(z)_t\\) for the true class \\(t\\)? "
                f"Give the loss in {unit}."
            ),
            answer=answer,
            unit=unit,
            tolerance=tolerance,
            misconceptions=keep_distinct(
                _logit_ce_mistakes(logits, t, unit, answer, in_nats), answer, tolerance
            ),
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
        names = _names(len(logits))
        steps, probs = _softmax_steps(logits, names, only=t)
        z_t = tex_input(logits[t])
        if max(logits) >= _SHIFT_FROM:
            shift = max(logits)
            lse_shifted = float(
                losses.categorical_cross_entropy(_shifted(logits, shift), t, from_logits=True)
            )
            log_sum = lse_shifted + _shifted(logits, shift)[t]  # ln S of the shifted exponentials
            steps = steps[:3] + [
                {
                    "text": (
                        "Skip the division: with \\(L = \\ln \\sum_j e^{z_j} - z_t\\) and the "
                        "shift added back, the loss in nats is"
                    ),
                    "math": (
                        f"L = m + \\ln S - z_t = {tex_input(shift)} + {tex_number(log_sum)} - "
                        f"{z_t if logits[t] >= 0 else '(' + z_t + ')'} = {tex_number(in_nats)}"
                    ),
                }
            ]
        else:
            steps.append(
                {
                    "text": f"Take −log of the true class's probability ({names[t]}).",
                    "math": f"L = -\\ln({tex_number(probs[t])}) = {tex_number(in_nats)}",
                }
            )
        if unit == "bits":
            steps.append(
                {
                    "text": "Convert nats to bits by dividing by ln 2.",
                    "math": f"L = \\frac{{{tex_number(in_nats)}}}{{\\ln 2}} = {tex_number(answer)}",
                }
            )
        return steps, probs


def _target_row(size: int, target: int, smoothing: float) -> list[float]:
    """The (smoothed) one-hot target: (1 − ε)·onehot + ε / C."""
    return ((1.0 - smoothing) * np.eye(size)[target] + smoothing / size).tolist()


def _draw_gradient_params(rng: np.random.Generator, difficulty: int) -> dict[str, Any]:
    logits = _draw_logits(rng, difficulty)
    smoothing = float(rng.choice(_SMOOTHING)) if difficulty == 3 else 0.0
    return {"logits": logits, "target": int(rng.integers(len(logits))), "smoothing": smoothing}


def _check_gradient_params(params: dict[str, Any]) -> dict[str, Any]:
    logits = _check_logits(params, 50.0)
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
        f"The image is a {names[t]}"
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
    steps, probs = _softmax_steps(logits, names)
    target = _target_row(len(logits), t, eps)
    target_text = (
        f"The smoothed target with \\(C = {len(logits)}\\) classes."
        if eps
        else f"The one-hot target of {names[t]}."
    )
    steps += [
        {"text": target_text, "math": f"y = {tex_vector(target, tex_number)}"},
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

    def draw_params(self, rng: np.random.Generator, difficulty: int) -> dict[str, Any]:
        return _draw_gradient_params(rng, difficulty)

    def check_params(self, params: dict[str, Any]) -> dict[str, Any]:
        return _check_gradient_params(params)

    def build(self, params: dict[str, Any], rng: np.random.Generator, difficulty: int) -> Question:
        logits, t, eps = params["logits"], params["target"], params["smoothing"]
        names = _names(len(logits))
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
            misconceptions=keep_distinct(candidates, grad, tolerance),
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
        names = _names(size)
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
                    f"{tex_number(probs[k])} - {tex_number(target[k])} = {tex_number(answer)}"
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
            misconceptions=keep_distinct(candidates, answer, tolerance),
            hints=[
                "For softmax + cross-entropy, \\(\\partial L / \\partial z_k = q_k - y_k\\).",
                f"Compute the softmax probability of {names[k]}.",
                f"Subtract its target entry y_k (the true class is {names[t]}).",
            ],
            explanation=explanation,
        )
