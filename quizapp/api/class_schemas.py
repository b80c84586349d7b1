"""The component schemas of the class routes (their fields are the CSV exports' columns,
described in docs/class-exports.md)."""

from __future__ import annotations

from typing import Any

from quizapp.api.schemas import nullable, ref
from quizapp.models.assignment import ATTEMPT_POLICIES
from quizapp.services.class_results import SCORE_BIN_LABELS
from quizapp.services.managed_classes import ROLES


def _object(properties: dict[str, Any], description: str | None = None) -> dict[str, Any]:
    """An object with every one of ``properties`` required and nothing else."""
    schema: dict[str, Any] = {
        "type": "object",
        "required": list(properties),
        "additionalProperties": False,
        "properties": properties,
    }
    if description:
        schema["description"] = description
    return schema


_ID = {"type": "integer", "minimum": 1}
_COUNT = {"type": "integer", "minimum": 0}
_SHARE = {"type": "number", "minimum": 0, "maximum": 1}
_UTC = {"type": "string", "format": "date-time", "description": "ISO 8601 in UTC (…Z)."}
_UTC_OR_NULL = {**nullable("string"), "format": "date-time"}

_LEARNER_FIGURES = {
    "items": {**_COUNT, "description": "Items assigned to the learner."},
    "items_attempted": {**_COUNT, "description": "Of those, items with at least one attempt."},
    "completion": {**_SHARE, "description": "items_attempted / items (0 with no items)."},
    "score": {
        **_SHARE,
        "description": "Mean counted score over the items, an item never answered counting 0.",
    },
    "last_activity_utc": {**_UTC_OR_NULL, "description": "The latest attempt; null if none."},
}

CLASS_SCHEMAS: dict[str, Any] = {
    "Pagination": _object(
        {
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1},
            "total": {**_COUNT, "description": "Rows over all pages."},
            "pages": {"type": "integer", "minimum": 1},
            "next_page": nullable(
                "integer", description="The page after this one; null on the last."
            ),
        }
    ),
    "ClassHead": _object({"class_id": _ID, "name": {"type": "string"}}),
    "ClassList": _object(
        {
            "classes": {
                "type": "array",
                "items": _object(
                    {
                        "class_id": _ID,
                        "name": {"type": "string"},
                        "owner_id": _ID,
                        "owner_name": {"type": "string"},
                        "role": {
                            "type": "string",
                            "enum": list(ROLES),
                            "description": "Why the caller manages it.",
                        },
                        "learners": _COUNT,
                        "assignments": _COUNT,
                        "created_at_utc": _UTC,
                        "results_url": {"type": "string"},
                        "attempts_url": {"type": "string"},
                    }
                ),
            }
        }
    ),
    "ClassAttempt": _object(
        {
            "attempt_id": _ID,
            "class_id": _ID,
            "assignment_id": _ID,
            "assignment_title": {"type": "string"},
            "learner_id": _ID,
            "learner_name": {"type": "string"},
            "learner_email": {"type": "string"},
            "item_id": nullable("string"),
            "item_title": nullable("string"),
            "type_id": {"type": "string"},
            "seed": {"type": "integer", "minimum": 0},
            "difficulty": {"type": "integer", "enum": [1, 2, 3]},
            "attempt_number": {
                "type": "integer",
                "minimum": 1,
                "description": "1 for the learner's first attempt at this item of this "
                "assignment, 2 for the next, … (oldest first).",
            },
            "answered_at_utc": _UTC,
            "answer": {"type": "string", "description": "The answer as the learner typed it."},
            "correct": {"type": "boolean"},
            "score": _SHARE,
            "diagnosis": nullable("string", description="The misconception code, if any."),
            "hints_used": _COUNT,
            "time_taken_ms": nullable("integer", minimum=0),
        },
        "One first try at an item of an assignment (later tries are not attempts).",
    ),
    "ClassAttempts": _object(
        {
            "class": ref("ClassHead"),
            "attempts": {"type": "array", "items": ref("ClassAttempt")},
            "pagination": ref("Pagination"),
        }
    ),
    "ClassResults": _object(
        {
            "class": ref("ClassHead"),
            "assignments": {"type": "array", "items": ref("AssignmentResults")},
            "learners": {"type": "array", "items": ref("LearnerResults")},
            "pagination": ref("Pagination"),
        }
    ),
    "AssignmentResults": _object(
        {
            "assignment_id": _ID,
            "title": {"type": "string"},
            "attempts_policy": {"type": "string", "enum": list(ATTEMPT_POLICIES)},
            "due_at_utc": _UTC_OR_NULL,
            "remedial_code": nullable("string"),
            "learners": {**_COUNT, "description": "Learners it is for."},
            "ranked": {**_COUNT, "description": "Learners who attempted it (ranked for D)."},
            "group_size": nullable(
                "integer", minimum=1, description="n of D's upper and lower groups."
            ),
            "items": {"type": "array", "items": ref("ItemResults")},
        }
    ),
    "ItemResults": _object(
        {
            "item_id": {"type": "string"},
            "number": {"type": "integer", "minimum": 1},
            "title": {"type": "string"},
            "kind": {"type": "string"},
            "type_id": nullable("string"),
            "attempts": _COUNT,
            "learners": {**_COUNT, "description": "Learners who tried it."},
            "first_try_correct": {**nullable("number"), "minimum": 0, "maximum": 1},
            "discrimination": {**nullable("number"), "minimum": -1, "maximum": 1},
            "distribution": {
                "type": "array",
                "items": _object(
                    {
                        "bin": {"type": "string", "enum": list(SCORE_BIN_LABELS)},
                        "learners": _COUNT,
                    }
                ),
            },
            "misconceptions": {
                "type": "array",
                "items": _object(
                    {
                        "code": {"type": "string"},
                        "label": {"type": "string"},
                        "description": nullable("string"),
                        "attempts": _COUNT,
                        "learners": _COUNT,
                        "example": {"type": "string"},
                    }
                ),
            },
        }
    ),
    "LearnerResults": _object(
        {
            "learner_id": _ID,
            "learner_name": {"type": "string"},
            "learner_email": {"type": "string"},
            "assignments": {**_COUNT, "description": "Assignments meant for the learner."},
            **_LEARNER_FIGURES,
            "per_assignment": {
                "type": "array",
                "items": _object({"assignment_id": _ID, **_LEARNER_FIGURES}),
            },
        }
    ),
}
