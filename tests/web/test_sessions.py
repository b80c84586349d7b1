"""Sessions that can be ended: sign out everywhere, a password change and the admin's
action each stop every copy of the old session and remember-me cookies from signing in.

Each test copies a real cookie, as a thief would, from one test client into another.
"""

from __future__ import annotations

import pytest
from flask_login.utils import encode_cookie
from support import PASSWORD, add_user, csrf_token, flashes, sign_in

from quizapp.extensions import db
from quizapp.models import User

EMAIL = "lee@example.com"
SESSION = "session"
REMEMBER = "remember_token"


@pytest.fixture
def lee(app):
    """A learner's client, signed in with "keep me signed in"."""
    with app.app_context():
        add_user(EMAIL)
    client = app.test_client()
    response = client.post(
        "/auth/sign-in", data={"email": EMAIL, "password": PASSWORD, "remember": "y"}
    )
    assert response.status_code == 303
    return client


def copy_of(app, client, name: str):
    """A new client holding only ``client``'s cookie ``name`` (a stolen copy)."""
    cookie = client.get_cookie(name)
    assert cookie is not None, f"no {name} cookie to copy"
    thief = app.test_client()
    thief.set_cookie(name, cookie.value)
    return thief


def signed_in(client) -> bool:
    """Whether the account page opens for ``client`` (else: sent to sign in)."""
    response = client.get("/auth/account")
    if response.status_code == 302:
        assert "/auth/sign-in" in response.headers["Location"]
        return False
    assert response.status_code == 200, response.status_code
    return True


def generation(app, email: str = EMAIL) -> int:
    with app.app_context():
        return db.session.execute(
            db.select(User.session_generation).filter_by(email=email)
        ).scalar_one()


def test_copied_cookies_sign_in_until_something_ends_them(app, lee):
    """The copies are real: without an ending, each one alone signs in."""
    assert signed_in(copy_of(app, lee, SESSION))
    assert signed_in(copy_of(app, lee, REMEMBER))


@pytest.mark.parametrize("cookie", [SESSION, REMEMBER])
def test_sign_out_everywhere_ends_every_copy_and_this_session(app, lee, cookie):
    thief = copy_of(app, lee, cookie)
    assert signed_in(thief)
    later_thief = copy_of(app, lee, cookie)  # a copy first used after the ending
    response = lee.post("/auth/sign-out-everywhere")
    assert response.status_code == 303 and response.headers["Location"] == "/auth/sign-in"
    assert generation(app) == 1
    assert not signed_in(thief) and not signed_in(later_thief)
    # This browser is signed out too, and its remember-me cookie is gone.
    assert lee.get_cookie(REMEMBER) is None
    page = lee.get("/auth/sign-in")
    assert "You are signed out everywhere, on this device too. Sign in to go on." in flashes(
        page.data
    )
    assert not signed_in(lee)
    # Signing in again works as ever, and the new sign-in is not ended by the old one.
    sign_in(lee, EMAIL)
    assert signed_in(lee)


@pytest.mark.parametrize("cookie", [SESSION, REMEMBER])
def test_a_password_change_ends_other_copies_but_keeps_this_session(app, lee, cookie):
    thief = copy_of(app, lee, cookie)
    assert signed_in(thief)
    response = lee.post(
        "/auth/password",
        data={
            "current": PASSWORD,
            "password": "tangerine velvet piano",
            "confirm": "tangerine velvet piano",
        },
    )
    assert response.status_code == 303
    assert generation(app) == 1
    assert not signed_in(thief)
    assert signed_in(lee)
    # This device's remember-me cookie was renewed under the new id: alone, it signs in.
    assert signed_in(copy_of(app, lee, REMEMBER))


def test_a_refused_password_change_ends_nothing(app, lee):
    thief = copy_of(app, lee, SESSION)
    response = lee.post(
        "/auth/password", data={"current": PASSWORD, "password": "password", "confirm": "password"}
    )
    assert response.status_code == 422
    assert generation(app) == 0 and signed_in(thief)


@pytest.mark.parametrize("cookie", [SESSION, REMEMBER])
def test_an_admin_signs_a_user_out_everywhere(app, lee, cookie):
    thief = copy_of(app, lee, cookie)
    with app.app_context():
        add_user("ada@example.com", "admin")
        lee_id = db.session.execute(db.select(User.id).filter_by(email=EMAIL)).scalar_one()
    admin = app.test_client()
    sign_in(admin, "ada@example.com")
    assert b"Sign out everywhere" in admin.get("/admin/users").data
    response = admin.post(f"/admin/users/{lee_id}/sign-out-everywhere")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/admin/users#user-{lee_id}"
    page = admin.get("/admin/users")
    assert f"{EMAIL} is signed out everywhere: each of their sign-ins has ended." in flashes(
        page.data
    )
    assert not signed_in(thief) and not signed_in(lee)
    assert generation(app, "ada@example.com") == 0 and signed_in(admin)  # the admin's own stay


def test_the_admin_action_on_an_unknown_user_is_404(app):
    with app.app_context():
        add_user("ada@example.com", "admin")
    admin = app.test_client()
    sign_in(admin, "ada@example.com")
    assert admin.post("/admin/users/999/sign-out-everywhere").status_code == 404


def session_ids(app) -> tuple[str, str]:
    """The user's session id now, and as sign-ins made it before sessions had generations."""
    with app.app_context():
        user = db.session.execute(db.select(User).filter_by(email=EMAIL)).scalar_one()
        return user.get_id(), f"{user.id}.{user.session_fingerprint()}"


def session_cookie(app, session_id: str) -> str:
    """A session cookie signed with the app's key, as Flask makes them."""
    serializer = app.session_interface.get_signing_serializer(app)
    return serializer.dumps({"_user_id": session_id, "_fresh": True})


def remember_cookie(app, session_id: str) -> str:
    """A remember-me cookie signed with the app's key, as Flask-Login makes them."""
    with app.test_request_context():
        return encode_cookie(session_id)


@pytest.mark.parametrize(("name", "make"), [(SESSION, session_cookie), (REMEMBER, remember_cookie)])
def test_an_old_format_cookie_is_refused_cleanly(app, name, make):
    """A cookie from before generations sends you to sign in (no 500); the same cookie
    made with today's id signs in, so it is the format that is refused."""
    with app.app_context():
        add_user(EMAIL)
    current, old = session_ids(app)
    today = app.test_client()
    today.set_cookie(name, make(app, current))
    assert signed_in(today)
    client = app.test_client()
    client.set_cookie(name, make(app, old))
    assert not signed_in(client)
    assert client.get("/").status_code == 200
    sign_in(client, EMAIL)  # and signing in again works
    assert signed_in(client)


@pytest.mark.parametrize(
    "session_id", ["1.0", "1.x.abc", "1.-1.abc", "1.0.abc.d", "x.0.abc", "1.0.é", "", "9" * 30]
)
def test_malformed_session_ids_are_no_user(app, session_id):
    with app.app_context():
        add_user(EMAIL)
    client = app.test_client()
    client.set_cookie(SESSION, session_cookie(app, session_id))
    assert not signed_in(client)


def test_sign_out_everywhere_needs_the_csrf_token(csrf_app):
    with csrf_app.app_context():
        add_user(EMAIL)
    client = csrf_app.test_client()
    token = csrf_token(client.get("/auth/sign-in").data)
    client.post("/auth/sign-in", data={"csrf_token": token, "email": EMAIL, "password": PASSWORD})
    account = client.get("/auth/account")
    assert b"Sign out everywhere" in account.data
    forged = client.post("/auth/sign-out-everywhere")
    assert forged.status_code == 400
    assert generation(csrf_app) == 0 and signed_in(client)
    real = client.post("/auth/sign-out-everywhere", data={"csrf_token": csrf_token(account.data)})
    assert real.status_code == 303 and generation(csrf_app) == 1
    assert not signed_in(client)
