"""JSON Schema pieces for the fixed params of question types (``QuestionType.PARAMS_SCHEMA``).

A type's schema says what its ``check_params`` accepts, as far as JSON Schema can say it
(types, ranges, lengths, choices). What it cannot say (a distribution sums to 1, an index
is below the number of classes) is said in the descriptions; ``check_params`` still has
the last word, and tests/engine/questions/test_fixed_params.py holds every drawn question
to its type's schema.
"""

from __future__ import annotations

from typing import Any

from quizapp.engine.questions._common import CLASS_NAMES

#: The most classes, labels or outcomes a vector may have (one name each).
MAX_CLASSES = len(CLASS_NAMES)

UNIT: dict[str, Any] = {
    "enum": ["nats", "bits"],
    "default": "nats",
    "description": "The unit asked for: nats (natural log) or bits (log base 2).",
}
REDUCTION: dict[str, Any] = {
    "enum": ["mean", "sum"],
    "default": "mean",
    "description": "How the batch's losses combine.",
}
LABEL: dict[str, Any] = {"enum": [0, 1], "description": "The 0/1 target."}
NAME: dict[str, Any] = {
    "type": "string",
    "maxLength": 24,
    "description": "A short name of letters, spaces or hyphens.",
}


def number(
    low: float,
    high: float,
    description: str,
    *,
    above: bool = False,
    below: bool = False,
) -> dict[str, Any]:
    """A number from ``low`` to ``high``; strictly ``above`` low or ``below`` high if asked."""
    return {
        "type": "number",
        ("exclusiveMinimum" if above else "minimum"): low,
        ("exclusiveMaximum" if below else "maximum"): high,
        "description": description,
    }


def index(description: str) -> dict[str, Any]:
    """A 0-based class index (below the number of classes, which JSON Schema cannot say)."""
    return {"type": "integer", "minimum": 0, "description": description}


def array(items: dict[str, Any], low: int, high: int, description: str) -> dict[str, Any]:
    """A list of ``low`` to ``high`` items."""
    return {
        "type": "array",
        "items": items,
        "minItems": low,
        "maxItems": high,
        "description": description,
    }


def logits(limit: float) -> dict[str, Any]:
    """Two to ten logits (one per class), each within ±``limit``."""
    item = number(-limit, limit, "A logit.")
    return array(item, 2, MAX_CLASSES, "One logit per class.")


def distribution(description: str, *, high: int = MAX_CLASSES) -> dict[str, Any]:
    """Probabilities in [0, 1] that sum to 1 (within 1e-6), at least two of them."""
    item = number(0.0, 1.0, "A probability.")
    return array(item, 2, high, f"{description} They must sum to 1 (within 1e-6).")


def open_probabilities(low: int, high: int, description: str) -> dict[str, Any]:
    """Sigmoid outputs: each strictly between 0 and 1 (they need not sum to anything)."""
    item = number(0.0, 1.0, "A probability strictly between 0 and 1.", above=True, below=True)
    return array(item, low, high, description)


def params(
    description: str,
    properties: dict[str, dict[str, Any]],
    required: tuple[str, ...] = (),
    *,
    closed: bool = False,
) -> dict[str, Any]:
    """The schema of a params object; ``closed`` when check_params refuses unknown keys."""
    schema: dict[str, Any] = {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": list(required),
    }
    if closed:
        schema["additionalProperties"] = False
    return schema
