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


def test_progress_lists_attempts_a_page_at_a_time(app, api, secret, user_id):
    """Totals cover everything; ``recent`` is one page, newest first, with what comes next."""
    from support import bulk_attempts

    bulk_attempts(app, user_id, 45)
    first = api.get("/api/v1/progress", headers=bearer(secret)).get_json()
    assert first["totals"]["attempts"] == 45 and first["totals"]["correct"] == 30
    assert len(first["recent"]) == 20
    assert first["pagination"] == {
        "page": 1,
        "per_page": 20,
        "total": 45,
        "pages": 3,
        "next_page": 2,
    }
    last = api.get("/api/v1/progress", query_string={"page": 3}, headers=bearer(secret)).get_json()
    assert len(last["recent"]) == 5 and last["pagination"]["next_page"] is None
    small = api.get(
        "/api/v1/progress", query_string={"page": 2, "per_page": 10}, headers=bearer(secret)
    ).get_json()
    seeds = [row["seed"] for row in small["recent"]]
    assert seeds == list(range(34, 24, -1))  # attempts 44 … 0 newest first; page 2 of 10
    beyond = api.get(
        "/api/v1/progress", query_string={"page": 9}, headers=bearer(secret)
    ).get_json()
    assert beyond["recent"] == [] and beyond["totals"]["attempts"] == 45


def test_progress_counts_topics_and_misconceptions_over_the_whole_history(
    app, api, secret, user_id
):
    from support import bulk_attempts

    bulk_attempts(app, user_id, 600, type_ids=("ce_one_hot",))
    body = api.get("/api/v1/progress", headers=bearer(secret)).get_json()
    topics = {row["topic"]: row for row in body["topics"]}
    assert topics["categorical"]["attempts"] == 600
    assert body["misconceptions"] == [{"code": "log_base_2", "count": 200, "type": "ce_one_hot"}]


@pytest.mark.parametrize(
    ("query", "where"),
    [
        ({"page": "0"}, "page"),
        ({"page": "-1"}, "page"),
        ({"page": "two"}, "page"),
        ({"page": "10000000"}, "page"),
        ({"per_page": "0"}, "per_page"),
        ({"per_page": "101"}, "per_page"),
        ({"per_page": "1.5"}, "per_page"),
    ],
)
def test_progress_refuses_a_page_out_of_range_with_422(api, secret, query, where):
    response = api.get("/api/v1/progress", query_string=query, headers=bearer(secret))
    assert response.status_code == 422
    assert response.get_json()["where"] == where


@pytest.mark.parametrize("attempts", [10, 3_000])
def test_progress_queries_do_not_grow_with_the_history(app, api, secret, user_id, attempts):
    """Token, user, totals, mastery windows, misconceptions, one page: nothing per row."""
    from support import StatementLog, bulk_attempts

    bulk_attempts(app, user_id, attempts)
    with StatementLog(app) as log:
        response = api.get("/api/v1/progress", headers=bearer(secret))
    assert response.status_code == 200
    assert len(response.get_json()["recent"]) == min(attempts, 20)
    assert len(log.selects) <= 6, "\n".join(s[:60].replace("\n", " ") for s in log.selects)
