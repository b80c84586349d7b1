"""The progress dashboard and the attempt review page: what they show, and to whom."""

from __future__ import annotations

from datetime import timedelta

from support import ONE_HOT_PARAMS, token_from

from quizapp.extensions import db
from quizapp.models import Attempt, ServedQuestion, User, utcnow
from quizapp.services import progress

# ce_one_hot with pred [0.7, 0.2, 0.1], target 0: −ln 0.7 = 0.3567; log2 gives 0.5146.
RIGHT, LOG2 = "0.357", "0.5146"


def answer_one_hot(client, text: str) -> str:
    token = token_from(
        client.get("/practice/q/ce_one_hot", query_string={"params": ONE_HOT_PARAMS})
    )
    response = client.post(f"/practice/question/{token}", data={"answer": text})
    assert response.status_code == 303
    return token


def attempt_id(app, token: str) -> int:
    with app.app_context():
        return db.session.execute(db.select(Attempt.id).filter_by(served_token=token)).scalar_one()


def user_id(app, email: str = "ada@example.com") -> int:
    with app.app_context():
        return db.session.execute(db.select(User.id).filter_by(email=email)).scalar_one()


def test_guests_are_sent_to_sign_in_with_a_message(client):
    response = client.get("/progress/")
    assert response.status_code == 302
    assert "/auth/sign-in?next=%2Fprogress%2F" in response.headers["Location"]
    page = client.get(response.headers["Location"])
    assert b"Sign in to see that page." in page.data


def test_empty_dashboard_invites_practice(client, auth):
    auth.sign_up()
    page = client.get("/progress/").data.decode()
    assert "No answers yet" in page
    assert "Not started" in page
    assert "Mastery looks at your last 5 answers" in page  # the rule is explained


def test_dashboard_shows_mastery_chart_misconceptions_recent_and_streak(app, client, auth):
    auth.sign_up()
    for text in (RIGHT, RIGHT, RIGHT, LOG2):
        answer_one_hot(client, text)
    page = client.get("/progress/").data.decode()
    # 3 of 4 right, mean score 0.75: "practising" for the categorical topic.
    assert 'class="level level-practising">Practising' in page
    assert "Categorical cross-entropy" in page
    assert '<svg class="chart chart-accuracy"' in page
    assert '<table class="accuracy-table">' in page and "<details" in page
    assert "Log base 2 instead of the natural log" in page
    assert 'href="/practice/q/ce_one_hot"' in page and "Practise this" in page
    assert page.count('href="/progress/attempt/') == 4
    assert "Current streak</dt><dd>1 day" in page
    assert "Longest streak</dt><dd>1 day" in page
    assert "Right</dt><dd>75\u00a0%" in page


def test_dashboard_is_two_queries_whatever_the_number_of_attempts(app, client, auth):
    """Attempts and review cards load once each; nothing per row (plus the session's user)."""
    from sqlalchemy import event

    auth.sign_up()
    for text in (RIGHT, LOG2, RIGHT):
        answer_one_hot(client, text)
    statements: list[str] = []
    with app.app_context():
        engine = db.engine

        def count(_conn, _cursor, statement, *_args):
            statements.append(statement)

        event.listen(engine, "before_cursor_execute", count)
        try:
            assert client.get("/progress/").status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", count)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    # User (Flask-Login), attempts, review cards, the learner's class assignments (none
    # here; with some, one more query loads the progress on all of them).
    assert len(selects) <= 4, selects


def test_attempt_review_regenerates_the_question_with_the_answer_given(app, client, auth):
    auth.sign_up()
    token = answer_one_hot(client, LOG2)
    page = client.get(f"/progress/attempt/{attempt_id(app, token)}").data.decode()
    assert "You got this wrong" in page
    assert "<code>0.5146</code>" in page
    assert "0.3567 nats" in page  # expected answer
    assert "Log base 2 instead of the natural log" in page
    assert "0.7" in page and 'class="panel solution"' in page


def test_another_users_attempt_is_a_404(app, client, auth):
    auth.sign_up()
    token = answer_one_hot(client, RIGHT)
    own = attempt_id(app, token)
    auth.sign_out()
    auth.sign_up(email="bob@example.com", name="Bob")
    assert client.get(f"/progress/attempt/{own}").status_code == 404
    assert client.get("/progress/attempt/999999").status_code == 404


def test_attempt_review_needs_sign_in(app, client, auth):
    token = answer_one_hot(client, RIGHT)  # a guest's attempt
    response = client.get(f"/progress/attempt/{attempt_id(app, token)}")
    assert response.status_code == 302 and "/auth/sign-in" in response.headers["Location"]


def test_nav_badge_and_dashboard_count_due_reviews(app, client, auth):
    auth.sign_up()
    page = client.get("/progress/").data.decode()
    assert 'class="badge"' not in page
    with app.app_context():
        uid = user_id(app)
        yesterday = utcnow() - timedelta(days=1)
        for type_id in ("entropy", "bce"):
            progress.record_review(
                uid, type_id, correct=False, hints_used=0, time_taken_ms=5_000, now=yesterday
            )
    page = client.get("/progress/").data.decode()
    assert '<span class="badge">2<span class="visually-hidden"> due</span></span>' in page
    assert "Reviews due</dt><dd>2" in page
    assert "Practise what is due" in page
    review = client.get("/progress/review").data.decode()
    assert "Due now (2)" in review


def test_practise_what_is_due_serves_the_most_overdue_type_with_a_fresh_seed(app, client, auth):
    auth.sign_up()
    with app.app_context():
        uid = user_id(app)
        now = utcnow()
        progress.record_review(
            uid, "bce", correct=False, hints_used=0, time_taken_ms=None, now=now - timedelta(days=1)
        )
        progress.record_review(
            uid,
            "entropy",
            correct=False,
            hints_used=0,
            time_taken_ms=None,
            now=now - timedelta(days=3),
        )
    first = token_from(client.post("/progress/review/next"))
    second = token_from(client.post("/progress/review/next"))
    with app.app_context():
        rows = [
            db.session.execute(db.select(ServedQuestion).filter_by(token=t)).scalar_one()
            for t in (first, second)
        ]
    assert [row.type_id for row in rows] == ["entropy", "entropy"]  # unanswered: still due
    assert all(row.origin == "review" and row.user_id == uid for row in rows)
    assert rows[0].seed != rows[1].seed


def test_practise_what_is_due_with_nothing_due_says_so(client, auth):
    auth.sign_up()
    response = client.post("/progress/review/next")
    assert response.status_code == 303 and response.headers["Location"].endswith("/progress/review")
    assert b"Nothing is due for review right now" in client.get("/progress/review").data


def test_practise_what_is_due_needs_sign_in(client):
    response = client.post("/progress/review/next")
    assert response.status_code == 302 and "/auth/sign-in" in response.headers["Location"]


def test_practice_start_offers_what_is_due(app, client, auth):
    auth.sign_up()
    assert b"Practise what is due" not in client.get("/practice/").data
    with app.app_context():
        progress.record_review(
            user_id(app),
            "entropy",
            correct=False,
            hints_used=0,
            time_taken_ms=None,
            now=utcnow() - timedelta(days=1),
        )
    page = client.get("/practice/").data.decode()
    assert "Reviews due: 1" in page and 'action="/progress/review/next"' in page
