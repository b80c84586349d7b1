"""The multi-label family: one binary cross-entropy per label, summed per image.

The second article's example (dog 0.6 present, cat 0.2 absent, panda 0.7 present →
−ln 0.6 − ln 0.8 − ln 0.7) comes out of fixed params exactly; averaging, ignoring the
absent labels and renormalising with a softmax are each diagnosed; bad params are
refused with a message naming the key; and every type holds the family contract over
40 seeds at every difficulty.
"""

from __future__ import annotations

import json
import math

import pytest
from support import typed

from quizapp.engine.grading import grade
from quizapp.engine.numbers import format_number
from quizapp.engine.questions import ParamsError, generate, registry
from quizapp.rendering import number_html
from quizapp.rendering.solutions import render_solution

TYPES = [type_id for type_id, qtype in registry().items() if qtype.family == "multilabel"]
# The registry-wide tests (tests/engine/test_questions.py) hold every type to the shared
# contract over 200 seeds × 3 levels; here 40 seeds check what is particular to the family.
SEEDS = range(40)
ARTICLE = {"pred": [0.6, 0.2, 0.7], "target": [1, 0, 1], "unit": "nats"}
PER_LABEL = [-math.log(0.6), -math.log(0.8), -math.log(0.7)]


def diagnosis(question, text: str) -> str | None:
    """The code the grader gives ``text``; None for a right answer (asserted not to be)."""
    result = grade(question, text)
    assert not result.correct, (text, question.answer)
    return result.diagnosis


def vector(values) -> str:
    return "[" + ", ".join(repr(float(v)) for v in values) + "]"


def test_family_has_the_promised_types():
    """Three types under the multilabel topic; the per-label one answers with a vector."""
    kinds = {type_id: registry()[type_id].kind for type_id in TYPES}
    assert kinds == {
        "multilabel_loss": "numeric",
        "multilabel_batch": "numeric",
        "multilabel_per_label": "vector",
    }
    assert {registry()[t].topic for t in TYPES} == {"multilabel"}


# ---------------------------------------------------------------- the articles' examples


def test_article_example_sums_one_bce_per_label():
    """−ln 0.6 − ln 0.8 − ln 0.7 = 1.091 nats; the typical slips are each named."""
    question = generate("multilabel_loss", 0, params=ARTICLE)
    assert question.answer == pytest.approx(sum(PER_LABEL), rel=1e-12)
    assert format_number(question.answer) == "1.091"
    assert "[dog, cat, panda]" in question.prompt and "Give the loss in nats." in question.prompt
    assert "cat is absent" in question.prompt
    assert grade(question, "1.0906").correct
    assert grade(question, "-ln(0.6) - ln(0.8) - ln(0.7)").correct
    assert diagnosis(question, str(sum(PER_LABEL) / 3)) == "mean_vs_sum"
    assert diagnosis(question, str(-math.log(0.6) - math.log(0.7))) == "positive_term_only"
    # renormalised outputs [0.6, 0.2, 0.7] / 1.5, then categorical CE over dog and panda
    renormalised = -math.log(0.6 / 1.5) - math.log(0.7 / 1.5)
    assert diagnosis(question, str(renormalised)) == "softmax_for_multilabel"
    assert diagnosis(question, str(sum(PER_LABEL) / math.log(2))) == "log_base_2"
    assert diagnosis(question, "-1.0906") == "sign_dropped"
    html = str(render_solution(question))
    for value in PER_LABEL:
        assert format_number(value) in html  # one BCE per label, then their sum


@pytest.mark.parametrize(
    ("target", "phrase"),
    [([0, 0, 0], "none of these animals"), ([1, 1, 1], "all 3 animals")],
)
def test_empty_and_full_target_sets_are_allowed(target, phrase):
    """Nothing or everything present: still one BCE per label, summed."""
    pred = [0.3, 0.1, 0.8]
    question = generate("multilabel_loss", 0, params={"pred": pred, "target": target})
    expected = sum(-math.log(p if t else 1 - p) for p, t in zip(pred, target, strict=True))
    assert question.answer == pytest.approx(expected, rel=1e-12)
    assert phrase in question.prompt
    assert grade(question, repr(expected)).correct


def test_per_label_vector_of_the_article():
    """[0.5108, 0.2231, 0.3567]: typed to 3 s.f. is right; zeros for absent labels are named."""
    question = generate("multilabel_per_label", 0, params=ARTICLE)
    assert question.answer == pytest.approx(PER_LABEL, rel=1e-12)
    assert question.vector_length == 3 and question.answer_format == "vector"
    assert grade(question, "[0.511, 0.223, 0.357]").correct
    assert diagnosis(question, vector([PER_LABEL[0], 0.0, PER_LABEL[2]])) == "positive_term_only"
    wrong_terms = [-math.log(0.4), -math.log(0.2), -math.log(0.3)]
    assert diagnosis(question, vector(wrong_terms)) == "one_minus_p"
    assert diagnosis(question, vector([-v for v in PER_LABEL])) == "sign_dropped"
    assert grade(question, "[0.511, 0.223, 0.9]").score == pytest.approx(2 / 3)


BATCH = {
    "pred": [[0.6, 0.2, 0.7], [0.1, 0.9, 0.5]],
    "target": [[1, 0, 1], [0, 1, 0]],
    "reduction": "mean",
    "unit": "nats",
}


def test_batch_averages_the_per_image_sums():
    """Mean over 2 images of per-image sums; BCELoss's mean over all 6 entries is named."""
    question = generate("multilabel_batch", 0, params=BATCH)
    second = -math.log(0.9) - math.log(0.9) - math.log(0.5)
    total = sum(PER_LABEL) + second
    assert question.answer == pytest.approx(total / 2, rel=1e-12)
    assert diagnosis(question, str(total / 6)) == "mean_over_elements"
    assert diagnosis(question, str(total)) == "mean_vs_sum"
    summed = generate("multilabel_batch", 0, params={**BATCH, "reduction": "sum"})
    assert summed.answer == pytest.approx(total, rel=1e-12)
    assert diagnosis(summed, str(total / 2)) == "mean_vs_sum"


def test_batch_questions_start_at_medium_difficulty():
    """Asked for an easy batch question, the draw is the medium one (2–3 images, 3 labels)."""
    assert registry()["multilabel_batch"].min_difficulty == 2
    for seed in range(30):
        params = generate("multilabel_batch", seed, difficulty=1).params
        assert 2 <= len(params["pred"]) <= 3 and len(params["pred"][0]) == 3


def test_difficulty_changes_the_numbers():
    """More labels and more decimals at harder levels; easy ones use nats and one decimal."""
    easy = [generate("multilabel_loss", s, difficulty=1).params for s in range(40)]
    hard = [generate("multilabel_loss", s, difficulty=3).params for s in range(40)]
    assert {len(p["pred"]) for p in easy} == {3} and min(len(p["pred"]) for p in hard) >= 5
    assert all(round(v, 1) == v for p in easy for v in p["pred"])
    assert {p["unit"] for p in easy} == {"nats"} and "bits" in {p["unit"] for p in hard}
    targets = [tuple(p["target"]) for p in easy]
    assert (0, 0, 0) in targets or (1, 1, 1) in targets  # any subset, empty or full included


# ---------------------------------------------------------------- params validation


@pytest.mark.parametrize(
    ("type_id", "params", "message"),
    [
        ("multilabel_loss", {"target": [1, 0]}, "pred must be a list of 2 to 10"),
        ("multilabel_loss", {"pred": [0.5], "target": [1]}, "pred must be a list of 2 to 10"),
        ("multilabel_loss", {"pred": [0.5, 0.2], "target": [1]}, "target must give one 0/1"),
        ("multilabel_loss", {"pred": [0.5, 1.0], "target": [1, 0]}, "pred must be strictly"),
        ("multilabel_loss", {"pred": [0.5, 0.2], "target": [1, 2]}, "target must be 0 or 1"),
        ("multilabel_per_label", {**ARTICLE, "unit": "bans"}, "unit must be one of"),
        ("multilabel_batch", {"pred": [], "target": []}, "pred must be a list of 1 to 8 images"),
        (
            "multilabel_batch",
            {"pred": [[0.5, 0.2], [0.5, 0.2, 0.1]], "target": [[1, 0], [1, 0, 0]]},
            "same number of labels",
        ),
        (
            "multilabel_batch",
            {"pred": [[0.5, 0.2]], "target": [[1, 0]], "reduction": "median"},
            "reduction must be one of mean, sum",
        ),
        (
            "multilabel_batch",
            {"pred": [[0.5, 0.2]], "target": [[1, 3]]},
            r"target\[0\] must be 0 or 1",
        ),
    ],
)
def test_bad_params_are_refused_with_a_clear_message(type_id, params, message):
    """ParamsError names the key and what is wrong with it."""
    with pytest.raises(ParamsError, match=message):
        generate(type_id, 0, params=params)


# ---------------------------------------------------------------- the family contract


@pytest.mark.parametrize("type_id", TYPES)
def test_family_contract_over_seeds_and_difficulties(type_id):
    """Deterministic, JSON params that reproduce it, answer (and 3 s.f.) right, each mistake
    named by its code, and a worked solution that shows the formatted answer."""
    for difficulty in (1, 2, 3):
        for seed in SEEDS:
            question = generate(type_id, seed, difficulty=difficulty)
            assert generate(type_id, seed, difficulty=difficulty) == question
            params = json.loads(json.dumps(question.params))
            fixed = generate(type_id, seed, difficulty=difficulty, params=params)
            assert fixed.answer == question.answer
            assert grade(question, typed(question.answer)).correct
            assert grade(question, typed(question.answer, 3)).correct, (seed, question.answer)
            for mistake in question.misconceptions:
                result = grade(question, typed(mistake.value))
                assert not result.correct and mistake.code in result.diagnoses, (seed, mistake)
            html = str(render_solution(question))
            answers = question.answer if question.kind == "vector" else [question.answer]
            for value in answers:
                assert number_html(format_number(value)) in html, seed
