"""The OpenAPI 3.1 document of the API, as a plain dict (served at /api/v1/openapi.json)."""

from __future__ import annotations

import copy
import re
from typing import Any

from quizapp.api.schemas import SCHEMAS, ref
from quizapp.engine.questions import registry
from quizapp.services.progress_report import DEFAULT_PER_PAGE, MAX_PAGE, MAX_PER_PAGE

BEARER = "bearerAuth"
OPTIONAL_BEARER: list[dict[str, list[str]]] = [{}, {BEARER: []}]


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error(description: str) -> dict[str, Any]:
    return _json(ref("Error"), description)


def _page_parameter(name: str, description: str, default: int, highest: int) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": {"type": "integer", "minimum": 1, "maximum": highest, "default": default},
    }


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
_RATE_LIMITED = {
    "429": {
        **_error(
            "Too many requests: with this token, with invalid tokens from this address, or "
            "(POST /questions) without a token from this address. The message says which."
        ),
        "headers": {
            "Retry-After": {
                "description": "Whole seconds until the limit's window ends.",
                "required": True,
                "schema": {"type": "string", "pattern": "^[0-9]+$"},
            }
        },
    }
}

PATHS: dict[str, Any] = {
    "/api/v1/question-types": {
        "get": {
            "operationId": "listQuestionTypes",
            "summary": "List every question type and topic.",
            "security": OPTIONAL_BEARER,
            "responses": {
                "200": _json(ref("QuestionTypes"), "The question types."),
                **_AUTH_ERROR,
                **_RATE_LIMITED,
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
                "content": {"application/json": {"schema": ref("QuestionRequest")}},
            },
            "responses": {
                "201": {
                    **_json(ref("Question"), "The question, with its token."),
                    "links": {
                        "AnswerIt": {
                            "operationId": "createAnswer",
                            "description": "The token answers this question, once.",
                            "requestBody": {"token": "$response.body#/token", "answer": "0.5"},
                        }
                    },
                },
                **_BODY_ERRORS,
                **_AUTH_ERROR,
                "422": _error(
                    "A field is missing, unknown or of the wrong type, or the type id, seed, "
                    "difficulty or params cannot be used ('where' names the field)."
                ),
                **_RATE_LIMITED,
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
                "content": {"application/json": {"schema": ref("AnswerRequest")}},
            },
            "responses": {
                "200": _json(ref("Grade"), "The graded answer."),
                **_BODY_ERRORS,
                **_AUTH_ERROR,
                "410": _error("The question's type no longer exists, so it cannot be graded."),
                "422": _error(
                    "The answer cannot be read (where: answer); the token is unknown, "
                    "belongs to someone else, has expired (24 hours) or was already answered "
                    "(where: token); or a field is missing, unknown or of the wrong type."
                ),
                **_RATE_LIMITED,
            },
        }
    },
    "/api/v1/progress": {
        "get": {
            "operationId": "getProgress",
            "summary": "The caller's own totals, mastery per topic and recent attempts.",
            "description": "Totals, mastery and misconceptions cover the whole history; "
            "the attempts are listed a page at a time, newest first ('pagination' says "
            "how many pages there are and which comes next).",
            "security": [{BEARER: []}],
            "parameters": [
                _page_parameter("page", "The page of attempts, from 1 (newest).", 1, MAX_PAGE),
                _page_parameter("per_page", "Attempts per page.", DEFAULT_PER_PAGE, MAX_PER_PAGE),
            ],
            "responses": {
                "200": _json(ref("Progress"), "The caller's progress."),
                "401": _error("No bearer token, or the token is malformed, unknown or revoked."),
                "422": _error(
                    "page or per_page is not a whole number in its range (where: the "
                    "parameter's name)."
                ),
                **_RATE_LIMITED,
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
                },
                **_RATE_LIMITED,
            },
        }
    },
}


def _options(path: str, operations: dict[str, Any]) -> dict[str, Any]:
    """The OPTIONS operation every path answers: 204, the methods in the Allow header.

    It answers for any value of a path parameter (it checks nothing but the route).
    """
    first = next(iter(operations.values()))["operationId"]
    allowed = {method.upper() for method in operations} | {"OPTIONS"}
    if "GET" in allowed:
        allowed.add("HEAD")  # Flask answers HEAD wherever it answers GET
    methods = ", ".join(sorted(allowed))
    return {
        "operationId": f"options{first[0].upper()}{first[1:]}",
        "summary": "The methods this route accepts (no body).",
        "security": [{}],
        "parameters": [
            {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
            for name in re.findall(r"\{(\w+)\}", path)
        ],
        "responses": {
            "204": {
                "description": f"No content; the Allow header lists the methods: {methods}.",
                "headers": {
                    "Allow": {
                        "required": True,
                        "description": "The HTTP methods this route accepts, comma-separated.",
                        "schema": {"type": "string", "examples": [methods]},
                    }
                },
            }
        },
    }


def _question_type_path() -> dict[str, Any]:
    """GET /question-types/{type_id}, whose id can only be one of the registered types."""
    return {
        "get": {
            "operationId": "getQuestionType",
            "summary": "One question type, with the JSON Schema of its params.",
            "security": OPTIONAL_BEARER,
            "parameters": [
                {
                    "name": "type_id",
                    "in": "path",
                    "required": True,
                    "description": "A question type id from GET /api/v1/question-types.",
                    "schema": {"type": "string", "enum": list(registry())},
                }
            ],
            "responses": {
                "200": _json(ref("QuestionTypeDetail"), "The question type."),
                **_AUTH_ERROR,
                "404": _error("There is no question type with this id (where: id)."),
                **_RATE_LIMITED,
            },
        },
    }


def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3.1 description of every /api/v1 route."""
    every = {**PATHS, "/api/v1/question-types/{type_id}": _question_type_path()}
    paths = {path: {**ops, "options": _options(path, ops)} for path, ops in every.items()}
    schemas = copy.deepcopy(SCHEMAS)
    schemas["QuestionRequest"]["properties"]["type"]["enum"] = list(registry())
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
                "are 404 and wrong methods 405, also as JSON. OPTIONS on any route answers "
                "204 with an Allow header.",
            },
            "servers": [{"url": "/"}],
            "paths": paths,
            "components": {
                "schemas": schemas,
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
