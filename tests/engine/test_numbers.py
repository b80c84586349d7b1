"""How numbers are written: significant figures, LaTeX spellings and arithmetic that checks out."""

from __future__ import annotations

import pytest

from quizapp.engine.numbers import (
    format_number,
    format_short,
    relation,
    shown,
    tex_difference,
    tex_input,
    tex_mean,
    tex_number,
    tex_sum,
    tex_vector,
)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.35667494393873245, "0.3567"),
        (1.0297, "1.030"),  # the zero is a significant figure, so it stays
        (2.0, "2.000"),
        (0.5, "0.5000"),
        (-0.5, "−0.5000"),
        (20000.0, "20000"),
        (9.99996, "10.00"),  # rounding up to the next power of ten keeps 4 figures
        (0.0999996, "0.1000"),
        (1.1005e-05, "1.101e−5"),
        (1.1e-05, "1.100e−5"),
        (999999.7, "1.000e6"),
        (0.0, "0"),
        (float("inf"), "∞"),
    ],
)
def test_format_number_keeps_four_significant_figures(value, text):
    """Four significant figures, trailing zeros included; e-notation only far from 1."""
    assert format_number(value) == text


@pytest.mark.parametrize(
    ("value", "latex"),
    [
        (1.1005e-05, r"1.101 \times 10^{-5}"),
        (2.5e7, r"2.500 \times 10^{7}"),
        (-0.25, "-0.2500"),
        (0.3567, "0.3567"),
    ],
)
def test_tex_number_writes_powers_of_ten(value, latex):
    """In a formula 1.101e−5 is 1.101 × 10⁻⁵ with an ASCII minus, never the letter e."""
    assert tex_number(value) == latex


def test_tex_input_and_vector_use_the_ascii_minus():
    assert tex_input(-1.9) == "-1.9"
    assert tex_vector([-1.9, 0.5, 2.0]) == "[-1.9, 0.5, 2]"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1.0, "1"),
        (0.84, "0.84"),
        (0.025, "0.025"),
        ((1 - 0.2) + 0.02, "0.82"),  # 0.8200000000000001 in floating point
        (1 / 3, "0.3333"),
        (0.9 + 0.1 / 3, "0.9333"),
    ],
)
def test_format_short_keeps_exact_short_values(value, text):
    """Targets and weights such as 1 or 0.025 are exact as written; 1/3 gets 4 figures."""
    assert format_short(value) == text


def test_relation_is_equals_only_when_the_shown_arithmetic_gives_the_result():
    """1.807 − 1.576 is 0.231, so it cannot '=' the 0.2302 of the unrounded values."""
    assert relation(1.807 - 1.576, 0.23020) == r"\approx"
    assert relation(0.3466 + 0.3219 + 0.3612, 1.0297) == "="
    assert shown(1.80712) == 1.807


def test_tex_difference_lines_up_the_places_of_the_result():
    """The article-sized case: kl_divergence d3 seed 5 showed 1.807 − 1.576 = 0.2302."""
    assert tex_difference(1.80712, 1.57692, 0.23020) == "1.8071 - 1.5769 = 0.2302"
    assert tex_difference(0.5, -0.25, 0.75) == "0.5000 - (-0.2500) = 0.7500"
    # cross_entropy_distributions d3 seed 23: 1.8066 − 1.5763 is 0.2303, so one more place
    assert tex_difference(1.806581, 1.576340, 0.230241) == "1.80658 - 1.57634 = 0.2302"


def test_tex_sum_and_mean_say_approx_when_rounding_shows():
    """Terms shown to 4 figures may not add up to the 4-figure total; then ≈ is honest."""
    assert tex_sum([0.2773, -0.0863], 0.191) == "0.2773 - 0.08630 = 0.1910"
    assert tex_sum([1.405, 0.02357], 1.42827) == r"1.405 + 0.02357 \approx 1.428"
    assert tex_mean([0.4308, 1.139, 0.5621], 0.71077) == (
        r"\frac{1}{3}\left(0.4308 + 1.139 + 0.5621\right) \approx 0.7108"
    )
