"""The component schemas of the OpenAPI document: the JSON bodies the API reads and writes."""

from __future__ import annotations

from typing import Any

from quizapp.engine.limits import ANSWER_LIMITS, MAX_ANSWER_CHARS
from quizapp.engine.questions.base import KINDS


def ref(name: str) -> dict[str, str]:
    """A reference to the component schema ``name``."""
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(kind: str, **extra: Any) -> dict[str, Any]:
    """A schema of JSON type ``kind`` that also accepts null."""
    return {"type": [kind, "null"], **extra}


SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "additionalProperties": False,
        "properties": {
            "error": {"type": "string", "description": "What went wrong and how to fix it."},
            "where": {
                "type": "string",
                "description": "The request field at fault ('body' for the body as a whole).",
            },
        },
    },
    "QuestionType": {
        "type": "object",
        "required": ["id", "title", "topic", "kind", "difficulties"],
        "properties": {
            "id": {"type": "string", "examples": ["ce_one_hot"]},
            "title": {"type": "string"},
            "topic": {"type": "string"},
            "kind": {"type": "string", "enum": list(KINDS)},
            "difficulties": {"type": "array", "items": {"type": "integer", "enum": [1, 2, 3]}},
        },
    },
    "QuestionTypeDetail": {
        "allOf": [ref("QuestionType")],
        "type": "object",
        "required": ["params_schema"],
        "properties": {
            "params_schema": {
                "type": "object",
                "description": "A JSON Schema (2020-12) of the params this type accepts in "
                "POST /api/v1/questions. What JSON Schema cannot say (a distribution sums to "
                "1, an index is below the class count) is in its descriptions; the server "
                "answers anything else wrong with 422 (where: params).",
            },
        },
    },
    "QuestionTypes": {
        "type": "object",
        "required": ["types", "topics"],
        "properties": {
            "types": {"type": "array", "items": ref("QuestionType")},
            "topics": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "title"],
                    "properties": {"id": {"type": "string"}, "title": {"type": "string"}},
                },
            },
        },
    },
    "QuestionRequest": {
        "type": "object",
        "required": ["type"],
        "additionalProperties": False,
        "properties": {
            "type": {"type": "string", "description": "A question type id.", "examples": ["bce"]},
            "seed": nullable(
                "integer",
                minimum=0,
                maximum=4294967295,
                description="Fixes the drawn numbers; drawn by the server when absent or null.",
            ),
            "difficulty": {
                "oneOf": [
                    {"type": "integer", "enum": [1, 2, 3]},
                    {"type": "string", "enum": ["easy", "medium", "hard"]},
                    {"type": "null"},
                ],
                "default": 1,
                "description": "1 (the default, also for null) to 3, or easy / medium / hard.",
            },
            "params": nullable(
                "object",
                description="Fixes the question's numbers instead of drawing them (the same "
                "shape as the params a served question returns; each type's are described by "
                "its params_schema at GET /api/v1/question-types/{id}). Absent or null: drawn.",
            ),
        },
    },
    "Question": {
        "type": "object",
        "required": [
            "token",
            "type",
            "title",
            "topic",
            "seed",
            "difficulty",
            "kind",
            "prompt",
            "params",
            "unit",
            "answer_format",
            "vector_length",
            "hints_count",
        ],
        "properties": {
            "token": {"type": "string", "description": "Send it with the answer; valid once."},
            "type": {"type": "string"},
            "title": {"type": "string"},
            "topic": {"type": "string"},
            "seed": {"type": "integer"},
            "difficulty": {"type": "integer", "enum": [1, 2, 3]},
            "kind": {"type": "string", "enum": list(KINDS)},
            "prompt": {"type": "string", "description": "Text with inline LaTeX."},
            "params": {"type": "object"},
            "unit": nullable("string"),
            "answer_format": {
                "type": "string",
                "enum": ["number", "percent", "vector", "choice", "text"],
            },
            "vector_length": nullable("integer"),
            "hints_count": {"type": "integer", "minimum": 0},
            "tolerance": {
                "type": "object",
                "description": "Only for kinds 'numeric' and 'vector': an answer x is right "
                "when |x − answer| ≤ max(rel·|answer|, abs), for each component of a vector. "
                "The default is rel 0.01 (1 %) with abs 1e-8, far below any answer, so 0, the "
                "sign flipped, a factor of 2 or 10 % off is never right; type a small answer "
                "to 3 significant figures, e.g. 2.34e-4. An answer rounded to fewer figures "
                "than that is refused with a message (422), not graded.",
                "required": ["rel", "abs"],
                "properties": {
                    "rel": {"type": "number", "minimum": 0},
                    "abs": {"type": "number", "minimum": 0},
                },
            },
            "choices": {
                "type": "array",
                "description": "Only for kind 'choice': answer with one of the ids.",
                "items": {
                    "type": "object",
                    "required": ["id", "text"],
                    "properties": {"id": {"type": "string"}, "text": {"type": "string"}},
                },
            },
        },
    },
    "AnswerRequest": {
        "type": "object",
        "required": ["token", "answer"],
        "additionalProperties": False,
        "properties": {
            "token": {"type": "string"},
            "answer": {
                "type": ["string", "number"],
                "maxLength": MAX_ANSWER_CHARS,
                "description": "A number or expression ('-ln(0.7)'), a vector ('[0.1, 0.9]'), "
                "a choice id, or the explanation text. At most "
                f"{ANSWER_LIMITS['numeric']} characters for a numeric question, "
                f"{ANSWER_LIMITS['vector']} for a vector, {ANSWER_LIMITS['choice']} for a "
                f"choice and {ANSWER_LIMITS['explain']} for an explanation (the question's "
                "'kind'); a longer one is refused with 422 (where: answer).",
            },
            "hints_used": nullable(
                "integer",
                minimum=0,
                default=0,
                description="Hints the learner looked at (each lowers the score); null is 0.",
            ),
        },
    },
    "Grade": {
        "type": "object",
        "required": [
            "correct",
            "score",
            "diagnosis",
            "also",
            "message",
            "expected",
            "expected_text",
            "reading",
            "hints_used",
            "recorded",
        ],
        "properties": {
            "correct": {"type": "boolean"},
            "score": {"type": "number", "minimum": 0, "maximum": 1},
            "diagnosis": nullable(
                "string",
                description="The misconception code whose value is nearest to the answer, "
                "such as 'log_base_2'; null when right or when no listed mistake explains it.",
            ),
            "also": {
                "type": "array",
                "items": {"type": "string"},
                "description": "Further misconception codes that give the same number as "
                "'diagnosis' (the message names each); empty otherwise.",
            },
            "message": {"type": "string"},
            "expected": {
                "description": "The right answer: a number, a list of numbers, a choice id, "
                "or null for explanations.",
                "type": ["number", "array", "string", "null"],
                "items": nullable("number"),
            },
            "expected_text": {"type": "string"},
            "reading": {"type": "string", "description": "How the answer text was read."},
            "hints_used": {"type": "integer"},
            "recorded": {
                "type": "boolean",
                "description": "Whether the attempt was stored (only for a question requested "
                "with a bearer token).",
            },
        },
    },
    "Progress": {
        "type": "object",
        "required": [
            "totals",
            "mastery_rule",
            "topics",
            "misconceptions",
            "recent",
            "pagination",
        ],
        "properties": {
            "totals": {
                "type": "object",
                "required": ["attempts", "correct", "accuracy", "mean_score"],
                "properties": {
                    "attempts": {"type": "integer"},
                    "correct": {"type": "integer"},
                    "accuracy": nullable("number"),
                    "mean_score": nullable("number"),
                },
            },
            "mastery_rule": {"type": "string"},
            "topics": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["topic", "title", "level", "score", "attempts"],
                    "properties": {
                        "topic": {"type": "string"},
                        "title": {"type": "string"},
                        "level": {
                            "type": "string",
                            "enum": ["not started", "learning", "practising", "mastered"],
                        },
                        "score": {"type": "number"},
                        "attempts": {"type": "integer"},
                        "recent_correct": {"type": "integer"},
                        "types_practised": {"type": "array", "items": {"type": "string"}},
                    },
                },
            },
            "misconceptions": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["code", "count", "type"],
                    "properties": {
                        "code": {"type": "string"},
                        "count": {"type": "integer"},
                        "type": {"type": "string"},
                    },
                },
            },
            "recent": {
                "type": "array",
                "description": "This page of the attempts, newest first (20 unless per_page "
                "says otherwise).",
                "items": {
                    "type": "object",
                    "required": [
                        "type",
                        "seed",
                        "difficulty",
                        "params",
                        "correct",
                        "score",
                        "diagnosis",
                        "created_at",
                    ],
                    "properties": {
                        "type": {"type": "string"},
                        "seed": {"type": "integer"},
                        "difficulty": {"type": "integer"},
                        "params": {"type": "object"},
                        "correct": {"type": "boolean"},
                        "score": {"type": "number"},
                        "diagnosis": nullable("string"),
                        "hints_used": {"type": "integer"},
                        "created_at": {"type": "string", "format": "date-time"},
                    },
                },
            },
            "pagination": {
                "type": "object",
                "required": ["page", "per_page", "total", "pages", "next_page"],
                "properties": {
                    "page": {"type": "integer", "minimum": 1},
                    "per_page": {"type": "integer", "minimum": 1},
                    "total": {
                        "type": "integer",
                        "minimum": 0,
                        "description": "Attempts in the whole history.",
                    },
                    "pages": {"type": "integer", "minimum": 1},
                    "next_page": nullable(
                        "integer", description="The page after this one; null on the last."
                    ),
                },
            },
        },
    },
}
