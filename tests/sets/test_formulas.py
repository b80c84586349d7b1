"""Authors' formulas are computed exactly, with the loss engine's functions, and never eval'd."""

from __future__ import annotations

import math

import numpy as np
import pytest
from numpy.testing import assert_allclose

from quizapp.sets.formulas import FormulaError, NotFiniteError, compile_formula


def value(text: str, **values):
    return compile_formula(text).evaluate(values)


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ("-ln(q)", {"q": 0.7}, 0.35667494393873245),  # the article's −ln 0.7
        ("-log2(p)", {"p": 0.001}, 9.965784284662087),  # the panda, in bits
        ("-log10(p)", {"p": 0.01}, 2.0),
        ("log(e)", {}, 1.0),  # log is the natural log, as for learners
        ("2^3^2", {}, 512.0),  # right-associative
        ("-2^2", {}, -4.0),  # unary minus binds looser than ^
        ("2**3", {}, 8.0),
        ("1 - p * 2", {"p": 0.25}, 0.5),
        ("(1 − p) × 2", {"p": 0.25}, 1.5),  # typographic minus and times
        ("sqrt(x) + abs(-1) + exp(0)", {"x": 4}, 4.0),
        ("max(a, b, 3) + min(v)", {"a": 1, "b": 2, "v": [0.5, 0.2]}, 3.2),
        ("sum(v) + mean(v) + len(v)", {"v": [1, 2, 3]}, 11.0),
        ("q[c]", {"q": [0.1, 0.2, 0.7], "c": 2}, 0.7),  # 0-based indexing
        ("[p, 1 - p][1]", {"p": 0.25}, 0.75),
        ("sigmoid(0)", {}, 0.5),
        ("pi", {}, math.pi),
    ],
)
def test_scalar_formulas(text, values, expected):
    """Each formula gives the hand-computed value."""
    assert_allclose(value(text, **values), expected, rtol=1e-12)


def test_loss_engine_functions_agree_with_the_definitions():
    """entropy, cross_entropy, kl, bce and softmax are the engine's, checked by hand here."""
    p, q = np.array([0.2, 0.3, 0.5]), np.array([0.1, 0.2, 0.7])
    assert_allclose(value("entropy(p)", p=list(p)), -(p * np.log(p)).sum(), rtol=1e-12)
    assert_allclose(value("entropy(p, 2)", p=list(p)), 1.4854752972273344, rtol=1e-12)
    assert_allclose(value("cross_entropy(p, q)", p=list(p), q=list(q)), -(p * np.log(q)).sum())
    assert_allclose(value("kl(p, q)", p=list(p), q=list(q)), (p * np.log(p / q)).sum())
    assert_allclose(value("bce(0.6, 1)"), -math.log(0.6), rtol=1e-12)  # the article's panda
    assert_allclose(value("sum(bce(q, y))", q=[0.6, 0.2], y=[1, 0]), -math.log(0.6 * 0.8))
    z = np.array([2.0, 1.0, 0.1])
    assert_allclose(value("softmax(z)", z=list(z)), np.exp(z) / np.exp(z).sum(), rtol=1e-12)
    assert_allclose(
        value("cross_entropy([1, 0, 0], softmax(z))", z=list(z)),
        -math.log(math.exp(2) / np.exp(z).sum()),
        rtol=1e-12,
    )


def test_vectors_are_elementwise_and_come_back_as_lists():
    """A vector result is a list of floats; numbers combine with every entry."""
    assert value("softmax(z) - y", z=[0.0, 0.0], y=[1, 0]) == [-0.5, 0.5]
    assert value("2 * v + 1", v=[1, 2]) == [3.0, 5.0]


def test_the_variables_a_formula_reads_are_known_before_evaluating():
    """``names`` lists variables, not functions or constants."""
    assert compile_formula("-ln(q[c]) + pi * e").names == {"q", "c"}


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("lg(2)", "unknown function 'lg'"),
        ("ln(1, 2)", "ln takes 1 argument, got 2"),
        ("cross_entropy(p)", "cross_entropy takes 2 to 3 arguments, got 1"),
        ("ln * 2", "ln is a function"),
        ("2 p", r"unexpected 'p' at position 3 \(write \* to multiply\)"),
        ("(1 + 2", "never closed"),
        ("1 +", "stops too early"),
        ("1 = 1", "unexpected '='"),
        ("__import__('os')", "unexpected"),
        ("", "empty"),
        ("1" + "+1" * 300, "longer than 500"),
        ("(" * 50 + "1" + ")" * 50, "nests deeper"),
        ("pi(2)", "unknown function 'pi'"),
    ],
)
def test_formulas_that_cannot_be_read_say_why(text, match):
    """Syntax, unknown functions and wrong argument counts are found before any draw."""
    with pytest.raises(FormulaError, match=match):
        compile_formula(text)


@pytest.mark.parametrize(
    ("text", "values", "match"),
    [
        ("1 / (p - 0.5)", {"p": 0.5}, "division by zero"),
        ("-ln(q)", {"q": 0.0}, r"ln\(0\) is −∞"),
        ("log2(q)", {"q": -0.5}, "negative number"),
        ("sqrt(x)", {"x": -1}, "negative number"),
        ("exp(x)", {"x": 1000}, "not a finite number"),
        ("9^9^9", {}, "not a finite number"),
        ("(-8)^(1/3)", {}, "fractional power"),
        ("cross_entropy([1, 0], [0, 1])", {}, "not a finite number"),  # −log 0 for the truth
    ],
)
def test_values_that_are_not_finite_raise_not_finite(text, values, match):
    """A bad draw is told apart from a bad formula: NotFiniteError, naming the operation."""
    formula = compile_formula(text)
    with pytest.raises(NotFiniteError, match=match):
        formula.evaluate(values)


@pytest.mark.parametrize(
    ("text", "values", "match"),
    [
        ("x + 1", {}, "undefined variable 'x'"),
        ("softmax(p)", {"p": 0.5}, "softmax needs a vector"),
        ("[1, 2] + [1, 2, 3]", {}, "vectors of 2 and 3 entries"),
        ("q[3]", {"q": [0.5, 0.5]}, "index 3 is outside"),
        ("q[0.5]", {"q": [0.5, 0.5]}, "whole number"),
        ("name + 1", {"name": "panda"}, "'name' is text"),
        ("entropy([0.5, 0.2])", {}, "entropy: .*sum to 1"),
        ("[[1, 2]]", {}, "must list numbers"),
    ],
)
def test_formulas_that_cannot_be_computed_say_why(text, values, match):
    """Wrong shapes and undefined names are FormulaErrors, not NotFiniteErrors."""
    formula = compile_formula(text)
    with pytest.raises(FormulaError, match=match) as caught:
        formula.evaluate(values)
    assert not isinstance(caught.value, NotFiniteError)
