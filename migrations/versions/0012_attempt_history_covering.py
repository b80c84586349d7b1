"""a learner's attempts by time, covering what the dashboard reads of them

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

#: What the dashboard's latest attempts and a learner's totals read: with these in the
#: index, neither visits the table. A learner's rows are spread over the whole table
#: (everyone answers at once), so a visit is a page of its own for nearly every row.
COVERING = [
    "user_id",
    "created_at",
    "id",
    "type_id",
    "correct",
    "score",
    "diagnosis",
    "set_version_id",
    "item_id",
]


def upgrade():
    # The new index first: the pages keep an index on (user_id, created_at) throughout.
    op.create_index("ix_attempt_user_id_created_at_covering", "attempt", COVERING)
    op.drop_index("ix_attempt_user_id_created_at", table_name="attempt")


def downgrade():
    op.create_index("ix_attempt_user_id_created_at", "attempt", ["user_id", "created_at"])
    op.drop_index("ix_attempt_user_id_created_at_covering", table_name="attempt")
