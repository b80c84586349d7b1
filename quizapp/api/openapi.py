"""The OpenAPI 3.1 document of the API, as a plain dict (served at /api/v1/openapi.json)."""

from __future__ import annotations

import copy
from typing import Any

from quizapp.engine.questions.base import KINDS

BEARER = "bearerAuth"
OPTIONAL_BEARER: list[dict[str, list[str]]] = [{}, {BEARER: []}]


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error(description: str) -> dict[str, Any]:
    return _json(_ref("Error"), description)


def _nullable(kind: str, **extra: Any) -> dict[str, Any]:
    return {"type": [kind, "null"], **extra}


_BODY_ERRORS = {
    "400": _error("The body is empty or not valid JSON."),
    "413": _error("The body is larger than 64 KB."),
    "415": _error("The body is not sent as application/json."),
}
_AUTH_ERROR = {
    "401": _error(
        "An Authorization header was sent but is not 'Bearer <token>', or the token is "
        "unknown or revoked. (Without the header these routes work anonymously.)"
    )
}

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
    "QuestionTypes": {
        "type": "object",
        "required": ["types", "topics"],
        "properties": {
            "types": {"type": "array", "items": _ref("QuestionType")},
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
            "seed": {
                "type": "integer",
                "minimum": 0,
                "maximum": 4294967295,
                "description": "Fixes the drawn numbers; drawn by the server when absent.",
            },
            "difficulty": {
                "oneOf": [
                    {"type": "integer", "enum": [1, 2, 3]},
                    {"type": "string", "enum": ["easy", "medium", "hard"]},
                ],
                "default": 1,
            },
            "params": {
                "type": "object",
                "description": "Fixes the question's numbers instead of drawing them "
                "(the same shape as the params a served question returns).",
            },
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
            "unit": _nullable("string"),
            "answer_format": {
                "type": "string",
                "enum": ["number", "percent", "vector", "choice", "text"],
            },
            "vector_length": _nullable("integer"),
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
                "maxLength": 6000,
                "description": "A number or expression ('-ln(0.7)'), a vector ('[0.1, 0.9]'), "
                "a choice id, or the explanation text.",
            },
            "hints_used": {
                "type": "integer",
                "minimum": 0,
                "default": 0,
                "description": "Hints the learner looked at (each lowers the score).",
            },
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
            "diagnosis": _nullable(
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
                "items": _nullable("number"),
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
        "required": ["totals", "mastery_rule", "topics", "misconceptions", "recent"],
        "properties": {
            "totals": {
                "type": "object",
                "required": ["attempts", "correct", "accuracy", "mean_score"],
                "properties": {
                    "attempts": {"type": "integer"},
                    "correct": {"type": "integer"},
                    "accuracy": _nullable("number"),
                    "mean_score": _nullable("number"),
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
                "description": "The newest attempts (up to 20), newest first.",
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
                        "diagnosis": _nullable("string"),
                        "hints_used": {"type": "integer"},
                        "created_at": {"type": "string", "format": "date-time"},
                    },
                },
            },
        },
    },
}

PATHS: dict[str, Any] = {
    "/api/v1/question-types": {
        "get": {
            "operationId": "listQuestionTypes",
            "summary": "List every question type and topic.",
            "security": OPTIONAL_BEARER,
            "responses": {
                "200": _json(_ref("QuestionTypes"), "The question types."),
                **_AUTH_ERROR,
            },
        }
    },
    "/api/v1/questions": {
        "post": {
            "operationId": "createQuestion",
            "summary": "Generate a question and serve it behind a one-time token.",
            "description": "Anonymous callers may ask for questions; with a bearer token the "
            "question belongs to that user and its answer will be recorded. The answer is "
            "never included.",
            "security": OPTIONAL_BEARER,
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": _ref("QuestionRequest")}},
            },
            "responses": {
                "201": _json(_ref("Question"), "The question, with its token."),
                **_BODY_ERRORS,
                **_AUTH_ERROR,
                "422": _error(
                    "A field is missing, unknown or of the wrong type, or the type id, seed, "
                    "difficulty or params cannot be used ('where' names the field)."
                ),
            },
        }
    },
    "/api/v1/answers": {
        "post": {
            "operationId": "createAnswer",
            "summary": "Grade the answer to a served question (once per token).",
            "description": "A question requested with a bearer token must be answered with "
            "the same user's token, and the attempt is then recorded exactly once. A question "
            "requested anonymously is graded but nothing is recorded. Either way a token is "
            "graded once: a second answer is refused with 422 (where: token). An answer that "
            "cannot be read is 422 (where: answer) and leaves the token open for a retry.",
            "security": OPTIONAL_BEARER,
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": _ref("AnswerRequest")}},
            },
            "responses": {
                "200": _json(_ref("Grade"), "The graded answer."),
                **_BODY_ERRORS,
                **_AUTH_ERROR,
                "410": _error("The question's type no longer exists, so it cannot be graded."),
                "422": _error(
                    "The answer cannot be read (where: answer); the token is unknown, "
                    "belongs to someone else, has expired (24 hours) or was already answered "
                    "(where: token); or a field is missing, unknown or of the wrong type."
                ),
            },
        }
    },
    "/api/v1/progress": {
        "get": {
            "operationId": "getProgress",
            "summary": "The caller's own totals, mastery per topic and recent attempts.",
            "security": [{BEARER: []}],
            "responses": {
                "200": _json(_ref("Progress"), "The caller's progress."),
                "401": _error("No bearer token, or the token is malformed, unknown or revoked."),
            },
        }
    },
    "/api/v1/openapi.json": {
        "get": {
            "operationId": "getOpenApi",
            "summary": "This document.",
            "security": [{}],
            "responses": {
                "200": {
                    "description": "The OpenAPI document.",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                }
            },
        }
    },
}


def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3.1 description of every /api/v1 route."""
    return copy.deepcopy(
        {
            "openapi": "3.1.0",
            "info": {
                "title": "quizapp API",
                "version": "1.0.0",
                "description": "Practise the mathematics of classification losses: list question "
                "types, get a question, have an answer graded and read your own progress. "
                "Authenticate with a personal API token from your account page, sent as "
                "'Authorization: Bearer <token>'; browser session cookies are ignored. Every "
                'error is JSON {"error": …, "where"?: …} with a 4xx status; unknown routes '
                "are 404 and wrong methods 405, also as JSON.",
            },
            "servers": [{"url": "/"}],
            "paths": PATHS,
            "components": {
                "schemas": SCHEMAS,
                "securitySchemes": {
                    BEARER: {
                        "type": "http",
                        "scheme": "bearer",
                        "description": "A personal API token (qz_…) created on the account page.",
                    }
                },
            },
        }
    )
