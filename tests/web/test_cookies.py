"""Cookie defaults: HTTPS-only in production (plain http in development and tests),
never readable by scripts, not sent with other sites' posts, "keep me signed in" for
30 days; read from the Set-Cookie headers of a real sign-in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest
from support import PASSWORD, add_user, make_test_app

from quizapp.config import settings_from_env


@pytest.mark.parametrize(
    ("environ", "secure"),
    [
        ({}, True),  # production is the default
        ({"QUIZAPP_ENV": "production"}, True),
        ({"QUIZAPP_ENV": "development"}, False),
        ({"QUIZAPP_ENV": "testing"}, False),
        ({"QUIZAPP_ENV": "production", "QUIZAPP_SECURE_COOKIES": "0"}, False),
        ({"QUIZAPP_ENV": "development", "QUIZAPP_SECURE_COOKIES": "1"}, True),
    ],
)
def test_secure_cookies_by_default_outside_development_and_testing(tmp_path, environ, secure):
    config = settings_from_env(str(tmp_path), environ)
    assert config["SESSION_COOKIE_SECURE"] is secure
    assert config["REMEMBER_COOKIE_SECURE"] is secure
    assert config["REMEMBER_COOKIE_DURATION"] == timedelta(days=30)


def set_cookies(response) -> dict[str, dict[str, str]]:
    """Each Set-Cookie header as {name: {attribute (lower case): value}}."""
    found = {}
    for header in response.headers.getlist("Set-Cookie"):
        first, *attributes = (part.strip() for part in header.split(";"))
        name = first.split("=", 1)[0]
        found[name] = {
            key.lower(): value for key, _, value in (item.partition("=") for item in attributes)
        }
    return found


def sign_in_remembered(database_url, monkeypatch, mode: str):
    """A real sign-in with "keep me signed in" on an app in ``mode``; its Set-Cookie headers."""
    monkeypatch.setenv("QUIZAPP_ENV", mode)
    monkeypatch.delenv("QUIZAPP_SECURE_COOKIES", raising=False)
    app = make_test_app(database_url)
    with app.app_context():
        add_user("lee@example.com")
    response = app.test_client().post(
        "/auth/sign-in", data={"email": "lee@example.com", "password": PASSWORD, "remember": "y"}
    )
    assert response.status_code == 303
    return set_cookies(response)


def test_production_cookies_are_secure_httponly_lax_and_remembered_for_30_days(
    database_url, monkeypatch
):
    cookies = sign_in_remembered(database_url, monkeypatch, "production")
    assert set(cookies) == {"session", "remember_token"}
    for attributes in cookies.values():
        assert "secure" in attributes and "httponly" in attributes
        assert attributes["samesite"] == "Lax"
    remember_for = parsedate_to_datetime(cookies["remember_token"]["expires"]) - datetime.now(UTC)
    assert timedelta(days=29) < remember_for <= timedelta(days=30)
    assert "expires" not in cookies["session"]  # the session cookie ends with the browser


def test_development_cookies_work_on_plain_http(database_url, monkeypatch):
    """scripts/serve runs in development on http://127.0.0.1: a Secure cookie would never
    come back, and nobody could stay signed in."""
    cookies = sign_in_remembered(database_url, monkeypatch, "development")
    for attributes in cookies.values():
        assert "secure" not in attributes
        assert "httponly" in attributes and attributes["samesite"] == "Lax"
