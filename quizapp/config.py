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
``QUIZAPP_TRUSTED_PROXIES``
    How many reverse proxies in front of the app set ``X-Forwarded-For`` and
    ``X-Forwarded-Proto``; default ``0``: the headers are ignored and the client address is
    the connection's. Set it to the real number (``1`` behind one nginx): too many lets a
    client choose its own address, and so escape the per-address rate limits.
``QUIZAPP_RATELIMIT_STORAGE`` (or Flask-Limiter's own ``RATELIMIT_STORAGE_URI``)
    Where the rate-limit counters live, shared by every process that uses it:
    ``redis://127.0.0.1:6379/0``. Default ``memory://``: counters inside each process, right
    only for one process (the development server, one gunicorn worker); with several
    workers each would allow the full limit. gunicorn warns at start in that case.
``QUIZAPP_RATELIMIT_SIGN_IN_ACCOUNT``, ``…_SIGN_IN_ADDRESS``, ``…_SIGN_UP_ADDRESS``,
``…_PASSWORD_CHANGE_ACCOUNT``, ``…_API_TOKEN``, ``…_API_BAD_TOKEN_ADDRESS``,
``…_API_ANONYMOUS_QUESTIONS_ADDRESS``
    The rate limits (see ``RATE_LIMITS`` below for what each counts and why its default),
    in the ``limits`` notation: ``"10 per minute; 50 per hour"``.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
from collections.abc import Mapping
from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import limits.storage
from flask import Flask
from limits import parse_many
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError
from werkzeug.security import generate_password_hash

ENVIRONMENTS = ("production", "development", "testing")
#: How long "keep me signed in" lasts; signing in again starts it anew.
REMEMBER_ME = timedelta(days=30)

#: Rate-limit setting → its default. Each is also the name of its environment variable.
#: "Per address" means per IPv4 address, or per IPv6 /64 network.
#: The counters use fixed windows: a burst across a window's edge may reach twice the
#: per-minute figure, which the per-hour figure then bounds.
RATE_LIMITS = {
    # Sign-in POSTs per account (the email typed, normalised), right or wrong, counted
    # before the password is checked, so a flood costs no scrypt. Nobody signs in ten times
    # a minute; an online guesser gets 50 tries an hour instead of thousands a minute. The
    # price: a stranger can keep one account's sign-in refused while they keep trying.
    "QUIZAPP_RATELIMIT_SIGN_IN_ACCOUNT": "10 per minute; 50 per hour",
    # Failed sign-ins per client address, over all accounts (a guesser spraying accounts).
    # Failures only: a class behind one school address signing in together is not refused.
    "QUIZAPP_RATELIMIT_SIGN_IN_ADDRESS": "30 per minute; 300 per hour",
    # Sign-up POSTs per client address: each costs a password hash and may make an account.
    # A class signing up together gets through in a minute or two; a script cannot mint
    # thousands of accounts.
    "QUIZAPP_RATELIMIT_SIGN_UP_ADDRESS": "20 per minute; 200 per day",
    # Password-change POSTs per signed-in account: each checks the current password, so a
    # borrowed session must not become a way to guess it.
    "QUIZAPP_RATELIMIT_PASSWORD_CHANGE_ACCOUNT": "5 per minute; 20 per hour",
    # API requests per personal token, over all routes: a script answering a question a
    # second uses two a second; more is a loop gone wrong.
    "QUIZAPP_RATELIMIT_API_TOKEN": "120 per minute; 3000 per hour",
    # Requests refused for a bad token (401), per client address: a client misconfigured in
    # a loop, or someone guessing tokens, is stopped. Good tokens do not count, but while
    # an address is refused its good tokens are refused too.
    "QUIZAPP_RATELIMIT_API_BAD_TOKEN_ADDRESS": "30 per minute; 300 per hour",
    # Questions served to the API without a token, per client address: each is a database
    # row kept for a day; someone practising needs a few a minute.
    "QUIZAPP_RATELIMIT_API_ANONYMOUS_QUESTIONS_ADDRESS": "30 per minute; 300 per hour",
}

#: The rate-limit storage when none is named: counters inside this one process.
MEMORY_STORAGE = "memory://"
#: The rate-limit storages limits can use from a sync app (its "async+" ones cannot be).
STORAGE_SCHEMES = tuple(sorted(s for s in limits.storage.SCHEMES if not s.startswith("async+")))


class ConfigError(RuntimeError):
    """The environment does not describe a runnable app (the message says what to set)."""


def settings_from_env(
    instance_path: str, environ: Mapping[str, str] | None = None, *, make_folder: bool = True
) -> dict[str, Any]:
    """The app's config mapping, read from ``environ`` (default: the process environment).

    Without ``DATABASE_URL`` the SQLite file goes in the instance folder, which is made
    here unless ``make_folder`` is False (a check that must leave no trace).
    """
    env = os.environ if environ is None else environ
    mode = env.get("QUIZAPP_ENV", "production").strip().lower() or "production"
    if mode not in ENVIRONMENTS:
        raise ConfigError(f"QUIZAPP_ENV must be one of {', '.join(ENVIRONMENTS)}; got {mode!r}.")
    return {
        "QUIZAPP_ENV": mode,
        "SECRET_KEY": env.get("SECRET_KEY") or None,
        "SQLALCHEMY_DATABASE_URI": _database_url(
            env.get("DATABASE_URL"), instance_path, make_folder
        ),
        **_cookie_settings(_flag(env, "QUIZAPP_SECURE_COOKIES", _secure_default(mode))),
        "PASSWORD_HASH_METHOD": _hash_method(env.get("QUIZAPP_PASSWORD_HASH", "scrypt")),
        "WTF_CSRF_TIME_LIMIT": None,  # tokens live as long as the session; no "expired" surprise
        "MAX_CONTENT_LENGTH": 64 * 1024,
        "REQUEST_LOG": _flag(env, "QUIZAPP_REQUEST_LOG", "0"),
        "QUIZAPP_TRUSTED_PROXIES": _proxy_count(env.get("QUIZAPP_TRUSTED_PROXIES", "0")),
        "RATELIMIT_STORAGE_URI": rate_limit_storage(env),
        **{
            name: checked_rate_limit(name, env.get(name) or default)
            for name, default in RATE_LIMITS.items()
        },
    }


def checked_rate_limit(name: str, value: object) -> str:
    """``value`` if it is rate limits like '10 per minute; 50 per hour', each allowing at
    least one request; else a ConfigError naming the setting ``name``."""
    try:
        parsed = parse_many(str(value))
    except ValueError:
        raise ConfigError(
            f"{name} must be rate limits like '10 per minute; 50 per hour'; got {value!r}."
        ) from None
    # "0 per minute" parses, and refuses every request: nobody could sign in, say.
    if any(limit.amount < 1 for limit in parsed):
        raise ConfigError(
            f"{name}: each limit must allow at least 1 request (got {value!r}); to lift a"
            " limit, give a large one such as '10000 per minute'."
        )
    return str(value)


def rate_limit_storage(environ: Mapping[str, str]) -> str:
    """The rate-limit storage URI ``environ`` names (ours first, then Flask-Limiter's)."""
    for name in ("QUIZAPP_RATELIMIT_STORAGE", "RATELIMIT_STORAGE_URI"):
        if named := environ.get(name, "").strip():
            scheme = named.partition("://")[0] if "://" in named else ""
            if scheme not in STORAGE_SCHEMES:
                # Only the scheme is repeated: the rest may hold a password.
                raise ConfigError(
                    f"{name} must be a storage URL such as redis://127.0.0.1:6379/0 or"
                    f" memory://; its scheme {scheme + '://' if scheme else '(none)'} is not"
                    f" one limits knows: {', '.join(s + '://' for s in STORAGE_SCHEMES)}."
                )
            return named
    return MEMORY_STORAGE


def unshared_storage_warning(workers: int, environ: Mapping[str, str]) -> str | None:
    """What to tell whoever starts ``workers`` processes whose rate-limit counters would not
    be shared (each would allow the whole limit); None when nothing is wrong."""
    if workers <= 1 or not rate_limit_storage(environ).startswith(MEMORY_STORAGE):
        return None
    return (
        f"Rate limits are kept in memory, so each of the {workers} workers counts on its "
        f"own and a client gets up to {workers} times every limit. Set "
        "QUIZAPP_RATELIMIT_STORAGE=redis://127.0.0.1:6379/0 (a Redis server all the workers "
        "reach) to share the counters, or run one worker."
    )


def _proxy_count(value: str) -> int:
    text = value.strip() or "0"
    if not (text.isascii() and text.isdecimal()):
        raise ConfigError(
            "QUIZAPP_TRUSTED_PROXIES must be the number of reverse proxies in front of the "
            f"app (0 when clients connect directly); got {value!r}."
        )
    return int(text)


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


#: The shortest SECRET_KEY production takes: 32 characters, what ``secrets.token_hex(16)``
#: gives. Whoever guesses the key can sign a session cookie naming any user, an
#: administrator included, and a short or made-up word is guessed offline from one cookie.
SHORTEST_SECRET_KEY = 32


def require_secret_key(config: dict[str, Any], instance_path: str) -> None:
    """Fail with a clear message when production runs without SECRET_KEY, or with one too
    short to keep sessions from being forged. (An app made for tests, ``TESTING``, may use
    any key.)"""
    mode = config.get("QUIZAPP_ENV", "production")
    key = config.get("SECRET_KEY")
    if key:
        if mode == "production" and not config.get("TESTING") and len(key) < SHORTEST_SECRET_KEY:
            raise ConfigError(
                f"SECRET_KEY is {len(key)} characters long; production needs at least "
                f"{SHORTEST_SECRET_KEY}, random, as anyone who guesses it can sign in as any "
                'user. Make one with python -c "import secrets; print(secrets.token_hex(32))".'
            )
        return
    if mode == "testing":
        # Random, not a fixed word: a "testing" server someone reached would otherwise
        # accept cookies anyone could sign.
        config["SECRET_KEY"] = secrets.token_hex(32)
    elif mode == "development":
        config["SECRET_KEY"] = _development_key(Path(instance_path))
    else:
        raise ConfigError(
            "SECRET_KEY is not set. Set it to a long random string "
            '(e.g. python -c "import secrets; print(secrets.token_hex(32))"), '
            "or set QUIZAPP_ENV=development to run locally."
        )


def startup_problem(environ: Mapping[str, str] | None = None) -> str | None:
    """Why ``create_app()`` would refuse the settings in ``environ``, or None.

    gunicorn's master asks once before it starts any worker (``docs/deploy``), so a wrong
    setting stops it with that one message, not with a traceback from every worker. It
    writes nothing: the instance folder and a development key are the workers' to make,
    as the user they run as.
    """
    instance_path = Flask("quizapp", instance_relative_config=True).instance_path
    try:
        settings = settings_from_env(instance_path, environ, make_folder=False)
        if settings["QUIZAPP_ENV"] == "production":  # the other modes make a key instead
            require_secret_key(settings, instance_path)
        engine_options(settings["SQLALCHEMY_DATABASE_URI"])
    except ConfigError as problem:
        return str(problem)
    return None


def _development_key(instance: Path) -> str:
    """A random key kept in the instance folder, so dev sessions survive restarts."""
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / "dev-secret-key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
    return path.read_text().strip()


def _database_url(url: str | None, instance_path: str, make_folder: bool = True) -> str:
    if not url:
        if make_folder:
            Path(instance_path).mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{Path(instance_path) / 'quizapp.sqlite'}"
    # A bare postgres:// or postgresql:// URL (as hosting services hand them out) means the
    # psycopg 3 driver we ship, not SQLAlchemy's default psycopg2, which is not installed.
    for scheme in ("postgres://", "postgresql://"):
        if url.startswith(scheme):
            url = "postgresql+psycopg://" + url.removeprefix(scheme)
    return _checked_database_url(url)


def _checked_database_url(url: str) -> str:
    """``url`` if it is a SQLite or PostgreSQL URL; else a ConfigError naming DATABASE_URL
    (SQLAlchemy's own error did not say which setting it came from). The value is not
    repeated: it may hold a password."""
    example = "sqlite:////var/lib/quizapp/quizapp.sqlite or postgresql+psycopg://…"
    try:
        backend = make_url(url).get_backend_name()
    except ArgumentError:
        raise ConfigError(f"DATABASE_URL is not a database URL; give one like {example}") from None
    if backend not in ("sqlite", "postgresql"):
        raise ConfigError(
            f"DATABASE_URL names a {backend} database; quizapp runs on SQLite or PostgreSQL"
            f" ({example})."
        )
    return url


TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off")


def _flag(env: Mapping[str, str], name: str, default: str) -> bool:
    """A yes/no setting. Anything else is refused: a mistyped QUIZAPP_SECURE_COOKIES
    ("ture") used to read as "no" and quietly send session cookies over plain HTTP."""
    value = env.get(name, default).strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ConfigError(
        f"{name} must be one of {', '.join(TRUE_WORDS)} (yes) or {', '.join(FALSE_WORDS)} "
        f"(no); got {env.get(name)!r}."
    )


@lru_cache(maxsize=8)  # one hash per method and process: tests make many apps
def _hash_method(method: str) -> str:
    """A password-hash method werkzeug knows, checked at start: an unknown one used to start
    the app and fail every sign-up with a 500."""
    try:
        generate_password_hash("check", method=method)
    except (ValueError, TypeError) as problem:
        raise ConfigError(
            f"QUIZAPP_PASSWORD_HASH must be a method werkzeug can hash with, such as "
            f"'scrypt' or 'pbkdf2:sha256:600000'; got {method!r} ({problem})."
        ) from None
    return method


#: How long opening a PostgreSQL connection may take (under gunicorn's 30 s timeout).
POSTGRES_CONNECT_TIMEOUT_S = 5

#: How long one PostgreSQL statement of the app may run before the server cancels it: under
#: gunicorn's 30 s timeout, so a runaway query fails its request with an error instead of
#: gunicorn killing the worker, which leaves the query running on the server, holding its
#: locks. Migrations lift it (``migrations/env.py``): building an index may take longer.
POSTGRES_STATEMENT_TIMEOUT_MS = 25_000

#: How long an SQLite write waits for another process's write to finish before it fails.
SQLITE_BUSY_TIMEOUT_MS = 5000


def engine_options(url: str) -> dict[str, Any]:
    """SQLAlchemy engine options for the database at ``url``.

    PostgreSQL: each session works in UTC whatever the server's own time zone, and a
    statement is cancelled after ``POSTGRES_STATEMENT_TIMEOUT_MS`` unless the URL's
    ``?options=`` set another (``_postgres_options``); a pooled
    connection idle for a while is checked before use (``operations/idle_ping.py``, not
    ``pool_pre_ping``'s round trip on every request), so a server that restarted costs a
    reconnect instead of a failed request. SQLite: a busy timeout, so a write waits for
    another process's write instead of failing at once with "database is locked"; the
    other SQLite settings are made per connection in ``_sqlite_pragmas``.
    """
    # A failed statement's message leaves its values out: they are emails, password
    # hashes and tokens, and the message goes to the error log.
    hidden = {"hide_parameters": True}
    if url.startswith("postgresql"):
        # A server that accepts the connection and never answers fails the request (and
        # /healthz) in seconds, instead of holding the worker until gunicorn kills it.
        # The URL's own ?connect_timeout= wins (connect_args would override it).
        query = make_url(url).query
        connect: dict[str, Any] = {"options": _postgres_options(query.get("options"))}
        if "connect_timeout" not in query:
            connect["connect_timeout"] = POSTGRES_CONNECT_TIMEOUT_S
        return {**hidden, "connect_args": connect}
    if url.startswith("sqlite"):
        refuse_old_sqlite(sqlite3.sqlite_version_info)
        return {**hidden, "connect_args": {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}}
    return hidden


def _postgres_options(from_url: str | tuple[str, ...] | None) -> str:
    """The session settings sent on connecting: the statement timeout, the URL's own
    ``?options=``, then UTC. connect_args replace the URL's options, so they are repeated
    here; the server keeps the last setting of a name, so the URL's may change the timeout
    or add others (``-c lock_timeout=5000``), but never the time zone."""
    given = [from_url] if isinstance(from_url, str) else list(from_url or ())
    return " ".join(
        [f"-c statement_timeout={POSTGRES_STATEMENT_TIMEOUT_MS}", *given, "-c timezone=UTC"]
    )


#: The oldest SQLite the app runs on: recording an answer uses RETURNING (SQLite 3.35).
OLDEST_SQLITE = (3, 35, 0)


def refuse_old_sqlite(version: tuple[int, ...]) -> None:
    """Refuse to start on an SQLite too old for the app's SQL, saying what to do, rather
    than fail on every answer later."""
    if tuple(version) < OLDEST_SQLITE:
        found, needed = (".".join(map(str, v)) for v in (version, OLDEST_SQLITE))
        raise ConfigError(
            f"This Python's SQLite is {found}; quizapp needs SQLite {needed} or newer (its "
            "answers use RETURNING). Use a Python built with a newer SQLite (Debian 12 and "
            "Ubuntu 22.04 ship one) or PostgreSQL (DATABASE_URL=postgresql+psycopg://...)."
        )


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
