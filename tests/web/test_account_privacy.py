"""Sign-up and sign-in must not tell a stranger which emails have accounts: not by their
words, and not by their timing (a password hash costs ~100 ms, a missing row ~1 ms)."""

from __future__ import annotations

import pytest
from werkzeug import security

from quizapp.extensions import db
from quizapp.models import User

KNOWN = "ada@example.com"
UNKNOWN = "nobody@example.com"


def sign_up(client, email, password="another password", name="Mallory"):
    return client.post(
        "/auth/sign-up",
        data={"display_name": name, "email": email, "password": password, "confirm": password},
    )


def page_after(client, response, email) -> str:
    """The page the response redirects to, with the email typed blanked out."""
    assert response.status_code == 303
    return client.get(response.headers["Location"]).get_data(as_text=True).replace(email, "EMAIL")


@pytest.fixture
def existing(auth):
    """Ada's account, signed out again."""
    auth.sign_up(email=KNOWN)
    auth.sign_out()


def test_sign_up_answers_the_same_for_a_known_and_an_unknown_email(app, existing):
    """Same status, same redirect, same page; the existing account is left as it was."""
    known, unknown = app.test_client(), app.test_client()
    for_known = sign_up(known, KNOWN.upper())
    for_unknown = sign_up(unknown, UNKNOWN)
    assert for_known.status_code == for_unknown.status_code == 303
    assert for_known.headers["Location"] == for_unknown.headers["Location"] == "/auth/sign-in"
    assert page_after(known, for_known, KNOWN) == page_after(unknown, for_unknown, UNKNOWN)
    with app.app_context():
        ada = db.session.execute(db.select(User).filter_by(email=KNOWN)).scalar_one()
        assert ada.display_name == "Ada" and ada.check_password("correct horse")
        assert db.session.execute(db.select(db.func.count(User.id))).scalar_one() == 2
    # Only the password of the real owner opens the existing account.
    attempt = known.post("/auth/sign-in", data={"email": KNOWN, "password": "another password"})
    assert attempt.status_code == 422


def test_sign_in_answers_the_same_for_a_wrong_password_and_an_unknown_email(app, existing):
    guess = {"password": "guess 1234"}
    wrong_password = app.test_client().post("/auth/sign-in", data={"email": KNOWN, **guess})
    unknown_email = app.test_client().post("/auth/sign-in", data={"email": UNKNOWN, **guess})
    assert wrong_password.status_code == unknown_email.status_code == 422
    assert wrong_password.get_data(as_text=True).replace(KNOWN, "EMAIL") == (
        unknown_email.get_data(as_text=True).replace(UNKNOWN, "EMAIL")
    )


@pytest.fixture
def hashing(monkeypatch):
    """Record each call to werkzeug's real hash functions (they still run): the hash method
    each used, so a test can check that every path does the same hashing work."""
    calls: dict[str, list[str]] = {"generate": [], "check": []}
    generate, check = security.generate_password_hash, security.check_password_hash

    def generating(password, method="scrypt", salt_length=16):
        calls["generate"].append(method)
        return generate(password, method=method, salt_length=salt_length)

    def checking(pwhash, password):
        calls["check"].append(pwhash.split("$", 1)[0])
        return check(pwhash, password)

    monkeypatch.setattr(security, "generate_password_hash", generating)
    monkeypatch.setattr(security, "check_password_hash", checking)
    return calls


def stored_method(app) -> str:
    with app.app_context():
        ada = db.session.execute(db.select(User).filter_by(email=KNOWN)).scalar_one()
        return ada.password_hash.split("$", 1)[0]


@pytest.mark.parametrize(
    ("email", "password"),
    [(KNOWN, "correct horse"), (KNOWN, "guess 1234"), (UNKNOWN, "guess 1234")],
)
def test_every_sign_in_checks_one_password_of_the_same_method(
    app, client, existing, hashing, email, password
):
    """An unknown email is checked against a dummy hash made like the real ones, so it
    costs the same as a known one (timing-free: the work itself is counted)."""
    client.post("/auth/sign-in", data={"email": email, "password": password})
    assert hashing["check"] == [stored_method(app)]


@pytest.mark.parametrize("email", [KNOWN, UNKNOWN])
def test_every_sign_up_hashes_one_password_with_the_configured_method(
    app, existing, hashing, email
):
    sign_up(app.test_client(), email)
    assert hashing["generate"] == [app.config["PASSWORD_HASH_METHOD"]]
    assert hashing["check"] == []
