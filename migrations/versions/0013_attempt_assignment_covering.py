"""an assignment's attempts, covering what the results pages read of them

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03
"""

from contextlib import nullcontext

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

#: What the class and assignment results read of an assignment's attempts, so that they
#: never visit the table. Written out here, not imported: a migration is fixed in time.
COVERING = [
    "assignment_id",
    "user_id",
    "item_id",
    "created_at",
    "id",
    "score",
    "correct",
    "diagnosis",
]
ASSIGNED = sa.text("assignment_id IS NOT NULL")


def upgrade():
    # Partial: nearly every attempt is unassigned, and with those rows in the index SQLite's
    # statistics counted their NULLs as one huge assignment and the planner passed it over.
    # The new index first, so the pages keep one on assignment_id throughout.
    with _outside_a_transaction():
        _drop_a_failed_build("ix_attempt_assignment_covering")
        op.create_index(
            "ix_attempt_assignment_covering",
            "attempt",
            COVERING,
            sqlite_where=ASSIGNED,
            postgresql_where=ASSIGNED,
            postgresql_concurrently=True,
            if_not_exists=True,
        )
        # IF EXISTS: a run stopped after this drop, before Alembic noted the revision, is
        # run again from the start.
        op.drop_index(
            "ix_attempt_assignment_id_user_id",
            table_name="attempt",
            postgresql_concurrently=True,
            if_exists=True,
        )


def downgrade():
    with _outside_a_transaction():
        _drop_a_failed_build("ix_attempt_assignment_id_user_id")
        op.create_index(
            "ix_attempt_assignment_id_user_id",
            "attempt",
            ["assignment_id", "user_id"],
            postgresql_concurrently=True,
            if_not_exists=True,
        )
        op.drop_index(
            "ix_attempt_assignment_covering",
            table_name="attempt",
            postgresql_concurrently=True,
            if_exists=True,
        )


def _outside_a_transaction():
    """On PostgreSQL, CONCURRENTLY, which cannot run in a transaction: a plain CREATE INDEX
    blocks every write to the table while it reads it, and a large attempt table would stop
    taking answers for that long. SQLite has no such option (and ignores the keyword)."""
    if op.get_bind().dialect.name == "postgresql":
        return op.get_context().autocommit_block()
    return nullcontext()


def _drop_a_failed_build(name: str) -> None:
    """On PostgreSQL, drop ``name`` if a run before this one left it invalid. A CREATE
    INDEX CONCURRENTLY that fails (cancelled, out of disk, the process killed) leaves its
    index in place, marked invalid: never used, but kept up to date on every write, and
    its name taken, so that running the migration again would fail with "already exists".
    A valid one (a run stopped before Alembic noted the revision) is kept: the build that
    follows is IF NOT EXISTS."""
    if op.get_bind().dialect.name != "postgresql":
        return
    invalid = op.get_bind().execute(
        sa.text(
            "SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE c.relname = :name AND NOT i.indisvalid"
        ),
        {"name": name},
    )
    if invalid.first() is not None:
        op.drop_index(name, table_name="attempt", postgresql_concurrently=True)
