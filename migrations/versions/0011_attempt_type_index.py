"""an index on a learner's attempts by type and time, for each type's latest attempts

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    # GET /api/v1/progress reads each type's newest attempts: with this index that is a
    # few index entries per type instead of a window over the learner's whole history.
    op.create_index(
        "ix_attempt_user_id_type_id_created_at",
        "attempt",
        ["user_id", "type_id", "created_at", "id"],
    )


def downgrade():
    op.drop_index("ix_attempt_user_id_type_id_created_at", table_name="attempt")
