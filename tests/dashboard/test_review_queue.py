"""Practise what is due: "Next" continues the review queue while reviews are due."""

from __future__ import annotations

import re
from datetime import timedelta

from support import token_from

from quizapp.engine.questions import registry
from quizapp.extensions import db
from quizapp.models import ServedQuestion, User, utcnow
from quizapp.services import practice, progress

DUE = ("entropy", "surprisal")  # made due; the practice session is about binary only


def served(app, token: str) -> ServedQuestion:
    with app.app_context():
        row = db.session.execute(db.select(ServedQuestion).filter_by(token=token)).scalar_one()
        db.session.expunge(row)
        return row


def make_due(app, *type_ids: str) -> None:
    with app.app_context():
        uid = db.session.execute(db.select(User.id)).scalar_one()
        for days, type_id in enumerate(type_ids, start=1):
            progress.record_review(
                uid,
                type_id,
                correct=False,
                hints_used=0,
                time_taken_ms=None,
                now=utcnow() - timedelta(days=10 - days),  # the first is the most overdue
            )


def answer_right(app, client, token: str):
    with app.app_context():
        row = db.session.execute(db.select(ServedQuestion).filter_by(token=token)).scalar_one()
        question = practice.question_for(row)
    text = question.answer if isinstance(question.answer, str) else repr(question.answer)
    if isinstance(question.answer, list):
        text = "[" + ", ".join(repr(float(v)) for v in question.answer) + "]"
    response = client.post(f"/practice/question/{token}", data={"answer": text})
    assert response.headers["Location"] == f"/practice/feedback/{token}"


def next_after(client, token: str) -> str:
    return token_from(client.post("/practice/next", data={"after": token}))


def test_next_continues_the_queue_and_the_pages_say_how_many_remain(app, client, auth):
    auth.sign_up()
    client.post("/practice/", data={"topics": ["binary"], "difficulty": "1"})
    make_due(app, *DUE)
    first = token_from(client.post("/progress/review/next"))
    assert served(app, first).type_id == DUE[0] and served(app, first).origin == "review"
    page = client.get(f"/practice/question/{first}").data.decode()
    assert "Spaced review: 2 due, this one included." in page
    assert re.search(r'href="/progress/review" aria-current="page"', page)  # nav: Review

    answer_right(app, client, first)
    feedback = client.get(f"/practice/feedback/{first}").data.decode()
    assert "Next review (1 left)" in feedback
    assert "1 more kind of question is due now" in feedback
    assert f'name="after" type="hidden" value="{first}"' in feedback

    second = next_after(client, first)  # not a random binary question: the queue goes on
    assert served(app, second).type_id == DUE[1] and served(app, second).origin == "review"
    assert "Spaced review: 1 due, this one included." in client.get(
        f"/practice/question/{second}"
    ).data.decode(errors="replace")

    answer_right(app, client, second)
    feedback = client.get(f"/practice/feedback/{second}").data.decode()
    assert "That was the last review due now." in feedback and "Next review" not in feedback
    third = next_after(client, second)  # the queue is empty: back to the chosen topics
    row = served(app, third)
    assert row.origin == "drawn" and registry()[row.type_id].topic == "binary"


def test_next_after_an_ordinary_question_ignores_the_queue(app, client, auth):
    auth.sign_up()
    client.post("/practice/", data={"topics": ["binary"], "difficulty": "1"})
    make_due(app, *DUE)
    token = token_from(client.get("/practice/q/bce", query_string={"seed": "1"}))
    answer_right(app, client, token)
    assert "Next review" not in client.get(f"/practice/feedback/{token}").data.decode()
    row = served(app, next_after(client, token))
    assert row.origin == "drawn" and registry()[row.type_id].topic == "binary"


def test_a_wrong_review_tried_again_still_continues_the_queue(app, client, auth):
    auth.sign_up()
    client.post("/practice/", data={"topics": ["binary"], "difficulty": "1"})
    make_due(app, *DUE)
    first = token_from(client.post("/progress/review/next"))
    client.post(f"/practice/question/{first}", data={"answer": "123456"})
    retry = token_from(client.post(f"/practice/feedback/{first}/try-again"))
    answer_right(app, client, retry)
    assert "Next review (1 left)" in client.get(f"/practice/feedback/{retry}").data.decode()
    assert served(app, next_after(client, retry)).type_id == DUE[1]


def test_someone_elses_review_token_does_not_drive_my_queue(app, client, auth):
    auth.sign_up()
    make_due(app, *DUE)
    mine = token_from(client.post("/progress/review/next"))
    auth.sign_out()
    auth.sign_up(email="bob@example.com", name="Bob")
    client.post("/practice/", data={"topics": ["binary"], "difficulty": "1"})
    row = served(app, next_after(client, mine))
    assert row.origin == "drawn" and registry()[row.type_id].topic == "binary"
