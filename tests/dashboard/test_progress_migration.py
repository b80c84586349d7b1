"""Migration 0004 (review cards, interview rounds): upgrading keeps rows, and it steps back."""

from __future__ import annotations

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError
from support import current_revision, row_count, run_sql

from quizapp.extensions import db

NEW_TABLES = {"review_card", "interview_round", "interview_item"}
OLD_ROWS = [
    'INSERT INTO "user" (id, email, display_name, password_hash, role, created_at) '
    "VALUES (1, 'old@example.com', 'Old', 'x', 'learner', '2025-01-01 00:00:00')",
    "INSERT INTO served_question (id, token, type_id, seed, difficulty, params, params_fixed, "
    "origin, user_id, hints_revealed, served_at) VALUES (1, 'tok', 'entropy', 7, 1, '{}', false, "
    "'drawn', 1, 0, '2025-01-01 00:00:00')",
    "INSERT INTO attempt (id, user_id, served_token, type_id, seed, difficulty, params, "
    "params_fixed, raw_answer, correct, score, hints_used, created_at) VALUES (1, 1, 'tok', "
    "'entropy', 7, 1, '{}', false, '1.03', true, 1.0, 0, '2025-01-01 00:00:00')",
]
NEW_ROWS = [
    "INSERT INTO review_card (id, user_id, type_id, card_json, due_at, updated_at) VALUES "
    "(1, 1, 'entropy', '{}', '2025-01-02 00:00:00', '2025-01-01 00:00:00')",
    "INSERT INTO interview_round (id, user_id, plan, position, status, started_at) VALUES "
    "(1, 1, '[]', 0, 'active', '2025-01-01 00:00:00')",
    "INSERT INTO interview_item (id, round_id, position, served_token) VALUES (1, 1, 0, 'tok')",
]


def tables() -> set[str]:
    return set(inspect(db.engine).get_table_names())


def test_upgrade_from_0003_keeps_rows_and_adds_the_tables(bare_app):
    with bare_app.app_context():
        upgrade(revision="0003")
        run_sql(*OLD_ROWS)
        assert not NEW_TABLES & tables()
        upgrade(revision="0004")
        assert current_revision() == "0004"
        assert tables() >= NEW_TABLES
        assert [row_count(t) for t in ("user", "served_question", "attempt")] == [1, 1, 1]
        run_sql(*NEW_ROWS)
        assert [row_count(t) for t in sorted(NEW_TABLES)] == [1, 1, 1]


def test_downgrade_one_step_and_back(bare_app):
    with bare_app.app_context():
        upgrade(revision="0004")
        run_sql(*OLD_ROWS + NEW_ROWS)
        downgrade(revision="0003")
        assert current_revision() == "0003"
        assert not NEW_TABLES & tables()
        assert row_count("attempt") == 1
        upgrade(revision="0004")
        assert tables() >= NEW_TABLES and row_count("review_card") == 0
        assert row_count("user") == 1


def test_review_cards_are_unique_per_user_and_type(bare_app):
    with bare_app.app_context():
        upgrade(revision="0004")
        run_sql(*OLD_ROWS + NEW_ROWS[:1])
        with pytest.raises(IntegrityError, match="(?i)unique"):
            run_sql(*[NEW_ROWS[0].replace("(1, 1,", "(2, 1,")])


def test_deleting_a_user_cascades_to_the_new_tables(bare_app):
    with bare_app.app_context():
        upgrade(revision="0004")
        run_sql(*OLD_ROWS + NEW_ROWS)
        run_sql(*['DELETE FROM "user" WHERE id = 1'])
        assert [row_count(t) for t in sorted(NEW_TABLES)] == [0, 0, 0]
        assert row_count("attempt") == 0
