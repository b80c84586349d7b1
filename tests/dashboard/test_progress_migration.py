"""Migration 0004 (review cards, interview rounds): upgrading keeps rows, and it steps back."""

from __future__ import annotations

import pytest
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from quizapp import create_app
from quizapp.extensions import db

NEW_TABLES = {"review_card", "interview_round", "interview_item"}
OLD_ROWS = [
    'INSERT INTO "user" (id, email, display_name, password_hash, role, created_at) '
    "VALUES (1, 'old@example.com', 'Old', 'x', 'learner', '2025-01-01 00:00:00')",
    "INSERT INTO served_question (id, token, type_id, seed, difficulty, params, params_fixed, "
    "origin, user_id, hints_revealed, served_at) VALUES (1, 'tok', 'entropy', 7, 1, '{}', 0, "
    "'drawn', 1, 0, '2025-01-01 00:00:00')",
    "INSERT INTO attempt (id, user_id, served_token, type_id, seed, difficulty, params, "
    "params_fixed, raw_answer, correct, score, hints_used, created_at) VALUES (1, 1, 'tok', "
    "'entropy', 7, 1, '{}', 0, '1.03', 1, 1.0, 0, '2025-01-01 00:00:00')",
]
NEW_ROWS = [
    "INSERT INTO review_card (id, user_id, type_id, card_json, due_at, updated_at) VALUES "
    "(1, 1, 'entropy', '{}', '2025-01-02 00:00:00', '2025-01-01 00:00:00')",
    "INSERT INTO interview_round (id, user_id, plan, position, status, started_at) VALUES "
    "(1, 1, '[]', 0, 'active', '2025-01-01 00:00:00')",
    "INSERT INTO interview_item (id, round_id, position, served_token) VALUES (1, 1, 0, 'tok')",
]


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


def tables() -> set[str]:
    return set(inspect(db.engine).get_table_names())


def run(statements: list[str]) -> None:
    with db.engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))


def count(table: str) -> int:
    with db.engine.connect() as connection:
        return connection.execute(text(f'SELECT COUNT(*) FROM "{table}"')).scalar_one()


def test_upgrade_from_0003_keeps_rows_and_adds_the_tables(bare_app):
    with bare_app.app_context():
        upgrade(revision="0003")
        run(OLD_ROWS)
        assert not NEW_TABLES & tables()
        upgrade(revision="0004")
        assert revision() == "0004"
        assert tables() >= NEW_TABLES
        assert [count(t) for t in ("user", "served_question", "attempt")] == [1, 1, 1]
        run(NEW_ROWS)
        assert [count(t) for t in sorted(NEW_TABLES)] == [1, 1, 1]


def test_downgrade_one_step_and_back(bare_app):
    with bare_app.app_context():
        upgrade(revision="0004")
        run(OLD_ROWS + NEW_ROWS)
        downgrade(revision="0003")
        assert revision() == "0003"
        assert not NEW_TABLES & tables()
        assert count("attempt") == 1
        upgrade(revision="0004")
        assert tables() >= NEW_TABLES and count("review_card") == 0
        assert count("user") == 1


def test_review_cards_are_unique_per_user_and_type(bare_app):
    with bare_app.app_context():
        upgrade(revision="0004")
        run(OLD_ROWS + NEW_ROWS[:1])
        with pytest.raises(Exception, match="UNIQUE"):
            run([NEW_ROWS[0].replace("(1, 1,", "(2, 1,")])


def test_deleting_a_user_cascades_to_the_new_tables(bare_app):
    with bare_app.app_context():
        upgrade(revision="0004")
        run(OLD_ROWS + NEW_ROWS)
        run(['DELETE FROM "user" WHERE id = 1'])
        assert [count(t) for t in sorted(NEW_TABLES)] == [0, 0, 0]
        assert count("attempt") == 0
