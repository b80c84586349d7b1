"""Reloading any page of the practice and interview flows works: every form POST redirects
to a page that answers GET (post/redirect/get), and POST-only addresses answer GET too."""

from __future__ import annotations

import re

from support import ONE_HOT_PARAMS, token_from

from quizapp.engine.questions import generate, registry
from quizapp.extensions import db
from quizapp.models import Attempt, ServedQuestion


def open_one_hot(client) -> str:
    return token_from(client.get("/practice/q/ce_one_hot", query_string={"params": ONE_HOT_PARAMS}))


def type_with_hints(kind: str, seed: int) -> str:
    """The first question type of ``kind`` whose question at ``seed`` has hints."""
    return next(t for t, q in registry().items() if q.kind == kind and generate(t, seed).hints)


def test_taking_a_hint_redirects_to_the_question_with_the_typed_answer(app, client):
    token = open_one_hot(client)
    response = client.post(
        f"/practice/question/{token}/hint", data={"answer": "-ln(0.7", "reveal": "1"}
    )
    assert response.status_code == 303
    assert response.headers["Location"] == f"/practice/question/{token}"
    for _reload in range(2):  # the page after the hint, and a reload of it
        page = client.get(response.headers["Location"])
        assert page.status_code == 200
        assert b"Only the true class has target 1" in page.data  # the hint
        assert b'value="-ln(0.7"' in page.data  # what was typed before asking
        assert b'id="answer-error"' not in page.data  # an unfinished draft is no error


def test_the_hint_address_opened_directly_shows_the_question(client):
    """It used to answer 405 when the page after a hint was reloaded or reopened."""
    token = open_one_hot(client)
    client.post(f"/practice/question/{token}/hint", data={"reveal": "1"})
    response = client.get(f"/practice/question/{token}/hint")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/practice/question/{token}"


def test_a_long_explanation_survives_a_hint(app, client):
    """Drafts live in the database, not the cookie: a whole explanation is kept."""
    type_id = type_with_hints("explain", 2)
    token = token_from(client.get(f"/practice/q/{type_id}", query_string={"seed": "2"}))
    text = "Cross-entropy compares two distributions. " * 115  # 4830 of the 5000 allowed
    client.post(f"/practice/question/{token}/hint", data={"answer": text, "reveal": "1"})
    page = client.get(f"/practice/question/{token}").data.decode()
    assert text.strip() in page
    with app.app_context():
        row = db.session.execute(db.select(ServedQuestion).filter_by(token=token)).scalar_one()
        assert row.draft_answer == text and row.hints_revealed == 1


def test_a_picked_option_survives_a_hint(app, client):
    type_id = type_with_hints("choice", 5)
    token = token_from(client.get(f"/practice/q/{type_id}", query_string={"seed": "5"}))
    page = client.get(f"/practice/question/{token}").data.decode()
    choice = re.findall(r'name="answer" id="choice-([^"]+)"', page)[-1]
    client.post(f"/practice/question/{token}/hint", data={"answer": choice, "reveal": "1"})
    page = client.get(f"/practice/question/{token}").data.decode()
    assert re.search(rf'value="{re.escape(choice)}" checked', page)


def test_a_recorded_answer_clears_the_draft(app, client):
    token = open_one_hot(client)
    client.post(f"/practice/question/{token}/hint", data={"answer": "0.3", "reveal": "1"})
    client.post(f"/practice/question/{token}", data={"answer": "0.357"})
    with app.app_context():
        row = db.session.execute(db.select(ServedQuestion).filter_by(token=token)).scalar_one()
        assert row.draft_answer is None
        assert db.session.execute(db.select(Attempt.raw_answer)).scalar_one() == "0.357"


def test_interview_post_only_addresses_answer_get(client):
    start = client.post("/interview/start", data={"difficulty": "1"})
    path = start.headers["Location"]
    response = client.get(f"{path}/answer")
    assert response.status_code == 303 and response.headers["Location"] == path
    response = client.get("/interview/start")
    assert response.status_code == 303 and response.headers["Location"] == "/interview/"
