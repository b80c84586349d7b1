"""Drawing an item's variables for a seed: ranges with a step, lists, and derived formulas.

Draws are made with SHA-256 of (item id, seed, variable name) rather than a random generator,
so the same item and seed give the same numbers on every machine and numpy version, and adding
a variable does not change the numbers the others draw.

A spec is one of ``{"range": [low, high], "step": s}`` (low, low + s, … up to high, rounded to
the step's decimals, whole numbers staying integers), ``{"list": [...]}`` (numbers, text or
vectors) or, in formula items only, ``{"formula": "1 - p"}`` computed from other variables.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from quizapp.sets.formulas import Formula, FormulaError, Value, compile_formula

#: Decimals a drawn number is rounded to at most (beyond this steps are not meant exactly).
MAX_DECIMALS = 12


class CycleError(FormulaError):
    """Derived variables depend on each other in a circle; ``names`` lists the circle."""

    def __init__(self, names: list[str]) -> None:
        super().__init__("the variables depend on each other in a circle: " + " → ".join(names))
        self.names = names


def _decimals(x: float) -> int:
    exponent = Decimal(repr(float(x))).normalize().as_tuple().exponent
    return min(max(0, -int(exponent)), MAX_DECIMALS) if isinstance(exponent, int) else 0


def range_count(spec: Mapping[str, Any]) -> int:
    """How many values ``{"range": [low, high], "step": s}`` holds (0 when high < low)."""
    low, high = (float(v) for v in spec["range"])
    step = float(spec["step"])
    if high < low:
        return 0
    return int(math.floor((high - low) / step * (1 + 1e-12) + 1e-9)) + 1


def range_value(spec: Mapping[str, Any], k: int) -> float | int:
    """The ``k``-th value of a range, rounded to the decimals of its low end and step."""
    low, step = spec["range"][0], spec["step"]
    decimals = max(_decimals(low), _decimals(step))
    value = round(float(low) + k * float(step), decimals)
    integral = decimals == 0 and not any(isinstance(v, float) for v in (low, step))
    return int(value) if integral else value


def choices_of(spec: Mapping[str, Any]) -> int:
    """How many values a spec can draw (1 for a formula: it is computed, not drawn)."""
    if "range" in spec:
        return range_count(spec)
    if "list" in spec:
        return len(spec["list"])
    return 1


def is_randomised(specs: Mapping[str, Mapping[str, Any]]) -> bool:
    """Whether different seeds can give different numbers."""
    return any(choices_of(spec) > 1 for spec in specs.values())


def pick(key: str, seed: int, name: str, count: int) -> int:
    """An index in [0, count) fixed by (key, seed, name), the same on every machine."""
    digest = hashlib.sha256(f"{key}\x1f{seed}\x1f{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % count


def evaluation_order(specs: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Variables in an order where each derived one comes after what it reads.

    Raises ``CycleError`` for a circle and ``FormulaError`` for a formula that does not parse
    or reads a variable that is not defined.
    """
    formulas: dict[str, Formula] = {}
    for name, spec in specs.items():
        if "formula" in spec:
            formula = compile_formula(spec["formula"])
            for used in sorted(formula.names - set(specs)):
                raise FormulaError(f"{name} uses '{used}', which is not a variable")
            formulas[name] = formula
    order = [name for name in specs if name not in formulas]
    state: dict[str, str] = {}

    def visit(name: str, trail: list[str]) -> None:
        if state.get(name) == "done":
            return
        if state.get(name) == "open":
            raise CycleError([*trail[trail.index(name) :], name])
        state[name] = "open"
        for used in sorted(formulas[name].names & set(formulas)):
            visit(used, [*trail, name])
        state[name] = "done"
        order.append(name)

    for name in formulas:
        visit(name, [])
    return order


def draw_values(specs: Mapping[str, Mapping[str, Any]], *, key: str, seed: int) -> dict[str, Value]:
    """Every variable's value for ``seed``, in the author's order; raises ``FormulaError``."""
    values: dict[str, Value] = {}
    for name in evaluation_order(specs):
        spec = specs[name]
        if "formula" in spec:
            values[name] = compile_formula(spec["formula"]).evaluate(values)
        elif "range" in spec:
            count = range_count(spec)
            if count < 1:
                raise FormulaError(f"{name}: the range is empty (its high end is below its low)")
            values[name] = range_value(spec, pick(key, seed, name, count))
        else:
            values[name] = spec["list"][pick(key, seed, name, len(spec["list"]))]
    return {name: values[name] for name in specs}


def extremes(spec: Mapping[str, Any]) -> list[Any]:
    """The values of a spec worth checking against a type's rules: both ends, or every entry."""
    if "range" in spec:
        count = range_count(spec)
        return [range_value(spec, 0), range_value(spec, count - 1)] if count else []
    return list(spec.get("list", []))
