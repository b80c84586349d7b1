"""Fixtures for the JSON API: a cookie-free client, a user with a personal token."""

from __future__ import annotations

import pytest
from api_support import ONE_HOT, issue_token, make_user


@pytest.fixture
def api(app):
    """A client that never signs in through the browser pages, so it has no session cookie."""
    return app.test_client()


@pytest.fixture
def user_id(app):
    return make_user(app)


@pytest.fixture
def secret(app, user_id):
    return issue_token(app, user_id)


@pytest.fixture
def serve(api):
    """POST /api/v1/questions (default: the fixed one-hot question); returns the JSON body."""

    def serve_(headers=None, **body):
        body.setdefault("type", "ce_one_hot")
        if body["type"] == "ce_one_hot":
            body.setdefault("params", ONE_HOT)
        response = api.post("/api/v1/questions", json=body, headers=headers or {})
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    return serve_
