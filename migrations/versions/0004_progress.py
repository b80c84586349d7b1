"""progress: spaced-review cards and interview rounds

Revision ID: 0004
Revises: 0003
Create Date: 2025-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "review_card",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("type_id", sa.String(length=80), nullable=False),
        sa.Column("card_json", sa.Text(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_review_card_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_card")),
        sa.UniqueConstraint("user_id", "type_id", name=op.f("uq_review_card_user_id")),
    )
    with op.batch_alter_table("review_card", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_card_due_at"), ["due_at"])

    op.create_table(
        "interview_round",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("guest_key", sa.String(length=64), nullable=True),
        sa.Column("plan", sa.JSON(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('active', 'finished', 'abandoned')",
            name=op.f("ck_interview_round_status_known"),
        ),
        sa.CheckConstraint("position >= 0", name=op.f("ck_interview_round_position_non_negative")),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_interview_round_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interview_round")),
    )
    with op.batch_alter_table("interview_round", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_interview_round_guest_key"), ["guest_key"])
        batch_op.create_index(batch_op.f("ix_interview_round_user_id"), ["user_id"])

    op.create_table(
        "interview_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("served_token", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["interview_round.id"],
            name=op.f("fk_interview_item_round_id_interview_round"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["served_token"],
            ["served_question.token"],
            name=op.f("fk_interview_item_served_token_served_question"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interview_item")),
        sa.UniqueConstraint("round_id", "position", name=op.f("uq_interview_item_round_id")),
        sa.UniqueConstraint("served_token", name=op.f("uq_interview_item_served_token")),
    )


def downgrade():
    op.drop_table("interview_item")
    op.drop_table("interview_round")
    op.drop_table("review_card")
