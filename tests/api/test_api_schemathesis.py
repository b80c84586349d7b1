"""Schemathesis drives every operation of /api/v1/openapi.json against the app in-process:
no response is a server error, and every response keeps to the document (status, content
type, headers, body schema); data the document forbids is refused with a 4xx.

Each operation runs as every caller its ``security`` admits: anonymously where it allows no
token, and with the personal token of a learner and of an instructor where it takes one
(the instructor manages a class the learner is in, and both have answered questions), so
token-only and instructor-only routes are exercised past their 401. The operations are read
from the document, so routes added to it are fuzzed without a line here. In positive mode an
integer path parameter is sometimes a real id of the callers' rows instead of a drawn one.
Examples per run: tests/fuzz_settings.py (``QUIZAPP_FUZZ_EXAMPLES`` scales them).
"""

from __future__ import annotations

import pytest
import schemathesis
from api_support import ONE_HOT, ONE_HOT_ANSWER, bearer, issue_token, make_user
from fuzz_settings import fuzz_settings
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.stateful import run_state_machine_as_test
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from quizapp.api.openapi import BEARER, openapi_document
from quizapp.extensions import db
from quizapp.models import Attempt, User
from quizapp.services import classes

# A body the document allows can still be refused for what it means: /answers needs a
# token the server handed out, /questions params that the type's check accepts (its
# distribution sums to 1 …), which JSON Schema cannot say. Those two alone are exempt from
# "schema-valid data is accepted"; every other check, 5xx and conformance included, applies.
SEMANTIC = {("/api/v1/questions", "POST"), ("/api/v1/answers", "POST")}
CALLERS = ("anon", "learner", "instructor")


def _callers(operation: dict) -> list[str]:
    """Who may call: anonymously if a requirement is empty, with a token if one names it."""
    security = operation.get("security", openapi_document().get("security", [{}]))
    who = ["anon"] if any(not requirement for requirement in security) else []
    if any(BEARER in requirement for requirement in security):
        who += ["learner", "instructor"]
    return who


#: Parameter schema keywords that leave room for an invalid value.
CONSTRAINTS = {"enum", "minimum", "maximum", "pattern", "minLength", "maxLength", "format"}


def _can_be_invalid(operation: dict) -> bool:
    """A body, or a parameter whose schema rules some values out (a bare string cannot)."""
    return "requestBody" in operation or any(
        CONSTRAINTS & set(p["schema"]) or p["schema"].get("type") in ("integer", "number")
        for p in operation.get("parameters", [])
    )


def operations():
    """(path, method, mode, caller) for every documented operation and caller: valid data
    for each, invalid data for those whose input can be invalid."""
    for path, item in openapi_document()["paths"].items():
        for method, operation in item.items():
            for caller in _callers(operation):
                yield path, method.upper(), GenerationMode.POSITIVE, caller
                if _can_be_invalid(operation):
                    yield path, method.upper(), GenerationMode.NEGATIVE, caller


def token_holders(app, api) -> tuple[dict, list[int]]:
    """Headers of each caller, after both token holders answered questions; the ids of
    their rows, for integer path parameters."""
    learner_id = make_user(app, "lee@example.com")
    instructor_id = make_user(app, "owen@example.com")
    with app.app_context():
        instructor = db.session.get(User, instructor_id)
        instructor.role = "instructor"
        klass = classes.create_class(instructor, "Group A")
        classes.join(klass, db.session.get(User, learner_id))
        class_id = klass.id
    headers = {
        "anon": None,
        "learner": bearer(issue_token(app, learner_id)),
        "instructor": bearer(issue_token(app, instructor_id)),
    }
    for who in ("learner", "instructor"):
        for text in (ONE_HOT_ANSWER, "0.5"):
            served = api.post(
                "/api/v1/questions",
                json={"type": "ce_one_hot", "params": ONE_HOT},
                headers=headers[who],
            )
            api.post(
                "/api/v1/answers",
                json={"token": served.get_json()["token"], "answer": text},
                headers=headers[who],
            )
    with app.app_context():
        attempts = db.session.execute(db.select(Attempt.id)).scalars().all()
    ids = sorted({class_id, learner_id, instructor_id, *attempts})
    return headers, ids


@pytest.mark.parametrize(("path", "method", "mode", "caller"), list(operations()))
def test_the_api_keeps_to_its_openapi_document(app, api, path, method, mode, caller, backend):
    # The document as the app serves it, the app as the WSGI server: no network at all.
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    # Unknown query parameters are ignored, as HTTP APIs commonly do (bodies are strict: the
    # document says additionalProperties: false, so extra body fields stay a negative case).
    # The caller's own token is sent, so no Authorization header is generated.
    schema.config.generation.update(
        allow_extra_parameters=False, with_security_parameters=caller == "anon"
    )
    operation = schema[path][method]
    headers, ids = token_holders(app, api) if caller != "anon" else ({"anon": None}, [])
    integer_ids = [
        p["name"]
        for p in operation.definition.raw.get("parameters", [])
        if p.get("in") == "path" and p.get("schema", {}).get("type") == "integer"
    ]
    exempt = [positive_data_acceptance] if (path, method) in SEMANTIC else []
    # Bounded by the count, never by time; anonymous runs and SQLite get the most.
    weight = (1.0 if caller == "anon" else 0.5) * (0.3 if backend.name == "postgresql" else 1)

    @fuzz_settings(weight=weight)
    @given(case=operation.as_strategy(generation_mode=mode), data=st.data())
    def check(case, data):
        if mode is GenerationMode.POSITIVE:
            for name in integer_ids:
                if ids and data.draw(st.booleans(), label=f"real {name}"):
                    case.path_parameters[name] = data.draw(st.sampled_from(ids), label=name)
        case.call_and_validate(headers=headers[caller], excluded_checks=exempt)

    check()


@pytest.mark.parametrize("caller", ["anon", "learner"])
def test_question_then_answer_sequences_keep_to_the_document(app, api, caller):
    """Stateful: follow the document's link from a served question to answering its token,
    so answers are graded (and, with a token, recorded) for real; the per-operation runs
    only see unknown tokens."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    headers = token_holders(app, api)[0][caller] or {}
    machine = schema.as_state_machine()

    class Sequences(machine):
        def get_call_kwargs(self, case):
            return {"headers": headers}

        def validate_response(self, response, case, **kwargs):
            exempt = [positive_data_acceptance]  # see SEMANTIC: meaning, not shape
            case.validate_response(response, excluded_checks=exempt)

    run_state_machine_as_test(Sequences, settings=fuzz_settings(weight=0.5, stateful_step_count=4))
