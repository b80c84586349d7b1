"""Fixed params come from outside (the API, question links): every type must refuse bad
ones with a ParamsError (a 4xx for the caller), never another exception (a 500)."""

from __future__ import annotations

import copy

import pytest

from quizapp.engine.questions import generate, registry

TYPES = list(registry())
HOSTILE = [10**400, -(10**400), 1e308, float("nan"), "x", None, True, [], {}]


def numeric_paths(value, path=()):
    """Paths to every number (or list of numbers) inside drawn params."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from numeric_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from numeric_paths(item, (*path, index))
    elif isinstance(value, int | float) and not isinstance(value, bool):
        yield path


def replaced(params, path, value):
    params = copy.deepcopy(params)
    holder = params
    for step in path[:-1]:
        holder = holder[step]
    holder[path[-1]] = value
    return params


@pytest.mark.parametrize("type_id", TYPES)
def test_hostile_numbers_in_fixed_params_are_params_errors(type_id):
    """Each number of a drawn question, replaced by 10**400, NaN, a string …, is refused
    with a ValueError (ParamsError) naming the problem."""
    for difficulty in (1, 3):
        drawn = generate(type_id, 7, difficulty=difficulty).params
        for path in numeric_paths(drawn):
            for value in HOSTILE:
                with pytest.raises(ValueError):
                    generate(type_id, 7, difficulty=difficulty, params=replaced(drawn, path, value))
