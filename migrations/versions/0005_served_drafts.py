"""served drafts: the typed answer kept across the redirect after a hint or unreadable text

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("served_question", schema=None) as batch_op:
        batch_op.add_column(sa.Column("draft_answer", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("served_question", schema=None) as batch_op:
        batch_op.drop_column("draft_answer")
