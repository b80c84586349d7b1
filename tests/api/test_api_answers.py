"""POST /api/v1/answers: graded once per token; recorded only for the token's owner."""

from datetime import timedelta

import pytest
from api_support import ONE_HOT_ANSWER, bearer, count, issue_token, make_user

from quizapp.extensions import db
from quizapp.models import Attempt, ServedQuestion


def answer(api, token, text=ONE_HOT_ANSWER, headers=None, **extra):
    return api.post(
        "/api/v1/answers", json={"token": token, "answer": text, **extra}, headers=headers or {}
    )


def test_anonymous_answer_is_graded_and_records_nothing(app, api, serve):
    token = serve()["token"]
    response = answer(api, token, "-ln(0.7)")
    assert response.status_code == 200
    body = response.get_json()
    assert body["correct"] is True and body["score"] == 1.0 and body["diagnosis"] is None
    assert body["expected"] == pytest.approx(0.35667494393873245)
    assert body["expected_text"] == "0.3567 nats" and "0.3567" in body["reading"]
    assert body["recorded"] is False and body["message"]
    assert count(app, Attempt) == 0


def test_wrong_answer_names_the_misconception(api, serve):
    token = serve()["token"]
    body = answer(api, token, "0.5146").get_json()  # log2(1/0.7): bits instead of nats
    assert body["correct"] is False and body["score"] == 0.0
    assert body["diagnosis"] == "log_base_2"


def test_bearer_answer_is_recorded_once_for_its_user(app, api, serve, secret, user_id):
    token = serve(headers=bearer(secret))["token"]
    first = answer(api, token, headers=bearer(secret))
    assert first.status_code == 200 and first.get_json()["recorded"] is True
    second = answer(api, token, headers=bearer(secret))
    assert second.status_code == 422 and second.get_json()["where"] == "token"
    assert "already answered" in second.get_json()["error"]
    assert count(app, Attempt) == 1
    assert count(app, Attempt, user_id=user_id, served_token=token, correct=True) == 1


def test_anonymous_token_is_graded_only_once_too(app, api, serve):
    token = serve()["token"]
    assert answer(api, token).status_code == 200
    again = answer(api, token)
    assert again.status_code == 422 and "already answered" in again.get_json()["error"]
    assert count(app, Attempt) == 0


def test_unreadable_answer_is_422_and_leaves_the_token_open(app, api, serve, secret):
    token = serve(headers=bearer(secret))["token"]
    response = answer(api, token, "ln(", headers=bearer(secret))
    assert response.status_code == 422 and response.get_json()["where"] == "answer"
    assert count(app, Attempt) == 0
    assert answer(api, token, headers=bearer(secret)).status_code == 200
    assert count(app, Attempt) == 1


def test_choice_and_number_answers(api, serve):
    choice = serve(type="which_loss", seed=1)
    body = answer(api, choice["token"], choice["choices"][0]["id"]).get_json()
    assert isinstance(body["correct"], bool) and isinstance(body["expected"], str)
    number = serve()["token"]
    assert answer(api, number, 0.3567).get_json()["correct"] is True


def test_hints_used_lowers_the_score_and_is_stored(app, api, serve, secret):
    token = serve(headers=bearer(secret))["token"]
    body = answer(api, token, headers=bearer(secret), hints_used=1).get_json()
    assert body["correct"] is True and body["score"] < 1.0 and body["hints_used"] == 1
    assert count(app, Attempt, served_token=token, hints_used=1) == 1


def test_someone_elses_question_is_an_unknown_token(app, api, serve, secret):
    token = serve(headers=bearer(secret))["token"]
    other = issue_token(app, make_user(app, "other@example.com"))
    for headers in ({}, bearer(other)):
        response = answer(api, token, headers=headers)
        assert response.status_code == 422 and response.get_json()["where"] == "token"
        assert "No open question" in response.get_json()["error"]
    assert count(app, Attempt) == 0


def test_a_browser_practice_token_is_unknown_to_the_api(app, api, open_question):
    token = open_question()
    response = answer(api, token)
    assert response.status_code == 422 and "No open question" in response.get_json()["error"]


def test_an_expired_question_cannot_be_answered(app, api, serve):
    token = serve()["token"]
    with app.app_context():
        row = db.session.execute(db.select(ServedQuestion).filter_by(token=token)).scalar_one()
        row.served_at -= timedelta(hours=25)
        db.session.commit()
    response = answer(api, token)
    assert response.status_code == 422 and "expired" in response.get_json()["error"]


def test_a_question_of_a_retired_type_is_410(app, api, serve):
    token = serve()["token"]
    with app.app_context():
        row = db.session.execute(db.select(ServedQuestion).filter_by(token=token)).scalar_one()
        row.type_id = "retired_type"
        db.session.commit()
    response = answer(api, token)
    assert response.status_code == 410 and response.get_json()["where"] == "token"


@pytest.mark.parametrize(
    ("body", "where", "message"),
    [
        ({"answer": "1"}, "token", "'token' is required"),
        ({"token": "x"}, "answer", "'answer' is required"),
        ({"token": 5, "answer": "1"}, "token", "must be a string, not a number"),
        ({"token": "x", "answer": ["1"]}, "answer", "a string or a number, not an array"),
        ({"token": "x", "answer": True}, "answer", "not a boolean"),
        ({"token": "x", "answer": "1", "hints_used": "2"}, "hints_used", "an integer"),
        ({"token": "x", "answer": "1", "seed": 3}, "seed", "Unknown field 'seed'"),
        ({"token": "no-such-token", "answer": "1"}, "token", "No open question"),
        ({"token": "x" * 65, "answer": "1"}, "token", "No open question"),
        ({"token": "x", "answer": "1" * 5001}, "answer", "too long"),
    ],
)
def test_bad_answer_requests_are_422_naming_the_field(api, body, where, message):
    response = api.post("/api/v1/answers", json=body)
    assert response.status_code == 422 and response.is_json
    error = response.get_json()
    assert error["where"] == where and message in error["error"], error


@pytest.mark.parametrize("hints_used", [-1, 99])
def test_hints_used_out_of_range_is_422(app, api, serve, hints_used):
    token = serve()["token"]
    response = answer(api, token, hints_used=hints_used)
    assert response.status_code == 422 and response.get_json()["where"] == "hints_used"
    assert answer(api, token).status_code == 200  # the token is still open
