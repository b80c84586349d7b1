"""The schema exists only through Alembic revisions: upgrades keep rows, downgrades step back."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import event, inspect, text
from sqlalchemy.exc import DBAPIError, IntegrityError
from support import StatementLog, current_revision

from quizapp.config import POSTGRES_STATEMENT_TIMEOUT_MS
from quizapp.extensions import db, migrations_folder

ROWS = {
    "user": 'INSERT INTO "user" (id, email, display_name, password_hash, role, created_at) '
    "VALUES (1, 'old@example.com', 'Old', 'x', 'learner', '2025-01-01 00:00:00')",
    "served_question": "INSERT INTO served_question (id, token, type_id, seed, difficulty, params, "
    "params_fixed, origin, user_id, hints_revealed, served_at) VALUES (1, 'tok', 'entropy', 7, 1, "
    "'{}', false, 'drawn', 1, 0, '2025-01-01 00:00:00')",
    "attempt": "INSERT INTO attempt (id, user_id, served_token, type_id, seed, difficulty, params, "
    "params_fixed, raw_answer, correct, score, hints_used, created_at) VALUES (1, 1, 'tok', "
    "'entropy', 7, 1, '{}', false, '1.03', true, 1.0, 0, '2025-01-01 00:00:00')",
    "api_token": "INSERT INTO api_token (id, user_id, name, token_hash, prefix, created_at) "
    "VALUES (1, 1, 'script', 'h', 'qz_', '2025-01-01 00:00:00')",
    "review_card": "INSERT INTO review_card (id, user_id, type_id, card_json, due_at, updated_at) "
    "VALUES (1, 1, 'entropy', '{}', '2025-01-02 00:00:00', '2025-01-01 00:00:00')",
    "interview_round": "INSERT INTO interview_round (id, user_id, plan, position, status, "
    "started_at) VALUES (1, 1, '[]', 0, 'active', '2025-01-01 00:00:00')",
    "interview_item": "INSERT INTO interview_item (id, round_id, position, served_token) "
    "VALUES (1, 1, 0, 'tok')",
    "retry": "INSERT INTO retry (id, attempt_id, try_number, served_token, created_at, "
    "hints_used) VALUES (1, 1, 2, 'tok', '2025-01-01 00:00:00', 0)",
    "api_token_reveal": "INSERT INTO api_token_reveal (id, api_token_id, sealed, created_at) "
    "VALUES (1, 1, 'c2VhbGVk', '2025-01-01 00:00:00')",
    "question_set": "INSERT INTO question_set (id, owner_id, title, share_token, created_at, "
    "updated_at) VALUES (1, 1, 'Losses', 'share', '2025-01-01 00:00:00', '2025-01-01 00:00:00')",
    "set_version": "INSERT INTO set_version (id, set_id, number, data, status, created_at, "
    "published_at) VALUES (1, 1, 1, '{}', 'published', '2025-01-01 00:00:00', "
    "'2025-01-01 00:00:00')",
    "problem_report": "INSERT INTO problem_report (id, reporter_id, set_version_id, item_id, "
    "seed, text, created_at, resolved) VALUES (1, 1, 1, 'a', 7, 'Typo', "
    "'2025-01-01 00:00:00', FALSE)",
    "class": "INSERT INTO class (id, name, owner_id, join_code, created_at) "
    "VALUES (1, 'Losses 101', 1, 'ABCDEFGH', '2025-01-01 00:00:00')",
    "class_member": "INSERT INTO class_member (id, class_id, user_id, role, joined_at) "
    "VALUES (1, 1, 1, 'learner', '2025-01-01 00:00:00')",
    "assignment": "INSERT INTO assignment (id, class_id, set_version_id, title, "
    "attempts_policy, solutions, created_at) VALUES (1, 1, 1, 'Week 1', 'practice', "
    "'immediately', '2025-01-01 00:00:00')",
    "assignment_recipient": "INSERT INTO assignment_recipient (id, assignment_id, user_id) "
    "VALUES (1, 1, 1)",
    "audit_event": "INSERT INTO audit_event (id, actor_id, action, subject_type, subject_id, "
    "detail, created_at) VALUES (1, 1, 'set.publish', 'question_set', '1', '{}', "
    "'2025-01-01 00:00:00')",
}


def revisions(_app=None) -> list[str]:
    """Revision ids from oldest to newest."""
    script = ScriptDirectory(migrations_folder())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def tables() -> set[str]:
    return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


def insert_rows() -> None:
    with db.engine.begin() as connection:
        for table in ROWS:
            if table in tables():
                connection.execute(text(ROWS[table]))


def row_counts() -> dict[str, int]:
    with db.engine.connect() as connection:
        return {
            table: connection.execute(text(f'SELECT COUNT(*) FROM "{table}"')).scalar_one()
            for table in sorted(tables())
        }


def test_there_are_at_least_two_revisions(bare_app):
    assert revisions(bare_app)[:2] == ["0001", "0002"]


def test_upgrade_from_empty_reaches_head_and_matches_the_models(bare_app):
    with bare_app.app_context():
        upgrade()
        assert current_revision() == revisions(bare_app)[-1]
        assert {"user", "served_question", "attempt"} <= tables()
        with db.engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), db.metadata)
        assert diff == [], f"models and migrations differ: {diff}"


@pytest.mark.parametrize("earlier", revisions()[:-1])
def test_upgrade_from_each_earlier_revision_keeps_rows(bare_app, earlier):
    ids = revisions()
    with bare_app.app_context():
        upgrade(revision=earlier)
        insert_rows()
        before = row_counts()
        assert before and all(count == 1 for count in before.values())
        upgrade()
        assert current_revision() == ids[-1]
        after = row_counts()
        assert all(after[table] == before[table] for table in before)


def test_downgrade_one_step_and_back_up(bare_app):
    ids = revisions(bare_app)
    with bare_app.app_context():
        upgrade()
        insert_rows()
        downgrade(revision="-1")
        assert current_revision() == ids[-2]
        assert row_counts()["user"] == 1
        upgrade()
        assert current_revision() == ids[-1]
        assert row_counts()["user"] == 1


def test_downgrade_to_base_removes_every_table(bare_app):
    with bare_app.app_context():
        upgrade()
        downgrade(revision="base")
        assert tables() == set()


def test_downgrade_from_question_sets_keeps_attempts_and_their_retries(bare_app):
    """0008's columns are dropped in place: copying attempt would cascade-delete its retries."""
    with bare_app.app_context():
        upgrade()
        insert_rows()
        downgrade(revision="0007")
        counts = row_counts()
        assert counts["attempt"] == counts["retry"] == counts["served_question"] == 1
        assert "question_set" not in counts
        upgrade()
        assert "item_id" in {c["name"] for c in inspect(db.engine).get_columns("attempt")}


def test_a_set_has_at_most_one_draft_version(bare_app):
    """The partial unique index refuses a second draft, but not a second published version."""
    with bare_app.app_context():
        upgrade()
        insert_rows()
        add = (
            # Explicit ids: rows inserted with ids do not move PostgreSQL's sequence on.
            "INSERT INTO set_version (id, set_id, number, data, status, created_at, published_at) "
            "VALUES ({n}, 1, {n}, '{{}}', '{status}', '2025-01-02 00:00:00', {published})"
        )
        with db.engine.begin() as connection:
            connection.execute(
                text(add.format(n=2, status="published", published="'2025-01-02 00:00:00'"))
            )
            connection.execute(text(add.format(n=3, status="draft", published="NULL")))
        with pytest.raises(IntegrityError), db.engine.begin() as connection:
            connection.execute(text(add.format(n=4, status="draft", published="NULL")))
        with pytest.raises(IntegrityError), db.engine.begin() as connection:
            # A published version must say when it was published.
            connection.execute(text(add.format(n=5, status="published", published="NULL")))


def test_postgresql_builds_the_assignment_index_without_blocking_writes(bare_app):
    """0013 runs on a populated attempt table: on PostgreSQL its index is built and the old
    one dropped CONCURRENTLY (outside a transaction), so answers keep being written."""
    with bare_app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("SQLite has no CREATE INDEX CONCURRENTLY")
        upgrade(revision="0012")
        insert_rows()
        with StatementLog(bare_app) as log:
            upgrade(revision="0013")
            downgrade(revision="0012")
        index_statements = [s for s in log.statements if " INDEX " in s]
        assert len(index_statements) == 4, index_statements
        assert all("INDEX CONCURRENTLY" in s for s in index_statements), index_statements
        assert row_counts()["attempt"] == 1


def test_postgresql_assignment_index_migration_runs_again_after_a_failed_build(bare_app):
    """A CREATE INDEX CONCURRENTLY that fails leaves its index behind, marked invalid, under
    its name: running 0013 again must build the index anew, not fail on the name."""
    with bare_app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("only PostgreSQL builds indexes concurrently")
        upgrade(revision="0012")
        insert_rows()
        # A build that fails on a row (division by zero for id 1), as a cancelled or
        # killed one would, after PostgreSQL has made the index.
        autocommit = db.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        with autocommit as connection, pytest.raises(DBAPIError, match="division by zero"):
            connection.execute(
                text(
                    "CREATE INDEX CONCURRENTLY ix_attempt_assignment_covering "
                    "ON attempt ((1 / (id - 1)))"
                )
            )
        assert index_validity("ix_attempt_assignment_covering") == [False]
        upgrade(revision="0013")
        assert index_validity("ix_attempt_assignment_covering") == [True]
        assert index_validity("ix_attempt_assignment_id_user_id") == []
        with db.engine.connect() as connection:
            definition = connection.execute(
                text("SELECT pg_get_indexdef('ix_attempt_assignment_covering'::regclass)")
            ).scalar_one()
        assert "(assignment_id, user_id, item_id, created_at, id," in definition, definition
        assert row_counts()["attempt"] == 1


def index_validity(name: str) -> list[bool]:
    """Whether PostgreSQL's index ``name`` is valid (usable): [] when there is none."""
    with db.engine.connect() as connection:
        return list(
            connection.execute(
                text(
                    "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                    "WHERE c.relname = :name"
                ),
                {"name": name},
            ).scalars()
        )


def test_postgresql_statements_time_out_except_while_migrating(bare_app):
    """The app's statements are cancelled after POSTGRES_STATEMENT_TIMEOUT_MS, so a runaway
    query cannot outlive its request; the migrations run without that limit (an index
    build may take longer) and give the connection back with it."""
    with bare_app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("SQLite has no statement timeout")
        during: list[str] = []

        def note_timeout(connection, _cursor, statement, *_args) -> None:
            if statement.lstrip().startswith("CREATE TABLE") and not during:
                raw = connection.connection.dbapi_connection
                during.append(raw.execute("SHOW statement_timeout").fetchone()[0])

        event.listen(db.engine, "before_cursor_execute", note_timeout)
        try:
            upgrade()
        finally:
            event.remove(db.engine, "before_cursor_execute", note_timeout)
        assert during == ["0"]
        for _ in range(3):  # whichever pooled connection comes next
            with db.engine.connect() as connection:
                shown = connection.exec_driver_sql("SHOW statement_timeout").scalar_one()
            assert shown == f"{POSTGRES_STATEMENT_TIMEOUT_MS // 1000}s"
