"""Variables are drawn the same way on every machine, from ranges, lists and formulas."""

from __future__ import annotations

import hashlib

import pytest

from quizapp.sets.draws import (
    CycleError,
    draw_values,
    evaluation_order,
    is_randomised,
    range_count,
    range_value,
)
from quizapp.sets.formulas import FormulaError


def test_a_range_holds_both_ends_rounded_to_the_step():
    """[0.05, 0.95] by 0.05 is 19 values, each exactly as written (no 0.15000000000000002)."""
    spec = {"range": [0.05, 0.95], "step": 0.05}
    assert range_count(spec) == 19
    values = [range_value(spec, k) for k in range(19)]
    assert values[0] == 0.05 and values[-1] == 0.95 and values[2] == 0.15
    assert all(repr(v) == f"{v:.2f}".rstrip("0") for v in values)


def test_whole_number_ranges_stay_integers():
    """A class index drawn from [0, 2] by 1 is an int, as template params require."""
    spec = {"range": [0, 2], "step": 1}
    assert [range_value(spec, k) for k in range(range_count(spec))] == [0, 1, 2]
    assert all(type(range_value(spec, k)) is int for k in range(3))


def test_an_upside_down_range_is_empty():
    """high below low holds nothing (validation reports it)."""
    assert range_count({"range": [0.9, 0.1], "step": 0.1}) == 0


def test_draws_are_pinned_for_every_machine():
    """SHA-256 of (item id, seed, name) picks each value: these exact numbers, everywhere."""
    specs = {
        "q": {"range": [0.05, 0.95], "step": 0.05},
        "unit": {"list": ["nats", "bits"]},
        "r": {"formula": "1 - q"},
    }
    drawn = [draw_values(specs, key="ce-one-hot", seed=seed) for seed in range(3)]

    def index(seed: int, name: str, count: int) -> int:  # the scheme, written out again
        digest = hashlib.sha256(f"ce-one-hot\x1f{seed}\x1f{name}".encode()).digest()
        return int.from_bytes(digest[:8], "big") % count

    assert [d["q"] for d in drawn] == [round(0.05 + 0.05 * index(s, "q", 19), 2) for s in range(3)]
    assert [d["q"] for d in drawn] == [0.7, 0.15, 0.6]  # pinned: attempts regenerate exactly
    assert [d["unit"] for d in drawn] == [["nats", "bits"][index(s, "unit", 2)] for s in range(3)]
    assert all(d["r"] == pytest.approx(1 - d["q"]) for d in drawn)
    assert draw_values(specs, key="ce-one-hot", seed=1) == drawn[1]


def test_adding_a_variable_leaves_the_others_draws_alone():
    """Each variable's draw depends on its own name only."""
    one = draw_values({"q": {"range": [0, 100], "step": 1}}, key="k", seed=7)
    two = draw_values(
        {"a": {"list": [1, 2, 3]}, "q": {"range": [0, 100], "step": 1}}, key="k", seed=7
    )
    assert one["q"] == two["q"]


def test_derived_variables_are_computed_after_what_they_read():
    """A formula may read a variable defined after it."""
    specs = {"b": {"formula": "a * 2"}, "a": {"formula": "p + 1"}, "p": {"list": [0.5]}}
    assert evaluation_order(specs) == ["p", "a", "b"]
    assert list(draw_values(specs, key="k", seed=0).items()) == [("b", 3.0), ("a", 1.5), ("p", 0.5)]


def test_circles_and_undefined_names_are_refused():
    """a → b → a cannot be computed; nor can a formula reading a missing variable."""
    with pytest.raises(CycleError, match="a → b → a"):
        evaluation_order({"a": {"formula": "b + 1"}, "b": {"formula": "a * 2"}})
    with pytest.raises(FormulaError, match="'x', which is not a variable"):
        evaluation_order({"a": {"formula": "x + 1"}})


def test_only_specs_with_a_choice_are_randomised():
    """A one-entry list or a formula alone gives the same numbers for every seed."""
    assert not is_randomised({"p": {"list": [0.7]}, "q": {"formula": "1 - p"}})
    assert is_randomised({"p": {"range": [0.1, 0.2], "step": 0.1}})
