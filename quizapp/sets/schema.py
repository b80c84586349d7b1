"""The JSON Schema (draft 2020-12) of a set file, and its errors said as ``Problem``s.

``docs/question-set.schema.json`` is generated from :data:`SET_SCHEMA` by
``python -m quizapp.sets.schema > docs/question-set.schema.json``; a test keeps them equal.
The schema checks shapes only; ``validate.py`` checks what a schema cannot say (unique ids,
known question types, formulas that parse, variables that exist).
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from quizapp.engine.questions.base import TOPICS
from quizapp.sets.problems import Problem, join_path

FORMAT = "quizapp-set/1"
KINDS = ("template", "formula", "numeric", "vector", "choice", "explain")
SLUG = "^[a-z0-9][a-z0-9_-]{0,63}$"
IDENTIFIER = "^[A-Za-z_][A-Za-z0-9_]{0,31}$"
MAX_ITEMS = 200

_PATTERN_MESSAGES = {
    SLUG: "must be a short slug: lower-case letters, digits, '-' and '_', starting with a "
    "letter or digit (at most 64 characters)",
    IDENTIFIER: "must look like p, q_true or logits: letters, digits and '_', "
    "not starting with a digit (at most 32 characters)",
}


def _text(max_length: int, *, min_length: int = 0) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string", "maxLength": max_length}
    if min_length:
        schema["minLength"] = min_length
    return schema


_NUMBER = {"type": "number"}
_MARKDOWN = _text(20_000)
_PROMPT = {**_text(20_000, min_length=1), "description": "Markdown with inline LaTeX \\( … \\)"}
_HINTS = {"type": "array", "items": _text(5_000, min_length=1), "maxItems": 10}
_NUMBERS = {"type": "array", "items": _NUMBER, "minItems": 1, "maxItems": 1000}
_TOLERANCE = {
    "type": "object",
    "description": "x is right when |x − answer| ≤ max(rel·|answer|, abs)",
    "properties": {
        "rel": {"type": "number", "minimum": 0, "exclusiveMaximum": 0.5, "default": 0.01},
        "abs": {"type": "number", "minimum": 0, "default": 1e-8},
    },
    "additionalProperties": False,
}
_RANGE = {
    "type": "array",
    "prefixItems": [_NUMBER, _NUMBER],
    "minItems": 2,
    "maxItems": 2,
    "description": "[low, high], both included",
}
_LIST = {
    "type": "array",
    "minItems": 1,
    "maxItems": 1000,
    "items": {"anyOf": [_NUMBER, _text(200), _NUMBERS]},
}


def _draw_spec(*, formula: bool) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "range": _RANGE,
        "step": {"type": "number", "exclusiveMinimum": 0},
        "list": _LIST,
    }
    one_of = [{"required": ["range"]}, {"required": ["list"]}]
    if formula:
        properties["formula"] = _text(500, min_length=1)
        one_of.append({"required": ["formula"]})
    return {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
        "oneOf": one_of,
        "dependentRequired": {"range": ["step"], "step": ["range"]},
    }


def _mistakes(answer: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "array",
        "maxItems": 30,
        "items": {
            "type": "object",
            "properties": {
                "answer": answer,
                "message": _text(2_000, min_length=1),
                "code": {"type": "string", "pattern": SLUG},
            },
            "required": ["answer", "message", "code"],
            "additionalProperties": False,
        },
    }


_TEST = {
    "type": "object",
    "properties": {
        "answer": {"anyOf": [_text(5_000), _NUMBER]},
        "expect": {
            "type": "string",
            "pattern": SLUG,
            "description": "correct, wrong, unreadable, or the code of a mistake",
        },
        "seed": {"type": "integer", "minimum": 0, "maximum": 2**32 - 1},
    },
    "required": ["answer", "expect"],
    "additionalProperties": False,
}
_COMMON = {
    "id": {"type": "string", "pattern": SLUG},
    "kind": {"enum": list(KINDS)},
    "title": _text(200, min_length=1),
    "topic": {"enum": list(TOPICS)},
    "tests": {"type": "array", "items": _TEST, "maxItems": 50},
}
_ANSWERED = {
    "prompt": _PROMPT,
    "tolerance": _TOLERANCE,
    "unit": _text(40, min_length=1),
    "hints": _HINTS,
    "explanation": _MARKDOWN,
}
_KIND_FIELDS: dict[str, tuple[dict[str, Any], list[str]]] = {
    "template": (
        {
            "type": {"type": "string", "minLength": 1, "maxLength": 100},
            "difficulty": {"enum": [1, 2, 3]},
            "params": {"type": "object", "maxProperties": 30},
            "draw": {
                "type": "object",
                "maxProperties": 30,
                "additionalProperties": _draw_spec(formula=False),
            },
        },
        ["type"],
    ),
    "formula": (
        {
            **_ANSWERED,
            "variables": {
                "type": "object",
                "maxProperties": 30,
                "propertyNames": {"pattern": IDENTIFIER},
                "additionalProperties": _draw_spec(formula=True),
            },
            "answer": _text(500, min_length=1),
            "mistakes": _mistakes(_text(500, min_length=1)),
        },
        ["prompt", "variables", "answer"],
    ),
    "numeric": (
        {**_ANSWERED, "answer": _NUMBER, "mistakes": _mistakes(_NUMBER)},
        ["prompt", "answer"],
    ),
    "vector": (
        {**_ANSWERED, "answer": _NUMBERS, "mistakes": _mistakes(_NUMBERS)},
        ["prompt", "answer"],
    ),
    "choice": (
        {
            "prompt": _PROMPT,
            "hints": _HINTS,
            "explanation": _MARKDOWN,
            "shuffle": {"type": "boolean", "default": False},
            "options": {
                "type": "array",
                "minItems": 2,
                "maxItems": 26,
                "items": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "string", "pattern": SLUG},
                        "text": _text(5_000, min_length=1),
                        "correct": {"type": "boolean", "default": False},
                        "feedback": _text(2_000, min_length=1),
                        "code": {"type": "string", "pattern": SLUG},
                    },
                    "required": ["id", "text"],
                    "additionalProperties": False,
                },
            },
        },
        ["prompt", "options"],
    ),
    "explain": (
        {
            "prompt": _PROMPT,
            "hints": _HINTS,
            "explanation": _MARKDOWN,
            "model_answer": _text(5_000, min_length=1),
            "key_points": {
                "type": "array",
                "minItems": 1,
                "maxItems": 12,
                "items": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "string", "pattern": SLUG},
                        "text": _text(1_000, min_length=1),
                        "phrasings": {
                            "type": "array",
                            "items": _text(200, min_length=1),
                            "maxItems": 50,
                        },
                    },
                    "required": ["id", "text"],
                    "additionalProperties": False,
                },
            },
        },
        ["prompt", "key_points", "model_answer"],
    ),
}


def _item_schema() -> dict[str, Any]:
    branches = []
    for kind, (fields, required) in _KIND_FIELDS.items():
        branches.append(
            {
                "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
                "then": {
                    "properties": {**_COMMON, **fields},
                    "required": ["id", "kind", *required],
                    "additionalProperties": False,
                },
            }
        )
    return {
        "type": "object",
        "properties": _COMMON,
        "required": ["id", "kind"],
        "allOf": branches,
    }


SET_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://quizapp.invalid/schemas/question-set-1.json",
    "title": "quizapp question set",
    "description": "An instructor's question set; see docs/question-sets.md.",
    "type": "object",
    "properties": {
        "format": {"const": FORMAT},
        "title": _text(200, min_length=1),
        "description": _MARKDOWN,
        "items": {"type": "array", "items": {"$ref": "#/$defs/item"}, "maxItems": MAX_ITEMS},
    },
    "required": ["format", "title", "items"],
    "additionalProperties": False,
    "$defs": {"item": _item_schema()},
}


def schema_json() -> str:
    """The schema as the committed ``docs/question-set.schema.json`` holds it."""
    return json.dumps(SET_SCHEMA, indent=2, ensure_ascii=False) + "\n"


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    Draft202012Validator.check_schema(SET_SCHEMA)
    return Draft202012Validator(SET_SCHEMA)


@lru_cache(maxsize=1)
def _item_validator() -> Draft202012Validator:
    return Draft202012Validator({"$defs": SET_SCHEMA["$defs"], "$ref": "#/$defs/item"})


def schema_problems(data: object) -> list[Problem]:
    """Everything the schema finds wrong with ``data``, each with its path, in file order."""
    return _collect(_validator(), data, "")


def item_schema_problems(item: object, path: str = "") -> list[Problem]:
    """What the schema finds wrong with one item, paths relative to ``path``."""
    return _collect(_item_validator(), item, path)


def _collect(validator: Draft202012Validator, data: object, path: str) -> list[Problem]:
    # A dict keeps the first of equal problems in order, without the quadratic cost of
    # "not in list" when a hostile file has 90 000 unknown keys.
    found: dict[Problem, None] = {}
    for error in validator.iter_errors(data):
        for problem in _problems_of(error):
            found.setdefault(Problem(join_path(path, problem.path), problem.message))
    return sorted(found, key=lambda p: path_order(p.path))


def path_order(path: str) -> list[tuple[int, int | str]]:
    """A sort key putting paths in file order: items[2] before items[10].

    A key may hold any text, "[" and "." included (``{"p[x]": 1}`` is items[0].p[x]): a
    bracketed piece that is not an index sorts as text, so such a path never raises.
    """
    parts: list[tuple[int, int | str]] = []
    for piece in path.replace("[", ".[").split("."):
        index = piece[1:-1]
        if piece.startswith("[") and piece.endswith("]") and index.isdecimal():
            parts.append((0, int(index)))
        elif piece:
            parts.append((1, piece))
    return parts


_TYPE_NAMES = {
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping of names to values",
    "null": "nothing",
}


def _problems_of(error: ValidationError) -> list[Problem]:
    path = join_path("", *error.absolute_path)
    kind, value, instance = error.validator, error.validator_value, error.instance
    if kind == "required":
        missing = [f for f in value if isinstance(instance, dict) and f not in instance]
        return [Problem(join_path(path, f), "is required here") for f in missing]
    if kind == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extras = sorted(set(instance) - set(allowed)) if isinstance(instance, dict) else []
        hint = f"; allowed here: {', '.join(allowed)}" if allowed else ""
        return [Problem(join_path(path, str(f)), f"unknown field{hint}") for f in extras]
    if "propertyNames" in error.schema_path and isinstance(instance, str):
        return [Problem(join_path(path, instance), "this name " + _message(error))]
    return [Problem(path, _message(error))]


def _message(error: ValidationError) -> str:
    kind, value = error.validator, error.validator_value
    if kind == "type":
        wanted = [value] if isinstance(value, str) else list(value)
        return "expected " + " or ".join(_TYPE_NAMES.get(t, t) for t in wanted)
    if kind in ("anyOf", "oneOf") and error.schema.get("oneOf") and "properties" in error.schema:
        fields = sorted(error.schema["properties"])
        return "give exactly one of " + ", ".join(f for f in fields if f != "step")
    if kind == "anyOf":
        return "expected a number, text or a list of numbers"
    if kind == "enum":
        return "must be one of " + ", ".join(map(str, value))
    if kind == "const":
        return f"must be {value!r}"
    if kind == "pattern":
        return _PATTERN_MESSAGES.get(value, f"must match {value}")
    if kind == "dependentRequired":
        return "a range needs a step, and a step needs a range"
    bounds = {
        "minimum": "at least",
        "maximum": "at most",
        "exclusiveMinimum": "above",
        "exclusiveMaximum": "below",
    }
    if kind in bounds:
        return f"must be {bounds[kind]} {value}"
    if kind == "minLength":
        return "must not be empty" if value == 1 else f"needs at least {value} characters"
    if kind == "maxLength":
        return f"is too long: at most {value} characters"
    if kind in ("minItems", "minProperties"):
        return f"needs at least {value} entr{'y' if value == 1 else 'ies'}"
    if kind in ("maxItems", "maxProperties"):
        return f"has too many entries: at most {value}"
    return error.message


if __name__ == "__main__":  # pragma: no cover - the generator of the committed file
    print(schema_json(), end="")
