"""derived_result: region-wide results stored at import time (issue 15)

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "derived_result",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("args_key", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", "args_key", name=op.f("pk_derived_result")),
    )


def downgrade() -> None:
    op.drop_table("derived_result")
