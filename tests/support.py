"""Helpers shared by the test folders (conftest modules cannot import each other by name)."""

from __future__ import annotations

import re
import threading
from urllib.parse import urlsplit

from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import text

from quizapp import create_app
from quizapp.extensions import db
from quizapp.models import User

FAST_HASH = "pbkdf2:sha256:1000"  # scrypt is deliberately slow; tests need speed, not strength
PASSWORD = "correct horse"


def make_test_app(database, **overrides):
    """An app on a real database, its schema built only by the Alembic migrations.

    ``database`` is a URL (the ``database_url`` fixture gives a fresh one on each backend)
    or the path of an SQLite file.
    """
    url = str(database)
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-of-32-characters-or-more",
        "SQLALCHEMY_DATABASE_URI": url if "://" in url else f"sqlite:///{url}",
        "WTF_CSRF_ENABLED": False,
        "PASSWORD_HASH_METHOD": FAST_HASH,
    }
    config.update(overrides)
    app = create_app(config)
    with app.app_context():
        upgrade()
    _apps_made.append(app)
    return app


_apps_made: list = []


def close_apps_on(url: str) -> None:
    """Close the connections of every app ``make_test_app`` made on ``url`` (before a drop)."""
    for app in [made for made in _apps_made if made.config["SQLALCHEMY_DATABASE_URI"] == url]:
        with app.app_context():
            db.engine.dispose()
        _apps_made.remove(app)


def token_from(response) -> str:
    """The served-question token from a redirect to /practice/question/<token>."""
    assert response.status_code == 303, response.status_code
    path = urlsplit(response.headers["Location"]).path
    assert path.startswith("/practice/question/"), path
    return path.rsplit("/", 1)[-1]


ONE_HOT_PARAMS = '{"pred": [0.7, 0.2, 0.1], "target": 0, "unit": "nats"}'


def csrf_token(page: bytes) -> str:
    """The CSRF token of the first form on ``page``."""
    match = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        rb'type="hidden" name="csrf_token" value="([^"]+)"', page
    )
    assert match, "no CSRF token on the page"
    return match.group(1).decode()


def sign_up_with_csrf(client, email: str, password: str, name: str = "Ann") -> None:
    """Create an account and sign in with it through the real forms, CSRF tokens included
    (sign-up never signs in by itself)."""
    token = csrf_token(client.get("/auth/sign-up").data)
    created = client.post(
        "/auth/sign-up",
        data={
            "csrf_token": token,
            "display_name": name,
            "email": email,
            "password": password,
            "confirm": password,
        },
    )
    assert created.status_code == 303, created.status_code
    token = csrf_token(client.get("/auth/sign-in").data)
    signed_in = client.post(
        "/auth/sign-in", data={"csrf_token": token, "email": email, "password": password}
    )
    assert signed_in.status_code == 303, signed_in.status_code


def current_revision() -> str | None:
    """The Alembic revision of the app's database (inside an app context)."""
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def run_sql(*statements: str) -> None:
    """Run raw SQL in one transaction, as rows written by an older release would be."""
    with db.engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))


def row_count(table: str) -> int:
    """How many rows ``table`` holds (inside an app context)."""
    with db.engine.connect() as connection:
        return connection.execute(text(f'SELECT COUNT(*) FROM "{table}"')).scalar_one()


def typed(value: float | list[float] | tuple[float, ...], digits: int | None = None) -> str:
    """How a learner types ``value``: exactly (repr), or to ``digits`` significant figures;
    a vector as ``[a, b, c]``."""
    if isinstance(value, list | tuple):
        return "[" + ", ".join(typed(v, digits) for v in value) + "]"
    return repr(float(value)) if digits is None else f"{float(value):.{digits}g}"


def at_once(*calls):
    """Run each call in its own thread, released together; their results in order."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)
    errors: list = []

    def run(index, call):
        barrier.wait()
        try:
            results[index] = call()
        except BaseException as problem:  # reported below, with the others
            errors.append(problem)

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


def add_user(email: str, role: str = "learner", name: str | None = None) -> int:
    """A user straight in the database (inside an app context); returns the id."""
    user = User(email=email, display_name=name or email.split("@")[0], role=role)
    user.set_password(PASSWORD, FAST_HASH)
    db.session.add(user)
    db.session.commit()
    return user.id


def sign_in(client, email: str):
    """Sign ``client`` in through the real form."""
    response = client.post("/auth/sign-in", data={"email": email, "password": PASSWORD})
    assert response.status_code == 303, response.status_code
    return response


def flashes(page: bytes) -> list[str]:
    """The flash messages on a page."""
    return [m.strip() for m in re.findall(r'class="flash[^"]*">([^<]*)<', page.decode())]


def bulk_attempts(app, user_id: int, count: int, *, type_ids=("ce_one_hot", "entropy")) -> None:
    """``count`` answered questions for ``user_id`` in two executemany inserts (every third
    wrong, with a diagnosis), dated one minute apart ending now: a long history, fast."""
    from datetime import timedelta

    from quizapp.models import utcnow

    now = utcnow()
    insert_answered(
        app,
        user_id,
        [
            (
                type_ids[n % len(type_ids)],
                now - timedelta(minutes=count - n),
                1.0 if n % 3 else 0.0,
                None if n % 3 else "log_base_2",
            )
            for n in range(count)
        ],
    )


def insert_answered(app, user_id: int, rows, *, tag: str = "bulk") -> None:
    """Answered questions of ``user_id`` from ``rows`` of (type id, moment, score,
    diagnosis), right when the score is 1, in two executemany inserts; their tokens are
    ``<tag>-<user id>-<n>`` (another call for the same user needs another tag)."""
    from sqlalchemy import insert

    from quizapp.models import Attempt, ServedQuestion

    served, attempts = [], []
    for n, (type_id, moment, score, diagnosis) in enumerate(rows):
        token = f"{tag}-{user_id}-{n}"
        common = {"type_id": type_id, "seed": n, "difficulty": 1, "params": {}, "user_id": user_id}
        served.append({**common, "token": token, "served_at": moment, "answered_at": moment})
        attempts.append(
            {
                **common,
                "served_token": token,
                "raw_answer": "0.5",
                "correct": score == 1.0,
                "score": score,
                "diagnosis": diagnosis,
                "hints_used": 0,
                "time_taken_ms": 5_000,
                "created_at": moment,
            }
        )
    with app.app_context(), db.engine.begin() as connection:
        connection.execute(insert(ServedQuestion), served)
        connection.execute(insert(Attempt), attempts)


class StatementLog:
    """The SQL statements and commits the app's engine runs inside ``with`` (a listener on
    the real engine, nothing replaced)."""

    def __init__(self, app):
        self.app = app
        self.statements: list[str] = []
        self.commits = 0

    def _statement(self, _conn, _cursor, statement, *_args) -> None:
        self.statements.append(statement)

    def _commit(self, _conn) -> None:
        self.commits += 1

    def __enter__(self):
        from sqlalchemy import event

        with self.app.app_context():
            self.engine = db.engine
        event.listen(self.engine, "before_cursor_execute", self._statement)
        event.listen(self.engine, "commit", self._commit)
        return self

    def __exit__(self, *_exc) -> None:
        from sqlalchemy import event

        event.remove(self.engine, "before_cursor_execute", self._statement)
        event.remove(self.engine, "commit", self._commit)

    @property
    def selects(self) -> list[str]:
        return [s for s in self.statements if s.lstrip().upper().startswith(("SELECT", "WITH"))]
