"""Revision 0003 adds api_token: upgrades keep earlier rows, and it steps down and up again."""

import pytest
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from quizapp import create_app
from quizapp.extensions import db

USER = (
    'INSERT INTO "user" (id, email, display_name, password_hash, role, created_at) '
    "VALUES (1, 'old@example.com', 'Old', 'x', 'learner', '2025-01-01 00:00:00')"
)
SERVED = (
    "INSERT INTO served_question (id, token, type_id, seed, difficulty, params, params_fixed, "
    "origin, user_id, hints_revealed, served_at) VALUES (1, 'tok', 'entropy', 7, 1, '{}', 0, "
    "'drawn', 1, 0, '2025-01-01 00:00:00')"
)
ATTEMPT = (
    "INSERT INTO attempt (id, user_id, served_token, type_id, seed, difficulty, params, "
    "params_fixed, raw_answer, correct, score, hints_used, created_at) VALUES (1, 1, 'tok', "
    "'entropy', 7, 1, '{}', 0, '1.03', 1, 1.0, 0, '2025-01-01 00:00:00')"
)
TOKEN = (
    "INSERT INTO api_token (id, user_id, name, token_hash, prefix, created_at) "
    "VALUES (1, 1, 'script', 'abc', 'qz_abc', '2025-01-02 00:00:00')"
)


@pytest.fixture
def bare_app(tmp_path):
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


def revision() -> str | None:
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def execute(*statements: str) -> None:
    with db.engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))


def rows(table: str) -> int:
    with db.engine.connect() as connection:
        return connection.execute(text(f'SELECT COUNT(*) FROM "{table}"')).scalar_one()


def test_upgrade_from_0002_with_rows_keeps_them(bare_app):
    with bare_app.app_context():
        upgrade(revision="0002")
        execute(USER, SERVED, ATTEMPT)
        upgrade()
        assert "api_token" in inspect(db.engine).get_table_names()
        assert (rows("user"), rows("served_question"), rows("attempt")) == (1, 1, 1)
        execute(TOKEN)
        assert rows("api_token") == 1


def test_0003_downgrades_to_0002_and_upgrades_again(bare_app):
    with bare_app.app_context():
        upgrade(revision="0003")
        execute(USER, TOKEN)
        downgrade(revision="0002")
        assert revision() == "0002"
        assert "api_token" not in inspect(db.engine).get_table_names()
        assert rows("user") == 1
        upgrade(revision="0003")
        assert revision() == "0003" and rows("api_token") == 0
        execute(TOKEN)
        upgrade()


def test_api_token_hash_is_unique_and_deleting_a_user_deletes_their_tokens(bare_app):
    with bare_app.app_context():
        upgrade()
        execute(USER, TOKEN)
        with pytest.raises(IntegrityError, match="UNIQUE"):
            execute(TOKEN.replace("VALUES (1,", "VALUES (2,"))
        execute('DELETE FROM "user" WHERE id = 1')
        assert rows("api_token") == 0
