"""Two models' predictions on a small batch: which has the lower cross-entropy?

The pair is drawn so that the lesson of the level shows: at easy and medium levels
the loser looks better by accuracy or by its wrong-class probabilities, at the hard
level by accuracy or by mean probability. Option A is always model A.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from quizapp.engine import losses
from quizapp.engine.numbers import format_vector
from quizapp.engine.questions import _schema as schema
from quizapp.engine.questions._common import (
    CLASS_NAMES,
    a_or_an,
    draw_distribution,
    reduced,
    require_probability_vector,
)
from quizapp.engine.questions._scenario import (
    Option,
    Scenario,
    assemble,
    num,
    reject_unknown,
    side_stream,
)
from quizapp.engine.questions.base import ParamsError, Question, QuestionType, register

#: Like the dog/cat/panda comparison in the multi-class article: both models are right on
#: every image, A with small wrong-class probabilities, B more confident in the true class.
ARTICLE_MODELS: dict[str, Any] = {
    "classes": ["dog", "cat", "panda"],
    "labels": [0, 1, 2],
    "pred_a": [[0.5, 0.25, 0.25], [0.25, 0.5, 0.25], [0.25, 0.25, 0.5]],
    "pred_b": [[0.6, 0.4, 0.0], [0.0, 0.6, 0.4], [0.4, 0.0, 0.6]],
}

_COMPARE_SIZES = {1: (3, 2), 2: (4, 3), 3: (5, 4)}  # classes, images
_MISTAKES = {1: 0.0, 2: 0.25, 3: 0.3}  # how often a drawn row favours a wrong class
_STYLES = (0.4, 1.0, 3.0)  # Dirichlet concentrations: spiky, varied, flat predictions
_MIN_GAP = 0.05  # drawn pairs differ by at least this many nats, so the answer is clear
_TIE = 1e-9
#: Far more than plain floats and the engine can differ by, far less than a real gap.
_ROUNDING = 1e-9


@dataclass(frozen=True)
class _ModelStats:
    """One model's per-image losses and what a learner might compare instead."""

    losses: list[float]
    mean: float
    p_true: list[float]
    correct: int
    mean_p: float
    mean_max_wrong: float


def _model_stats(pred: list[list[float]], labels: list[int], per_image: list[float]) -> _ModelStats:
    """A model's statistics from its per-image losses (mean taken as their exact mean)."""
    return _stats(pred, labels, per_image, math.fsum(per_image) / len(per_image))


def _stats(
    pred: list[list[float]], labels: list[int], per_image: list[float], mean: float
) -> _ModelStats:
    """A model's statistics given its per-image losses and their mean."""
    p_true = [row[t] for row, t in zip(pred, labels, strict=True)]
    max_wrong = [max(row[:t] + row[t + 1 :]) for row, t in zip(pred, labels, strict=True)]
    correct = sum(1 for p, wrong in zip(p_true, max_wrong, strict=True) if p > wrong)
    n = len(p_true)
    return _ModelStats(
        per_image, mean, p_true, correct, math.fsum(p_true) / n, math.fsum(max_wrong) / n
    )


def _shown_stats(
    pred_a: list[list[float]], pred_b: list[list[float]], labels: list[int]
) -> tuple[_ModelStats, _ModelStats]:
    """Both models' statistics as the question states them, every loss from the engine.

    With a one-hot target an image's loss is the surprisal of its true class's
    probability, so one engine call gives every image's loss for both models; each
    mean is the engine's "mean" reduction of them (``categorical_cross_entropy``'s).
    """
    n = len(labels)
    p_true = [row[t] for pred in (pred_a, pred_b) for row, t in zip(pred, labels, strict=True)]
    per_image = np.asarray(losses.surprisal(p_true))
    loss_a, loss_b = per_image[:n], per_image[n:]
    return (
        _stats(pred_a, labels, loss_a.tolist(), reduced(loss_a, "mean")),
        _stats(pred_b, labels, loss_b.tolist(), reduced(loss_b, "mean")),
    )


def _draw_rows(
    side: np.random.Generator,
    labels: list[int],
    size: int,
    mistakes: float,
    concentration: float,
) -> list[list[float]]:
    """One model's rows in its confidence style, each wrong with probability ``mistakes``."""
    rows = []
    for label in labels:
        wrong = side.random() < mistakes
        peak = int((label + side.integers(1, size)) % size) if wrong else label
        rows.append(draw_distribution(side, size, peak=peak, concentration=concentration))
    return rows


def _pair_stats(
    pred_a: list[list[float]], pred_b: list[list[float]], labels: list[int]
) -> tuple[_ModelStats, _ModelStats]:
    """Both models' statistics, to test a drawn pair (drawing tries several pairs).

    Only the comparisons in ``_draw_ok`` read these, so plain-float logarithms are
    enough; where the gap between the means is within rounding of a threshold, the
    engine's losses decide instead. The question's numbers come from ``_shown_stats``.
    """
    plain_a, plain_b = _plain_losses(pred_a, labels), _plain_losses(pred_b, labels)
    if plain_a is not None and plain_b is not None:
        a, b = _model_stats(pred_a, labels, plain_a), _model_stats(pred_b, labels, plain_b)
        gap = abs(a.mean - b.mean)
        if gap > _ROUNDING and abs(gap - _MIN_GAP) > _ROUNDING:
            return a, b
    n = len(labels)
    per_image = losses.categorical_cross_entropy(
        pred_a + pred_b, labels + labels, reduction="none"
    ).tolist()
    return _model_stats(pred_a, labels, per_image[:n]), _model_stats(pred_b, labels, per_image[n:])


def _plain_losses(pred: list[list[float]], labels: list[int]) -> list[float] | None:
    """−ln q_t of each row in plain floats; None where a true class has probability 0."""
    p_true = [row[t] for row, t in zip(pred, labels, strict=True)]
    if min(p_true) <= 0.0:
        return None
    return [-math.log(p) for p in p_true]


def _concentrate(row: list[float], label: int) -> list[float]:
    """The row with its wrong-class probability moved onto its largest wrong class.

    The true class keeps its probability (so the loss is unchanged) and stays the
    top class; every class keeps at least 0.01. Rows have two decimals.
    """
    counts = [round(v * 100) for v in row]
    wrong = sorted((i for i in range(len(row)) if i != label), key=lambda i: -counts[i])
    top = wrong[0]
    for i in wrong[1:]:
        move = min(counts[i] - 1, counts[label] - 1 - counts[top])
        if move > 0:
            counts[i] -= move
            counts[top] += move
    return [c / 100 for c in counts]


def _draw_ok(a: _ModelStats, b: _ModelStats, difficulty: int, n: int) -> bool:
    """Whether a drawn pair makes the lesson of its difficulty."""
    if abs(a.mean - b.mean) < _MIN_GAP:
        return False
    winner, loser = (a, b) if a.mean < b.mean else (b, a)
    looks_better = _higher_mean_p(loser, winner) or _smaller_wrong(loser, winner)
    if difficulty == 1:
        return a.correct == b.correct == n and looks_better
    if difficulty == 2:
        return a.correct == b.correct and looks_better
    return loser.correct > winner.correct or _higher_mean_p(loser, winner)


def _higher_mean_p(mine: _ModelStats, other: _ModelStats) -> bool:
    """Whether ``mine`` gives the true classes more probability on average (beyond rounding)."""
    return mine.mean_p > other.mean_p + _TIE


def _smaller_wrong(mine: _ModelStats, other: _ModelStats) -> bool:
    """Whether ``mine``'s largest wrong-class probabilities are smaller on average."""
    return mine.mean_max_wrong < other.mean_max_wrong - _TIE


def _model_name(letter: str) -> str:
    return f"Model {letter}"


def _loser_option(
    letter: str, mine: _ModelStats, other: _ModelStats, equal: bool, n: int
) -> Option:
    """Picking model ``letter`` when it is not the answer, and the likely reason."""
    name = _model_name(letter)
    losses_text = f"Its mean loss is {num(mine.mean)} nats against {num(other.mean)}."
    if mine.correct > other.correct:
        code, why = (
            "accuracy_not_loss",
            (
                f"{name} gets more images right by its top class ({mine.correct} of "
                f"{n} against {other.correct}), but cross-entropy does not ask whether the true "
                "class comes top, only how much probability it gets. " + losses_text
            ),
        )
    elif _higher_mean_p(mine, other):
        code, why = (
            "mean_probability",
            (
                f"{name} gives the true classes the higher average probability "
                f"({num(mine.mean_p)} against {num(other.mean_p)}), but the loss averages −ln p, "
                f"which punishes a single low probability far more. {losses_text}"
            ),
        )
    elif _smaller_wrong(mine, other):
        code, why = (
            "wrong_class_probabilities",
            (
                f"{name}'s wrong-class probabilities look smaller, but with one-hot "
                "targets only the probability of the true class enters the loss. " + losses_text
            ),
        )
    elif equal:
        code, why = (
            "equal_losses_missed",
            (f"Both mean losses are {num(mine.mean)} nats: the models tie."),
        )
    else:
        code, why = (
            "higher_loss_is_better",
            ("A higher cross-entropy means a worse fit, not a better one. " + losses_text),
        )
    return Option(f"model_{letter.lower()}", f"Model {letter}", why, code)


def _equal_option(a: _ModelStats, b: _ModelStats) -> Option:
    """Picking "equal" when the losses differ, and the likely reason."""
    gap = f"The mean losses differ: {num(a.mean)} nats for A, {num(b.mean)} for B."
    if a.correct == b.correct:
        code, why = (
            "same_accuracy",
            (
                f"Both models get {a.correct} images right by their top class, but cross-entropy "
                "looks at how much probability the true class gets. " + gap
            ),
        )
    elif abs(a.mean_p - b.mean_p) <= _TIE:
        code, why = (
            "same_mean_probability",
            (
                "The average true-class probability is the same, but the loss averages −ln p, "
                "not p. " + gap
            ),
        )
    else:
        code, why = (
            "equal_without_computing",
            (
                "The two models make different mistakes, and those do not cancel out by chance: "
                "compute each mean of −ln p before calling it a tie. " + gap
            ),
        )
    return Option("equal", "Neither: their losses are equal", why, code)


def _compare_scenario(params: dict[str, Any]) -> Scenario:
    classes, labels = params["classes"], params["labels"]
    a, b = _shown_stats(params["pred_a"], params["pred_b"], labels)
    n = len(labels)
    equal = abs(a.mean - b.mean) <= _TIE
    lines = " ".join(
        f"Image {i + 1} shows {a_or_an(classes[t])}: model A predicts "
        f"\\({format_vector(ra)}\\) and model B \\({format_vector(rb)}\\)."
        for i, (t, ra, rb) in enumerate(
            zip(labels, params["pred_a"], params["pred_b"], strict=True)
        )
    )
    options = {
        "A": _loser_option("A", a, b, equal, n),
        "B": _loser_option("B", b, a, equal, n),
        "equal": _equal_option(a, b),
    }
    summary = f"Model A: {num(a.mean)} nats; model B: {num(b.mean)} nats."
    if equal:
        right = Option("equal", options["equal"].text, f"The mean losses are equal. {summary}")
    else:
        best = "A" if a.mean < b.mean else "B"
        right = Option(
            f"model_{best.lower()}",
            f"Model {best}",
            f"Model {best} has the lower mean cross-entropy. {summary}",
        )
        options.pop(best)
    table = {
        "rows": [
            {"image": i + 1, "label": classes[t], "a_p": pa, "a_loss": la, "b_p": pb, "b_loss": lb}
            for i, (t, pa, la, pb, lb) in enumerate(
                zip(labels, a.p_true, a.losses, b.p_true, b.losses, strict=True)
            )
        ],
        "a_mean": a.mean,
        "b_mean": b.mean,
        "a_correct": a.correct,
        "b_correct": b.correct,
        "images": n,
    }
    return Scenario(
        prompt=f"Two models classify the same {n} images; each prediction lists the "
        f"probabilities of [{', '.join(classes)}]. {lines} Which model has the lower mean "
        "categorical cross-entropy loss?",
        right=right,
        wrong=tuple(o for key, o in options.items() if o.id != right.id),
        hints=(
            "For each image, take −ln of the probability the model gives the true class.",
            "Average those per-image losses for each model and compare.",
        ),
        formulas=(
            "L = \\frac{1}{N} \\sum_{n} -\\ln q_{n, t_n}",
            f"L_A = {num(a.mean)}, \\quad L_B = {num(b.mean)}",
        ),
        table=table,
    )


def _require_rows(params: dict[str, Any], key: str, n: int, size: int | None) -> list[list[float]]:
    raw = params.get(key)
    if not isinstance(raw, list | tuple) or len(raw) != n:
        raise ParamsError(f"{key} must be a list of {n} probability rows, one per label")
    rows = [
        require_probability_vector({f"{key}[{i}]": row}, f"{key}[{i}]", size=size)
        for i, row in enumerate(raw)
    ]
    return rows


@register
class CompareModels(QuestionType):
    """Two models' predictions on a small batch: which has the lower cross-entropy?"""

    id = "compare_models"
    title = "Which model has the lower loss?"
    topic = "categorical"
    kind = "choice"
    family = "concepts"
    PARAMS_SCHEMA = schema.params(
        "Two models' predictions on the same few labelled examples.",
        {
            "classes": {
                "type": "array",
                "items": {"type": "string", "minLength": 1},
                "uniqueItems": True,
                "description": "A distinct name per class (column); default dog, cat, …",
            },
            "labels": schema.array(
                schema.index("An example's true class."), 1, 8, "One true class per example."
            ),
            "pred_a": schema.array(
                schema.distribution("Model A's probabilities for one example.", high=20),
                1,
                8,
                "One row per label, each giving its true class a probability above 0.",
            ),
            "pred_b": schema.array(
                schema.distribution("Model B's probabilities for one example.", high=20),
                1,
                8,
                "One row per label, with as many classes as pred_a.",
            ),
        },
        ("labels", "pred_a", "pred_b"),
        closed=True,
    )

    def draw_params(self, rng: np.random.Generator, difficulty: int) -> dict[str, Any]:
        side = side_stream(rng)
        size, n = _COMPARE_SIZES[difficulty]
        for _ in range(500):
            labels = [int(v) for v in side.integers(size, size=n)]
            # each model its own confidence: side.choice(_STYLES, size=2), drawn as choice does
            styles = [_STYLES[i] for i in side.integers(0, len(_STYLES), size=2).tolist()]
            pred_a, pred_b = (
                _draw_rows(side, labels, size, _MISTAKES[difficulty], style) for style in styles
            )
            stats_a, stats_b = _pair_stats(pred_a, pred_b, labels)
            if difficulty < 3 and not _draw_ok(stats_a, stats_b, difficulty, n):
                # The article's lesson: the winner piles its wrong-class probability onto
                # one class, so the loser's wrong-class probabilities look smaller.
                if stats_a.mean < stats_b.mean:
                    pred_a = [_concentrate(row, t) for row, t in zip(pred_a, labels, strict=True)]
                else:
                    pred_b = [_concentrate(row, t) for row, t in zip(pred_b, labels, strict=True)]
                stats_a, stats_b = _pair_stats(pred_a, pred_b, labels)
            if _draw_ok(stats_a, stats_b, difficulty, n):
                break
        return {
            "classes": list(CLASS_NAMES[:size]),
            "labels": labels,
            "pred_a": pred_a,
            "pred_b": pred_b,
        }

    def check_params(self, params: dict[str, Any]) -> dict[str, Any]:
        reject_unknown(params, {"classes", "labels", "pred_a", "pred_b"})
        labels = params.get("labels")
        if (
            not isinstance(labels, list | tuple)
            or not 1 <= len(labels) <= 8
            or any(isinstance(t, bool) or not isinstance(t, int) for t in labels)
        ):
            raise ParamsError("labels must be a list of 1 to 8 class indices (integers)")
        pred_a = _require_rows(params, "pred_a", len(labels), None)
        size = len(pred_a[0])
        pred_b = _require_rows(params, "pred_b", len(labels), size)
        if any(len(row) != size for row in pred_a):
            raise ParamsError(f"every row of pred_a must have {size} probabilities")
        classes = params.get("classes", list(CLASS_NAMES[:size]))
        if (
            not isinstance(classes, list | tuple)
            or len(classes) != size
            or not all(isinstance(c, str) and c.strip() for c in classes)
            or len(set(classes)) != size
        ):
            raise ParamsError(f"classes must be {size} distinct class names, one per column")
        for i, t in enumerate(labels):
            if not 0 <= t < size:
                raise ParamsError(f"labels[{i}] must be a class index from 0 to {size - 1}")
            for key, rows in (("pred_a", pred_a), ("pred_b", pred_b)):
                if rows[i][t] == 0:
                    raise ParamsError(
                        f"{key}[{i}] gives the true class probability 0, so its loss is "
                        "infinite; use a small positive probability"
                    )
        return {
            "classes": [str(c) for c in classes],
            "labels": [int(t) for t in labels],
            "pred_a": pred_a,
            "pred_b": pred_b,
        }

    def build(self, params: dict[str, Any], rng: np.random.Generator, difficulty: int) -> Question:
        # "Model A" must stay option A and "Model B" option B, or the letters would clash.
        order = ("model_a", "model_b", "equal")
        return assemble(self, _compare_scenario(params), rng, difficulty, order=order)
