"""assignments, their recipients, the audit log; a user's time zone and session generation

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "assignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("class_id", sa.Integer(), nullable=False),
        sa.Column("set_version_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts_policy", sa.String(length=12), nullable=False),
        sa.Column("solutions", sa.String(length=12), nullable=False),
        sa.Column("remedial_code", sa.String(length=60), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "attempts_policy IN ('practice', 'once')", name=op.f("ck_assignment_policy_known")
        ),
        sa.CheckConstraint(
            "solutions IN ('immediately', 'after_due')", name=op.f("ck_assignment_solutions_known")
        ),
        sa.CheckConstraint(
            "solutions = 'immediately' OR due_at IS NOT NULL",
            name=op.f("ck_assignment_after_due_has_a_date"),
        ),
        sa.ForeignKeyConstraint(
            ["class_id"], ["class.id"], name=op.f("fk_assignment_class_id_class"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["set_version_id"],
            ["set_version.id"],
            name=op.f("fk_assignment_set_version_id_set_version"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["user.id"], name=op.f("fk_assignment_created_by_user"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignment")),
    )
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assignment_class_id"), ["class_id"])
        batch_op.create_index(batch_op.f("ix_assignment_set_version_id"), ["set_version_id"])

    op.create_table(
        "assignment_recipient",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["assignment.id"],
            name=op.f("fk_assignment_recipient_assignment_id_assignment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_assignment_recipient_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignment_recipient")),
        sa.UniqueConstraint(
            "assignment_id", "user_id", name=op.f("uq_assignment_recipient_assignment_id")
        ),
    )
    with op.batch_alter_table("assignment_recipient", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assignment_recipient_assignment_id"), ["assignment_id"]
        )
        batch_op.create_index(batch_op.f("ix_assignment_recipient_user_id"), ["user_id"])

    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("subject_type", sa.String(length=40), nullable=False),
        sa.Column("subject_id", sa.String(length=64), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["user.id"], name=op.f("fk_audit_event_actor_id_user"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")),
    )
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_event_actor_id"), ["actor_id"])
        batch_op.create_index(batch_op.f("ix_audit_event_action"), ["action"])
        batch_op.create_index(batch_op.f("ix_audit_event_created_at"), ["created_at"])

    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("timezone", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("session_generation", sa.Integer(), nullable=False, server_default="0")
        )
    with op.batch_alter_table("served_question", schema=None) as batch_op:
        batch_op.add_column(sa.Column("assignment_id", sa.Integer(), nullable=True))
    with op.batch_alter_table("attempt", schema=None) as batch_op:
        batch_op.add_column(sa.Column("assignment_id", sa.Integer(), nullable=True))
        batch_op.create_index("ix_attempt_assignment_id_user_id", ["assignment_id", "user_id"])


def downgrade():
    with op.batch_alter_table("attempt", schema=None, recreate="never") as batch_op:
        batch_op.drop_index("ix_attempt_assignment_id_user_id")
        batch_op.drop_column("assignment_id")
    with op.batch_alter_table("served_question", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("assignment_id")
    with op.batch_alter_table("user", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("session_generation")
        batch_op.drop_column("timezone")
    op.drop_table("audit_event")
    op.drop_table("assignment_recipient")
    op.drop_table("assignment")
