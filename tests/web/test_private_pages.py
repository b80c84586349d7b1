"""Pages with a learner's own data are never stored by a browser or a shared cache."""

from __future__ import annotations

import pytest

from quizapp.extensions import db
from quizapp.models import Attempt
from quizapp.models.progress import InterviewRound


@pytest.fixture
def signed_in_with_data(app, client, auth, open_question):
    """Ada, signed in, with one recorded answer and one abandoned interview round."""
    auth.sign_up()
    token = open_question()
    client.post(f"/practice/question/{token}", data={"answer": "0.357"})
    client.post("/interview/start", data={"difficulty": "1"})
    with app.app_context():
        attempt_id = db.session.execute(db.select(Attempt.id)).scalar_one()
        round_id = db.session.execute(db.select(InterviewRound.id)).scalar_one()
    return {"attempt": attempt_id, "round": round_id}


PAGES = [
    "/progress/",
    "/progress/attempt/{attempt}",
    "/progress/review",
    "/auth/account",
    "/auth/password",
    "/auth/export",
    "/auth/delete",
    "/interview/",
    "/interview/round/{round}",
    "/interview/round/{round}/summary",
]


@pytest.mark.parametrize("page", PAGES)
def test_personal_pages_are_no_store(client, signed_in_with_data, page):
    path = page.format(**signed_in_with_data)
    if path.endswith("/summary"):
        client.post(f"/interview/round/{signed_in_with_data['round']}/abandon")
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    assert response.headers["Cache-Control"] == "no-store"


def test_public_pages_may_still_be_cached(client):
    """The home page and static files carry nobody's data, so they keep normal caching."""
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")
    with client.get("/static/css/app.css") as css:
        assert "no-store" not in css.headers.get("Cache-Control", "")
