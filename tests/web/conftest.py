"""Fixtures of the tests that run real servers: a PostgreSQL server a test may kill."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from pgserver import LocalPostgres, PostgresNotFound, server_user


@pytest.fixture
def own_postgres():
    """A PostgreSQL server of this test's own (fsync on), which it may kill -9 or restart."""
    try:
        folder = Path(tempfile.mkdtemp(prefix="quizapp-crash-pg."))
        server = LocalPostgres(folder, user=server_user())
    except PostgresNotFound as missing:
        pytest.skip(str(missing))
    try:
        server.init(durable=True)
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
