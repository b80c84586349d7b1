"""Shared fixtures: a fresh, migrated database per test on each backend, its clients, an auth
helper.

Every test that uses a database (through ``app``, ``database_url`` or the like) runs once on
SQLite and once on PostgreSQL (``test_x[sqlite]``, ``test_x[postgresql]``). The PostgreSQL
runs need a server: ``--postgres-url`` or the ``QUIZAPP_TEST_POSTGRES_URL`` environment
variable names a superuser's URL on it (``scripts/test`` starts a server on loopback and sets
it); without one they are skipped, with that reason. ``-k sqlite`` or ``-k postgresql`` picks
one backend.
"""

from __future__ import annotations

import os

import pytest
import redisserver
from databases import POSTGRES_URL_ENV, PostgresDatabases, SQLiteDatabases
from support import ONE_HOT_PARAMS, close_apps_on, make_test_app, token_from

from quizapp import create_app
from quizapp.extensions import db

BACKENDS = ("sqlite", "postgresql")


def pytest_addoption(parser):
    parser.addoption(
        "--postgres-url",
        default=os.environ.get(POSTGRES_URL_ENV) or None,
        help="a PostgreSQL superuser's SQLAlchemy URL; the tests create and drop their own "
        f"databases there (default: ${POSTGRES_URL_ENV})",
    )


def pytest_generate_tests(metafunc):
    """Run each test that needs a database once per backend (or per ``backends`` marker)."""
    if "backend" not in metafunc.fixturenames:
        return
    marker = metafunc.definition.get_closest_marker("backends")
    names = marker.args if marker else BACKENDS
    metafunc.parametrize("backend", names, indirect=True, scope="session")


@pytest.fixture(scope="session")
def backend(request, tmp_path_factory):
    """The databases of one backend, with a template migrated once for the session."""
    if request.param == "postgresql":
        url = request.config.getoption("--postgres-url")
        if not url:
            pytest.skip(f"no PostgreSQL server: set {POSTGRES_URL_ENV} (scripts/test starts one)")
        databases = PostgresDatabases(url)
    else:
        databases = SQLiteDatabases(tmp_path_factory.mktemp("databases"))
    template = databases.empty()
    make_test_app(template)
    close_apps_on(template)  # PostgreSQL copies a template only when nobody is connected
    databases.set_template(template)
    yield databases
    databases.close()


@pytest.fixture
def database_url(backend):
    """The URL of a fresh database at the newest revision, dropped afterwards."""
    url = backend.migrated()
    yield url
    close_apps_on(url)
    backend.drop(url)


@pytest.fixture
def empty_database_url(backend):
    """The URL of a fresh, empty database (nothing migrated), dropped afterwards."""
    url = backend.empty()
    yield url
    close_apps_on(url)
    backend.drop(url)


@pytest.fixture
def app(database_url):
    """A migrated app on its own database, with CSRF off (a dedicated test turns it on)."""
    app = make_test_app(database_url)  # upgrade() again is a no-op at head, and proves it
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
def bare_app(empty_database_url):
    """An app on an empty database (nothing migrated yet), for migration tests."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "t",
            "SQLALCHEMY_DATABASE_URI": empty_database_url,
        }
    )
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def csrf_app(database_url):
    """A migrated app with CSRF protection on, as in production."""
    app = make_test_app(database_url, WTF_CSRF_ENABLED=True)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """A redis-server of the session's own on loopback (skipped only without the binary)."""
    try:
        redisserver.binary()
    except redisserver.RedisNotFound as missing:
        pytest.skip(str(missing))
    server = redisserver.LocalRedis(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server):
    """The session's Redis URL, with no keys left from an earlier test."""
    redis_server.flush()
    return redis_server.url
