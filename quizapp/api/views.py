"""API routes. Each parses the body, calls the practice service or progress code, returns JSON."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, jsonify, request
from werkzeug.wrappers import Response

from quizapp.api import bp, payloads
from quizapp.api.bearer import api_user, require_api_user
from quizapp.api.bodies import Field, query_int, read_body
from quizapp.api.errors import ApiError
from quizapp.api.openapi import openapi_document
from quizapp.engine.answers import ParseError
from quizapp.engine.limits import MAX_ANSWER_CHARS, answer_limit
from quizapp.engine.questions import normalise_difficulty, normalise_seed, registry
from quizapp.models import ServedQuestion, utcnow
from quizapp.services import practice as service
from quizapp.services.practice import Owner
from quizapp.services.progress_report import (
    DEFAULT_PER_PAGE,
    MAX_PAGE,
    MAX_PER_PAGE,
    progress_report,
)

#: How long a question served by the API can be answered (config ``API_QUESTION_TTL``).
DEFAULT_QUESTION_TTL = timedelta(hours=24)
ORIGIN = "api"

QUESTION_FIELDS = (
    Field("type", ("string",), required=True),
    Field("seed", ("integer",)),
    Field("difficulty", ("integer", "string")),
    Field("params", ("object",)),
)
ANSWER_FIELDS = (
    Field("token", ("string",), required=True),
    Field("answer", ("string", "number"), required=True),
    Field("hints_used", ("integer",)),
)


@bp.before_request
def answer_options() -> Response | None:
    """OPTIONS on a route: 204 and the Allow header (Flask's own answer is an empty
    text/html 200, which is not what the document or a JSON client expects)."""
    if request.method != "OPTIONS":
        return None
    response = current_app.make_default_options_response()
    response.status_code = 204
    response.headers.remove("Content-Type")
    return response


@bp.after_request
def no_store(response: Response) -> Response:
    """Answers and tokens must not sit in shared caches."""
    response.headers.setdefault("Cache-Control", "no-store")
    return response


@bp.get("/question-types")
def question_types():
    """Every question type (id, title, topic, kind, difficulties) and the topics."""
    api_user()  # a bad token is refused here too, so clients learn of it early
    return jsonify(payloads.question_types())


@bp.get("/question-types/<type_id>")
def question_type(type_id: str):
    """One question type and the JSON Schema of the params ``POST /questions`` accepts for it."""
    api_user()
    try:
        return jsonify(payloads.question_type(type_id))
    except KeyError:
        raise ApiError(
            404,
            f"There is no question type {type_id!r}; see GET /api/v1/question-types for the ids.",
            "id",
        ) from None


@bp.post("/questions")
def create_question():
    """Serve a question behind a one-time token; with a bearer token it belongs to that user."""
    user = api_user()
    body = read_body(QUESTION_FIELDS)
    type_id = body["type"]
    if type_id not in registry():
        raise ApiError(
            422, f"Unknown question type {type_id!r}; see GET /api/v1/question-types.", "type"
        )
    difficulty = _checked(normalise_difficulty, body.get("difficulty", 1), "difficulty")
    seed = _checked(normalise_seed, body["seed"], "seed") if "seed" in body else None
    try:
        served = service.serve_question(
            type_id,
            difficulty=difficulty,
            owner=Owner(user_id=user.id if user else None),
            params=body.get("params"),
            seed=seed,
            origin=ORIGIN,
        )
    except (ValueError, TypeError, KeyError, IndexError) as problem:
        # Only the params are left to be wrong: type, seed and difficulty were checked above.
        raise ApiError(422, f"These params cannot be used: {_reason(problem)}", "params") from None
    question = service.question_for(served)
    return jsonify(payloads.served_question(served, question)), 201


@bp.post("/answers")
def create_answer():
    """Grade an answer once; with the token's owner authenticated, the attempt is recorded."""
    user = api_user()
    body = read_body(ANSWER_FIELDS)
    answer = body["answer"]
    text = answer if isinstance(answer, str) else repr(answer)
    if len(text) > MAX_ANSWER_CHARS:
        raise ApiError(
            422,
            f"The answer is too long: an answer may have at most {MAX_ANSWER_CHARS} characters; "
            f"this one has {len(text)}.",
            "answer",
        )
    served = _open_question(body["token"], user.id if user else None)
    try:
        question = service.question_for(served)
    except ValueError as problem:
        raise ApiError(410, f"This question can no longer be graded: {problem}", "token") from None
    limit = answer_limit(question.kind)
    if len(text) > limit:
        raise ApiError(
            422,
            f"The answer is too long: {_KIND_WORDS.get(question.kind, 'an answer')} may have "
            f"at most {limit} characters; this one has {len(text)}.",
            "answer",
        )
    hints_used = body.get("hints_used", 0)
    if not 0 <= hints_used <= len(question.hints):
        raise ApiError(
            422,
            f"hints_used must be from 0 to {len(question.hints)} for this question; "
            f"got {hints_used}.",
            "hints_used",
        )
    try:
        if served.user_id is None:
            result = service.grade_without_recording(served, text, hints_used=hints_used)
        else:
            service.reveal_hint(served, question, hints_used, commit=False)
            # No Attempt object is needed for the reply, and the question is built already.
            _attempt_id, result = service.record_attempt(served, text, question)
    except ParseError as problem:
        raise ApiError(422, problem.message, "answer") from None
    except service.AlreadyAnswered:
        raise ApiError(422, _ALREADY_ANSWERED, "token") from None
    return jsonify(payloads.graded(question, result, recorded=served.user_id is not None))


_KIND_WORDS = {
    "numeric": "a number or expression",
    "vector": "a vector",
    "choice": "a choice",
    "explain": "an explanation",
}
_ALREADY_ANSWERED = (
    "This question was already answered; each token is graded once. Request a new question."
)
_UNKNOWN_TOKEN = (
    "No open question has this token. Use the token from POST /api/v1/questions, sent with "
    "the same API token (or none) as when the question was requested."
)


def _open_question(token: str, user_id: int | None) -> ServedQuestion:
    """The API-served question behind ``token`` that this caller may answer, or a 422."""
    served = service.find_served(token)
    # Questions of another user (or of the browser flow) are "unknown", revealing nothing.
    if served is None or served.origin != ORIGIN:
        raise ApiError(422, _UNKNOWN_TOKEN, "token")
    if served.user_id is not None and served.user_id != user_id:
        raise ApiError(422, _UNKNOWN_TOKEN, "token")
    if served.answered_at is not None:
        raise ApiError(422, _ALREADY_ANSWERED, "token")
    ttl = current_app.config.get("API_QUESTION_TTL", DEFAULT_QUESTION_TTL)
    if utcnow() - served.served_at > ttl:
        raise ApiError(
            422, "This question has expired; request a new one and answer it sooner.", "token"
        )
    return served


@bp.get("/progress")
def progress():
    """One's own totals, mastery per topic, misconceptions and a page of attempts, newest
    first (``?page=1&per_page=20``): bounded work however long the history is."""
    user = require_api_user()
    page = query_int("page", 1, MAX_PAGE)
    per_page = query_int("per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
    report = progress_report(user.id, page=page, per_page=per_page)
    return jsonify(payloads.progress(report))


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 description of these routes."""
    return jsonify(openapi_document())


def _checked(normalise, value, where: str):
    try:
        return normalise(value)
    except ValueError as problem:
        raise ApiError(422, _reason(problem), where) from None


def _reason(problem: Exception) -> str:
    """An exception's message for the caller (a KeyError's repr is not a sentence)."""
    if isinstance(problem, KeyError):
        return f"missing value {problem.args[0]!r}" if problem.args else "a value is missing"
    return str(problem)
