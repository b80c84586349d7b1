"""Personal API tokens on the account page: create (secret shown once), list, revoke."""

import base64
import re
import zlib
from datetime import timedelta

import pytest
from api_support import bearer, count, issue_token, make_user
from support import PASSWORD, csrf_token, sign_up_with_csrf

from quizapp.extensions import db
from quizapp.models import ApiToken, ApiTokenReveal, utcnow
from quizapp.models.api_token import hash_secret
from quizapp.services.api_tokens import REVEAL_TTL

SECRET = re.compile(rb"qz_[A-Za-z0-9_-]{43}")


def session_cookie_text(client) -> str:
    """What anyone holding the session cookie can read in it (signed is not encrypted)."""
    value = client.get_cookie("session").value
    payload = value.lstrip(".").split(".")[0]
    data = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    return (zlib.decompress(data) if value.startswith(".") else data).decode()


def create_token(client, name="laptop script"):
    """Post/redirect/get: the POST creates the token and redirects; the page after it shows
    the secret, uncached, while the session cookie never holds it."""
    response = client.post("/auth/api-tokens", data={"name": name})
    assert response.status_code == 303
    assert response.headers["Location"] == "/auth/account#api-tokens"
    assert not SECRET.search(session_cookie_text(client).encode())
    page = client.get(response.headers["Location"])
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    secret = SECRET.search(page.data).group().decode()
    assert secret not in session_cookie_text(client)
    return page


def test_reloading_the_page_after_creating_a_token_creates_no_second_one(app, client, auth):
    """The page that shows the secret is a GET: reloading it shows the list, not the secret
    again, and never posts the form a second time."""
    auth.sign_up()
    secret = SECRET.search(create_token(client).data).group().decode()
    reloaded = client.get("/auth/account")
    assert reloaded.status_code == 200 and b"laptop script" in reloaded.data
    assert secret.encode() not in reloaded.data and b"shown only" not in reloaded.data
    assert count(app, ApiToken) == 1
    assert count(app, ApiTokenReveal) == 0  # the sealed half is gone once shown


def test_the_secret_waits_sealed_and_only_for_the_browser_that_made_it(app, client, auth):
    """Neither the database row nor another signed-in browser of the same account can read
    the secret between the POST and the page that shows it."""
    auth.sign_up()
    phone = app.test_client()
    phone.post("/auth/sign-in", data={"email": "ada@example.com", "password": "correct horse"})
    client.post("/auth/api-tokens", data={"name": "laptop script"})
    with app.app_context():
        sealed = db.session.execute(db.select(ApiTokenReveal.sealed)).scalar_one()
    assert not SECRET.search(sealed.encode())
    assert not SECRET.search(phone.get("/auth/account").data)
    page = client.get("/auth/account")
    secret = SECRET.search(page.data).group()
    assert secret not in sealed.encode()


def test_an_unclaimed_secret_expires(app, client, auth):
    auth.sign_up()
    client.post("/auth/api-tokens", data={"name": "late"})
    with app.app_context():
        reveal = db.session.execute(db.select(ApiTokenReveal)).scalar_one()
        reveal.created_at = utcnow() - REVEAL_TTL - timedelta(seconds=1)
        db.session.commit()
    page = client.get("/auth/account")
    assert not SECRET.search(page.data)
    assert b"can no longer be shown" in page.data and b"revoke the token" in page.data


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
    sign_up_with_csrf(client, "ann@example.com", PASSWORD)
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
    assert created.status_code == 303 and count(csrf_app, ApiToken) == 1
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
