"""classes: a class with its join code, and its members (learners and co-instructors)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "class",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("join_code", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["user.id"], name=op.f("fk_class_owner_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_class")),
        sa.UniqueConstraint("join_code", name=op.f("uq_class_join_code")),
    )
    with op.batch_alter_table("class", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_class_owner_id"), ["owner_id"])

    op.create_table(
        "class_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("class_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "role IN ('learner', 'co-instructor')", name=op.f("ck_class_member_role_known")
        ),
        sa.ForeignKeyConstraint(
            ["class_id"],
            ["class.id"],
            name=op.f("fk_class_member_class_id_class"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_class_member_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_class_member")),
        sa.UniqueConstraint("class_id", "user_id", name=op.f("uq_class_member_class_id")),
    )
    with op.batch_alter_table("class_member", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_class_member_class_id"), ["class_id"])
        batch_op.create_index(batch_op.f("ix_class_member_user_id"), ["user_id"])


def downgrade():
    op.drop_table("class_member")
    op.drop_table("class")
