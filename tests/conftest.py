"""Shared fixtures: a fresh, migrated SQLite file per test, its clients, an auth helper."""

from __future__ import annotations

import shutil

import pytest
from support import ONE_HOT_PARAMS, make_test_app, token_from

from quizapp import create_app
from quizapp.extensions import db


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory):
    """One database file migrated to head; each test gets a copy (migrating each time is slow)."""
    path = tmp_path_factory.mktemp("template") / "quizapp.sqlite"
    app = make_test_app(path)
    with app.app_context():
        db.engine.dispose()
    return path


@pytest.fixture
def app(tmp_path, migrated_template):
    """A migrated app on its own SQLite file, with CSRF off (a dedicated test turns it on)."""
    path = tmp_path / "quizapp.sqlite"
    shutil.copyfile(migrated_template, path)
    app = make_test_app(path)  # upgrade() again is a no-op at head, and proves it
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class AuthActions:
    """Sign up, in and out through the real forms."""

    def __init__(self, client):
        self._client = client

    def sign_up(self, email="ada@example.com", password="correct horse", name="Ada"):
        """Create the account, then sign in with it (sign-up itself never signs in, so that
        it says the same whether or not the email had an account); the sign-up response."""
        response = self._client.post(
            "/auth/sign-up",
            data={"display_name": name, "email": email, "password": password, "confirm": password},
        )
        if response.status_code == 303:
            self.sign_in(email=email, password=password)
        return response

    def sign_in(self, email="ada@example.com", password="correct horse", next_url=""):
        return self._client.post(
            "/auth/sign-in", data={"email": email, "password": password, "next": next_url}
        )

    def sign_out(self):
        return self._client.post("/auth/sign-out")


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def open_question(client):
    """Open a question through its fixed-params link; returns the served token."""

    def open_(type_id="ce_one_hot", params=ONE_HOT_PARAMS, **query):
        if params is not None:
            query["params"] = params
        return token_from(client.get(f"/practice/q/{type_id}", query_string=query))

    return open_


@pytest.fixture
def bare_app(tmp_path):
    """An app on an empty database file (nothing migrated yet), for migration tests."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "t",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'm.sqlite'}",
        }
    )
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def csrf_app(tmp_path):
    """A migrated app with CSRF protection on, as in production."""
    app = make_test_app(tmp_path / "csrf.sqlite", WTF_CSRF_ENABLED=True)
    yield app
    with app.app_context():
        db.engine.dispose()
