"""GET /api/v1/progress: one's own stats, only with a valid bearer token (never a cookie)."""

import re
from datetime import UTC, datetime

import pytest
from api_support import ONE_HOT, ONE_HOT_ANSWER, bearer, count, issue_token, make_user

from quizapp.extensions import db
from quizapp.models import ApiToken, Attempt, utcnow


def practise(api, headers, answers):
    """Serve the one-hot question once per answer and answer it with ``headers``."""
    for text in answers:
        served = api.post(
            "/api/v1/questions",
            json={"type": "ce_one_hot", "params": ONE_HOT},
            headers=headers,
        ).get_json()
        response = api.post(
            "/api/v1/answers", json={"token": served["token"], "answer": text}, headers=headers
        )
        assert response.status_code == 200


def test_progress_reports_totals_mastery_misconceptions_and_recent(api, secret):
    headers = bearer(secret)
    practise(api, headers, [ONE_HOT_ANSWER, ONE_HOT_ANSWER, "0.5146"])
    response = api.get("/api/v1/progress", headers=headers)
    assert response.status_code == 200
    body = response.get_json()
    assert body["totals"]["attempts"] == 3 and body["totals"]["correct"] == 2
    assert body["totals"]["accuracy"] == pytest.approx(2 / 3)
    topics = {row["topic"]: row for row in body["topics"]}
    assert topics["categorical"]["attempts"] == 3
    assert topics["categorical"]["level"] == "practising"  # mean score 2/3
    assert topics["entropy"]["level"] == "not started"
    assert body["misconceptions"] == [{"code": "log_base_2", "count": 1, "type": "ce_one_hot"}]
    recent = body["recent"]
    assert [row["correct"] for row in recent] == [False, True, True]  # newest first
    assert recent[0]["type"] == "ce_one_hot" and recent[0]["diagnosis"] == "log_base_2"
    assert recent[0]["params"]["pred"] == [0.7, 0.2, 0.1] and recent[0]["difficulty"] == 1
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", recent[0]["created_at"])
    assert body["mastery_rule"]


def test_progress_shows_only_ones_own_attempts(app, api, secret):
    practise(api, bearer(secret), [ONE_HOT_ANSWER])
    practise(api, {}, [ONE_HOT_ANSWER])  # anonymous: recorded for nobody
    other = issue_token(app, make_user(app, "other@example.com"))
    body = api.get("/api/v1/progress", headers=bearer(other)).get_json()
    assert body["totals"] == {"attempts": 0, "correct": 0, "accuracy": None, "mean_score": None}
    assert body["recent"] == [] and body["misconceptions"] == []
    mine = api.get("/api/v1/progress", headers=bearer(secret)).get_json()
    assert mine["totals"]["attempts"] == 1


def test_using_a_token_sets_its_last_used_time(app, api, secret):
    before = utcnow()
    assert api.get("/api/v1/progress", headers=bearer(secret)).status_code == 200
    with app.app_context():
        token = db.session.execute(db.select(ApiToken)).scalar_one()
        assert token.last_used_at is not None and token.last_used_at >= before


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (None, "needs a personal API token"),
        ("Bearer", "must be 'Bearer <token>'"),
        ("Basic dXNlcjpwdw==", "must be 'Bearer <token>'"),
        ("Bearer qz_not-a-real-token", "not valid"),
        ("Bearer something-else", "not valid"),
        ("Bearer " + "qz_" + "a" * 500, "not valid"),
    ],
)
def test_progress_without_a_valid_token_is_401_json(api, secret, header, message):
    headers = {"Authorization": header} if header else {}
    response = api.get("/api/v1/progress", headers=headers)
    assert response.status_code == 401 and response.is_json
    assert message in response.get_json()["error"]
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_revoked_token_is_401_everywhere(app, api, secret):
    with app.app_context():
        token = db.session.execute(db.select(ApiToken)).scalar_one()
        token.revoked_at = datetime.now(UTC)
        db.session.commit()
    for method, path in [
        ("get", "/api/v1/progress"),
        ("get", "/api/v1/question-types"),
        ("post", "/api/v1/questions"),
        ("post", "/api/v1/answers"),
    ]:
        response = getattr(api, method)(path, headers=bearer(secret), json={})
        assert response.status_code == 401, path
        assert "revoked" in response.get_json()["error"]


def test_a_signed_in_browser_session_does_not_authenticate_the_api(app, client, auth):
    auth.sign_up()
    assert client.get("/auth/account").status_code == 200  # signed in through the pages
    response = client.get("/api/v1/progress")
    assert response.status_code == 401 and response.is_json
    # And an answer sent with only the cookie is graded anonymously: nothing recorded.
    served = client.post(
        "/api/v1/questions", json={"type": "ce_one_hot", "params": ONE_HOT}
    ).get_json()
    graded = client.post("/api/v1/answers", json={"token": served["token"], "answer": "0.3567"})
    assert graded.get_json()["recorded"] is False
    assert count(app, Attempt) == 0
