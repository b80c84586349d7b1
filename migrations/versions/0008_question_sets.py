"""question sets: sets, their versions, problem reports; served questions and attempts of an item

attempt.set_version_id exists since 0002 without a foreign key, and the new
served_question.set_version_id follows it: SQLite can add a foreign key only by copying
the table, and dropping the old copy with foreign keys on would cascade-delete every
retry. Both columns are plain indexed integers; a version that is gone reads as gone.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

ONE_DRAFT = sa.text("status = 'draft'")


def upgrade():
    op.create_table(
        "question_set",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("share_token", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["user.id"],
            name=op.f("fk_question_set_owner_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_question_set")),
        sa.UniqueConstraint("share_token", name=op.f("uq_question_set_share_token")),
    )
    with op.batch_alter_table("question_set", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_question_set_owner_id"), ["owner_id"])

    op.create_table(
        "set_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("set_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("checks", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('draft', 'published')", name=op.f("ck_set_version_status_known")
        ),
        sa.CheckConstraint("number >= 1", name=op.f("ck_set_version_number_positive")),
        sa.CheckConstraint(
            "(status = 'draft') = (published_at IS NULL)",
            name=op.f("ck_set_version_published_has_a_time"),
        ),
        sa.ForeignKeyConstraint(
            ["set_id"],
            ["question_set.id"],
            name=op.f("fk_set_version_set_id_question_set"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_set_version")),
        sa.UniqueConstraint("set_id", "number", name=op.f("uq_set_version_set_id")),
    )
    with op.batch_alter_table("set_version", schema=None) as batch_op:
        batch_op.create_index(
            "uq_set_version_one_draft",
            ["set_id"],
            unique=True,
            sqlite_where=ONE_DRAFT,
            postgresql_where=ONE_DRAFT,
        )

    op.create_table(
        "problem_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reporter_id", sa.Integer(), nullable=True),
        sa.Column("set_version_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(length=64), nullable=False),
        sa.Column("seed", sa.BigInteger(), nullable=False),
        sa.Column("served_token", sa.String(length=64), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "length(text) BETWEEN 1 AND 1000", name=op.f("ck_problem_report_text_length")
        ),
        sa.ForeignKeyConstraint(
            ["reporter_id"],
            ["user.id"],
            name=op.f("fk_problem_report_reporter_id_user"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["set_version_id"],
            ["set_version.id"],
            name=op.f("fk_problem_report_set_version_id_set_version"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_problem_report")),
        sa.UniqueConstraint("served_token", name=op.f("uq_problem_report_served_token")),
    )
    with op.batch_alter_table("problem_report", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_problem_report_reporter_id"), ["reporter_id"])
        batch_op.create_index(
            "ix_problem_report_set_version_id_item_id", ["set_version_id", "item_id"]
        )

    with op.batch_alter_table("served_question", schema=None) as batch_op:
        batch_op.add_column(sa.Column("set_version_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("item_id", sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_served_question_set_version_id"), ["set_version_id"])
    with op.batch_alter_table("attempt", schema=None) as batch_op:
        batch_op.add_column(sa.Column("item_id", sa.String(length=64), nullable=True))


def downgrade():
    # recreate="never": SQLite (3.35+) drops a column in place; copying the table instead
    # would drop the old one, and with foreign keys on that cascade-deletes its children.
    with op.batch_alter_table("attempt", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("item_id")
    with op.batch_alter_table("served_question", schema=None, recreate="never") as batch_op:
        batch_op.drop_index(batch_op.f("ix_served_question_set_version_id"))
        batch_op.drop_column("item_id")
        batch_op.drop_column("set_version_id")
    op.drop_table("problem_report")
    op.drop_table("set_version")
    op.drop_table("question_set")
