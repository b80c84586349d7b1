"""Operating the app: the health check, the JSON request log, and writes retried when a
busy SQLite file is locked. All against real databases."""

from __future__ import annotations

import json
import logging
import sqlite3
import threading

import pytest
from sqlalchemy.engine import make_url
from support import ONE_HOT_PARAMS, make_test_app

from quizapp import create_app
from quizapp.extensions import db
from quizapp.models import User
from quizapp.operations.request_log import LOGGER_NAME


def test_healthz_is_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


@pytest.mark.parametrize(
    "url",
    [
        "sqlite:////nonexistent-folder/quizapp.sqlite",
        "postgresql+psycopg://nobody:wrong@127.0.0.1:1/quizapp?connect_timeout=2",
    ],
    ids=["sqlite", "postgresql"],
)
def test_healthz_is_503_json_when_the_database_is_unreachable(url):
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "SQLALCHEMY_DATABASE_URI": url})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "unavailable" and body["database"] == "OperationalError"


def test_healthz_is_503_when_the_database_was_never_migrated(tmp_path):
    """A mistyped SQLite path makes an empty file: SELECT 1 works there, every page fails."""
    url = f"sqlite:///{tmp_path / 'typo.sqlite'}"
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "SQLALCHEMY_DATABASE_URI": url})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "OperationalError"  # no alembic_version


def test_healthz_is_503_when_the_migrations_record_is_empty(app):
    with app.app_context():
        db.session.execute(db.text("DELETE FROM alembic_version"))
        db.session.commit()
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "database": "NotMigrated"}


def test_a_postgresql_server_that_never_answers_fails_healthz_in_seconds():
    """A listener that accepts connections and says nothing: the connect times out (5 s)
    instead of holding the worker until gunicorn's 30 s timeout kills it."""
    import socket
    import time

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    port = listener.getsockname()[1]
    url = f"postgresql+psycopg://nobody:secret@127.0.0.1:{port}/quizapp"
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "SQLALCHEMY_DATABASE_URI": url})
    started = time.monotonic()
    try:
        response = app.test_client().get("/healthz")
    finally:
        listener.close()
    assert response.status_code == 503
    assert time.monotonic() - started < 20


def test_a_connect_timeout_in_the_url_is_kept():
    from quizapp.config import engine_options

    given = engine_options("postgresql+psycopg://u:p@db/quiz?connect_timeout=30")
    assert "connect_timeout" not in given["connect_args"]  # the URL's 30 s reaches psycopg
    default = engine_options("postgresql+psycopg://u:p@db/quiz")
    assert default["connect_args"]["connect_timeout"] == 5


@pytest.mark.parametrize(
    ("query", "between"),
    [
        ("options=-c%20work_mem%3D64MB", " -c work_mem=64MB "),
        (
            "options=-c+work_mem%3D64MB&options=-c+lock_timeout%3D5000",
            " -c work_mem=64MB -c lock_timeout=5000 ",
        ),
        ("options=", " "),
        ("", " "),
    ],
    ids=["one", "two", "empty", "none"],
)
def test_the_urls_own_session_options_come_between_the_timeout_and_utc(query, between):
    """connect_args replace the URL's ?options=, so the app repeats them: after its timeout,
    which they may change, and before UTC, which they may not."""
    from quizapp.config import POSTGRES_STATEMENT_TIMEOUT_MS, engine_options

    given = engine_options(f"postgresql+psycopg://u:p@db/quiz?{query}")
    timeout = f"-c statement_timeout={POSTGRES_STATEMENT_TIMEOUT_MS}"
    assert given["connect_args"]["options"] == f"{timeout}{between}-c timezone=UTC"


def test_an_operator_sets_the_statement_timeout_in_the_url(database_url):
    """The server takes the last of two settings of one name: the URL's timeout wins over
    the app's 25 s, and its time zone loses to UTC."""
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL's session options")
    options = "-c statement_timeout=15000 -c timezone=Europe/Paris"
    mine = make_url(database_url).update_query_dict({"options": options})
    app = make_test_app(mine.render_as_string(hide_password=False))
    with app.app_context():
        shown = db.session.execute(
            db.text("SELECT current_setting('statement_timeout'), current_setting('TimeZone')")
        ).one()
        db.engine.dispose()
    assert tuple(shown) == ("15s", "UTC")


def test_a_failed_statement_keeps_its_values_out_of_the_message(app):
    """The message of a database error goes to the error log: the statement's values (a
    password hash here) are not in it. (PostgreSQL's own detail of a unique violation
    still names the duplicate key, the email; that text is the server's.)"""
    from sqlalchemy.exc import IntegrityError

    with app.app_context():
        email = "leak@example.org"
        db.session.add(User(email=email, display_name="A", password_hash="hash-one-secret"))
        db.session.commit()
        db.session.add(User(email=email, display_name="B", password_hash="hash-two-secret"))
        with pytest.raises(IntegrityError) as raised:
            db.session.commit()
        db.session.rollback()
    assert "hash-two-secret" not in str(raised.value)
    assert "hidden due to hide_parameters" in str(raised.value)


class Lines(logging.Handler):
    """The messages logged to a logger, kept in a list."""

    def __init__(self):
        super().__init__()
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@pytest.fixture
def request_lines():
    handler = Lines()
    logger = logging.getLogger(LOGGER_NAME)
    logger.addHandler(handler)
    yield handler.messages
    logger.removeHandler(handler)


def test_each_request_is_one_json_line_without_the_query_string(database_url, request_lines):
    app = make_test_app(database_url, REQUEST_LOG=True)
    client = app.test_client()
    opened = client.get("/practice/q/ce_one_hot", query_string={"params": ONE_HOT_PARAMS})
    client.get("/no-such-page?token=secret")
    assert opened.status_code == 303
    first, second = (json.loads(line) for line in request_lines)
    assert first["event"] == "request" and first["method"] == "GET"
    assert first["path"] == "/practice/q/ce_one_hot" and first["status"] == 303
    assert isinstance(first["duration_ms"], float) and first["duration_ms"] >= 0
    assert second["path"] == "/no-such-page" and second["status"] == 404
    assert "secret" not in " ".join(request_lines) and "pred" not in " ".join(request_lines)


def test_secrets_in_a_path_are_not_logged(database_url, request_lines):
    """A served question's token, a join code and a share link open something to whoever
    has them: the log says which route was asked, not the secret."""
    app = make_test_app(database_url, REQUEST_LOG=True)
    client = app.test_client()
    opened = client.get("/practice/q/ce_one_hot", query_string={"params": ONE_HOT_PARAMS})
    token = opened.location.rsplit("/", 1)[-1]
    assert client.get(f"/practice/question/{token}").status_code == 200
    client.get("/classes/join/JOINCODE7")
    client.get("/sets/share-secret-123")
    client.get("/sets/share-secret-123/items/a1")  # a 405: the route takes POST only
    # Near misses (no route matches) hold a working secret all the same.
    client.get("/classes/join/JOINCODE7/")
    client.get(f"/practice/question/{token}/extra")
    client.get("/classes//join/JOINCODE7")
    client.get("/classes/join/s")  # a one-letter code masks its segment, not every "s"
    paths = [json.loads(line)["path"] for line in request_lines]
    assert paths == [
        "/practice/q/ce_one_hot",
        "/practice/question/…",
        "/classes/join/…",
        "/sets/…",
        "/sets/…/items/a1",
        "/classes/join/…/",
        "/practice/question/…/extra",
        "/classes//join/…",
        "/classes/join/…",
    ]
    logged = " ".join(request_lines)
    assert token not in logged and "JOINCODE7" not in logged and "share-secret" not in logged


def test_an_unhandled_error_is_logged_without_the_paths_secret(database_url, caplog):
    """Flask's own error line names the path too: it goes through the same masking."""
    app = make_test_app(database_url, TESTING=False)

    @app.get("/sets/<share_token>/fails")
    def fails(share_token: str):
        raise RuntimeError("boom")

    with caplog.at_level(logging.ERROR):
        assert app.test_client().get("/sets/share-secret-123/fails").status_code == 500
    lines = [record.getMessage() for record in caplog.records]
    assert "Exception on /sets/…/fails [GET]" in lines, lines
    assert "share-secret" not in caplog.text


def test_requests_refused_before_the_view_are_logged_too(database_url, request_lines):
    """A POST without its CSRF token and one over the size limit are refused before any
    view runs; an operator looking for them in the log must find them."""
    app = make_test_app(database_url, REQUEST_LOG=True, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    no_token = client.post("/auth/sign-in", data={"email": "a@example.com", "password": "x"})
    too_big = client.post("/auth/sign-in", data={"email": "x" * (70 * 1024)})
    # The refused form is shown again (post/redirect/get), saying why.
    assert no_token.status_code == 303 and no_token.location.endswith("/auth/sign-in")
    assert too_big.status_code == 413
    lines = [json.loads(line) for line in request_lines]
    assert [(line["method"], line["path"], line["status"]) for line in lines] == [
        ("POST", "/auth/sign-in", 303),
        ("POST", "/auth/sign-in", 413),
    ]
    assert all(line["duration_ms"] >= 0 for line in lines)


def test_no_request_lines_unless_asked_for(client, request_lines):
    client.get("/healthz")
    assert request_lines == []


@pytest.mark.backends("sqlite")
def test_a_write_that_meets_a_locked_database_is_run_again(database_url, caplog):
    """Another process holds SQLite's write lock past the busy timeout: the sign-up fails
    with "database is locked", is rolled back and run again once the lock is gone, and the
    learner sees the ordinary answer, not a 500."""
    app = make_test_app(database_url, SQLALCHEMY_ENGINE_OPTIONS={"connect_args": {"timeout": 0.05}})
    holder = sqlite3.connect(
        make_url(database_url).database, isolation_level=None, check_same_thread=False
    )
    holder.execute("BEGIN IMMEDIATE")  # the write lock, as another worker's commit holds it
    first_failure = threading.Event()

    class Watch(logging.Handler):
        def emit(self, record):
            if "database is locked" in record.getMessage():
                first_failure.set()

    watch = Watch()
    app.logger.addHandler(watch)

    def release_after_the_first_failure():
        first_failure.wait(timeout=30)
        holder.execute("COMMIT")

    releaser = threading.Thread(target=release_after_the_first_failure)
    releaser.start()
    try:
        form = {"display_name": "Ada", "email": "ada@example.com"}
        form |= {"password": "correct horse", "confirm": "correct horse"}
        response = app.test_client().post("/auth/sign-up", data=form)
    finally:
        first_failure.set()
        releaser.join()
        holder.close()
        app.logger.removeHandler(watch)
    assert response.status_code == 303
    with app.app_context():
        assert db.session.execute(db.select(User.email)).scalars().all() == ["ada@example.com"]
