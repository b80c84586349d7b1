"""Personal API tokens on the account page: create (secret shown once), list, revoke."""

import re

import pytest
from api_support import bearer, count, issue_token, make_user
from support import csrf_token, sign_up_with_csrf

from quizapp.extensions import db
from quizapp.models import ApiToken
from quizapp.models.api_token import hash_secret

SECRET = re.compile(rb"qz_[A-Za-z0-9_-]{43}")


def create_token(client, name="laptop script"):
    """The secret comes in the POST's own response, uncached and never in the session."""
    response = client.post("/auth/api-tokens", data={"name": name})
    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"
    secret = SECRET.search(response.data).group().decode()
    with client.session_transaction() as session:
        assert secret not in repr(dict(session))
    return response


def test_created_token_is_shown_once_and_stored_only_as_a_hash(app, client, auth, api):
    auth.sign_up()
    page = create_token(client)
    secret = SECRET.search(page.data).group().decode()
    assert b"shown only" in page.data and b"laptop script" in page.data
    again = client.get("/auth/account")
    assert secret.encode() not in again.data and b"laptop script" in again.data
    assert secret[:10].encode() in again.data  # the prefix, to tell tokens apart
    with app.app_context():
        token = db.session.execute(db.select(ApiToken)).scalar_one()
        assert token.token_hash == hash_secret(secret) and secret not in token.token_hash
        assert token.prefix == secret[:10] and token.last_used_at is None
    # The secret works on the API, from a client without the page's cookie.
    assert api.get("/api/v1/progress", headers=bearer(secret)).status_code == 200
    assert b"Never" not in client.get("/auth/account").data  # last use now shown


@pytest.mark.parametrize(
    ("name", "message"), [("", b"Name the token"), ("x" * 81, b"under 80 characters")]
)
def test_token_name_is_required_and_short(app, client, auth, name, message):
    auth.sign_up()
    response = client.post("/auth/api-tokens", data={"name": name})
    assert response.status_code == 422 and message in response.data
    assert count(app, ApiToken) == 0


def test_revoking_a_token_stops_it_working(app, client, auth, api):
    auth.sign_up()
    secret = SECRET.search(create_token(client).data).group().decode()
    with app.app_context():
        token_id = db.session.execute(db.select(ApiToken.id)).scalar_one()
    response = client.post(f"/auth/api-tokens/{token_id}/revoke")
    assert response.status_code == 303
    page = client.get(response.headers["Location"])
    assert b"is revoked" in page.data and b"no active API tokens" in page.data
    assert api.get("/api/v1/progress", headers=bearer(secret)).status_code == 401
    assert count(app, ApiToken, id=token_id) == 1  # kept, marked revoked


def test_only_the_owner_can_revoke_a_token(app, client, auth):
    other_secret = issue_token(app, make_user(app, "other@example.com"))
    with app.app_context():
        other_id = db.session.execute(db.select(ApiToken.id)).scalar_one()
    auth.sign_up()
    assert client.post(f"/auth/api-tokens/{other_id}/revoke").status_code == 404
    assert client.post("/auth/api-tokens/999/revoke").status_code == 404
    with app.app_context():
        assert db.session.get(ApiToken, other_id).revoked_at is None
    assert other_secret


def test_token_pages_need_a_signed_in_user(app, client):
    assert client.post("/auth/api-tokens", data={"name": "x"}).status_code == 302
    assert count(app, ApiToken) == 0


def signed_in_client(app):
    client = app.test_client()
    sign_up_with_csrf(client, "ann@example.com", "p" * 10)
    return client


def test_token_forms_refuse_posts_without_csrf(csrf_app):
    client = signed_in_client(csrf_app)
    referer = {"Referer": "http://localhost/auth/account"}
    refused = client.post("/auth/api-tokens", data={"name": "x"}, headers=referer)
    assert refused.status_code == 303 and count(csrf_app, ApiToken) == 0
    assert b"could not be checked" in client.get("/auth/account").data

    page = client.get("/auth/account")
    created = client.post(
        "/auth/api-tokens", data={"name": "ok", "csrf_token": csrf_token(page.data)}
    )
    assert created.status_code == 201 and count(csrf_app, ApiToken) == 1
    with csrf_app.app_context():
        token_id = db.session.execute(db.select(ApiToken.id)).scalar_one()
    client.post(f"/auth/api-tokens/{token_id}/revoke", headers=referer)
    assert count(csrf_app, ApiToken, revoked_at=None) == 1  # not revoked without the token
    page = client.get("/auth/account")
    client.post(f"/auth/api-tokens/{token_id}/revoke", data={"csrf_token": csrf_token(page.data)})
    assert count(csrf_app, ApiToken, revoked_at=None) == 0


def test_the_api_needs_no_csrf_token(csrf_app):
    response = csrf_app.test_client().post("/api/v1/questions", json={"type": "entropy", "seed": 1})
    assert response.status_code == 201
