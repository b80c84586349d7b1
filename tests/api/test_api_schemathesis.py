"""Schemathesis drives every operation of /api/v1/openapi.json against the app in-process:
no response is a server error, and every response keeps to the document (status, content
type, headers, body schema); data the document forbids is refused with a 4xx."""

from __future__ import annotations

import pytest
import schemathesis
from api_support import ONE_HOT, ONE_HOT_ANSWER, bearer, issue_token
from export_support import build_class_world
from hypothesis import HealthCheck, given, settings
from hypothesis.stateful import run_state_machine_as_test
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from quizapp.api.openapi import openapi_document

# A body the document allows can still be refused for what it means: /answers needs a
# token the server handed out, /questions params that the type's check accepts (its
# distribution sums to 1 …), which JSON Schema cannot say. Those two alone are exempt from
# "schema-valid data is accepted"; every other check, 5xx and conformance included, applies.
SEMANTIC = {("/api/v1/questions", "POST"), ("/api/v1/answers", "POST")}


def operations():
    """(path, method, mode) for every documented operation: valid data for each, invalid
    data for those whose input can be invalid (a body, a parameter with a fixed set)."""
    for path, item in openapi_document()["paths"].items():
        for method, operation in item.items():
            yield path, method.upper(), GenerationMode.POSITIVE
            if "requestBody" in operation or any(
                "enum" in parameter["schema"] for parameter in operation.get("parameters", [])
            ):
                yield path, method.upper(), GenerationMode.NEGATIVE


def with_some_progress(api, secret) -> dict[str, str]:
    """A learner's token after two recorded answers, so /progress has something to show."""
    headers = bearer(secret)
    for text in (ONE_HOT_ANSWER, "0.5"):
        served = api.post(
            "/api/v1/questions", json={"type": "ce_one_hot", "params": ONE_HOT}, headers=headers
        )
        api.post(
            "/api/v1/answers",
            json={"token": served.get_json()["token"], "answer": text},
            headers=headers,
        )
    return headers


@pytest.mark.parametrize(("path", "method", "mode"), list(operations()))
def test_the_api_keeps_to_its_openapi_document(app, api, secret, path, method, mode):
    # The document as the app serves it, the app as the WSGI server: no network at all.
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operation = schema[path][method]
    # /progress needs a real token to answer more than 401, and the class routes the token
    # of a class's instructor (its class has id 1, the first a generated id tries); the
    # others run anonymously.
    if path == "/api/v1/progress":
        headers = with_some_progress(api, secret)
    elif path.startswith("/api/v1/classes"):
        headers = bearer(issue_token(app, build_class_world(app).users["owner"]))
    else:
        headers = None

    # Bounded: a few dozen deterministic examples per operation and mode (no timing limit,
    # which a busy machine could trip; the count bounds the time).
    @settings(
        max_examples=30,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case):
        exempt = [positive_data_acceptance] if (path, method) in SEMANTIC else []
        case.call_and_validate(headers=headers, excluded_checks=exempt)

    check()


def test_question_then_answer_sequences_keep_to_the_document(app):
    """Stateful: follow the document's link from a served question to answering its token,
    so answers are graded for real (the per-operation runs only see unknown tokens)."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    machine = schema.as_state_machine()

    class Sequences(machine):
        def validate_response(self, response, case, **kwargs):
            exempt = [positive_data_acceptance]  # see SEMANTIC: meaning, not shape
            case.validate_response(response, excluded_checks=exempt)

    run_state_machine_as_test(
        Sequences,
        settings=settings(
            max_examples=15,
            stateful_step_count=4,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
