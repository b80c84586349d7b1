"""What the OpenAPI document promises is what the server does: answer lengths per kind,
null for optional fields, OPTIONS, and each question type's params."""

from __future__ import annotations

import pytest
from api_support import ONE_HOT
from jsonschema import Draft202012Validator

from quizapp.engine.limits import ANSWER_LIMITS, MAX_ANSWER_CHARS
from quizapp.engine.questions import registry


@pytest.fixture
def document(api):
    return api.get("/api/v1/openapi.json").get_json()


def schema(document, name):
    return document["components"]["schemas"][name]


def test_the_documented_answer_length_is_the_servers(document):
    answer = schema(document, "AnswerRequest")["properties"]["answer"]
    assert answer["maxLength"] == MAX_ANSWER_CHARS == max(ANSWER_LIMITS.values())
    for limit in ANSWER_LIMITS.values():
        assert f"{limit}" in answer["description"]


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ({"type": "ce_one_hot", "seed": 1}, "numeric"),
        ({"type": "softmax_vector", "seed": 1}, "vector"),
        ({"type": "which_loss", "seed": 1}, "choice"),
        ({"type": "explain_why_log", "seed": 1}, "explain"),
    ],
)
def test_each_kind_takes_answers_up_to_its_limit_and_refuses_one_more(serve, api, question, kind):
    """At the limit the answer is read (graded, or 422 'cannot read'); one more character is
    refused as too long before any reading, and the token stays open."""
    token = serve(**question)["token"]
    assert serve(**question)["kind"] == kind
    limit = ANSWER_LIMITS[kind]
    too_long = api.post("/api/v1/answers", json={"token": token, "answer": "1" * (limit + 1)})
    assert too_long.status_code == 422 and too_long.get_json()["where"] == "answer"
    assert f"at most {limit} characters" in too_long.get_json()["error"]
    at_limit = api.post("/api/v1/answers", json={"token": token, "answer": " " * (limit - 1) + "1"})
    assert at_limit.status_code in (200, 422)
    assert "too long" not in at_limit.get_data(as_text=True)


OPTIONAL = {
    "QuestionRequest": {"seed", "difficulty", "params"},
    "AnswerRequest": {"hints_used"},
}


def accepts_null(field_schema) -> bool:
    types = field_schema.get("type")
    if isinstance(types, list):
        return "null" in types
    return any(option.get("type") == "null" for option in field_schema.get("oneOf", []))


@pytest.mark.parametrize("name", sorted(OPTIONAL))
def test_optional_fields_are_documented_as_nullable(document, name):
    """The server reads null as 'absent' for every optional field, so the document says so."""
    properties = schema(document, name)["properties"]
    assert {field for field, spec in properties.items() if accepts_null(spec)} == OPTIONAL[name]


def test_null_optional_fields_are_accepted_as_absent(api):
    served = api.post(
        "/api/v1/questions",
        json={"type": "entropy", "seed": None, "difficulty": None, "params": None},
    )
    assert served.status_code == 201 and served.get_json()["difficulty"] == 1
    graded = api.post(
        "/api/v1/answers",
        json={"token": served.get_json()["token"], "answer": "123.456", "hints_used": None},
    )
    assert graded.status_code == 200 and graded.get_json()["hints_used"] == 0


def test_options_answers_204_with_the_allow_header_the_document_gives(app, api, document):
    """Flask's own OPTIONS answer was an empty text/html 200 that the document did not list."""
    for path, operations in document["paths"].items():
        response = api.options(path.replace("{type_id}", "entropy").replace("{class_id}", "1"))
        assert response.status_code == 204 and response.data == b"", path
        assert "Content-Type" not in response.headers
        allowed = {m.strip() for m in response.headers["Allow"].split(",")}
        assert allowed - {"HEAD", "OPTIONS"} == {m.upper() for m in operations} - {"OPTIONS"}
        documented = operations["options"]["responses"]["204"]
        assert documented["headers"]["Allow"]["required"] is True
        assert ", ".join(sorted(allowed)) in documented["description"]


def test_a_question_type_comes_with_the_schema_of_its_params(api):
    response = api.get("/api/v1/question-types/ce_one_hot")
    assert response.status_code == 200 and response.is_json
    body = response.get_json()
    assert set(body) == {"id", "title", "topic", "kind", "difficulties", "params_schema"}
    assert body["params_schema"] == registry()["ce_one_hot"].params_schema()
    validator = Draft202012Validator(body["params_schema"])
    assert validator.is_valid(ONE_HOT)  # the README's article example
    assert not validator.is_valid({"pred": [0.7, 0.2, 0.1]})  # no target
    assert (
        api.post("/api/v1/questions", json={"type": "ce_one_hot", "params": ONE_HOT}).status_code
        == 201
    )


def test_an_unknown_question_type_is_a_json_404(api):
    response = api.get("/api/v1/question-types/no_such_type")
    assert response.status_code == 404 and response.get_json()["where"] == "id"
    assert "GET /api/v1/question-types" in response.get_json()["error"]


def test_the_document_lists_every_question_type_id(document):
    parameter = document["paths"]["/api/v1/question-types/{type_id}"]["get"]["parameters"][0]
    assert parameter["schema"]["enum"] == list(registry())
