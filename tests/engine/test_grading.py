"""The grader's promises: no plainly wrong number is right, the nearest mistake is named.

The registry-wide tests run every numeric and vector type over 200 seeds and
every difficulty; the others pin the audit's examples and the grader's messages.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from support import typed

from quizapp.engine import generate, grade, registry
from quizapp.engine.answers import ParseError
from quizapp.engine.grading import PrecisionError, UnitError
from quizapp.engine.questions import question_type
from quizapp.engine.questions.base import Tolerance, rng_for

SEEDS = range(200)
NUMERIC = [t for t, q in registry().items() if q.kind == "numeric"]
VECTOR = [t for t, q in registry().items() if q.kind == "vector"]


def instances(type_id: str):
    for difficulty in (1, 2, 3):
        for seed in SEEDS:
            yield generate(type_id, seed, difficulty=difficulty)


def plainly_wrong(x: float) -> list[float]:
    """0, the sign flipped, a factor of 2 either way, 10 % off."""
    return [0.0, -x, 2 * x, x / 2, 1.1 * x]


def accepted(question, text: str) -> bool:
    """Whether ``text`` grades right (a refusal to grade is not acceptance)."""
    try:
        return grade(question, text).correct
    except ParseError:
        return False


@pytest.mark.parametrize("type_id", NUMERIC)
def test_no_plainly_wrong_number_is_accepted(type_id):
    """For every numeric type, difficulty and seed: 0, −x, 2x, x/2 and 1.1x are all wrong."""
    for question in instances(type_id):
        x = question.answer
        if x == 0:
            continue
        for wrong in plainly_wrong(x):
            assert not accepted(question, typed(wrong)), (question.seed, question.difficulty, x)


@pytest.mark.parametrize("type_id", VECTOR)
def test_no_plainly_wrong_vector_is_accepted(type_id):
    """A vector scaled by 0, −1, 2, 1/2 or 1.1 (its non-zero components changed) is wrong."""
    for question in instances(type_id):
        x = np.asarray(question.answer)
        if not np.any(x):
            continue
        for factor in (0.0, -1.0, 2.0, 0.5, 1.1):
            assert not accepted(question, typed(list(x * factor))), (question.seed, factor)


@pytest.mark.parametrize("type_id", NUMERIC + VECTOR)
def test_every_listed_mistake_is_told_apart_from_the_answer(type_id):
    """No listed mistake grades right, exactly or to 3 significant figures; each is named."""
    for question in instances(type_id):
        where = (question.seed, question.difficulty)
        for mistake in question.misconceptions:
            for digits in (None, 3):
                text = typed(mistake.value, digits)
                assert not accepted(question, text), (where, mistake.code, text)
            result = grade(question, typed(mistake.value))
            assert mistake.code in result.diagnoses, (where, mistake.code, result.diagnoses)


@pytest.mark.parametrize("type_id", NUMERIC + VECTOR)
def test_only_mistakes_that_give_the_answer_itself_are_left_out(type_id):
    """Drawn params are redrawn until each mistake shows; what is left out is no mistake here.

    (A tie between two classes, p = 0.5, a mirrored coin: the mistaken method gives the
    answer itself, so there is nothing to tell apart.)
    """
    qtype = question_type(type_id)
    for question in instances(type_id):
        if not question.indistinct:
            continue
        rng = rng_for(type_id, question.seed, question.difficulty)
        built = qtype.build(question.params, rng, question.difficulty)
        answer = np.atleast_1d(question.answer)
        left_out = [m for m in built.misconceptions if m not in question.misconceptions]
        assert sorted(m.code for m in left_out) == sorted(question.indistinct)
        for mistake in left_out:
            value = np.atleast_1d(mistake.value)
            assert np.allclose(value, answer, rtol=1e-9, atol=1e-15), (question.seed, mistake)


def test_the_audit_examples_of_small_answers_are_now_wrong():
    """0 for 0.000234, 0 for 6.8e-7 and −1.50e-4 for 1.50e-4 were accepted; none is now."""
    softmax = generate("softmax_probability", 5, difficulty=3)
    assert softmax.answer == pytest.approx(0.000234, rel=1e-2)
    assert not grade(softmax, "0").correct
    assert grade(softmax, "2.34e-4").correct
    logit = generate("bce_from_logit", 7, difficulty=3)
    assert logit.answer == pytest.approx(6.8e-7, rel=1e-2)
    assert not grade(logit, "0").correct
    ce = generate("ce_from_logits", 31, difficulty=3)
    assert ce.answer == pytest.approx(1.50e-4, rel=1e-2)
    flipped = grade(ce, typed(-ce.answer))
    assert not flipped.correct and flipped.diagnosis == "sign_dropped"


def test_the_nearest_mistake_is_named_not_the_first():
    """entropy seed 30, d2: "1.2" is 0.24 % from leaving out the owl term, 0.96 % from ln."""
    question = generate("entropy", 30, difficulty=2)
    result = grade(question, "1.2")
    assert result.diagnosis == "missing_term" and "owl" in result.message
    assert "natural_log" not in result.diagnoses


def test_two_mistakes_with_one_number_are_both_named():
    """When two mistakes give the same value, the message names each and ``also`` lists it."""
    for question in instances("multilabel_loss"):
        values: dict[float, list] = {}
        for mistake in question.misconceptions:
            values.setdefault(round(float(mistake.value), 9), []).append(mistake)
        pairs = [ms for ms in values.values() if len({m.code for m in ms}) > 1]
        if pairs:
            first, second = pairs[0][:2]
            result = grade(question, typed(first.value))
            assert {first.code, second.code} <= set(result.diagnoses)
            assert first.message in result.message and second.message in result.message
            assert result.message.startswith("2 mistakes give this number.")
            return
    pytest.fail("no multilabel_loss instance with two mistakes of one value")


def test_class_weights_always_matter():
    """ce_class_weighted draws true classes whose weights differ and do not average 1."""
    for question in instances("ce_class_weighted"):
        weights = [question.params["weights"][t] for t in question.params["targets"]]
        assert len(set(weights)) > 1 and sum(weights) != len(weights), question.seed
        assert {"ignored_weights", "weighted_mean_by_count"} <= {
            m.code for m in question.misconceptions
        }


def test_the_audit_examples_at_three_figures_are_no_longer_right():
    """Two mistakes were marked right when typed to 3 significant figures."""
    for type_id, seed, difficulty in (
        ("cross_entropy_distributions", 19, 1),
        ("ce_class_weighted", 19, 3),
    ):
        question = generate(type_id, seed, difficulty=difficulty)
        for mistake in question.misconceptions:
            assert not accepted(question, typed(mistake.value, 3)), (type_id, mistake.code)


def test_fixed_params_name_the_mistakes_they_make_indistinguishable():
    """The article's mirrored coin: swapping p and q gives the answer itself, so it is left out."""
    params = {"truth_heads": 0.99, "belief_heads": 0.01, "unit": "nats"}
    question = generate("loaded_coin", 0, params=params)
    assert "swapped_arguments" in question.indistinct
    assert "swapped_arguments" not in {m.code for m in question.misconceptions}


def test_default_tolerance_is_relative_with_a_tiny_floor():
    """1 % relative and 1e-8 absolute; a question may override both; bad values are refused."""
    default = Tolerance()
    assert (default.rel, default.abs) == (0.01, 1e-8)
    assert default.allows(0.0002342 * 1.009, 0.0002342)
    assert not default.allows(0.0, 0.0002342)
    assert default.allows(0.0, 5e-9)  # below the floor, nothing can be told apart
    assert Tolerance(rel=0.05).allows(1.04, 1.0)
    for bad in ({"rel": -0.1}, {"abs": math.inf}, {"rel": 0.5}, {"rel": math.nan}):
        with pytest.raises(ValueError, match="tolerance"):
            Tolerance(**bad)


def test_an_answer_rounded_too_far_is_refused_not_marked_wrong():
    """0.0002 for 0.000234 is right to 1 figure: ask for 3 rather than record a wrong answer."""
    question = generate("softmax_probability", 5, difficulty=3)
    for text in ("0.0002", "2e-4", "0.00023"):
        with pytest.raises(PrecisionError, match="too few to check: give at least 3"):
            grade(question, text)
    assert not grade(question, "0.0003").correct  # not a rounding of the answer: just wrong


def test_a_unit_after_the_number_is_read_and_checked():
    """ "0.3567 nats" is read; "0.3567 bits" for a question in nats is refused with a message."""
    question = generate("ce_one_hot", 0, params={"pred": [0.7, 0.2, 0.1], "target": 0})
    assert question.unit == "nats"
    for text in ("0.3567 nats", "0.3567nats", "0.3567 nat", "-ln(0.7) nats"):
        assert grade(question, text).correct, text
    with pytest.raises(UnitError, match="asks for nats, but you wrote bits"):
        grade(question, "0.5146 bits")
    probability = generate("softmax_probability", 0)
    with pytest.raises(UnitError, match="no unit"):
        grade(probability, "0.5 nats")


def test_the_engine_entry_points_import_from_the_package():
    """DESIGN §5: ``from quizapp.engine import registry, generate, grade``."""
    import quizapp.engine as engine

    assert {"registry", "generate", "grade"} <= set(engine.__all__)
    question = engine.generate("surprisal", 0)
    assert question.type_id in engine.registry()
    assert engine.grade(question, typed(question.answer)).correct


def test_a_choice_answer_reads_in_lower_case_mid_sentence():
    """ "The answer is divide it by ln 2", not "The answer is Divide it by …"."""
    for seed in range(20):
        question = generate("log_units", seed)
        if question.answer == "divide_ln2":
            wrong = next(c.id for c in question.choices if c.id != question.answer)
            assert "The answer is divide it by" in grade(question, wrong).message
            return
    pytest.fail("no log_units instance asks for nats to bits")


def test_class_names_take_the_right_article():
    """ "a photo of an owl", never "a owl"."""
    pred = [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.4]  # the seventh class is the owl
    for type_id in ("ce_one_hot", "ce_label_smoothing"):
        params = {"pred": pred, "target": 6, "smoothing": 0.1}
        question = generate(type_id, 0, params=params)
        assert "a photo of an owl" in question.prompt, question.prompt
        for seed in SEEDS:
            assert " a owl" not in generate(type_id, seed, difficulty=3).prompt
