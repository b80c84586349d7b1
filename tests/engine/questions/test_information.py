"""The information-theory family: surprisal, entropy, cross-entropy, KL and the loaded coin.

The articles' numbers (the panda's 9.966 bits, the [0.2, 0.3, 0.5] entropy, the loaded
coin) come out of fixed params exactly; the typical slips get their diagnosis; bad
params are refused with a message naming the key; and every type holds the family
contract over 40 seeds at every difficulty.
"""

from __future__ import annotations

import json
import math
import re

import pytest
from support import typed

from quizapp.engine import losses
from quizapp.engine.grading import grade
from quizapp.engine.numbers import format_number
from quizapp.engine.questions import ParamsError, generate, registry
from quizapp.rendering import number_html
from quizapp.rendering.solutions import render_solution

TYPES = [type_id for type_id, qtype in registry().items() if qtype.family == "information"]
# The registry-wide tests (tests/engine/test_questions.py) hold every type to the shared
# contract over 200 seeds × 3 levels; here 40 seeds check what is particular to the family.
SEEDS = range(40)
FOREST = {"outcomes": ["panda", "bird", "dog"], "p": [0.2, 0.3, 0.5]}


def diagnosis(question, text: str) -> str | None:
    """The code the grader gives ``text``; None for a right answer (asserted not to be)."""
    result = grade(question, text)
    assert not result.correct, (text, question.answer)
    return result.diagnosis


def test_family_has_the_promised_types():
    """Seven types, each on the topic the design brief puts it under."""
    topics = {type_id: registry()[type_id].topic for type_id in TYPES}
    assert topics == {
        "surprisal": "surprisal",
        "probability_from_surprisal": "surprisal",
        "entropy": "entropy",
        "uniform_entropy": "entropy",
        "cross_entropy_distributions": "cross_entropy",
        "kl_divergence": "cross_entropy",
        "loaded_coin": "cross_entropy",
    }


# ---------------------------------------------------------------- the articles' examples


@pytest.mark.parametrize(
    ("unit", "shown", "other_unit_code", "other_unit_value"),
    [("bits", "9.966", "natural_log", "6.908"), ("nats", "6.908", "log_base_2", "9.966")],
)
def test_panda_surprisal_from_the_article(unit, shown, other_unit_code, other_unit_value):
    """Meeting a panda (p = 0.001): 9.966 bits or 6.908 nats; the other unit is diagnosed."""
    question = generate("surprisal", 0, params={"p": 0.001, "unit": unit})
    assert format_number(question.answer) == shown
    assert question.unit == unit and f"in {unit}" in question.prompt
    assert grade(question, shown).correct
    assert grade(question, f"-log{'2' if unit == 'bits' else ''}(0.001)").correct
    assert diagnosis(question, other_unit_value) == other_unit_code
    assert diagnosis(question, "3") == "log_base_10"
    assert diagnosis(question, f"-{shown}") == "sign_dropped"
    assert diagnosis(question, "1000") == "forgot_log"
    assert diagnosis(question, "0.00144" if unit == "bits" else "0.0010005") == "one_minus_p"


def test_named_outcome_appears_in_the_prompt_with_its_article():
    """A bird is far less surprising than a panda; an owl gets "an"."""
    bird = generate("surprisal", 0, params={"p": 0.4, "unit": "nats", "outcome": "bird"})
    assert "a bird" in bird.prompt
    assert bird.answer == pytest.approx(-math.log(0.4))
    owl = generate("surprisal", 0, params={"p": 0.1, "outcome": "owl"})
    assert "an owl" in owl.prompt and owl.unit == "nats"
    assert diagnosis(owl, "0.1") == "probability_itself"


@pytest.mark.parametrize(("unit", "shown"), [("nats", "1.030"), ("bits", "1.485")])
def test_forest_entropy_from_the_article(unit, shown):
    """[panda, bird, dog] = [0.2, 0.3, 0.5]: 1.0297 nats, 1.4855 bits."""
    question = generate("entropy", 0, params={**FOREST, "unit": unit})
    expected = 1.0297 if unit == "nats" else 1.4855
    assert question.answer == pytest.approx(expected, abs=5e-5)
    assert format_number(question.answer) == shown
    assert grade(question, str(expected)).correct
    assert "panda 0.2, bird 0.3 and dog 0.5" in question.prompt
    assert diagnosis(question, "-" + str(expected)) == "sign_dropped"
    if unit == "nats":
        assert diagnosis(question, "1.4855") == "log_base_2"
        assert diagnosis(question, "3.5066") == "unweighted_sum"
        assert diagnosis(question, "0.6931") == "most_likely_only"
        assert diagnosis(question, "0.7078") == "missing_term"  # left out the panda term
    else:
        assert diagnosis(question, "1.0297") == "natural_log"
        assert diagnosis(question, "5.0589") == "unweighted_sum"
        assert diagnosis(question, "1") == "most_likely_only"


def test_forest_entropy_solution_lists_each_term():
    """The worked solution shows each outcome's weighted surprisal and their sum."""
    question = generate("entropy", 0, params={**FOREST, "unit": "nats"})
    html = str(render_solution(question))
    for term in (0.2 * -math.log(0.2), 0.3 * -math.log(0.3), 0.5 * -math.log(0.5)):
        assert format_number(term) in html
    assert "<code" not in html  # every formula converted to MathML


@pytest.mark.parametrize(("unit", "expected"), [("nats", 4.5592), ("bits", 6.5776)])
def test_loaded_coin_from_the_article(unit, expected):
    """Truth 99 % heads, belief 99 % tails: 4.559 nats (6.578 bits) of surprise per toss."""
    params = {"truth_heads": 0.99, "belief_heads": 0.01, "unit": unit}
    question = generate("loaded_coin", 0, params=params)
    assert question.answer == pytest.approx(expected, abs=5e-5)
    assert grade(question, str(expected)).correct
    base = math.e if unit == "nats" else 2
    entropy = losses.entropy([0.99, 0.01], base)
    kl = losses.kl_divergence([0.99, 0.01], [0.01, 0.99], base)
    assert diagnosis(question, repr(entropy)) == "entropy_not_cross_entropy"
    assert diagnosis(question, repr(kl)) == "kl_not_cross_entropy"
    if unit == "nats":
        assert diagnosis(question, "4.61") == "heads_only"
        assert diagnosis(question, "6.578") == "log_base_2"
    # The article's coin is symmetric, so swapping p and q cannot be told apart here...
    assert "swapped_arguments" not in {m.code for m in question.misconceptions}


def test_loaded_coin_swap_is_diagnosed_when_it_differs():
    """...but for an asymmetric coin H(q, p) is a separate, recognised mistake."""
    question = generate("loaded_coin", 0, params={"truth_heads": 0.9, "belief_heads": 0.3})
    swapped = losses.cross_entropy([0.3, 0.7], [0.9, 0.1])
    assert diagnosis(question, repr(swapped)) == "swapped_arguments"


def test_one_hot_cross_entropy_is_the_articles_loss():
    """H([0, 0, 1], [0.1, 0.2, 0.7]) = −ln 0.7 = 0.3567: cross-entropy loss is a special case."""
    question = generate(
        "cross_entropy_distributions", 0, params={"p": [0, 0, 1], "q": [0.1, 0.2, 0.7]}
    )
    assert format_number(question.answer) == "0.3567"
    assert question.params["outcomes"] == ["dog", "cat", "panda"]


def test_soft_cross_entropy_and_kl_mistakes():
    """Swapped arguments, entropy for cross-entropy, and KL/cross-entropy mix-ups are named."""
    p, q = [0.2, 0.3, 0.5], [0.1, 0.2, 0.7]
    ce = generate("cross_entropy_distributions", 0, params={"p": p, "q": q})
    assert ce.answer == pytest.approx(losses.cross_entropy(p, q))
    assert diagnosis(ce, repr(losses.cross_entropy(q, p))) == "swapped_arguments"
    assert diagnosis(ce, "1.0297") == "entropy_not_cross_entropy"
    assert diagnosis(ce, repr(losses.kl_divergence(p, q))) == "kl_not_cross_entropy"

    kl = generate("kl_divergence", 0, params={"p": p, "q": q, "unit": "bits"})
    assert kl.answer == pytest.approx(losses.kl_divergence(p, q, 2))
    assert diagnosis(kl, repr(losses.cross_entropy(p, q, 2))) == "cross_entropy_not_kl"
    assert diagnosis(kl, repr(losses.kl_divergence(q, p, 2))) == "swapped_arguments"
    assert diagnosis(kl, repr(losses.kl_divergence(p, q))) == "natural_log"
    html = str(render_solution(kl))
    assert format_number(losses.cross_entropy(p, q, 2)) in html  # the H(p, q) − H(p) check


def test_probability_from_a_loss_in_percent():
    """A loss of 0.5 nats on the true class means the model gave it e^−0.5 = 60.65 %."""
    question = generate("probability_from_surprisal", 0, params={"loss": 0.5, "unit": "nats"})
    assert question.answer_format == "percent" and question.unit == "%"
    assert format_number(question.answer) == "60.65"
    assert grade(question, "60.65").correct
    assert grade(question, "60.65 %").correct
    assert grade(question, "100*exp(-0.5)").correct
    assert diagnosis(question, "0.6065") == "fraction_for_percent"
    assert diagnosis(question, "50") == "linear_loss"
    assert diagnosis(question, "39.35") == "one_minus_p"
    assert diagnosis(question, "70.71") == "log_base_2"
    bits = generate("probability_from_surprisal", 0, params={"loss": 1, "unit": "bits"})
    assert bits.answer == pytest.approx(50.0)
    assert diagnosis(bits, "36.79") == "natural_log"


def test_uniform_and_one_hot_entropy():
    """Even over 8 classes: 3 bits; over 2 of 8: 1 bit; a one-hot vector: 0."""
    eight = generate("uniform_entropy", 0, params={"classes": 8, "unit": "bits"})
    assert eight.answer == pytest.approx(3.0)
    assert diagnosis(eight, "8") == "count_not_log"
    assert diagnosis(eight, "0.125") == "probability_itself"
    assert diagnosis(eight, "2.079") == "natural_log"
    two = generate("uniform_entropy", 0, params={"classes": 8, "support": 2, "unit": "bits"})
    assert two.answer == pytest.approx(1.0)
    assert diagnosis(two, "3") == "counted_all_classes"
    one_hot = generate("uniform_entropy", 0, params={"classes": 4, "support": 1})
    assert one_hot.answer == 0.0
    assert grade(one_hot, "0").correct
    assert diagnosis(one_hot, "1.386") == "counted_all_classes"
    assert "0" in str(render_solution(one_hot))


# ---------------------------------------------------------------- refusing bad params


@pytest.mark.parametrize(
    ("type_id", "params", "message"),
    [
        ("surprisal", {"p": 0}, "p must be above 0"),
        ("surprisal", {"p": 1.5}, "p must be between 0 and 1"),
        ("surprisal", {"p": "0.5"}, "p must be a number"),
        ("surprisal", {"p": 0.5, "unit": "hartleys"}, "unit must be one of nats, bits"),
        ("surprisal", {"p": 0.5, "outcome": "<b>"}, "outcome must be a short name"),
        ("probability_from_surprisal", {"loss": -1}, "loss must be between 0 and 30"),
        ("probability_from_surprisal", {}, "loss must be a number"),
        ("entropy", {"p": [0.2, 0.3]}, "p must sum to 1"),
        ("entropy", {"p": [1.0]}, "p needs at least two probabilities"),
        ("entropy", {"p": [0.05] * 20}, "p may have at most 10 outcomes"),
        ("entropy", {**FOREST, "outcomes": ["a", "b"]}, "outcomes must be a list of 3 names"),
        ("entropy", {**FOREST, "outcomes": ["a", "a", "b"]}, "outcomes must be distinct"),
        ("cross_entropy_distributions", {"p": [0.5, 0.5], "q": [1.0]}, "q must have 2 entries"),
        (
            "cross_entropy_distributions",
            {"p": [0.5, 0.5], "q": [1.0, 0.0]},
            "q must be above 0 wherever p is above 0",
        ),
        ("kl_divergence", {"p": [0.5, 0.5]}, "q must be a non-empty list of numbers"),
        ("loaded_coin", {"belief_heads": 0.5}, "truth_heads must be a number"),
        ("loaded_coin", {"truth_heads": 0.9, "belief_heads": 0}, "belief_heads must be strictly"),
        ("uniform_entropy", {"classes": 1}, "classes must be a whole number from 2 to 1000"),
        ("uniform_entropy", {"classes": 2.5}, "classes must be a whole number"),
        ("uniform_entropy", {"classes": 4, "support": 5}, "support"),
    ],
)
def test_bad_params_are_refused_with_a_clear_message(type_id, params, message):
    """Each refusal is a ParamsError whose message names the key and the problem."""
    with pytest.raises(ParamsError, match=re.escape(message)):
        generate(type_id, 0, params=params)


# ---------------------------------------------------------------- every seed, every difficulty


@pytest.mark.parametrize("type_id", TYPES)
def test_family_contract_over_seeds_and_difficulties(type_id):
    """Deterministic, reproducible from JSON params, graded right, mistakes named, rendered."""
    for difficulty in (1, 2, 3):
        for seed in SEEDS:
            question = generate(type_id, seed, difficulty=difficulty)
            # the same seed draws the same numbers, and those numbers (through JSON) build
            # an equal question: together, same inputs → equal Question
            assert generate(type_id, seed, difficulty=difficulty) == question
            params = json.loads(json.dumps(question.params))
            assert generate(type_id, seed, difficulty=difficulty, params=params) == question

            where = (seed, difficulty, question.params)
            assert math.isfinite(question.answer) and question.answer >= 0, where
            assert grade(question, typed(question.answer)).correct, where
            assert grade(question, typed(question.answer, 3)).correct, where
            assert 2 <= len(question.hints) <= 3
            assert question.prompt.count(r"\(") == question.prompt.count(r"\)")
            if question.answer_format != "percent":
                assert f"in {question.unit}" in question.prompt, where
            for mistake in question.misconceptions:
                assert re.fullmatch(r"[a-z0-9_]+", mistake.code) and mistake.message
                assert mistake.code in grade(question, typed(mistake.value)).diagnoses, (
                    where,
                    mistake,
                )
            html = str(render_solution(question))
            assert number_html(format_number(question.answer)) in html, where
            assert "<code" not in html, where  # no formula fell back to raw LaTeX


def _drawn(type_id: str, difficulty: int) -> list:
    return [generate(type_id, seed, difficulty=difficulty).params for seed in range(60)]


def test_difficulty_changes_the_questions():
    """Harder levels bring more outcomes, finer numbers, rarer events and bits."""
    sizes = {d: {len(p["p"]) for p in _drawn("entropy", d)} for d in (1, 2, 3)}
    assert sizes[1] == {3} and sizes[2] <= {4, 5} and max(sizes[3]) >= 7
    assert any(0 in p["p"] for p in _drawn("entropy", 3))
    for type_id in ("surprisal", "entropy", "cross_entropy_distributions", "loaded_coin"):
        assert {p["unit"] for p in _drawn(type_id, 1)} == {"nats"}
        assert {p["unit"] for p in _drawn(type_id, 2)} == {"nats", "bits"}
    assert max(p["p"] for p in _drawn("surprisal", 3)) < 0.01
    assert all(p["support"] == p["classes"] for p in _drawn("uniform_entropy", 2))
    assert all(p["support"] < p["classes"] for p in _drawn("uniform_entropy", 3))
    assert {p["support"] == 1 for p in _drawn("uniform_entropy", 1)} == {True, False}
    extremes = [max(p["truth_heads"], 1 - p["truth_heads"]) for p in _drawn("loaded_coin", 3)]
    assert min(extremes) >= 0.95
