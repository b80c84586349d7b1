"""api token reveal: a new token's sealed secret, shown once on the page after the form

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "api_token_reveal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("api_token_id", sa.Integer(), nullable=False),
        sa.Column("sealed", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["api_token_id"],
            ["api_token.id"],
            name=op.f("fk_api_token_reveal_api_token_id_api_token"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_token_reveal")),
        sa.UniqueConstraint("api_token_id", name=op.f("uq_api_token_reveal_api_token_id")),
    )
    with op.batch_alter_table("api_token_reveal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_token_reveal_created_at"), ["created_at"])


def downgrade():
    op.drop_table("api_token_reveal")
