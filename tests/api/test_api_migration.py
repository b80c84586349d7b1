"""Revision 0003 adds api_token: upgrades keep earlier rows, and it steps down and up again."""

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError
from support import current_revision, row_count, run_sql

from quizapp.extensions import db

USER = (
    'INSERT INTO "user" (id, email, display_name, password_hash, role, created_at) '
    "VALUES (1, 'old@example.com', 'Old', 'x', 'learner', '2025-01-01 00:00:00')"
)
SERVED = (
    "INSERT INTO served_question (id, token, type_id, seed, difficulty, params, params_fixed, "
    "origin, user_id, hints_revealed, served_at) VALUES (1, 'tok', 'entropy', 7, 1, '{}', false, "
    "'drawn', 1, 0, '2025-01-01 00:00:00')"
)
ATTEMPT = (
    "INSERT INTO attempt (id, user_id, served_token, type_id, seed, difficulty, params, "
    "params_fixed, raw_answer, correct, score, hints_used, created_at) VALUES (1, 1, 'tok', "
    "'entropy', 7, 1, '{}', false, '1.03', true, 1.0, 0, '2025-01-01 00:00:00')"
)
TOKEN = (
    "INSERT INTO api_token (id, user_id, name, token_hash, prefix, created_at) "
    "VALUES (1, 1, 'script', 'abc', 'qz_abc', '2025-01-02 00:00:00')"
)


def test_upgrade_from_0002_with_rows_keeps_them(bare_app):
    with bare_app.app_context():
        upgrade(revision="0002")
        run_sql(USER, SERVED, ATTEMPT)
        upgrade()
        assert "api_token" in inspect(db.engine).get_table_names()
        assert (row_count("user"), row_count("served_question"), row_count("attempt")) == (1, 1, 1)
        run_sql(TOKEN)
        assert row_count("api_token") == 1


def test_0003_downgrades_to_0002_and_upgrades_again(bare_app):
    with bare_app.app_context():
        upgrade(revision="0003")
        run_sql(USER, TOKEN)
        downgrade(revision="0002")
        assert current_revision() == "0002"
        assert "api_token" not in inspect(db.engine).get_table_names()
        assert row_count("user") == 1
        upgrade(revision="0003")
        assert current_revision() == "0003" and row_count("api_token") == 0
        run_sql(TOKEN)
        upgrade()


def test_api_token_hash_is_unique_and_deleting_a_user_deletes_their_tokens(bare_app):
    with bare_app.app_context():
        upgrade()
        run_sql(USER, TOKEN)
        with pytest.raises(IntegrityError, match="(?i)unique"):
            run_sql(TOKEN.replace("VALUES (1,", "VALUES (2,"))
        run_sql('DELETE FROM "user" WHERE id = 1')
        assert row_count("api_token") == 0
