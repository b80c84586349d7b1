"""Accounts: sign up, sign in, sign out, change password, and guests' attempts adopted."""

import pytest

from quizapp.extensions import db
from quizapp.models import Attempt, User

PHRASE = "long enough phrase"  # long, and not a common password


def test_sign_up_page_renders(client):
    response = client.get("/auth/sign-up")
    assert response.status_code == 200
    assert b'name="email"' in response.data and b"Create account" in response.data


def test_sign_up_creates_user_with_hashed_password_then_asks_to_sign_in(app, client):
    response = client.post(
        "/auth/sign-up",
        data={
            "display_name": "Ada",
            "email": "  Ada@Example.com ",
            "password": "correct horse",
            "confirm": "correct horse",
        },
    )
    assert response.status_code == 303 and response.headers["Location"] == "/auth/sign-in"
    with app.app_context():
        user = db.session.execute(db.select(User)).scalar_one()
        assert user.email == "ada@example.com"
        assert user.role == "learner"
        assert user.password_hash != "correct horse" and user.check_password("correct horse")
    page = client.get("/auth/sign-in")
    assert b"your account is ready" in page.data
    assert b'value="ada@example.com"' in page.data  # the email is filled in
    assert b"Sign out" not in page.data  # not signed in by sign-up itself
    signed_in = client.post(
        "/auth/sign-in", data={"email": "ada@example.com", "password": "correct horse"}
    )
    assert signed_in.status_code == 303
    assert b"Sign out" in client.get("/").data


@pytest.mark.parametrize(
    ("name", "email", "password", "confirm", "message"),
    [
        ("", "a@example.com", PHRASE, PHRASE, b"Enter the name to show"),
        ("Ada", "", PHRASE, PHRASE, b"Enter your email address."),
        ("Ada", "not-an-email", PHRASE, PHRASE, b"Enter an email address like"),
        ("Ada", "a@example.com", "short", "short", b"Use between 8 and 256 characters."),
        ("Ada", "a@example.com", PHRASE, "different!", b"The two passwords differ."),
        ("Ada", "a@example.com", "", "", b"Choose a password."),
    ],
)
def test_sign_up_validation_messages(client, name, email, password, confirm, message):
    response = client.post(
        "/auth/sign-up",
        data={"display_name": name, "email": email, "password": password, "confirm": confirm},
    )
    assert response.status_code == 422
    assert message in response.data
    assert b'aria-invalid="true"' in response.data


def test_sign_in_and_out(client, auth):
    auth.sign_up()
    assert auth.sign_out().status_code == 303
    assert b"Sign in" in client.get("/").data
    response = auth.sign_in()
    assert response.status_code == 303
    assert b"Sign out" in client.get("/").data


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("ada@example.com", "wrong password", b"do not match an account"),
        ("nobody@example.com", "correct horse", b"do not match an account"),
        ("", "correct horse", b"Enter your email address."),
        ("ada@example.com", "", b"Enter your password."),
    ],
)
def test_sign_in_validation_messages(client, auth, email, password, message):
    auth.sign_up()
    auth.sign_out()
    response = auth.sign_in(email=email, password=password)
    assert response.status_code == 422
    assert message in response.data


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/auth/account", "/auth/account"),
        ("https://evil.example/", "/practice/"),
        ("//evil.example/", "/practice/"),
        ("/\\evil.example", "/practice/"),
        ("", "/practice/"),
        ("/x\r\n", "/practice/"),  # a header value with CR/LF raised ValueError: a 500
        ("/x\r\nSet-Cookie: a=b", "/practice/"),
        ("/ok\tthere", "/practice/"),
        ("/progress/?a=1#top", "/progress/?a=1#top"),
    ],
)
def test_sign_in_next_redirect_is_local_only(auth, next_url, expected):
    """``next`` may only name a page of ours; anything else would be an open redirect."""
    auth.sign_up()
    auth.sign_out()
    response = auth.sign_in(next_url=next_url)
    assert response.status_code == 303
    assert response.headers["Location"] == expected


def test_account_requires_sign_in(client):
    response = client.get("/auth/account")
    assert response.status_code == 302
    assert "/auth/sign-in?next=" in response.headers["Location"]


def test_sign_out_is_post_only(client, auth):
    auth.sign_up()
    assert client.get("/auth/sign-out").status_code == 405
    assert b"Sign out" in client.get("/").data


def test_change_password(app, client, auth):
    auth.sign_up()
    response = client.post(
        "/auth/password",
        data={
            "current": "correct horse",
            "password": "battery staple",
            "confirm": "battery staple",
        },
    )
    assert response.status_code == 303
    auth.sign_out()
    assert auth.sign_in(password="correct horse").status_code == 422
    assert auth.sign_in(password="battery staple").status_code == 303


@pytest.mark.parametrize(
    ("current", "password", "confirm", "message"),
    [
        ("wrong one!", "battery staple", "battery staple", b"not your current password"),
        ("correct horse", "short", "short", b"Use between 8 and 256 characters."),
        ("correct horse", "battery staple", "battery stable", b"two new passwords differ"),
        ("correct horse", "correct horse", "correct horse", b"different from the current"),
        ("", "battery staple", "battery staple", b"Enter your current password."),
    ],
)
def test_change_password_validation_messages(client, auth, current, password, confirm, message):
    auth.sign_up()
    response = client.post(
        "/auth/password", data={"current": current, "password": password, "confirm": confirm}
    )
    assert response.status_code == 422
    assert message in response.data


def test_guest_attempts_become_the_new_accounts(app, client, auth, open_question):
    token = open_question()
    client.post(f"/practice/question/{token}", data={"answer": "0.357"})
    with app.app_context():
        attempt = db.session.execute(db.select(Attempt)).scalar_one()
        assert attempt.user_id is None and attempt.guest_key
    response = auth.sign_up()
    assert response.status_code == 303
    with app.app_context():
        attempt = db.session.execute(db.select(Attempt)).scalar_one()
        user = db.session.execute(db.select(User)).scalar_one()
        assert attempt.user_id == user.id and attempt.guest_key is None
    # The adopted question is still reachable by its new owner.
    assert client.get(f"/practice/feedback/{token}").status_code == 200


def test_guest_attempts_adopted_on_sign_in(app, client, auth, open_question):
    auth.sign_up()
    auth.sign_out()
    token = open_question()
    client.post(f"/practice/question/{token}", data={"answer": "0.357"})
    auth.sign_in()
    with app.app_context():
        attempt = db.session.execute(db.select(Attempt)).scalar_one()
        assert attempt.user_id is not None and attempt.guest_key is None


def test_another_browser_cannot_open_someones_question(app, open_question):
    token = open_question()
    stranger = app.test_client()
    response = stranger.get(f"/practice/question/{token}")
    assert response.status_code == 404
    assert b"not open in this browser session" in response.data


def test_sign_out_ends_keep_me_signed_in(client, auth):
    """Signing out must delete the remember-me cookie too, or the next page signs you back in."""
    auth.sign_up()
    auth.sign_out()
    signed_in = client.post(
        "/auth/sign-in",
        data={"email": "ada@example.com", "password": "correct horse", "remember": "y"},
    )
    assert signed_in.status_code == 303
    assert client.get_cookie("remember_token") is not None
    signed_out = auth.sign_out()
    assert signed_out.status_code == 303
    # The browser is told to drop the cookie (an expired Set-Cookie) …
    assert any(
        header.startswith("remember_token=;") for header in signed_out.headers.getlist("Set-Cookie")
    )
    assert client.get_cookie("remember_token") is None
    # … so the next page is not signed in again from it.
    account = client.get("/auth/account")
    assert account.status_code == 302 and "/auth/sign-in" in account.headers["Location"]


def test_next_with_a_line_break_from_the_sign_in_link_is_ignored(client, auth):
    """The sign-in link's ?next= goes into the form; a CR/LF in it must not reach a header."""
    auth.sign_up()
    auth.sign_out()
    page = client.get("/auth/sign-in?next=%2Fx%0D%0A")
    assert page.status_code == 200
    response = client.post(
        "/auth/sign-in",
        data={"email": "ada@example.com", "password": "correct horse", "next": "/x\r\n"},
    )
    assert response.status_code == 303 and response.headers["Location"] == "/practice/"
