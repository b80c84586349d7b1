"""Multi-label classification: one sigmoid and one binary cross-entropy per label, summed.

A photo may show a dog and a panda at once, or nothing at all, so the labels are
independent yes/no questions. The loss of one photo is the sum of the labels'
binary cross-entropies; a batch then averages (or sums) the photos' losses.
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
    tex_sum,
    tex_vector,
)
from quizapp.engine.questions import _schema as schema
from quizapp.engine.questions._common import (
    CLASS_NAMES,
    LOG_NAME,
    UNITS,
    class_names,
    complement,
    draw_probability,
    finite_mistakes,
    nats,
    reduced,
    require_binary_target,
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

_LABEL_COUNTS = {1: (3, 3), 2: (4, 4), 3: (5, 6)}


def _draw_example(rng: np.random.Generator, difficulty: int, size: int) -> tuple[list, list]:
    """Sigmoid outputs and a target set (any subset: empty and full ones included)."""
    target = [int(t) for t in rng.integers(2, size=size)]
    if difficulty == 1:  # one decimal, like the article's [0.6, 0.2, 0.7]
        pred = [round(int(rng.integers(1, 10)) / 10, 1) for _ in target]
        pred = [
            p if (p >= 0.5) == (t == 1) or rng.random() < 0.3 else complement(p)
            for p, t in zip(pred, target, strict=True)
        ]
    else:
        pred = [draw_probability(rng, difficulty, t) for t in target]
    return pred, target


def _check_example(pred_raw: Any, target_raw: Any, where: str = "") -> tuple[list, list]:
    """One example's per-label probabilities and 0/1 targets."""
    if not isinstance(pred_raw, list) or not 2 <= len(pred_raw) <= len(CLASS_NAMES):
        raise ParamsError(
            f"pred{where} must be a list of 2 to {len(CLASS_NAMES)} per-label probabilities"
        )
    if not isinstance(target_raw, list) or len(target_raw) != len(pred_raw):
        raise ParamsError(f"target{where} must give one 0/1 label per entry of pred{where}")
    pred = [require_open_probability({f"pred{where}": p}, f"pred{where}") for p in pred_raw]
    target = [require_binary_target({f"target{where}": t}, f"target{where}") for t in target_raw]
    return pred, target


def _describe(pred: list[float], target: list[int]) -> str:
    """“dog 0.6, cat 0.2, panda 0.7; the photo shows a dog and a panda but no cat”."""
    names = class_names(len(pred))
    outputs = ", ".join(f"{n} \\({tex_input(p)}\\)" for n, p in zip(names, pred, strict=True))
    present = [n for n, t in zip(names, target, strict=True) if t == 1]
    absent = [n for n, t in zip(names, target, strict=True) if t == 0]
    if not present:
        shows = "none of these animals is in it"
    elif not absent:
        shows = f"all {len(names)} animals are in it"
    else:
        shows = f"{_join(present)} {_verb(present)} present, {_join(absent)} {_verb(absent)} absent"
    return f"outputs {outputs}; {shows} (target \\({tex_vector(target)}\\))"


def _verb(words: list[str]) -> str:
    return "is" if len(words) == 1 else "are"


def _join(words: list[str], last: str = "and") -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {last} {words[-1]}"


def _term(p: float, y: int, log: str) -> str:
    """The surviving BCE term of one label: −log p for target 1, −log(1 − p) for target 0."""
    return f"-{log}({tex_input(p)})" if y == 1 else f"-{log}(1 - {tex_input(p)})"


def _terms(pred: list[float], target: list[int], log: str) -> str:
    """All labels' surviving terms of one image, as one LaTeX sum."""
    return " ".join(_term(p, y, log) for p, y in zip(pred, target, strict=True))


def _label_steps(
    pred: list[float], target: list[int], unit: str, values: np.ndarray
) -> list[dict[str, str]]:
    """One step per label: its binary cross-entropy (``values``) with the zero term gone."""
    log = LOG_NAME[unit]
    return [
        {
            "text": (
                f"{name.capitalize()}: target {y}, so only "
                + ("\\(-\\log p\\)" if y == 1 else "\\(-\\log(1 - p)\\)")
                + " is left."
            ),
            "math": f"\\ell_\\text{{{name}}} = {_term(p, y, log)} = {tex_number(float(v))}",
        }
        for name, p, y, v in zip(class_names(len(pred)), pred, target, values, strict=True)
    ]


def _renormalised_loss(pred: list[float], target: list[int], base: float) -> float:
    """The softmax_for_multilabel slip: outputs divided by their sum, then −Σ y log q."""
    shares = np.asarray(pred) / np.sum(pred)
    return float(np.sum(losses.surprisal(shares, base) * np.asarray(target)))


def _softmax_mistake(value: float) -> Misconception:
    return Misconception(
        "softmax_for_multilabel",
        value,
        "You made the outputs add up to 1 and used categorical cross-entropy. In multi-label "
        "problems each label has its own sigmoid; the outputs need not sum to 1.",
    )


@register
class MultilabelLoss(QuestionType):
    """The multi-label loss of one photo: the sum of the labels' binary cross-entropies."""

    id = "multilabel_loss"
    title = "Multi-label loss of one image"
    topic = "multilabel"
    family = "multilabel"
    PARAMS_SCHEMA = schema.params(
        "One example's per-label sigmoid outputs and 0/1 targets.",
        {
            "pred": schema.open_probabilities(
                2, schema.MAX_CLASSES, "One predicted probability per label."
            ),
            "target": schema.array(
                schema.LABEL, 2, schema.MAX_CLASSES, "One 0/1 label per entry of pred."
            ),
            "unit": schema.UNIT,
        },
        ("pred", "target"),
    )

    def draw_params(self, rng: np.random.Generator, difficulty: int) -> dict[str, Any]:
        low, high = _LABEL_COUNTS[difficulty]
        pred, target = _draw_example(rng, difficulty, int(rng.integers(low, high + 1)))
        return {"pred": pred, "target": target, "unit": unit_for(rng, difficulty)}

    def check_params(self, params: dict[str, Any]) -> dict[str, Any]:
        pred, target = _check_example(params.get("pred"), params.get("target"))
        return {"pred": pred, "target": target, "unit": require_unit(params)}

    def build(self, params: dict[str, Any], rng: np.random.Generator, difficulty: int) -> Question:
        pred, target, unit = params["pred"], params["target"], params["unit"]
        base = UNITS[unit]
        per_label = losses.binary_cross_entropy(pred, target, reduction="none", base=base)
        answer = float(losses.multilabel_cross_entropy(pred, target, reduction="sum", base=base))
        tolerance = Tolerance()
        mistakes = finite_mistakes(
            [
                Misconception(
                    "mean_vs_sum",
                    reduced(per_label, "mean"),
                    "You averaged over the labels. The multi-label loss of one image adds up "
                    "the labels' binary cross-entropies.",
                ),
                Misconception(
                    "positive_term_only",
                    reduced(per_label * np.asarray(target), "sum"),
                    "You left out the labels with target 0. An absent animal still costs "
                    "−log(1 − p): the model is penalised for believing it is there.",
                ),
                _softmax_mistake(_renormalised_loss(pred, target, base)),
                _softmax_mistake(
                    float(np.sum(losses.surprisal(losses.softmax(pred), base) * np.asarray(target)))
                ),
                *unit_misconceptions(nats(answer, unit), unit),
                *sign_dropped(answer),
            ]
        )
        names = class_names(len(pred))
        return self.question(
            prompt=(
                f"A multi-label tagger gives each of the labels [{', '.join(names)}] "
                f"its own sigmoid output. For one photo it {_describe(pred, target)}. What is "
                "the multi-label loss of this photo, the sum of one binary cross-entropy per "
                f"label? Give the loss in {unit}."
            ),
            answer=answer,
            unit=unit,
            tolerance=tolerance,
            misconceptions=mistakes,
            hints=[
                "Treat each label as its own yes/no question with its own binary cross-entropy.",
                "A label with target 1 costs −log p; a label with target 0 costs −log(1 − p).",
                f"Add the {len(pred)} per-label losses; do not average them.",
            ],
            explanation={
                "intro": (
                    "Each label is a separate yes/no question, so each gets its own binary "
                    "cross-entropy; the photo's loss is their sum."
                ),
                "steps": [
                    *_label_steps(pred, target, unit, per_label),
                    {
                        "text": "Add the per-label losses.",
                        "math": f"L = {tex_sum(per_label.tolist(), answer)}",
                    },
                ],
                "answer": answer,
                "unit": unit,
                "note": (
                    "The outputs need not add up to 1, and any number of labels, none or all, "
                    "can be present. That is why multi-label models use sigmoids, not a softmax."
                ),
            },
        )


def _check_batch(params: dict[str, Any]) -> tuple[list[list[float]], list[list[int]]]:
    pred, target = params.get("pred"), params.get("target")
    if not isinstance(pred, list) or not 1 <= len(pred) <= 8:
        raise ParamsError("pred must be a list of 1 to 8 images, each a list of probabilities")
    if not isinstance(target, list) or len(target) != len(pred):
        raise ParamsError("target must give one row of 0/1 labels per image in pred")
    rows = [
        _check_example(p, t, f"[{i}]") for i, (p, t) in enumerate(zip(pred, target, strict=True))
    ]
    if len({len(p) for p, _ in rows}) != 1:
        raise ParamsError("every image in pred must have the same number of labels")
    return [p for p, _ in rows], [t for _, t in rows]


def _batch_steps(
    pred: list[list[float]],
    target: list[list[int]],
    reduction: str,
    unit: str,
    answer: float,
    per_image: np.ndarray,
) -> list[dict[str, str]]:
    """Per image the sum of its labels' terms (``per_image``), then their mean or sum."""
    log = LOG_NAME[unit]
    steps = [
        {
            "text": f"Image {i + 1}: one binary cross-entropy per label, added.",
            "math": f"\\ell_{{{i + 1}}} = {_terms(p, t, log)} = {tex_number(float(value))}",
        }
        for i, (p, t, value) in enumerate(zip(pred, target, per_image, strict=True))
    ]
    count = len(pred)
    if reduction == "mean":
        text = f"Average over the {count} images."
        math_ = f"L = {tex_mean(per_image.tolist(), answer)}"
    else:
        text = f"Add up the {count} images' losses."
        math_ = f"L = {tex_sum(per_image.tolist(), answer)}"
    return [*steps, {"text": text, "math": math_}]


@register
class MultilabelBatch(QuestionType):
    """A batch of multi-label examples: per-image sums, then the mean (or sum) over images."""

    id = "multilabel_batch"
    title = "Multi-label loss over a batch"
    topic = "multilabel"
    family = "multilabel"
    PARAMS_SCHEMA = schema.params(
        "A batch of examples, each with per-label sigmoid outputs and 0/1 targets.",
        {
            "pred": schema.array(
                schema.open_probabilities(
                    2, schema.MAX_CLASSES, "One predicted probability per label."
                ),
                1,
                8,
                "One row per example, all with the same number of labels.",
            ),
            "target": schema.array(
                schema.array(schema.LABEL, 2, schema.MAX_CLASSES, "One 0/1 label per label."),
                1,
                8,
                "One row of labels per row of pred.",
            ),
            "reduction": schema.REDUCTION,
            "unit": schema.UNIT,
        },
        ("pred", "target"),
    )
    min_difficulty = 2  # a batch of multi-label sums is not a first exercise

    def draw_params(self, rng: np.random.Generator, difficulty: int) -> dict[str, Any]:
        level = max(difficulty, self.min_difficulty)
        images = int(rng.integers(2, 4)) if level == 2 else int(rng.integers(3, 5))
        labels = 3 if level == 2 else 4
        rows = [_draw_example(rng, level, labels) for _ in range(images)]
        return {
            "pred": [p for p, _ in rows],
            "target": [t for _, t in rows],
            "reduction": "mean" if rng.random() < 0.7 else "sum",
            "unit": unit_for(rng, level),
        }

    def check_params(self, params: dict[str, Any]) -> dict[str, Any]:
        pred, target = _check_batch(params)
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
        count = len(pred)
        answer = float(
            losses.multilabel_cross_entropy(pred, target, reduction=reduction, base=base)
        )
        other = "sum" if reduction == "mean" else "mean"
        per_image = losses.multilabel_cross_entropy(pred, target, reduction="none", base=base)
        per_element = losses.binary_cross_entropy(pred, target, reduction="none", base=base)
        positives = reduced(per_element * np.asarray(target), "sum")
        element_mean = reduced(per_element, "mean")
        tolerance = Tolerance()
        mistakes = finite_mistakes(
            [
                Misconception(
                    "mean_over_elements",
                    element_mean,
                    "You averaged over every label of every image (what BCELoss does by "
                    "default). Sum over the labels of each image first, then combine the images.",
                ),
                Misconception(
                    "mean_vs_sum",
                    reduced(per_image, other),
                    f"You took the {other} over the images; the question asks for the {reduction}.",
                ),
                Misconception(
                    "positive_term_only",
                    positives / count if reduction == "mean" else positives,
                    "You left out the labels with target 0; each costs −log(1 − p).",
                ),
                *unit_misconceptions(nats(answer, unit), unit),
                *sign_dropped(answer),
            ]
        )
        names = class_names(len(pred[0]))
        images = "; ".join(
            f"image {i + 1} {_describe(p, t)}"
            for i, (p, t) in enumerate(zip(pred, target, strict=True))
        )
        asked = "mean over the images" if reduction == "mean" else "sum over the images"
        return self.question(
            prompt=(
                f"A multi-label tagger with one sigmoid per label [{', '.join(names)}] sees a "
                f"batch of {count} images: {images}. Each image's loss is the sum of its labels' "
                f"binary cross-entropies. What is the batch loss, the {asked}? Give the loss in "
                f"{unit}."
            ),
            answer=answer,
            unit=unit,
            tolerance=tolerance,
            misconceptions=mistakes,
            hints=[
                "Work image by image: add one binary cross-entropy per label.",
                "A label with target 1 costs −log p; a label with target 0 costs −log(1 − p).",
                f"Then take the {reduction} of the {count} per-image losses.",
            ],
            explanation={
                "intro": (
                    "Sum over labels inside each image, then reduce over the images: two "
                    "different sums, and only the second one may become a mean."
                ),
                "steps": _batch_steps(pred, target, reduction, unit, answer, per_image),
                "answer": answer,
                "unit": unit,
                "note": (
                    "Averaging over all "
                    f"{count * len(names)} label entries instead would give "
                    f"{format_number(element_mean)} "
                    f"{unit}: PyTorch's BCELoss does that by default, so multiply by the number "
                    "of labels (or use reduction='sum' and divide by the batch size) to get this "
                    "loss."
                ),
            },
        )


def _vector_unit_mistakes(values_nats: list[float], unit: str) -> list[Misconception]:
    """The wrong-logarithm mistakes of a vector answer, component by component."""
    per_component = [unit_misconceptions(v, unit) for v in values_nats]
    return [
        Misconception(
            first.code, tuple(float(row[i].value) for row in per_component), first.message
        )
        for i, first in enumerate(per_component[0])
    ]


@register
class MultilabelPerLabel(QuestionType):
    """The vector of per-label binary cross-entropies of one multi-label example."""

    id = "multilabel_per_label"
    title = "Per-label losses of a multi-label prediction"
    topic = "multilabel"
    kind = "vector"
    family = "multilabel"
    PARAMS_SCHEMA = MultilabelLoss.PARAMS_SCHEMA

    def draw_params(self, rng: np.random.Generator, difficulty: int) -> dict[str, Any]:
        return MultilabelLoss().draw_params(rng, difficulty)

    def check_params(self, params: dict[str, Any]) -> dict[str, Any]:
        return MultilabelLoss().check_params(params)

    def build(self, params: dict[str, Any], rng: np.random.Generator, difficulty: int) -> Question:
        pred, target, unit = params["pred"], params["target"], params["unit"]
        base = UNITS[unit]
        swapped = [1 - t for t in target]
        # one engine call for the per-label losses and those of the opposite terms
        both = losses.binary_cross_entropy(
            pred + pred, target + swapped, reduction="none", base=base
        )
        per_label, opposite = both[: len(pred)], both[len(pred) :]
        answer = per_label.tolist()
        values_nats = (  # the same engine call when the unit is nats
            per_label
            if unit == "nats"
            else losses.binary_cross_entropy(pred, target, reduction="none")
        )
        total = float(losses.multilabel_cross_entropy(pred, target, reduction="sum", base=base))
        tolerance = Tolerance()
        mistakes = finite_mistakes(
            [
                Misconception(
                    "one_minus_p",
                    tuple(opposite.tolist()),
                    "You used the opposite term for each label: −log p belongs to labels with "
                    "target 1 and −log(1 − p) to labels with target 0.",
                ),
                Misconception(
                    "positive_term_only",
                    tuple((per_label * np.asarray(target)).tolist()),
                    "You gave 0 to the labels with target 0. An absent animal still costs "
                    "−log(1 − p).",
                ),
                *_vector_unit_mistakes(values_nats.tolist(), unit),
                Misconception(
                    "sign_dropped",
                    tuple(-v for v in answer),
                    "The signs are off: each loss is −log of a probability, which is positive.",
                ),
            ]
        )
        names = class_names(len(pred))
        return self.question(
            prompt=(
                f"A multi-label tagger gives each of the labels [{', '.join(names)}] its own "
                f"sigmoid output. For one photo it {_describe(pred, target)}. What is the binary "
                f"cross-entropy of each label, in {unit}? Give the {len(pred)} losses as a vector "
                f"in the order [{', '.join(names)}]."
            ),
            answer=answer,
            unit=unit,
            answer_format="vector",
            vector_length=len(answer),
            tolerance=tolerance,
            misconceptions=mistakes,
            hints=[
                "Each label is its own yes/no question.",
                "A label with target 1 costs −log p; a label with target 0 costs −log(1 − p).",
            ],
            explanation={
                "intro": (
                    "Every label gets its own binary cross-entropy, computed from its own "
                    "sigmoid output and its own 0/1 target."
                ),
                "steps": _label_steps(pred, target, unit, per_label),
                "answer": answer,
                "unit": unit,
                "note": (
                    f"Their sum, {format_number(total)} {unit}, is the multi-label loss of "
                    "the photo."
                ),
            },
        )
