"""Try again after a wrong answer: the same instance, only the first try scored, once each."""

from __future__ import annotations

import pytest
from support import ONE_HOT_PARAMS, token_from

from quizapp.engine.answers import ParseError
from quizapp.extensions import db
from quizapp.models import Attempt, ServedQuestion, User
from quizapp.models.progress import ReviewCard
from quizapp.models.retry import Retry
from quizapp.services import practice, tries

RIGHT, LOG2 = "0.357", "0.5146"  # ce_one_hot, pred [0.7, 0.2, 0.1], target 0


def open_one_hot(client) -> str:
    return token_from(client.get("/practice/q/ce_one_hot", query_string={"params": ONE_HOT_PARAMS}))


def answer(client, token: str, text: str):
    return client.post(f"/practice/question/{token}", data={"answer": text})


def try_again(client, token: str) -> str:
    return token_from(client.post(f"/practice/feedback/{token}/try-again"))


def served_row(app, token: str) -> ServedQuestion:
    with app.app_context():
        row = db.session.execute(db.select(ServedQuestion).filter_by(token=token)).scalar_one()
        db.session.expunge(row)
        return row


def count(app, model) -> int:
    with app.app_context():
        return db.session.execute(db.select(db.func.count(model.id))).scalar_one()


def test_a_wrong_answer_offers_try_again_and_holds_the_answer_back(client):
    token = open_one_hot(client)
    answer(client, token, LOG2)
    page = client.get(f"/practice/feedback/{token}").data.decode()
    assert f'action="/practice/feedback/{token}/try-again"' in page
    assert ">Try again</button>" in page
    # The expected answer waits behind a disclosure, so trying again is not copying it.
    reveal = page.index('<details class="panel reveal"')
    assert page.index("0.3567 nats") > reveal
    assert "Log base 2 instead of the natural log" in page[:reveal]  # the mistake is named


def test_a_right_answer_offers_no_try_again(app, client):
    token = open_one_hot(client)
    answer(client, token, RIGHT)
    page = client.get(f"/practice/feedback/{token}").data.decode()
    assert "Try again" not in page and '<details class="panel reveal"' not in page
    response = client.post(f"/practice/feedback/{token}/try-again")
    assert response.status_code == 303 and response.headers["Location"].endswith(token)
    assert count(app, ServedQuestion) == 1 and count(app, Retry) == 0


def test_try_again_serves_the_same_instance_and_a_right_try_is_shown_as_such(app, client, auth):
    auth.sign_up()
    first = open_one_hot(client)
    answer(client, first, LOG2)
    with app.app_context():
        card_before = db.session.execute(db.select(ReviewCard.card_json)).scalar_one()
    second = try_again(client, first)
    a, b = served_row(app, first), served_row(app, second)
    assert (b.type_id, b.seed, b.params, b.params_fixed) == (a.type_id, a.seed, a.params, True)
    assert b.origin == "retry" and b.answered_at is None
    page = client.get(f"/practice/question/{second}").data.decode()
    assert "try 2" in page and "<code>0.5146</code>, was not right" in page
    assert "Only your first try counts" in page

    assert answer(client, second, RIGHT).headers["Location"] == f"/practice/feedback/{second}"
    feedback = client.get(f"/practice/feedback/{second}").data.decode()
    assert "Right on try 2" in feedback and "(not counted)" in feedback
    assert "Try again" not in feedback

    # Only the first try is scored: one attempt, still wrong; the review card is unchanged.
    with app.app_context():
        (attempt,) = db.session.execute(db.select(Attempt)).scalars().all()
        assert not attempt.correct and attempt.raw_answer == LOG2
        assert db.session.execute(db.select(ReviewCard.card_json)).scalar_one() == card_before
        (retry,) = db.session.execute(db.select(Retry)).scalars().all()
        assert (retry.attempt_id, retry.try_number, retry.correct) == (attempt.id, 2, True)
        attempt_id = attempt.id
    # The first try's page and the history say it was right on try 2.
    assert "got it right on try 2" in client.get(f"/practice/feedback/{first}").data.decode()
    dashboard = client.get("/progress/").data.decode()
    assert "right on try 2" in dashboard
    assert "<dt>Answers</dt><dd>1</dd>" in dashboard  # the try is not a second answer
    assert "<dt>Right</dt><dd>0\u00a0%</dd>" in dashboard
    assert "right on try 2" in client.get(f"/progress/attempt/{attempt_id}").data.decode()


def test_a_double_click_on_try_again_serves_one_try(app, client):
    token = open_one_hot(client)
    answer(client, token, LOG2)
    assert try_again(client, token) == try_again(client, token)
    assert count(app, Retry) == 1


def test_each_try_is_graded_once(app, client):
    token = open_one_hot(client)
    answer(client, token, LOG2)
    second = try_again(client, token)
    answer(client, second, "0.9")
    answer(client, second, RIGHT)  # a second submit of the same try changes nothing
    with app.app_context():
        (retry,) = db.session.execute(db.select(Retry)).scalars().all()
        assert retry.raw_answer == "0.9" and retry.correct is False
    third = try_again(client, second)
    assert third not in (token, second)
    answer(client, third, RIGHT)
    assert "Right on try 3" in client.get(f"/practice/feedback/{third}").data.decode()
    # Right at last: nothing is left to try again, from any try's page.
    for page_token in (token, second, third):
        response = client.post(f"/practice/feedback/{page_token}/try-again")
        assert response.headers["Location"] == f"/practice/feedback/{page_token}"
    assert count(app, Retry) == 2 and count(app, Attempt) == 1


def test_a_later_try_can_never_become_an_attempt(app, client):
    token = open_one_hot(client)
    answer(client, token, LOG2)
    second = try_again(client, token)
    with app.app_context():
        row = db.session.execute(db.select(ServedQuestion).filter_by(token=second)).scalar_one()
        with pytest.raises(ValueError, match="later try"):
            practice.submit_answer(row, RIGHT)
        assert db.session.execute(db.select(db.func.count(Attempt.id))).scalar_one() == 1


def test_an_unreadable_later_try_records_nothing(app, client):
    token = open_one_hot(client)
    answer(client, token, LOG2)
    second = try_again(client, token)
    response = answer(client, second, "ln(")
    assert response.headers["Location"] == f"/practice/question/{second}"
    assert b'id="answer-error"' in client.get(f"/practice/question/{second}").data
    with app.app_context():
        retry = db.session.execute(db.select(Retry)).scalar_one()
        assert retry.answered_at is None and retry.raw_answer is None
        row = db.session.execute(db.select(ServedQuestion).filter_by(token=second)).scalar_one()
        with pytest.raises(ParseError):
            tries.submit_retry(row, "zero point three")
        assert retry.answered_at is None


def test_a_guests_tries_follow_them_into_their_account(app, client, auth):
    token = open_one_hot(client)
    answer(client, token, LOG2)
    answer(client, try_again(client, token), RIGHT)
    auth.sign_up()
    with app.app_context():
        uid = db.session.execute(db.select(User.id)).scalar_one()
        (attempt,) = db.session.execute(db.select(Attempt)).scalars().all()
        assert attempt.user_id == uid
        cards = db.session.execute(db.select(ReviewCard)).scalars().all()
        assert len(cards) == 1  # scheduled from the first try only
    assert "right on try 2" in client.get("/progress/").data.decode()


def test_export_has_the_tries_and_deleting_the_account_removes_them(app, client, auth):
    auth.sign_up()
    token = open_one_hot(client)
    answer(client, token, LOG2)
    answer(client, try_again(client, token), RIGHT)
    data = client.get("/auth/export").get_json()
    assert len(data["attempts"]) == 1
    assert [(r["try_number"], r["answer"], r["correct"]) for r in data["retries"]] == [
        (2, RIGHT, True)
    ]
    client.post("/auth/delete", data={"password": "correct horse", "confirm": "y"})
    assert count(app, User) == 0 and count(app, Retry) == 0
