"""Data ownership: download all of one's data as JSON; delete the account and everything in it."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

from support import ONE_HOT_PARAMS, make_test_app, sign_up_with_csrf, token_from

from quizapp.extensions import db
from quizapp.models import Attempt, ServedQuestion, User, utcnow
from quizapp.models.progress import InterviewItem, InterviewRound, ReviewCard

PASSWORD = "correct horse"


def answer(client, text="0.357") -> str:
    token = token_from(
        client.get("/practice/q/ce_one_hot", query_string={"params": ONE_HOT_PARAMS})
    )
    client.post(f"/practice/question/{token}", data={"answer": text})
    return token


def counts(app) -> dict[str, int]:
    with app.app_context():
        return {
            model.__tablename__: db.session.execute(
                db.select(db.func.count()).select_from(model)
            ).scalar_one()
            for model in (User, ServedQuestion, Attempt, ReviewCard, InterviewRound, InterviewItem)
        }


def learner_with_history(client, auth, email="ada@example.com") -> None:
    auth.sign_up(email=email, password=PASSWORD)
    answer(client, "0.357")
    answer(client, "0.5146")
    client.post("/interview/start", data={"difficulty": "1"})


def test_export_is_a_json_attachment_with_everything_but_the_password(app, client, auth):
    learner_with_history(client, auth)
    response = client.get("/auth/export")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="quizapp-data-') and ".json" in disposition
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.data)
    assert data["format"] == "quizapp-export" and data["version"] == 1
    assert data["profile"]["email"] == "ada@example.com"
    assert "password" not in json.dumps(data)  # neither the field nor the hash
    with app.app_context():
        stored_hash = db.session.execute(db.select(User.password_hash)).scalar_one()
    assert stored_hash not in response.data.decode()
    assert [(a["type"], a["answer"], a["correct"]) for a in data["attempts"]] == [
        ("ce_one_hot", "0.357", True),
        ("ce_one_hot", "0.5146", False),
    ]
    assert data["attempts"][1]["diagnosis"] == "log_base_2"
    assert data["attempts"][0]["params"]["pred"] == [0.7, 0.2, 0.1]
    assert [c["type"] for c in data["review_cards"]] == ["ce_one_hot"]
    assert "due" in data["review_cards"][0]["card"]
    (round_,) = data["interview_rounds"]
    assert round_["status"] == "active" and len(round_["plan"]) == 10
    assert len(round_["served_tokens"]) == 1
    assert len(data["served_questions"]) == 3  # two practice questions, one interview question


def test_export_holds_only_ones_own_data(client, auth):
    learner_with_history(client, auth, email="bob@example.com")
    auth.sign_out()
    auth.sign_up(email="ada@example.com", password=PASSWORD)
    data = json.loads(client.get("/auth/export").data)
    assert data["attempts"] == [] and data["interview_rounds"] == []
    assert data["review_cards"] == [] and data["served_questions"] == []


def test_export_needs_sign_in(client):
    response = client.get("/auth/export")
    assert response.status_code == 302 and "/auth/sign-in" in response.headers["Location"]


def test_account_page_offers_download_and_deletion(client, auth):
    auth.sign_up()
    page = client.get("/auth/account").data.decode()
    assert 'href="/auth/export"' in page and "Download my data" in page
    assert 'href="/auth/delete"' in page


def test_delete_asks_for_the_password_first(app, client, auth):
    learner_with_history(client, auth)
    before = counts(app)
    page = client.get("/auth/delete")
    assert page.status_code == 200 and b"cannot be undone" in page.data
    wrong = client.post("/auth/delete", data={"password": "not my password"})
    assert wrong.status_code == 422
    assert b"That is not your password; nothing was deleted." in wrong.data
    assert counts(app) == before


def test_delete_removes_the_account_and_all_its_rows_but_no_one_elses(app, client, auth):
    learner_with_history(client, auth, email="bob@example.com")
    auth.sign_out()
    learner_with_history(client, auth, email="ada@example.com")
    with app.app_context():
        db.session.execute(  # a review card that is due, to be sure cards go too
            db.update(ReviewCard).values(due_at=utcnow() - timedelta(days=1))
        )
        db.session.commit()
    before = counts(app)
    response = client.post("/auth/delete", data={"password": PASSWORD})
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert b"Your account and all its data are deleted." in client.get("/").data
    after = counts(app)
    assert after == {table: n // 2 for table, n in before.items()}  # Bob's half remains
    with app.app_context():
        assert db.session.execute(db.select(User.email)).scalars().all() == ["bob@example.com"]
    # Signed out: pages that need an account send us to sign in.
    assert client.get("/progress/").status_code == 302


def test_delete_needs_a_csrf_token(database_url):
    app = make_test_app(database_url, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    sign_up_with_csrf(client, "ada@example.com", PASSWORD, name="Ada")
    response = client.post("/auth/delete", data={"password": PASSWORD})
    assert response.status_code in (303, 400)
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(User.id))).scalar_one() == 1
        db.engine.dispose()


def test_a_long_history_is_exported_as_a_stream_of_the_same_document(app, client, auth):
    """Thousands of answers are written as they are read (no Content-Length, several
    pieces), and the result is still one JSON document with every attempt."""
    from support import bulk_attempts

    auth.sign_up()
    with app.app_context():
        user_id = db.session.execute(db.select(User.id)).scalar_one()
    bulk_attempts(app, user_id, 1_500)
    response = client.get("/auth/export")
    assert response.status_code == 200 and response.is_streamed
    assert "Content-Length" not in response.headers
    pieces = list(response.response)
    response.close()  # ends the streamed body's request context, returning its connection
    assert len(pieces) > 1
    data = json.loads(b"".join(p if isinstance(p, bytes) else p.encode() for p in pieces))
    assert len(data["attempts"]) == 1_500 and len(data["served_questions"]) == 1_500
    assert data["attempts"][0]["served_token"] == f"bulk-{user_id}-0"  # oldest first
    assert set(data) == {
        "format",
        "version",
        "exported_at",
        "profile",
        "attempts",
        "retries",
        "served_questions",
        "review_cards",
        "problem_reports",
        "interview_rounds",
    }


def test_answers_csv_has_a_row_per_answer_with_formula_text_neutralised(app, client, auth):
    """Answers typed with a leading sign are text a spreadsheet would run: prefixed with
    ' in the CSV, while the score columns stay plain numbers."""
    auth.sign_up()
    answer(client, "+0.357")
    answer(client, "-0.357")
    response = client.get("/auth/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.is_streamed and response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"].startswith(
        'attachment; filename="quizapp-answers-'
    )
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True), newline="")))
    response.close()
    assert [(r["type_id"], r["answer"], r["correct"], r["score"]) for r in rows] == [
        ("ce_one_hot", "'+0.357", "true", "1.0"),
        ("ce_one_hot", "'-0.357", "false", "0.0"),
    ]
    assert rows[0]["assignment_id"] == "" and rows[0]["answered_at_utc"].endswith("Z")


def test_answers_csv_has_only_ones_own_answers(client, auth):
    auth.sign_up(email="ada@example.com")
    answer(client, "0.357")
    auth.sign_out()
    auth.sign_up(email="bea@example.com")
    response = client.get("/auth/export.csv")
    assert response.get_data(as_text=True).count("\r\n") == 1  # the header alone
    response.close()


def test_a_long_history_of_answers_streams_as_csv_in_pieces(app, client, auth):
    from support import bulk_attempts

    auth.sign_up()
    with app.app_context():
        user_id = db.session.execute(db.select(User.id)).scalar_one()
    bulk_attempts(app, user_id, 1_500)
    assert 'href="/auth/export.csv"' in client.get("/auth/account").data.decode()
    response = client.get("/auth/export.csv")
    pieces = list(response.response)
    response.close()
    assert len(pieces) > 1 and "Content-Length" not in response.headers
    text = b"".join(p if isinstance(p, bytes) else p.encode() for p in pieces).decode()
    assert text.count("\r\n") == 1_501
