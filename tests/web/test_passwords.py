"""New passwords by NIST SP 800-63B: 8 to 256 characters, no composition rules, nothing
common or easy to guess, nothing made of the account's own name or email; the reason is
shown next to the field."""

from __future__ import annotations

import logging
import re

import pytest
from support import make_test_app

from quizapp.services.passwords import (
    ESTIMATED_PREFIX,
    MAX_LENGTH,
    MIN_LENGTH,
    password_problem,
)

ADA = ("ada.lovelace@example.com", "Ada Lovelace")


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("password", "This is a top-10 common password."),
        ("12345678", "This is a top-10 common password."),
        ("aaaaaaaa", 'Repeats like "aaa" are easy to guess.'),
        ("qwertyuiop", "This is a top-100 common password."),
        ("Password1!", "This is similar to a commonly used password."),
        # zxcvbn gives no warning here, only a suggestion: our own words say why.
        ("guess 1234", "This password is easy to guess. Add another word or two."),
        ("short", f"Use at least {MIN_LENGTH} characters"),
        ("x" * (MAX_LENGTH + 1), f"Use at most {MAX_LENGTH} characters."),
    ],
)
def test_common_short_and_overlong_passwords_are_refused_with_the_reason(password, reason):
    assert reason in password_problem(password, ADA)


@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery staple",
        "tangerine velvet piano",
        "zx 81 spectrum ql",  # no capital, no symbol: no composition rules
        "Ünïcödé wörds ☃ are fine",
        "correct horse battery staple " * 8 + "ok",  # up to 256 characters
    ],
)
def test_hard_to_guess_passwords_are_accepted(password):
    assert len(password) <= MAX_LENGTH
    assert password_problem(password, ADA) is None


@pytest.mark.parametrize(
    "password",
    [
        "lovelace rides again",  # a word of the name
        "my ada.lovelace story",  # the email's local part
        "write to ADA.LOVELACE@EXAMPLE.COM",  # the whole email, in capitals
        "correct horse battery staple, " * 4 + "lovelace",  # past what zxcvbn reads
    ],
)
def test_passwords_with_the_accounts_own_name_or_email_are_refused(password):
    problem = password_problem(password, ADA)
    assert problem == (
        "Leave your name and email address out of the password: they are the first guesses."
    )


def test_a_short_name_is_left_to_zxcvbn_not_refused_on_sight():
    """Three letters ("Ann") sit inside too many words to refuse; zxcvbn still counts them."""
    assert password_problem("canny horse battery", ("ann@example.com", "Ann")) is None


def test_only_a_prefix_is_estimated_so_long_passwords_stay_cheap():
    """A strong start is enough; what follows it cannot make the estimate slow."""
    strong_start = "correct horse battery staple "
    assert len(strong_start) < ESTIMATED_PREFIX
    assert password_problem(strong_start + "a" * (MAX_LENGTH - len(strong_start)), ADA) is None


def sign_up(client, password: str, name: str = "Ada Lovelace", email: str = ADA[0]):
    return client.post(
        "/auth/sign-up",
        data={"display_name": name, "email": email, "password": password, "confirm": password},
    )


def field_error(page: bytes, field: str) -> str:
    """The error text shown next to ``field`` (the form macro's field-error paragraph)."""
    match = re.search(rf'<p class="field-error" id="{field}-error">([^<]*)</p>', page.decode())
    assert match, f"no error next to {field}"
    return match.group(1)


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("password", "This is a top-10 common password."),
        ("Password1!", "This is similar to a commonly used password."),
        ("lovelace forever and ever", "Leave your name and email address out"),
    ],
)
def test_sign_up_shows_why_a_password_is_refused_next_to_the_field(app, client, password, reason):
    response = sign_up(client, password)
    assert response.status_code == 422
    assert reason in field_error(response.data, "password").replace("&#34;", '"')
    assert b'aria-invalid="true"' in response.data
    assert b"common or easily guessed passwords are refused" in response.data  # the hint


def test_sign_up_with_a_passphrase_works(client):
    assert sign_up(client, "correct horse battery staple").status_code == 303


def test_a_password_change_shows_why_the_new_password_is_refused(client, auth):
    auth.sign_up(name="Ada Lovelace")
    response = client.post(
        "/auth/password",
        data={"current": "correct horse", "password": "qwertyuiop", "confirm": "qwertyuiop"},
    )
    assert response.status_code == 422
    assert "This is a top-100 common password." in field_error(response.data, "password")
    named = client.post(
        "/auth/password",
        data={"current": "correct horse", "password": "lovelace 1815", "confirm": "lovelace 1815"},
    )
    assert "Leave your name and email address out" in field_error(named.data, "password")
    # The old password still signs in: nothing was changed.
    auth.sign_out()
    assert auth.sign_in().status_code == 303


def test_no_password_is_logged(database_url, caplog, capfd):
    """Refused or accepted, at sign-up, sign-in and change, no password reaches a log
    (with the request log on, as in production)."""
    app = make_test_app(database_url, REQUEST_LOG=True)
    client = app.test_client()
    secrets = ["qwertyuiop", "tangerine velvet piano", "purple monkey dishwasher"]
    with caplog.at_level(logging.DEBUG):
        sign_up(client, secrets[0])
        sign_up(client, secrets[1])
        client.post("/auth/sign-in", data={"email": ADA[0], "password": secrets[1]})
        client.post(
            "/auth/password",
            data={"current": secrets[1], "password": secrets[2], "confirm": secrets[2]},
        )
    logged = caplog.text + "".join(capfd.readouterr())
    assert "/auth/sign-up" in logged and "/auth/password" in logged  # the log was on
    for secret in secrets:
        assert secret not in logged
