"""GET /api/v1/question-types and POST /api/v1/questions."""

import pytest
from api_support import ONE_HOT, bearer, count

from quizapp.engine.questions import registry
from quizapp.extensions import db
from quizapp.models import ServedQuestion


def test_question_types_lists_every_registered_type(api):
    response = api.get("/api/v1/question-types")
    assert response.status_code == 200 and response.is_json
    body = response.get_json()
    assert [t["id"] for t in body["types"]] == list(registry())
    first = body["types"][0]
    assert set(first) == {"id", "title", "topic", "kind", "difficulties"}
    assert first["difficulties"] == [1, 2, 3]
    assert {t["topic"] for t in body["types"]} == {topic["id"] for topic in body["topics"]}


def test_question_is_served_without_its_answer(app, api, serve):
    body = serve()
    assert body["type"] == "ce_one_hot" and body["kind"] == "numeric"
    assert body["params"] == ONE_HOT and body["unit"] == "nats" and body["difficulty"] == 1
    assert body["answer_format"] == "number" and body["hints_count"] >= 1
    assert "answer" not in body and "choices" not in body
    assert "0.3567" not in str(body) and "0.356" not in str(body)
    with app.app_context():
        row = db.session.execute(
            db.select(ServedQuestion).filter_by(token=body["token"])
        ).scalar_one()
        assert (row.origin, row.user_id, row.guest_key) == ("api", None, None)
        assert (row.type_id, row.seed, row.params) == ("ce_one_hot", body["seed"], ONE_HOT)


def test_a_given_seed_gives_the_same_question_and_no_seed_draws_one(serve):
    first = serve(type="entropy", seed=42, difficulty=2)
    again = serve(type="entropy", seed=42, difficulty="medium")
    assert first["seed"] == 42 and first["difficulty"] == 2
    assert (first["prompt"], first["params"]) == (again["prompt"], again["params"])
    assert first["token"] != again["token"]
    drawn = serve(type="entropy")
    assert isinstance(drawn["seed"], int) and 0 <= drawn["seed"] < 2**32


def test_choice_question_lists_choice_ids_and_texts(serve):
    body = serve(type="which_loss", seed=1)
    assert body["kind"] == "choice" and body["answer_format"] == "choice"
    assert body["choices"] and all(set(c) == {"id", "text"} for c in body["choices"])


def test_vector_question_says_its_length(serve):
    body = serve(type="softmax_vector", seed=3)
    assert body["kind"] == "vector" and body["vector_length"] == len(body["params"]["logits"])


def test_question_requested_with_a_token_belongs_to_that_user(app, serve, secret, user_id):
    body = serve(headers=bearer(secret))
    assert count(app, ServedQuestion, token=body["token"], user_id=user_id) == 1


@pytest.mark.parametrize(
    ("body", "where", "message"),
    [
        ({}, "type", "'type' is required"),
        ({"type": None}, "type", "'type' is required"),
        ({"type": 7}, "type", "must be a string, not a number"),
        ({"type": "no_such_type"}, "type", "Unknown question type 'no_such_type'"),
        ({"type": "bce", "seed": -1}, "seed", "seed must be an integer from 0"),
        ({"type": "bce", "seed": 2**32}, "seed", "seed must be an integer from 0"),
        ({"type": "bce", "seed": "12"}, "seed", "must be an integer, not a string"),
        ({"type": "bce", "seed": 1.5}, "seed", "must be an integer, not a number"),
        ({"type": "bce", "seed": True}, "seed", "must be an integer, not a boolean"),
        ({"type": "bce", "difficulty": 4}, "difficulty", "difficulty must be 1, 2, 3"),
        ({"type": "bce", "difficulty": "expert"}, "difficulty", "difficulty must be 1, 2, 3"),
        ({"type": "bce", "difficulty": [1]}, "difficulty", "an integer or a string"),
        ({"type": "bce", "params": [0.6, 1]}, "params", "must be a JSON object, not an array"),
        ({"type": "bce", "params": {"p": "high"}}, "params", "These params cannot be used"),
        ({"type": "bce", "params": {"p": 1.5, "target": 1}}, "params", "cannot be used"),
        ({"type": "bce", "colour": "red"}, "colour", "Unknown field 'colour'"),
    ],
)
def test_bad_question_requests_are_422_naming_the_field(app, api, body, where, message):
    response = api.post("/api/v1/questions", json=body)
    assert response.status_code == 422 and response.is_json
    error = response.get_json()
    assert error["where"] == where and message in error["error"], error
    assert count(app, ServedQuestion) == 0


def test_an_integer_too_large_for_a_float_in_params_is_a_422(api):
    """'10**400' written out is valid JSON; it used to overflow in the params check (a 500)."""
    body = '{"type": "bce", "params": {"p": 1' + "0" * 400 + ', "target": 1}}'
    response = api.post("/api/v1/questions", data=body, content_type="application/json")
    assert response.status_code == 422, response.get_data(as_text=True)[:200]
    assert response.get_json()["where"] == "params"
    assert "p must be between 0 and 1" in response.get_json()["error"]
