"""Reading a request: a JSON body against a small field list, whole-number query parameters;
errors that name the field."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from flask import request

from quizapp.api.errors import ApiError
from quizapp.storable import unstorable

_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "object": (dict,),
}
_TYPE_WORDS = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "object": "a JSON object",
}


@dataclass(frozen=True)
class Field:
    """One field of a request body: its name, the JSON types it may have, whether it is needed."""

    name: str
    types: tuple[str, ...]
    required: bool = False


def read_body(fields: tuple[Field, ...]) -> dict[str, Any]:
    """The request's JSON object checked against ``fields`` (absent or null optionals left out).

    Raises ``ApiError``: 415 for another content type, 400 for text that is not JSON,
    422 for JSON that is not an object or has missing, unknown or wrongly typed fields.
    """
    if not request.is_json:
        got = request.mimetype or "none"
        raise ApiError(
            415,
            f"Send the body as JSON with 'Content-Type: application/json' (got {got}).",
            "body",
        )
    body = _parse(request.get_data(cache=True))
    if not isinstance(body, dict):
        raise ApiError(422, f"The body must be a JSON object, not {_json_type(body)}.", "body")
    known = {f.name: f for f in fields}
    for name in body:
        if name not in known:
            accepted = ", ".join(known)
            raise ApiError(
                422, f"Unknown field {name!r}; this route accepts: {accepted}.", str(name)
            )
    values: dict[str, Any] = {}
    for field in fields:
        value = body.get(field.name)
        if value is None:
            if field.required:
                raise ApiError(422, f"The field {field.name!r} is required.", field.name)
            continue
        if not _has_type(value, field.types):
            wanted = " or ".join(_TYPE_WORDS[t] for t in field.types)
            raise ApiError(
                422,
                f"The field {field.name!r} must be {wanted}, not {_json_type(value)}.",
                field.name,
            )
        _refuse_unstorable(value, field.name)
        values[field.name] = value
    return values


def _refuse_unstorable(value: Any, where: str) -> None:
    """A 422 for text in ``value`` that no database can store (NUL, unpaired surrogates),
    which JSON's ``\\u`` escapes can carry; ``where`` is the field's path."""
    stack = [(value, where)]
    while stack:
        value, where = stack.pop()
        if isinstance(value, dict):
            for key, inner in value.items():
                stack += [(key, where), (inner, f"{where}.{key}")]
        elif isinstance(value, list):
            stack += [(inner, f"{where}[{index}]") for index, inner in enumerate(value)]
        elif isinstance(value, str) and (problem := unstorable(value)):
            raise ApiError(422, f"The field {where!r} contains {problem}; remove it.", where)


def _parse(raw: bytes) -> Any:
    if not raw.strip():
        raise ApiError(400, "The body is empty; send a JSON object.", "body")
    try:
        return json.loads(raw, parse_constant=_refuse_constant)
    except RecursionError:
        raise ApiError(
            400, "The body is not valid JSON: it is nested too deeply.", "body"
        ) from None
    except ValueError as problem:  # JSONDecodeError, bad UTF-8, an integer too long
        raise ApiError(400, f"The body is not valid JSON: {problem}.", "body") from None


def _refuse_constant(name: str) -> Any:
    # Python's json reads NaN and Infinity, which are not JSON; say so instead.
    raise ValueError(f"{name} is not allowed in JSON")


def _has_type(value: Any, types: tuple[str, ...]) -> bool:
    if isinstance(value, bool):  # bool is an int in Python, but not a JSON number
        return False
    return any(isinstance(value, _JSON_TYPES[t]) for t in types)


def _json_type(value: Any) -> str:
    """The JSON name of a parsed value's type, with its article."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def query_int(name: str, default: int, highest: int) -> int:
    """A whole-number query parameter from 1 to ``highest`` (``default`` when absent), or a
    422 naming it."""
    raw = request.args.get(name)
    if raw is None:
        return default
    if not (raw.isascii() and raw.isdecimal() and len(raw) <= 12 and 1 <= int(raw) <= highest):
        raise ApiError(
            422, f"{name} must be a whole number from 1 to {highest}; got {raw[:40]!r}.", name
        )
    return int(raw)
