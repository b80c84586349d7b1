"""The binary family: BCE of a sigmoid output, from a logit, over a batch, and as 2-class CE.

The second article's panda (p = 0.6, panda present → −ln 0.6 = 0.5108) comes out of fixed
params exactly; the typical slips get their diagnosis; bad params are refused with a
message naming the key; and every type holds the family contract over 40 seeds at
every difficulty.
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

TYPES = [type_id for type_id, qtype in registry().items() if qtype.family == "binary"]
# The registry-wide tests (tests/engine/test_questions.py) hold every type to the shared
# contract over 200 seeds × 3 levels; here 40 seeds check what is particular to the family.
SEEDS = range(40)
PANDA = {"p": 0.6, "target": 1, "unit": "nats"}


def diagnosis(question, text: str) -> str | None:
    """The code the grader gives ``text``; None for a right answer (asserted not to be)."""
    result = grade(question, text)
    assert not result.correct, (text, question.answer)
    return result.diagnosis


def test_family_has_the_promised_types():
    """Four types, all numeric, all under the binary topic."""
    assert sorted(TYPES) == ["bce", "bce_as_categorical", "bce_batch", "bce_from_logit"]
    assert {(registry()[t].topic, registry()[t].kind) for t in TYPES} == {("binary", "numeric")}


# ---------------------------------------------------------------- the articles' examples


def test_panda_bce_from_the_article():
    """60 % panda and it is a panda: −ln 0.6 = 0.5108 nats; typical slips are named."""
    question = generate("bce", 0, params=PANDA)
    assert question.answer == pytest.approx(-math.log(0.6), rel=1e-12)
    assert format_number(question.answer) == "0.5108"
    assert "Give the loss in nats." in question.prompt
    assert grade(question, "0.5108").correct
    assert grade(question, "-ln(0.6)").correct
    assert diagnosis(question, "0.9163") == "one_minus_p"  # −ln 0.4
    assert diagnosis(question, "-0.5108") == "sign_dropped"
    assert diagnosis(question, "0.737") == "log_base_2"  # −log2 0.6
    assert diagnosis(question, "0.2218") == "log_base_10"
    assert format_number(question.answer) in str(render_solution(question))


def test_absent_panda_uses_the_other_term_and_catches_the_zero_answer():
    """y = 0: the loss is −ln(1 − p); answering 0 (only the y·log p term) is positive_term_only."""
    question = generate("bce", 0, params={"p": 0.6, "target": 0})
    assert question.answer == pytest.approx(-math.log(0.4), rel=1e-12)
    assert question.unit == "nats"
    assert diagnosis(question, "0") == "positive_term_only"
    assert diagnosis(question, "0.5108") == "one_minus_p"


def test_bits_are_diagnosed_when_nats_are_given():
    """Asked in bits, the natural-log answer is named natural_log."""
    question = generate("bce", 0, params={"p": 0.6, "target": 1, "unit": "bits"})
    assert question.answer == pytest.approx(-math.log2(0.6), rel=1e-12)
    assert diagnosis(question, "0.5108") == "natural_log"


def test_two_class_categorical_equals_bce():
    """[not panda, panda] = [0.4, 0.6] against [0, 1] gives the same 0.5108 as BCE."""
    question = generate("bce_as_categorical", 0, params=PANDA)
    assert question.answer == pytest.approx(-math.log(0.6), rel=1e-12)
    assert r"q = [0.4, 0.6]" in question.prompt and "[0, 1]" in question.prompt
    assert diagnosis(question, "0.9163") == "wrong_class"
    assert diagnosis(question, str(-math.log(0.6) - math.log(0.4))) == "all_classes"
    flipped = generate("bce_as_categorical", 0, params={**PANDA, "order": "positive_first"})
    assert r"q = [0.6, 0.4]" in flipped.prompt and flipped.answer == question.answer
    hidden = generate("bce_as_categorical", 0, params={**PANDA, "show_vectors": False})
    assert "[0.4, 0.6]" not in hidden.prompt and hidden.answer == question.answer
    html = str(render_solution(question))
    assert html.count("0.5108") >= 2  # once as categorical CE, once as BCE


def test_logit_goes_through_the_sigmoid():
    """z = 0.2 (σ = 0.5498), panda: ln(1 + e^−0.2); −ln 0.2 is no_sigmoid."""
    question = generate("bce_from_logit", 0, params={"z": 0.2, "target": 1})
    assert question.answer == pytest.approx(math.log1p(math.exp(-0.2)), rel=1e-12)
    assert diagnosis(question, str(-math.log(0.2))) == "no_sigmoid"
    assert diagnosis(question, str(math.log1p(math.exp(0.2)))) == "one_minus_p"


def test_confidently_wrong_large_logit_costs_about_its_size():
    """z = −12.3 for a panda: the loss is ln(1 + e^12.3) ≈ 12.3 nats, computed exactly."""
    question = generate("bce_from_logit", 0, params={"z": -12.3, "target": 1})
    assert question.answer == pytest.approx(12.3 + math.log1p(math.exp(-12.3)), rel=1e-12)
    assert grade(question, "12.3").correct
    assert diagnosis(question, "4.55e-6") == "one_minus_p"  # −ln σ(−12.3): the other term
    assert not grade(question, "0").correct
    assert "e^{12.3}" in " ".join(step["math"] for step in question.explanation["steps"])


@pytest.mark.parametrize(
    ("reduction", "expected", "other_code"),
    [
        ("mean", (-math.log(0.6) - math.log(0.8)) / 2, "mean_vs_sum"),
        ("sum", -math.log(0.6) - math.log(0.8), "mean_vs_sum"),
    ],
)
def test_batch_mean_and_total(reduction, expected, other_code):
    """Two photos, 0.6 panda and 0.2 not-panda: mean or total; the other reduction is named."""
    params = {"pred": [0.6, 0.2], "target": [1, 0], "reduction": reduction}
    question = generate("bce_batch", 0, params=params)
    assert question.answer == pytest.approx(expected, rel=1e-12)
    other = -math.log(0.6) - math.log(0.8)
    other = other if reduction == "mean" else other / 2
    assert diagnosis(question, str(other)) == other_code
    positives = -math.log(0.6) / (2 if reduction == "mean" else 1)
    assert diagnosis(question, str(positives)) == "positive_term_only"
    assert ("total" in question.prompt) == (reduction == "sum")


# ---------------------------------------------------------------- difficulty


def test_difficulty_changes_the_numbers():
    """Harder levels: bits appear, 3-decimal outputs, large logits and bigger batches."""
    easy = [generate("bce", s, difficulty=1).params for s in range(60)]
    hard = [generate("bce", s, difficulty=3).params for s in range(60)]
    assert {p["unit"] for p in easy} == {"nats"} and "bits" in {p["unit"] for p in hard}
    assert any(round(p["p"], 2) != p["p"] for p in hard)
    logits = [generate("bce_from_logit", s, difficulty=3).params["z"] for s in range(60)]
    assert min(abs(z) for z in logits) >= 6
    sizes = {
        d: {len(generate("bce_batch", s, difficulty=d).params["pred"]) for s in range(30)}
        for d in (1, 2, 3)
    }
    assert max(sizes[1]) < min(sizes[3])


# ---------------------------------------------------------------- params validation


@pytest.mark.parametrize(
    ("type_id", "params", "message"),
    [
        ("bce", {"target": 1}, "p must be a number"),
        ("bce", {"p": 1.0, "target": 1}, "p must be strictly between 0 and 1"),
        ("bce", {"p": 1.5, "target": 1}, "p must be between 0 and 1"),
        ("bce", {"p": 0.6, "target": 2}, "target must be 0 or 1"),
        ("bce", {"p": 0.6, "target": True}, "target must be 0 or 1"),
        ("bce", {"p": 0.6, "target": 1, "unit": "hartleys"}, "unit must be one of nats, bits"),
        ("bce_from_logit", {"z": "big", "target": 1}, "z must be a number"),
        ("bce_from_logit", {"z": 5000, "target": 1}, "z must be between"),
        ("bce_batch", {"pred": [], "target": []}, "pred must be a list of 1 to 10"),
        ("bce_batch", {"pred": [0.5, 0.2], "target": [1]}, "target must list one 0/1 label"),
        ("bce_batch", {"pred": [0.5, 0.0], "target": [1, 0]}, "pred must be strictly"),
        ("bce_batch", {"pred": [0.5], "target": [1], "reduction": "max"}, "reduction must be"),
        ("bce_as_categorical", {**PANDA, "order": "sideways"}, "order must be one of"),
        ("bce_as_categorical", {**PANDA, "show_vectors": "yes"}, "show_vectors must be"),
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
            codes = [m.code for m in question.misconceptions]
            assert "sign_dropped" in codes or question.answer < 1e-3
            for mistake in question.misconceptions:
                result = grade(question, typed(mistake.value))
                assert not result.correct and mistake.code in result.diagnoses, (seed, mistake)
            html = str(render_solution(question))
            assert number_html(format_number(question.answer)) in html, seed
