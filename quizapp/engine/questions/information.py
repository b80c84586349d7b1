"""Information theory behind the loss: surprisal, entropy, cross-entropy and KL divergence.

The chain the first source article walks along (surprisal → entropy → cross-entropy),
with its forest animals and its loaded coin. Every answer, every wrong answer a
typical slip produces and every number of the worked solution is computed with the
loss engine from the numbers exactly as the prompt shows them.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from quizapp.engine import losses
from quizapp.engine.numbers import MINUS, format_input, format_number, format_vector
from quizapp.engine.questions._common import (
    CLASS_NAMES,
    LOG_NAME,
    UNITS,
    draw_distribution,
    keep_distinct,
    require_choice,
    require_number,
    require_probability_vector,
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

FAMILY = "information"
MAX_OUTCOMES = len(CLASS_NAMES)
_SPOKEN_LOG = {"nats": "ln", "bits": "log₂"}
_OTHER_UNIT = {"nats": "bits", "bits": "nats"}
_KL = r"D_{\mathrm{KL}}(p \,\|\, q)"


# ---------------------------------------------------------------- small helpers


def _t(value: float) -> str:
    """A computed number for LaTeX (latex2mathml wants an ASCII minus)."""
    return format_number(value).replace(MINUS, "-")


def _ti(value: float) -> str:
    """An input number for LaTeX, as the prompt shows it."""
    return format_input(value).replace(MINUS, "-")


def _step(say: str, math_tex: str = "", table: dict[str, list] | None = None) -> dict[str, Any]:
    """One step of a worked solution: prose, an optional formula, an optional table."""
    return {"say": say, "math": math_tex, "table": table}


def _explanation(
    intro: str,
    steps: list[dict[str, Any]],
    answer: float,
    unit: str,
    note: str,
    plot: tuple[float, str, str] | None = None,
) -> dict[str, Any]:
    """The explanation dict the information template reads (plot: p, its unit, its label)."""
    plot_p, plot_unit, plot_label = plot if plot is not None else (None, unit, "p")
    return {
        "intro": intro,
        "steps": steps,
        "answer": answer,
        "unit": unit,
        "note": note,
        "plot_p": plot_p,
        "plot_unit": plot_unit,
        "plot_label": plot_label,
    }


def _nats(value: float, unit: str) -> float:
    """A value in ``unit`` back in nats, to derive the wrong-logarithm mistakes."""
    return value * math.log(UNITS[unit])


def _require_unit(params: dict[str, Any]) -> str:
    return require_choice(params, "unit", tuple(UNITS), default="nats")


def _require_name(params: dict[str, Any], key: str, default: str) -> str:
    """An optional short label (an animal, a class) shown in the prompt."""
    raw = params.get(key, default)
    if not isinstance(raw, str) or len(raw) > 24 or not all(c.isalpha() or c in " -" for c in raw):
        raise ParamsError(f"{key} must be a short name of letters, spaces or hyphens; got {raw!r}")
    return raw.strip()


def _require_outcomes(params: dict[str, Any], size: int) -> list[str]:
    """Names of the outcomes, one per probability (defaults to dog, cat, panda …)."""
    raw = params.get("outcomes")
    if raw is None:
        return list(CLASS_NAMES[:size])
    if not isinstance(raw, list) or len(raw) != size:
        raise ParamsError(f"outcomes must be a list of {size} names, one per probability")
    names = [_require_name({"outcomes": name}, "outcomes", "") for name in raw]
    if any(not name for name in names) or len(set(names)) != size:
        raise ParamsError("outcomes must be distinct, non-empty names")
    return names


def _require_distribution(params: dict[str, Any], key: str, size: int | None = None) -> list[float]:
    values = require_probability_vector(params, key, size=size)
    if len(values) > MAX_OUTCOMES:
        raise ParamsError(f"{key} may have at most {MAX_OUTCOMES} outcomes; got {len(values)}")
    return values


def _a(name: str) -> str:
    """The name with its indefinite article: "a panda", "an owl"."""
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


def _listing(names: list[str], probs: list[float]) -> str:
    """ "panda 0.2, bird 0.3 and dog 0.5"."""
    parts = [f"{name} {format_input(p)}" for name, p in zip(names, probs, strict=True)]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _with_zero(probs: list[float], decimals: int) -> list[float]:
    """Move the smallest probability onto the largest, leaving one outcome impossible."""
    low, high = int(np.argmin(probs)), int(np.argmax(probs))
    moved = list(probs)
    moved[high] = round(moved[high] + moved[low], decimals)
    moved[low] = 0.0
    return moved


def _term_products(weights: list[float], probs: list[float], base: float) -> list[float]:
    """w_i · (−log q_i), with 0 · (−log q) = 0 whatever q is."""
    return [
        w * float(losses.surprisal(q, base)) if w > 0 else 0.0
        for w, q in zip(weights, probs, strict=True)
    ]


# ---------------------------------------------------------------- surprisal


@register
class Surprisal(QuestionType):
    """Surprisal −log p of one outcome, in nats or bits (the article's panda)."""

    id = "surprisal"
    title = "Surprisal of an outcome"
    topic = "surprisal"
    family = FAMILY

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
            "unit": _require_unit(params),
            "outcome": _require_name(params, "outcome", ""),
        }

    def build(self, params: dict[str, Any], rng: np.random.Generator, difficulty: int) -> Question:
        p, unit, outcome = params["p"], params["unit"], params["outcome"]
        base, log = UNITS[unit], LOG_NAME[unit]
        answer = float(losses.surprisal(p, base))
        other = _OTHER_UNIT[unit]
        in_other = float(losses.surprisal(p, UNITS[other]))
        tolerance = Tolerance()
        mistakes = keep_distinct(
            [
                *unit_misconceptions(_nats(answer, unit), unit),
                sign_dropped(answer),
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
                    f"here {_SPOKEN_LOG[unit]}(1/{format_input(p)}).",
                ),
            ],
            answer,
            tolerance,
        )
        formula = r" \(-\log p\)" if difficulty == 1 else ""
        if outcome:
            prompt = (
                f"On a walk through a forest, the first animal you meet is {_a(outcome)} with "
                f"probability \\(p = {_ti(p)}\\). How surprised should you be when it is "
                f"{_a(outcome)}: what is the surprisal{formula} of that outcome? "
                f"Give it in {unit}."
            )
        else:
            prompt = (
                f"An outcome has probability \\(p = {_ti(p)}\\). What is its "
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
                f"{unit.capitalize()} means the logarithm is {_SPOKEN_LOG[unit]}.",
                f"Compute \\(-{log} {_ti(p)}\\).",
            ],
            explanation=_explanation(
                intro=(
                    "Surprisal measures how unexpected a single outcome is: the logarithm of "
                    "one over its probability."
                ),
                steps=[
                    _step(
                        f"Use the definition, with \\({log}\\) because the answer is in {unit}.",
                        f"I(x) = -{log} p(x) = {log}\\frac{{1}}{{p(x)}}",
                    ),
                    _step(
                        "Put in the probability.",
                        f"I = -{log} {_ti(p)} = {log} {_t(1.0 / p)} = {_t(answer)}",
                    ),
                    _step(
                        f"For comparison, in {other} the same surprisal is "
                        f"\\({_t(in_other)}\\); changing the base only rescales it "
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
            "unit": _require_unit(params),
            "label": _require_name(params, "label", ""),
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
        mistakes = keep_distinct(mistakes, answer, tolerance)
        image = f"a photo of {_a(label)}" if label else "one image"
        who = f"the {label} class" if label else "the true class"
        b_tex = "e" if unit == "nats" else "2"
        return self.question(
            prompt=(
                f"A classifier's cross-entropy loss on {image} with a one-hot target is "
                f"\\({_ti(loss)}\\) {unit}. What probability, in percent, did it give {who}?"
            ),
            answer=answer,
            unit="%",
            answer_format="percent",
            tolerance=tolerance,
            misconceptions=mistakes,
            hints=[
                "With a one-hot label the loss is the surprisal of the true class: L = −log p.",
                f"Undo the logarithm: \\(p = {b_tex}^{{-L}}\\).",
                f"Compute \\({b_tex}^{{-{_ti(loss)}}}\\) and multiply by 100.",
            ],
            explanation=_explanation(
                intro=(
                    "With a one-hot label only the true class's probability enters the loss, "
                    "so the loss can be turned back into that probability."
                ),
                steps=[
                    _step(
                        "The loss is the surprisal of the true class.",
                        f"L = -{log} p \\quad\\Longrightarrow\\quad p = {b_tex}^{{-L}}",
                    ),
                    _step(
                        "Put in the loss and convert to a percentage.",
                        f"p = {b_tex}^{{-{_ti(loss)}}} = {_t(p)} = {_t(answer)}\\,\\%",
                    ),
                    _step(
                        "Check by running it forward again.",
                        f"-{log} {_t(p)} = {_t(check)}",
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


# ---------------------------------------------------------------- entropy


@register
class Entropy(QuestionType):
    """Entropy of a distribution over named outcomes (the article's panda/bird/dog)."""

    id = "entropy"
    title = "Entropy of a distribution"
    topic = "entropy"
    family = FAMILY

    def draw_params(self, rng: np.random.Generator, difficulty: int) -> dict[str, Any]:
        size = {1: 3, 2: int(rng.integers(4, 6)), 3: int(rng.integers(5, 9))}[difficulty]
        decimals = 1 if difficulty == 1 else 2
        probs = draw_distribution(rng, size, decimals=decimals)
        if difficulty == 3 and rng.random() < 0.5:
            probs = _with_zero(probs, decimals)
        names = [str(n) for n in rng.permutation(CLASS_NAMES)[:size]]
        return {"outcomes": names, "p": probs, "unit": unit_for(rng, difficulty)}

    def check_params(self, params: dict[str, Any]) -> dict[str, Any]:
        probs = _require_distribution(params, "p")
        return {
            "outcomes": _require_outcomes(params, len(probs)),
            "p": probs,
            "unit": _require_unit(params),
        }

    def build(self, params: dict[str, Any], rng: np.random.Generator, difficulty: int) -> Question:
        names, probs, unit = params["outcomes"], params["p"], params["unit"]
        base, log = UNITS[unit], LOG_NAME[unit]
        answer = float(losses.entropy(probs, base))
        present = [i for i, p in enumerate(probs) if p > 0]
        surprisals = [float(losses.surprisal(p, base)) for p in probs]
        terms = _term_products(probs, probs, base)
        top = int(np.argmax(probs))
        uniform = [1.0 / len(probs)] * len(probs)
        ceiling = float(losses.entropy(uniform, base))
        tolerance = Tolerance()
        mistakes = [
            *unit_misconceptions(_nats(answer, unit), unit),
            sign_dropped(answer),
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
                f"{format_input(probs[i])}·(−{_SPOKEN_LOG[unit]} {format_input(probs[i])}).",
            )
            for i in present
        ]
        mistakes = keep_distinct(mistakes, answer, tolerance)
        rows = [
            [
                name,
                format_input(p),
                format_number(s) if p > 0 else "∞",
                format_number(t) if p > 0 else "0 (0·log 0 counts as 0)",
            ]
            for name, p, s, t in zip(names, probs, surprisals, terms, strict=True)
        ]
        sum_tex = " + ".join(_t(terms[i]) for i in present)
        zero_note = (
            " An impossible outcome (p = 0) adds nothing: p·log p → 0 as p → 0."
            if len(present) < len(probs)
            else ""
        )
        return self.question(
            prompt=(
                f"A random event has {len(probs)} possible outcomes with probabilities "
                f"{_listing(names, probs)}. What is the entropy \\(H(p)\\) of this "
                f"distribution? Give it in {unit}."
            ),
            answer=answer,
            unit=unit,
            tolerance=tolerance,
            misconceptions=mistakes,
            hints=[
                "Entropy is the expected surprisal: H(p) = −Σ p_i log p_i.",
                f"Work out each outcome's surprisal −{_SPOKEN_LOG[unit]} p_i, weight it by "
                f"p_i, then add.{zero_note}",
                f"The first term is \\({_ti(probs[0])} \\cdot (-{log} {_ti(probs[0])})\\).",
            ],
            explanation=_explanation(
                intro=(
                    "Entropy is how surprised we expect to be on average: each outcome's "
                    "surprisal, weighted by how often that outcome happens."
                ),
                steps=[
                    _step("Start from the definition.", f"H(p) = -\\sum_i p_i {log} p_i"),
                    _step(
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
                    _step("Add the weighted terms.", f"H(p) = {sum_tex} = {_t(answer)}"),
                ],
                answer=answer,
                unit=unit,
                note=(
                    f"Entropy runs from 0 (one outcome certain) to \\({log} {len(probs)} = "
                    f"{_t(ceiling)}\\) {unit} (all {len(probs)} outcomes equally likely); "
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
        return {"classes": classes, "support": support, "unit": _require_unit(params)}

    def build(self, params: dict[str, Any], rng: np.random.Generator, difficulty: int) -> Question:
        classes, support, unit = params["classes"], params["support"], params["unit"]
        base, log = UNITS[unit], LOG_NAME[unit]
        share = 1.0 / support
        dist = [share] * support + [0.0] * (classes - support)
        answer = float(losses.entropy(dist, base))
        each = float(losses.surprisal(share, base))
        all_classes = float(losses.entropy([1.0 / classes] * classes, base))
        tolerance = Tolerance()
        mistakes = keep_distinct(
            [
                *unit_misconceptions(_nats(answer, unit), unit),
                sign_dropped(answer),
                Misconception(
                    "counted_all_classes",
                    all_classes,
                    f"That is the entropy of an even spread over all {classes} classes. "
                    "Classes with probability 0 add nothing, so only the ones sharing the "
                    "probability count.",
                ),
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
            ],
            answer,
            tolerance,
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
            explanation=_explanation(
                intro=(
                    "When probability is spread evenly, every possible outcome is equally "
                    "surprising, so the average surprisal is simply that surprisal."
                ),
                steps=self._steps(classes, support, log, each),
                answer=answer,
                unit=unit,
                note=(
                    f"Over {classes} classes, entropy is smallest (0) for a one-hot vector and "
                    f"largest, \\({log} {classes} = {_t(all_classes)}\\) {unit}, for an even "
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
                _step(
                    f"One class has probability 1; the other {rest} have 0, and "
                    "\\(0 \\log 0\\) counts as 0.",
                    f"H = -1 \\cdot {log} 1 = {_t(each)}",
                ),
            ]
        frac = f"\\tfrac{{1}}{{{support}}}"
        zeros = f"; the other {rest} have 0 and add nothing." if rest else "."
        return [
            _step(
                f"{support} outcomes with probability \\({frac}\\) each{zeros}",
                f"H = -\\sum_i p_i {log} p_i = -{support} \\cdot {frac} {log} {frac}",
            ),
            _step(
                "The factor and the probability cancel, leaving the log of the count.",
                f"H = {log} {support} = {_t(each)}",
            ),
        ]


# ---------------------------------------------------------------- cross-entropy and KL


def _draw_two_distributions(
    rng: np.random.Generator, difficulty: int
) -> tuple[list[str], list[float], list[float]]:
    """A true distribution p and a belief q that differ noticeably (KL ≥ 0.05 nats)."""
    size = {1: int(rng.integers(2, 4)), 2: int(rng.integers(3, 5)), 3: int(rng.integers(4, 7))}[
        difficulty
    ]
    decimals = 1 if difficulty == 1 else 2
    while True:
        p = draw_distribution(rng, size, decimals=decimals)
        q = draw_distribution(rng, size, decimals=decimals)
        if difficulty == 3 and rng.random() < 0.4:
            p = _with_zero(p, decimals)
        if float(losses.kl_divergence(p, q)) >= 0.05:
            break
    names = [str(n) for n in rng.permutation(CLASS_NAMES)[:size]]
    return names, p, q


def _check_two_distributions(params: dict[str, Any]) -> dict[str, Any]:
    p = _require_distribution(params, "p")
    q = _require_distribution(params, "q", size=len(p))
    if any(pi > 0 and qi == 0 for pi, qi in zip(p, q, strict=True)):
        raise ParamsError("q must be above 0 wherever p is above 0 (otherwise the answer is ∞)")
    return {
        "outcomes": _require_outcomes(params, len(p)),
        "p": p,
        "q": q,
        "unit": _require_unit(params),
    }


def _distribution_table(
    names: list[str], p: list[float], q: list[float], last: tuple[str, list[str]]
) -> dict[str, list]:
    """Outcome, p_i, q_i and one computed column, for the worked solution."""
    header, cells = last
    return {
        "columns": ["outcome", r"\(p_i\)", r"\(q_i\)", header],
        "rows": [
            [name, format_input(pi), format_input(qi), cell]
            for name, pi, qi, cell in zip(names, p, q, cells, strict=True)
        ],
    }


@register
class CrossEntropyDistributions(QuestionType):
    """H(p, q) of a true distribution and a soft belief: weights from p, surprisal from q."""

    id = "cross_entropy_distributions"
    title = "Cross-entropy of two distributions"
    topic = "cross_entropy"
    family = FAMILY

    def draw_params(self, rng: np.random.Generator, difficulty: int) -> dict[str, Any]:
        names, p, q = _draw_two_distributions(rng, difficulty)
        return {"outcomes": names, "p": p, "q": q, "unit": unit_for(rng, difficulty)}

    def check_params(self, params: dict[str, Any]) -> dict[str, Any]:
        return _check_two_distributions(params)

    def build(self, params: dict[str, Any], rng: np.random.Generator, difficulty: int) -> Question:
        names, p, q, unit = params["outcomes"], params["p"], params["q"], params["unit"]
        base, log = UNITS[unit], LOG_NAME[unit]
        answer = float(losses.cross_entropy(p, q, base))
        h_p = float(losses.entropy(p, base))
        kl = float(losses.kl_divergence(p, q, base))
        terms = _term_products(p, q, base)
        tolerance = Tolerance()
        mistakes = keep_distinct(
            [
                Misconception(
                    "swapped_arguments",
                    float(losses.cross_entropy(q, p, base)),
                    "You swapped the roles: the logarithm is taken of the belief q and the "
                    "weights come from the true distribution p, H(p, q) = −Σ p_i log q_i.",
                ),
                Misconception(
                    "entropy_not_cross_entropy",
                    h_p,
                    "That is the entropy H(p) of the true distribution. Cross-entropy measures "
                    "surprise under your belief q, so use log q_i.",
                ),
                Misconception(
                    "entropy_of_prediction",
                    float(losses.entropy(q, base)),
                    "That is the entropy of the belief q alone; weight its surprisals by the "
                    "true probabilities p instead.",
                ),
                Misconception(
                    "kl_not_cross_entropy",
                    kl,
                    "That is the KL divergence, H(p, q) − H(p). Cross-entropy also includes "
                    "the entropy of p.",
                ),
                *unit_misconceptions(_nats(answer, unit), unit),
                sign_dropped(answer),
            ],
            answer,
            tolerance,
        )
        present = [i for i, pi in enumerate(p) if pi > 0]
        cells = [format_number(t) if pi > 0 else "0" for pi, t in zip(p, terms, strict=True)]
        sum_tex = " + ".join(_t(terms[i]) for i in present)
        return self.question(
            prompt=(
                f"The first animal you meet in a forest is one of {', '.join(names)}, with true "
                f"probabilities \\(p = {format_vector(p)}\\). You do not know them and believe "
                f"\\(q = {format_vector(q)}\\) instead. What is the cross-entropy "
                f"\\(H(p, q)\\), your average surprisal? Give it in {unit}."
            ),
            answer=answer,
            unit=unit,
            tolerance=tolerance,
            misconceptions=mistakes,
            hints=[
                "H(p, q) = −Σ p_i log q_i: how surprised you are is set by your belief q, how "
                "often it happens by the truth p.",
                f"For each animal compute −{_SPOKEN_LOG[unit]} q_i and multiply by p_i.",
                f"The first term is \\({_ti(p[0])} \\cdot (-{log} {_ti(q[0])})\\).",
            ],
            explanation=_explanation(
                intro=(
                    "Cross-entropy is the average surprisal when outcomes follow the truth p "
                    "but you judge them with your belief q."
                ),
                steps=[
                    _step("Start from the definition.", f"H(p, q) = -\\sum_i p_i {log} q_i"),
                    _step(
                        "Weight each belief's surprisal by the true probability.",
                        table=_distribution_table(
                            names, p, q, (f"\\(p_i \\cdot (-{log} q_i)\\)", cells)
                        ),
                    ),
                    _step("Add the terms.", f"H(p, q) = {sum_tex} = {_t(answer)}"),
                    _step(
                        "Compare with the entropy of the truth: the gap is the KL divergence, "
                        "never negative.",
                        f"H(p) = {_t(h_p)}, \\quad D_{{\\mathrm{{KL}}}}(p \\,\\|\\, q) = "
                        f"{_t(answer)} - {_t(h_p)} = {_t(kl)}",
                    ),
                ],
                answer=answer,
                unit=unit,
                note=(
                    "H(p, q) ≥ H(p), with equality only when the belief matches the truth. "
                    "A classifier's loss is this quantity with p the target and q the "
                    "prediction."
                ),
            ),
        )


@register
class KLDivergence(QuestionType):
    """D_KL(p ‖ q) = H(p, q) − H(p): the extra surprisal of a wrong belief."""

    id = "kl_divergence"
    title = "KL divergence"
    topic = "cross_entropy"
    family = FAMILY

    def draw_params(self, rng: np.random.Generator, difficulty: int) -> dict[str, Any]:
        names, p, q = _draw_two_distributions(rng, difficulty)
        return {"outcomes": names, "p": p, "q": q, "unit": unit_for(rng, difficulty)}

    def check_params(self, params: dict[str, Any]) -> dict[str, Any]:
        return _check_two_distributions(params)

    def build(self, params: dict[str, Any], rng: np.random.Generator, difficulty: int) -> Question:
        names, p, q, unit = params["outcomes"], params["p"], params["q"], params["unit"]
        base, log = UNITS[unit], LOG_NAME[unit]
        answer = float(losses.kl_divergence(p, q, base))
        h_pq = float(losses.cross_entropy(p, q, base))
        h_p = float(losses.entropy(p, base))
        h_q = float(losses.entropy(q, base))
        # p_i log(p_i / q_i) = p_i (−log q_i) − p_i (−log p_i), each factor from the engine
        terms = [
            ce - e
            for ce, e in zip(_term_products(p, q, base), _term_products(p, p, base), strict=True)
        ]
        tolerance = Tolerance()
        mistakes = keep_distinct(
            [
                Misconception(
                    "cross_entropy_not_kl",
                    h_pq,
                    "That is the cross-entropy H(p, q). KL divergence is what is left after "
                    "subtracting the entropy H(p) of the truth.",
                ),
                Misconception(
                    "swapped_arguments",
                    float(losses.kl_divergence(q, p, base)),
                    "You computed D(q ‖ p). KL divergence is not symmetric: weight by the true "
                    "p, D(p ‖ q) = Σ p_i log(p_i / q_i).",
                ),
                Misconception(
                    "entropy_difference",
                    h_q - h_p,
                    "You subtracted the two entropies, H(q) − H(p). The KL divergence is "
                    "H(p, q) − H(p): the first term is the cross-entropy.",
                ),
                *unit_misconceptions(_nats(answer, unit), unit),
                sign_dropped(answer),
            ],
            answer,
            tolerance,
        )
        present = [i for i, pi in enumerate(p) if pi > 0]
        cells = [format_number(t) if pi > 0 else "0" for pi, t in zip(p, terms, strict=True)]
        sum_tex = " + ".join(f"({_t(terms[i])})" if terms[i] < 0 else _t(terms[i]) for i in present)
        return self.question(
            prompt=(
                f"A training target over classes [{', '.join(names)}] is the soft distribution "
                f"\\(p = {format_vector(p)}\\), and the model predicts "
                f"\\(q = {format_vector(q)}\\). What is the KL divergence "
                f"\\(D_{{\\mathrm{{KL}}}}(p \\,\\|\\, q)\\)? Give it in {unit}."
            ),
            answer=answer,
            unit=unit,
            tolerance=tolerance,
            misconceptions=mistakes,
            hints=[
                "D(p ‖ q) = Σ p_i log(p_i / q_i), which equals H(p, q) − H(p).",
                "Weight by the target p; a class with p_i = 0 adds nothing.",
                f"The first term is \\({_ti(p[0])} \\cdot {log} "
                f"\\frac{{{_ti(p[0])}}}{{{_ti(q[0])}}}\\).",
            ],
            explanation=_explanation(
                intro=(
                    "KL divergence is the extra surprisal you pay, on average, for believing q "
                    "when the truth is p."
                ),
                steps=[
                    _step(
                        "Start from the definition.",
                        f"{_KL} = \\sum_i p_i {log} \\frac{{p_i}}{{q_i}}",
                    ),
                    _step(
                        "Compute each class's term; a term is negative where q gives more than p.",
                        table=_distribution_table(
                            names, p, q, (f"\\(p_i {log} (p_i / q_i)\\)", cells)
                        ),
                    ),
                    _step("Add the terms.", f"D_{{\\mathrm{{KL}}}} = {sum_tex} = {_t(answer)}"),
                    _step(
                        "Check: cross-entropy minus entropy gives the same.",
                        f"H(p, q) - H(p) = {_t(h_pq)} - {_t(h_p)} = {_t(h_pq - h_p)}",
                    ),
                ],
                answer=answer,
                unit=unit,
                note=(
                    "KL divergence is 0 only when q = p and is never negative. With a one-hot "
                    "target H(p) = 0, so minimising cross-entropy and minimising KL are the "
                    "same thing."
                ),
            ),
        )


@register
class LoadedCoin(QuestionType):
    """The article's loaded coin: truth mostly heads, belief mostly tails."""

    id = "loaded_coin"
    title = "Cross-entropy of a loaded coin"
    topic = "cross_entropy"
    family = FAMILY

    def draw_params(self, rng: np.random.Generator, difficulty: int) -> dict[str, Any]:
        if difficulty == 1:
            truth, belief = int(rng.integers(6, 10)) / 10, int(rng.integers(1, 5)) / 10
        elif difficulty == 2:
            truth, belief = int(rng.integers(70, 100)) / 100, int(rng.integers(1, 40)) / 100
        else:
            truth, belief = int(rng.integers(950, 1000)) / 1000, int(rng.integers(1, 50)) / 1000
        if rng.random() < 0.5:  # loaded towards tails instead
            truth, belief = round(1 - truth, 3), round(1 - belief, 3)
        return {"truth_heads": truth, "belief_heads": belief, "unit": unit_for(rng, difficulty)}

    def check_params(self, params: dict[str, Any]) -> dict[str, Any]:
        truth = require_number(params, "truth_heads", low=0.0, high=1.0)
        belief = require_number(params, "belief_heads", low=0.0, high=1.0)
        if (truth > 0 and belief == 0) or (truth < 1 and belief == 1):
            raise ParamsError(
                "belief_heads must be strictly between 0 and 1 where the truth allows both "
                "sides (a side you call impossible but that happens costs ∞)"
            )
        return {"truth_heads": truth, "belief_heads": belief, "unit": _require_unit(params)}

    def build(self, params: dict[str, Any], rng: np.random.Generator, difficulty: int) -> Question:
        truth, belief, unit = params["truth_heads"], params["belief_heads"], params["unit"]
        base, log = UNITS[unit], LOG_NAME[unit]
        p = [truth, round(1.0 - truth, 12)]
        q = [belief, round(1.0 - belief, 12)]
        answer = float(losses.cross_entropy(p, q, base))
        h_p = float(losses.entropy(p, base))
        kl = float(losses.kl_divergence(p, q, base))
        heads, tails = _term_products(p, q, base)
        surprise_heads = float(losses.surprisal(belief, base)) if belief > 0 else math.inf
        tolerance = Tolerance()
        likely = "heads" if truth >= 0.5 else "tails"
        mistakes = keep_distinct(
            [
                Misconception(
                    "entropy_not_cross_entropy",
                    h_p,
                    "That is the entropy of the coin itself, H(p): your surprise if you knew "
                    "the true odds. Your belief q sets the surprisal, so use log q.",
                ),
                Misconception(
                    "swapped_arguments",
                    float(losses.cross_entropy(q, p, base)),
                    "You swapped truth and belief: weight by how often each side really comes "
                    "up (p) and take the log of what you believed (q).",
                ),
                Misconception(
                    "kl_not_cross_entropy",
                    kl,
                    "That is the KL divergence, the extra surprise on top of H(p). "
                    "Cross-entropy includes H(p) as well.",
                ),
                Misconception(
                    "heads_only",
                    surprise_heads,
                    "That is your surprise at heads alone. Average over both sides, weighting "
                    "each by how often it really happens.",
                ),
                *unit_misconceptions(_nats(answer, unit), unit),
                sign_dropped(answer),
            ],
            answer,
            tolerance,
        )
        p_tex = [_ti(v) for v in p]
        q_tex = [_ti(v) for v in q]
        return self.question(
            prompt=(
                f"A loaded coin comes up heads with probability \\({p_tex[0]}\\) (tails "
                f"\\({p_tex[1]}\\)). You believe it is loaded differently: heads "
                f"\\({q_tex[0]}\\), tails \\({q_tex[1]}\\). What is the cross-entropy "
                f"\\(H(p, q)\\) of your belief \\(q\\) against the truth \\(p\\), your average "
                f"surprisal per toss? Give it in {unit}."
            ),
            answer=answer,
            unit=unit,
            tolerance=tolerance,
            misconceptions=mistakes,
            hints=[
                "H(p, q) = −[p(heads) log q(heads) + p(tails) log q(tails)].",
                "The surprisal comes from your belief q; how often you feel it comes from the "
                "truth p.",
                f"Heads term: \\({p_tex[0]} \\cdot (-{log} {q_tex[0]})\\).",
            ],
            explanation=_explanation(
                intro=(
                    "Each toss surprises you according to what you believed; the truth decides "
                    "how often each surprise comes."
                ),
                steps=[
                    _step(
                        "Write the two-outcome cross-entropy.",
                        f"H(p, q) = -\\left[p_H {log} q_H + p_T {log} q_T\\right]",
                    ),
                    _step(
                        "Put in the numbers.",
                        f"H(p, q) = {p_tex[0]} \\cdot (-{log} {q_tex[0]}) + {p_tex[1]} "
                        f"\\cdot (-{log} {q_tex[1]}) = {_t(heads)} + {_t(tails)} = {_t(answer)}",
                    ),
                    _step(
                        "Compare with the coin's own entropy; the difference is the KL "
                        "divergence, the price of the wrong belief.",
                        f"H(p) = {_t(h_p)}, \\quad H(p, q) - H(p) = {_t(kl)}",
                    ),
                ],
                answer=answer,
                unit=unit,
                note=(
                    f"The truth mostly gives {likely}, so your surprise at {likely} dominates. "
                    "The further the belief is from the truth, the larger the cross-entropy; it "
                    "falls to H(p) only when the belief is right."
                ),
                plot=(belief, unit, "q(heads)") if belief > 0 else None,
            ),
        )
