"""Settings from the environment, so one build runs on a laptop, in CI and in production.

Environment variables (all optional unless said otherwise):

``SECRET_KEY``
    Signs session cookies. Required unless ``QUIZAPP_ENV`` is ``development`` or
    ``testing``; in development a random key is created once in the instance folder.
``DATABASE_URL``
    SQLAlchemy URL; default ``sqlite:///<instance folder>/quizapp.sqlite``.
    PostgreSQL: ``postgresql+psycopg://user:password@host:5432/dbname``; a bare
    ``postgres://`` or ``postgresql://`` URL is read as that (psycopg 3 is the driver).
``QUIZAPP_ENV``
    ``production`` (default), ``development`` or ``testing``.
``QUIZAPP_SECURE_COOKIES``
    ``1`` sends the session and remember-me cookies over HTTPS only; the default is ``1``
    in production and ``0`` in development and testing (``scripts/serve`` runs in
    development, on plain http://127.0.0.1). Set ``0`` only for a production server
    that is truly reached over plain http.
``QUIZAPP_PASSWORD_HASH``
    werkzeug hashing method for new passwords; default ``scrypt``.
``QUIZAPP_REQUEST_LOG``
    ``1`` to log one JSON line per request (method, path, status, duration) to stderr.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

ENVIRONMENTS = ("production", "development", "testing")
#: How long "keep me signed in" lasts; signing in again starts it anew.
REMEMBER_ME = timedelta(days=30)


class ConfigError(RuntimeError):
    """The environment does not describe a runnable app (the message says what to set)."""


def settings_from_env(instance_path: str, environ: dict[str, str] | None = None) -> dict[str, Any]:
    """The app's config mapping, read from ``environ`` (default: the process environment)."""
    env = os.environ if environ is None else environ
    mode = env.get("QUIZAPP_ENV", "production").strip().lower() or "production"
    if mode not in ENVIRONMENTS:
        raise ConfigError(f"QUIZAPP_ENV must be one of {', '.join(ENVIRONMENTS)}; got {mode!r}.")
    return {
        "QUIZAPP_ENV": mode,
        "SECRET_KEY": env.get("SECRET_KEY") or None,
        "SQLALCHEMY_DATABASE_URI": _database_url(env.get("DATABASE_URL"), instance_path),
        **_cookie_settings(_flag(env.get("QUIZAPP_SECURE_COOKIES", _secure_default(mode)))),
        "PASSWORD_HASH_METHOD": env.get("QUIZAPP_PASSWORD_HASH", "scrypt"),
        "WTF_CSRF_TIME_LIMIT": None,  # tokens live as long as the session; no "expired" surprise
        "MAX_CONTENT_LENGTH": 64 * 1024,
        "REQUEST_LOG": _flag(env.get("QUIZAPP_REQUEST_LOG", "0")),
    }


def _secure_default(mode: str) -> str:
    """Cookies are HTTPS-only unless this is a laptop or a test run (plain http there)."""
    return "1" if mode == "production" else "0"


def _cookie_settings(secure: bool) -> dict[str, Any]:
    """The session and remember-me cookies: out of reach of scripts (HttpOnly), not sent
    with other sites' form posts (SameSite=Lax), HTTPS-only when ``secure``; "keep me
    signed in" lasts ``REMEMBER_ME`` (Flask-Login's default is a year)."""
    return {
        "SESSION_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_SECURE": secure,
        "SESSION_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_DURATION": REMEMBER_ME,
    }


def require_secret_key(config: dict[str, Any], instance_path: str) -> None:
    """Fail with a clear message when production runs without SECRET_KEY."""
    if config.get("SECRET_KEY"):
        return
    mode = config.get("QUIZAPP_ENV", "production")
    if mode == "testing":
        config["SECRET_KEY"] = "testing-secret-key"
    elif mode == "development":
        config["SECRET_KEY"] = _development_key(Path(instance_path))
    else:
        raise ConfigError(
            "SECRET_KEY is not set. Set it to a long random string "
            '(e.g. python -c "import secrets; print(secrets.token_hex(32))"), '
            "or set QUIZAPP_ENV=development to run locally."
        )


def _development_key(instance: Path) -> str:
    """A random key kept in the instance folder, so dev sessions survive restarts."""
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / "dev-secret-key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
    return path.read_text().strip()


def _database_url(url: str | None, instance_path: str) -> str:
    if not url:
        Path(instance_path).mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{Path(instance_path) / 'quizapp.sqlite'}"
    # A bare postgres:// or postgresql:// URL (as hosting services hand them out) means the
    # psycopg 3 driver we ship, not SQLAlchemy's default psycopg2, which is not installed.
    for scheme in ("postgres://", "postgresql://"):
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url.removeprefix(scheme)
    return url


def _flag(value: str) -> bool:
    return value.strip().lower() in ("1", "true", "yes", "on")


#: How long an SQLite write waits for another process's write to finish before it fails.
SQLITE_BUSY_TIMEOUT_MS = 5000


def engine_options(url: str) -> dict[str, Any]:
    """SQLAlchemy engine options for the database at ``url``.

    PostgreSQL: connections are checked before use (``pool_pre_ping``), so a server that
    restarted costs a reconnect instead of a failed request, and each session works in
    UTC whatever the server's own time zone. SQLite: a busy timeout, so a write waits for
    another process's write instead of failing at once with "database is locked"; the
    other SQLite settings are made per connection in ``_sqlite_pragmas``.
    """
    if url.startswith("postgresql"):
        return {"pool_pre_ping": True, "connect_args": {"options": "-c timezone=UTC"}}
    if url.startswith("sqlite"):
        return {"connect_args": {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}}
    return {}


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """SQLite: enforce foreign keys (off by default); WAL, so readers and the one writer don't
    block each other; ``synchronous=NORMAL``, which in WAL mode loses no committed
    transaction when a process dies (only, perhaps, the last ones on a power cut) and
    spares an fsync per commit."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
