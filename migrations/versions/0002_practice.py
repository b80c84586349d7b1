"""practice: served questions (one-time tokens) and attempts

Revision ID: 0002
Revises: 0001
Create Date: 2025-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "served_question",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("type_id", sa.String(length=80), nullable=False),
        sa.Column("seed", sa.BigInteger(), nullable=False),
        sa.Column("difficulty", sa.Integer(), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("params_fixed", sa.Boolean(), nullable=False),
        sa.Column("origin", sa.String(length=10), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("guest_key", sa.String(length=64), nullable=True),
        sa.Column("hints_revealed", sa.Integer(), nullable=False),
        sa.Column("served_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "difficulty BETWEEN 1 AND 3", name=op.f("ck_served_question_difficulty_range")
        ),
        sa.CheckConstraint(
            "hints_revealed >= 0", name=op.f("ck_served_question_hints_non_negative")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_served_question_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_served_question")),
        sa.UniqueConstraint("token", name=op.f("uq_served_question_token")),
    )
    with op.batch_alter_table("served_question", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_served_question_guest_key"), ["guest_key"])
        batch_op.create_index(batch_op.f("ix_served_question_user_id"), ["user_id"])

    op.create_table(
        "attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("guest_key", sa.String(length=64), nullable=True),
        sa.Column("served_token", sa.String(length=64), nullable=False),
        sa.Column("type_id", sa.String(length=80), nullable=False),
        sa.Column("seed", sa.BigInteger(), nullable=False),
        sa.Column("difficulty", sa.Integer(), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("params_fixed", sa.Boolean(), nullable=False),
        sa.Column("raw_answer", sa.Text(), nullable=False),
        sa.Column("parsed_value", sa.JSON(), nullable=True),
        sa.Column("correct", sa.Boolean(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("diagnosis", sa.String(length=60), nullable=True),
        sa.Column("hints_used", sa.Integer(), nullable=False),
        sa.Column("time_taken_ms", sa.Integer(), nullable=True),
        sa.Column("self_assessed", sa.JSON(), nullable=True),
        sa.Column("set_version_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("score >= 0 AND score <= 1", name=op.f("ck_attempt_score_range")),
        sa.ForeignKeyConstraint(
            ["served_token"],
            ["served_question.token"],
            name=op.f("fk_attempt_served_token_served_question"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_attempt_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attempt")),
        sa.UniqueConstraint("served_token", name=op.f("uq_attempt_served_token")),
    )
    with op.batch_alter_table("attempt", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attempt_guest_key"), ["guest_key"])
        batch_op.create_index(batch_op.f("ix_attempt_set_version_id"), ["set_version_id"])
        batch_op.create_index("ix_attempt_type_id", ["type_id"])
        batch_op.create_index("ix_attempt_user_id_created_at", ["user_id", "created_at"])


def downgrade():
    op.drop_table("attempt")
    op.drop_table("served_question")
