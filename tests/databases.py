"""Fresh databases for the tests, on SQLite files or on a PostgreSQL server.

Every database-touching test runs once per backend (``conftest.backend``). A backend hands
out two kinds of database: an empty one, for the migration tests, and one already at the
newest revision, made from a template migrated once per session (migrating each time is
slow): a file copy on SQLite; on PostgreSQL ``CREATE DATABASE … TEMPLATE``, emptied and
reused from one test to the next (see ``PostgresDatabases``).
"""

from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path

from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

#: Where the PostgreSQL runs happen: a superuser's URL (any database on the server; the
#: tests create and drop their own). scripts/test starts a server and sets it.
POSTGRES_URL_ENV = "QUIZAPP_TEST_POSTGRES_URL"


class SQLiteDatabases:
    """Database files in a temporary folder."""

    name = "sqlite"

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._numbers = itertools.count(1)
        self._template: Path | None = None

    def empty(self) -> str:
        """The URL of a new, empty database."""
        return f"sqlite:///{self._new_path()}"

    def set_template(self, url: str) -> None:
        """Use the (migrated) database at ``url`` as what ``migrated()`` copies."""
        self._template = Path(make_url(url).database)

    def migrated(self) -> str:
        """The URL of a new copy of the template."""
        assert self._template is not None, "set_template() first"
        path = self._new_path()
        shutil.copyfile(self._template, path)
        return f"sqlite:///{path}"

    def drop(self, url: str) -> None:
        """Nothing to do: the folder is pytest's, and pytest cleans it."""

    def close(self) -> None:
        """Nothing to do."""

    def _new_path(self) -> Path:
        return self._folder / f"db{next(self._numbers)}.sqlite"


class PostgresDatabases:
    """Databases named ``quizapp_test_<pid>_<n>`` on the server of ``admin_url``.

    ``CREATE DATABASE`` costs about 0.3 s, too slow for every test, so a database a test
    is done with is emptied and handed to the next one instead: the migrated ones by
    ``TRUNCATE … RESTART IDENTITY`` (ids start at 1 again, as in a new database), the empty
    ones by recreating the ``public`` schema. A database whose schema a test changed (it
    is no longer at the template's revision) is dropped, never reused.
    """

    name = "postgresql"

    def __init__(self, admin_url: str) -> None:
        self._url = make_url(admin_url)
        if self._url.drivername in ("postgresql", "postgres"):
            self._url = self._url.set(drivername="postgresql+psycopg")
        # CREATE / DROP DATABASE cannot run inside a transaction.
        self._admin = create_engine(self._url, isolation_level="AUTOCOMMIT")
        self._prefix = f"quizapp_test_{os.getpid()}_"
        self._numbers = itertools.count(1)
        self._template: str | None = None
        self._revision: str | None = None
        self._made: set[str] = set()
        self._free: dict[str, list[str]] = {"empty": [], "migrated": []}
        self._kind: dict[str, str] = {}

    def empty(self) -> str:
        """The URL of a new, empty database."""
        return self._take("empty")

    def set_template(self, url: str) -> None:
        """Use the (migrated) database at ``url`` as what ``migrated()`` copies."""
        self._template = make_url(url).database
        self._kind.pop(self._template, None)  # never handed out again
        with create_engine(url, poolclass=NullPool).connect() as connection:
            self._revision = _revision(connection)

    def migrated(self) -> str:
        """The URL of a database at the template's revision, holding no rows."""
        assert self._template is not None, "set_template() first"
        return self._take("migrated")

    def drop(self, url: str) -> None:
        """Done with ``url`` (its connections closed): empty it for the next test, or drop
        it when it can no longer be made like new."""
        name = make_url(url).database
        kind = self._kind.get(name)
        if kind is None:
            return
        engine = create_engine(url, poolclass=NullPool)
        try:
            with engine.begin() as connection:
                if kind == "empty":
                    connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
                elif _revision(connection) == self._revision:
                    _truncate_all(connection)
                else:
                    kind = None
        finally:
            engine.dispose()
        if kind is None:
            self._drop(name)
        else:
            self._free[kind].append(name)

    def close(self) -> None:
        """Drop every database this session made."""
        for name in sorted(self._made):
            self._drop(name)
        self._admin.dispose()

    def _take(self, kind: str) -> str:
        if self._free[kind]:
            name = self._free[kind].pop()
        else:
            name = f"{self._prefix}{next(self._numbers)}"
            template = self._template if kind == "migrated" else "template0"
            with self._admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
            self._made.add(name)
        self._kind[name] = kind
        return self._url.set(database=name).render_as_string(hide_password=False)

    def _drop(self, name: str) -> None:
        with self._admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self._made.discard(name)
        self._kind.pop(name, None)


def _revision(connection) -> str | None:
    """The Alembic revision of the database on ``connection`` (None: not migrated)."""
    return MigrationContext.configure(connection).get_current_revision()


def _truncate_all(connection) -> None:
    """Delete every row but Alembic's, and restart the id sequences."""
    tables = connection.execute(
        text(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
            "AND tablename != 'alembic_version'"
        )
    ).scalars()
    names = ", ".join(f'"{table}"' for table in tables)
    if names:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
