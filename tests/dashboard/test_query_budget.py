"""The pages that read a learner's history cost a fixed number of queries, however long it is.

A per-row query (a lazy load, a lookup in a loop) would grow with the attempts and fail here.
"""

from __future__ import annotations

import re

import pytest
from support import ONE_HOT_PARAMS, StatementLog, bulk_attempts, token_from

from quizapp.extensions import db
from quizapp.models import ReviewCard, User
from quizapp.services import practice, question_cache

CSRF_VALUE = re.compile(rb'(name="csrf_token"[^>]*value=)"[^"]+"')


def without_csrf_tokens(page: bytes) -> bytes:
    """A page without its CSRF tokens, which carry the second they were signed in."""
    return CSRF_VALUE.sub(rb"\1", page)


def signed_up_id(app, auth) -> int:
    auth.sign_up()
    with app.app_context():
        return db.session.execute(db.select(User.id)).scalar_one()


@pytest.mark.parametrize("attempts", [30, 1_200])
def test_dashboard_queries_do_not_grow_with_the_history(app, client, auth, attempts):
    """User, attempts (with their retries), review cards, class assignments; past 500
    attempts also the totals."""
    bulk_attempts(app, signed_up_id(app, auth), attempts)
    with StatementLog(app) as log:
        page = client.get("/progress/")
    assert page.status_code == 200
    assert len(log.selects) <= 5, log.selects
    assert f"Answers</dt><dd>{attempts}<" in page.data.decode()  # totals over all of them


def test_dashboard_totals_count_the_whole_history_past_the_window(app, client, auth):
    bulk_attempts(app, signed_up_id(app, auth), 900)  # every third wrong: 600 right
    page = client.get("/progress/").data.decode()
    assert "Answers</dt><dd>900<" in page
    assert "Right</dt><dd>67\u00a0%" in page
    assert "These figures use your latest 500 answers." in page


def test_an_answer_is_one_generation_and_one_commit(app, client, auth, monkeypatch):
    """The answer POST regenerates its question once (view, grading and recording share it)
    and stores the attempt with its review card in a single commit."""
    auth.sign_up()
    token = token_from(
        client.get("/practice/q/ce_one_hot", query_string={"params": ONE_HOT_PARAMS})
    )
    question_cache.forget_all()  # as on a worker other than the one that served it
    generated = []
    real_generate = practice.generate

    def counting_generate(*args, **kwargs):
        generated.append(args[0])
        return real_generate(*args, **kwargs)

    monkeypatch.setattr(practice, "generate", counting_generate)
    with StatementLog(app) as log:
        response = client.post(f"/practice/question/{token}", data={"answer": "0.357"})
    assert response.status_code == 303
    assert generated == ["ce_one_hot"]
    assert log.commits == 1
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(ReviewCard.id))).scalar_one() == 1


def test_serving_a_question_generates_it_once(app, client, monkeypatch):
    generated = []
    real_generate = practice.generate
    monkeypatch.setattr(
        practice, "generate", lambda *a, **k: generated.append(a[0]) or real_generate(*a, **k)
    )
    token_from(client.get("/practice/q/ce_one_hot", query_string={"params": ONE_HOT_PARAMS}))
    assert generated == ["ce_one_hot"]


def test_pages_without_the_review_badge_make_no_review_query(app, client, auth):
    """The nav's due count is asked for only where the nav shows it; the practice start page
    for a signed-in learner shows it with one COUNT, never one per card."""
    auth.sign_up()
    with StatementLog(app) as log:
        assert client.get("/practice/").status_code == 200
    review_queries = [s for s in log.selects if "review_card" in s]
    assert len(review_queries) <= 1, review_queries


def test_a_served_question_is_not_generated_again_by_its_pages(app, client, auth, monkeypatch):
    """Serving keeps the question generated in this process; its page, the answer and the
    feedback page reuse it, and give what a fresh generation would."""
    auth.sign_up()
    generated = []
    real_generate = practice.generate
    monkeypatch.setattr(
        practice, "generate", lambda *a, **k: generated.append(a[0]) or real_generate(*a, **k)
    )
    token = token_from(
        client.get("/practice/q/ce_one_hot", query_string={"params": ONE_HOT_PARAMS})
    )
    page = client.get(f"/practice/question/{token}")
    assert client.post(f"/practice/question/{token}", data={"answer": "0.357"}).status_code == 303
    feedback = client.get(f"/practice/feedback/{token}")
    assert page.status_code == feedback.status_code == 200
    assert generated == ["ce_one_hot"]
    question_cache.forget_all()
    again = client.get(f"/practice/feedback/{token}")
    assert without_csrf_tokens(again.data) == without_csrf_tokens(feedback.data)
    assert generated == ["ce_one_hot", "ce_one_hot"]


def test_a_signed_in_question_page_is_one_select(app, client, auth):
    """The user with the nav's due count and the served row, in one statement; the
    feedback page adds only its attempt, and the answer POST reads nothing else before
    its claim."""
    auth.sign_up()
    token = token_from(
        client.get("/practice/q/ce_one_hot", query_string={"params": ONE_HOT_PARAMS})
    )
    with StatementLog(app) as log:
        assert client.get(f"/practice/question/{token}").status_code == 200
    assert len(log.selects) == 1, log.selects
    (select,) = log.selects
    assert "review_card" in select and "served_question" in select
    assert re.search(r'FROM "?user"?\s', select)
    with StatementLog(app) as log:
        posted = client.post(f"/practice/question/{token}", data={"answer": "0.357"})
        assert posted.status_code == 303
    assert len(log.selects) == 1, log.selects  # the pair (the claim reads the card)
    assert "served_question" in log.selects[0] and re.search(r'FROM "?user"?\s', log.selects[0])
    with StatementLog(app) as log:
        assert client.get(f"/practice/feedback/{token}").status_code == 200
    assert len(log.selects) == 2, log.selects
    assert "FROM attempt" in log.selects[1]


def test_a_review_written_in_a_request_forgets_the_count_the_session_brought(app, auth):
    """A due count remembered when the user was loaded is stale once a card changes."""
    from flask import g

    from quizapp.models import utcnow
    from quizapp.services import progress

    user_id = signed_up_id(app, auth)
    with app.test_request_context():
        _user, count = progress.user_and_due_count(user_id, utcnow())
        progress.remember_due_count(count)
        progress.record_review(
            user_id, "entropy", correct=False, hints_used=0, time_taken_ms=5_000, now=utcnow()
        )
        assert "due_review_count" not in g
