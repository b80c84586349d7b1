"""The softmax family: probabilities from logits, cross-entropy from logits, and its gradient.

Independent references are written out with ``math.exp`` so the formula is visible; the
first article's statement that the gradient of cross-entropy is softmax(z) − y is
checked, as is the log-sum-exp route for large logits such as [12.3, 9.1, −4.0]. The
typical slips are diagnosed, bad params are refused with a message naming the key, and
every type holds the family contract over 40 seeds at every difficulty.
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

TYPES = [type_id for type_id, qtype in registry().items() if qtype.family == "softmax"]
# The registry-wide tests (tests/engine/test_questions.py) hold every type to the shared
# contract over 200 seeds × 3 levels; here 40 seeds check what is particular to the family.
SEEDS = range(40)
LOGITS = [2.0, 1.0, 0.1]
LARGE = [12.3, 9.1, -4.0]


def softmax(z: list[float]) -> list[float]:
    """e^{z_i} / Σ e^{z_j}, written out as a reference."""
    exps = [math.exp(v) for v in z]
    return [e / sum(exps) for e in exps]


def diagnosis(question, text: str) -> str | None:
    """The code the grader gives ``text``; None for a right answer (asserted not to be)."""
    result = grade(question, text)
    assert not result.correct, (text, question.answer)
    return result.diagnosis


def vector(values) -> str:
    return "[" + ", ".join(repr(float(v)) for v in values) + "]"


def test_family_has_the_promised_types():
    """Five types under the softmax topic."""
    kinds = {type_id: registry()[type_id].kind for type_id in TYPES}
    assert kinds == {
        "softmax_probability": "numeric",
        "softmax_vector": "vector",
        "ce_from_logits": "numeric",
        "ce_gradient": "vector",
        "ce_gradient_component": "numeric",
    }
    assert {registry()[t].topic for t in TYPES} == {"softmax"}


# ---------------------------------------------------------------- softmax


def test_softmax_probability_and_its_slips():
    """softmax([2, 1, 0.1])_dog = 0.659; z/Σz, another class and σ(z_k) are named."""
    question = generate("softmax_probability", 0, params={"logits": LOGITS, "k": 0})
    assert question.answer == pytest.approx(softmax(LOGITS)[0], rel=1e-12)
    assert question.unit is None
    assert grade(question, "0.659").correct
    assert grade(question, "exp(2)/(exp(2)+exp(1)+exp(0.1))").correct
    assert diagnosis(question, str(2.0 / 3.1)) == "no_exp"
    assert diagnosis(question, str(softmax(LOGITS)[1])) == "wrong_class"
    assert diagnosis(question, str(1 / (1 + math.exp(-2.0)))) == "sigmoid_not_softmax"
    html = str(render_solution(question))
    assert format_number(math.exp(2.0)) in html  # the exponentials, their sum, the division
    assert format_number(sum(math.exp(v) for v in LOGITS)) in html


def test_softmax_vector_gives_partial_credit_per_component():
    """[0.659, 0.242, 0.0986]; a linear normalisation is no_exp; one wrong entry scores 2/3."""
    question = generate("softmax_vector", 0, params={"logits": LOGITS})
    assert question.answer == pytest.approx(softmax(LOGITS), rel=1e-12)
    assert grade(question, "[0.659, 0.242, 0.0986]").correct
    assert diagnosis(question, vector([v / 3.1 for v in LOGITS])) == "no_exp"
    assert grade(question, "[0.659, 0.242, 0.5]").score == pytest.approx(2 / 3)


def test_linear_slip_is_only_offered_for_non_negative_logits():
    """With a negative logit z/Σz is no longer a plausible probability vector."""
    question = generate("softmax_vector", 0, params={"logits": [1.0, -0.5, 2.0]})
    assert "no_exp" not in {m.code for m in question.misconceptions}


# ---------------------------------------------------------------- cross-entropy from logits


def test_cross_entropy_from_small_logits():
    """−ln softmax([2, 1, 0.1])_cat; −ln of the logit itself and another class are named."""
    question = generate("ce_from_logits", 0, params={"logits": [2.0, 0.5, 0.1], "target": 1})
    expected = -math.log(softmax([2.0, 0.5, 0.1])[1])
    assert question.answer == pytest.approx(expected, rel=1e-12)
    assert diagnosis(question, str(-math.log(0.5))) == "no_softmax"
    assert diagnosis(question, "-0.5") == "no_softmax"
    assert diagnosis(question, str(-math.log(softmax([2.0, 0.5, 0.1])[0]))) == "wrong_class"


@pytest.mark.parametrize("target", [0, 1, 2])
def test_large_logits_use_the_log_sum_exp_shift(target):
    """[12.3, 9.1, −4.0]: L = 12.3 + ln(1 + e^−3.2 + e^−16.3) − z_t, shown with the shift."""
    question = generate("ce_from_logits", 0, params={"logits": LARGE, "target": target})
    lse = 12.3 + math.log(1 + math.exp(-3.2) + math.exp(-16.3))
    assert question.answer == pytest.approx(lse - LARGE[target], rel=1e-12)
    maths = [step["math"] for step in question.explanation["steps"]]
    assert "z - m = [0, -3.2, -16.3]" in maths
    assert format_number(question.answer) in str(render_solution(question))


def test_large_logits_in_bits():
    """The same loss in bits is the nats value divided by ln 2; nats are named natural_log."""
    question = generate("ce_from_logits", 0, params={"logits": LARGE, "target": 1, "unit": "bits"})
    nats = 12.3 + math.log(1 + math.exp(-3.2) + math.exp(-16.3)) - 9.1
    assert question.answer == pytest.approx(nats / math.log(2), rel=1e-12)
    assert diagnosis(question, str(nats)) == "natural_log"


# ---------------------------------------------------------------- the gradient


def test_gradient_is_softmax_minus_target():
    """∂L/∂z = softmax(z) − y (the article's softmax(a) − b); the usual slips are named."""
    question = generate("ce_gradient", 0, params={"logits": LOGITS, "target": 0})
    q = softmax(LOGITS)
    grad = [q[0] - 1, q[1], q[2]]
    assert question.answer == pytest.approx(grad, rel=1e-12)
    assert grade(question, "[-0.341, 0.242, 0.0986]").correct
    assert diagnosis(question, vector([-g for g in grad])) == "gradient_sign"
    assert diagnosis(question, vector(q)) == "forgot_target"
    assert diagnosis(question, vector([1.0, 1.0, 0.1])) == "no_softmax"


def test_gradient_with_label_smoothing():
    """ε = 0.1 over 3 classes: y = [0.9333, 0.0333, 0.0333]; the one-hot answer is named."""
    params = {"logits": LOGITS, "target": 0, "smoothing": 0.1}
    question = generate("ce_gradient", 0, params=params)
    q = softmax(LOGITS)
    smoothed = [0.9 + 0.1 / 3, 0.1 / 3, 0.1 / 3]
    assert question.answer == pytest.approx(
        [a - b for a, b in zip(q, smoothed, strict=True)], rel=1e-12
    )
    assert diagnosis(question, vector([q[0] - 1, q[1], q[2]])) == "ignored_smoothing"


def test_gradient_component():
    """∂L/∂z_k for the true class and for another one; sign and role mix-ups are named."""
    q = softmax(LOGITS)
    true = generate("ce_gradient_component", 0, params={"logits": LOGITS, "target": 0, "k": 0})
    assert true.answer == pytest.approx(q[0] - 1, rel=1e-12)
    assert diagnosis(true, str(1 - q[0])) == "gradient_sign"
    assert diagnosis(true, str(q[0])) == "forgot_target"
    other = generate("ce_gradient_component", 0, params={"logits": LOGITS, "target": 0, "k": 1})
    assert other.answer == pytest.approx(q[1], rel=1e-12)
    assert diagnosis(other, str(q[1] - 1)) == "wrong_class"
    assert diagnosis(other, "1") == "no_softmax"  # z_cat − y_cat = 1 − 0


# ---------------------------------------------------------------- difficulty


def test_difficulty_changes_the_numbers():
    """3/4/5 logits; large logits for hard cross-entropy; label smoothing for hard gradients."""
    for difficulty, size in ((1, 3), (2, 4), (3, 5)):
        params = generate("softmax_vector", 7, difficulty=difficulty).params
        assert len(params["logits"]) == size
    for seed in range(30):
        assert max(generate("ce_from_logits", seed, difficulty=3).params["logits"]) >= 10
        assert generate("ce_gradient", seed, difficulty=3).params["smoothing"] > 0
        assert generate("ce_gradient", seed, difficulty=1).params["smoothing"] == 0


# ---------------------------------------------------------------- params validation


@pytest.mark.parametrize(
    ("type_id", "params", "message"),
    [
        ("softmax_probability", {"k": 0}, "logits must be a non-empty list"),
        ("softmax_probability", {"logits": [1.0], "k": 0}, "logits needs at least two"),
        ("softmax_probability", {"logits": [1.0, 2.0], "k": 2}, "k must be a class index"),
        ("softmax_vector", {"logits": [1.0, 80.0]}, "logits must lie between"),
        ("softmax_vector", {"logits": [1.0, "x"]}, "logits must be a number"),
        ("ce_from_logits", {"logits": LARGE}, "target must be a class index"),
        ("ce_from_logits", {"logits": LARGE, "target": 0, "unit": "dB"}, "unit must be one of"),
        ("ce_gradient", {"logits": LOGITS, "target": 0, "smoothing": 2}, "smoothing must be"),
        ("ce_gradient_component", {"logits": LOGITS, "target": 0}, "k must be a class index"),
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
            for value in answers:  # as the answer line shows it: 9.805 × 10<sup>−5</sup>
                assert number_html(format_number(value)) in html, seed
