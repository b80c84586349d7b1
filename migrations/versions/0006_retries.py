"""retries: later tries at a question answered wrong, kept apart from attempts

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "retry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("try_number", sa.Integer(), nullable=False),
        sa.Column("served_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("raw_answer", sa.Text(), nullable=True),
        sa.Column("correct", sa.Boolean(), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("diagnosis", sa.String(length=60), nullable=True),
        sa.Column("hints_used", sa.Integer(), nullable=False),
        sa.Column("time_taken_ms", sa.Integer(), nullable=True),
        sa.CheckConstraint("try_number >= 2", name=op.f("ck_retry_later_try")),
        sa.CheckConstraint("score >= 0 AND score <= 1", name=op.f("ck_retry_score_range")),
        sa.ForeignKeyConstraint(
            ["attempt_id"],
            ["attempt.id"],
            name=op.f("fk_retry_attempt_id_attempt"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["served_token"],
            ["served_question.token"],
            name=op.f("fk_retry_served_token_served_question"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retry")),
        sa.UniqueConstraint("attempt_id", "try_number", name=op.f("uq_retry_attempt_id")),
        sa.UniqueConstraint("served_token", name=op.f("uq_retry_served_token")),
    )
    with op.batch_alter_table("retry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_retry_attempt_id"), ["attempt_id"])


def downgrade():
    op.drop_table("retry")
