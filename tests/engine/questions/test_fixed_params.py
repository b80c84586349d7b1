"""Fixed params come from outside (the API, question links): every type must refuse bad
ones with a ParamsError (a 4xx for the caller), never another exception (a 500), and
publish a JSON Schema of the params it accepts."""

from __future__ import annotations

import copy

import pytest
from jsonschema import Draft202012Validator

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


@pytest.mark.parametrize("type_id", TYPES)
def test_each_type_describes_its_params_with_a_schema_its_questions_satisfy(type_id):
    """The published JSON Schema is valid, describes real fields, and admits what the type
    itself draws and what check_params makes of it (so it is never stricter than the server)."""
    qtype = registry()[type_id]
    schema = qtype.params_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["type"] == "object" and schema.get("description")
    assert schema["properties"] or schema.get("additionalProperties") is False
    assert set(schema["required"]) <= set(schema["properties"])
    validator = Draft202012Validator(schema)
    for difficulty in (1, 2, 3):
        for seed in range(40):
            drawn = generate(type_id, seed, difficulty=difficulty).params
            errors = [error.message for error in validator.iter_errors(drawn)]
            assert not errors, (seed, difficulty, drawn, errors)
            assert validator.is_valid(qtype.check_params(drawn))


@pytest.mark.parametrize("type_id", TYPES)
def test_params_missing_a_required_field_are_refused_by_check_params_too(type_id):
    """A field the schema calls required really is: leaving it out is a ParamsError."""
    qtype = registry()[type_id]
    drawn = generate(type_id, 3, difficulty=2).params
    for field in qtype.params_schema()["required"]:
        without = {key: value for key, value in drawn.items() if key != field}
        with pytest.raises(ValueError):
            generate(type_id, 3, difficulty=2, params=without)
