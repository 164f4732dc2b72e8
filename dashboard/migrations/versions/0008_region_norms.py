"""region norms: a region's own norm for a conditions indicator, with its source document and
who set it when (issue 17 §2: a deficit is measured against a norm, not the regional median)

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "region_norm",
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("indicator_code", sa.String(length=40), nullable=False),
        sa.Column("norm", sa.Float(), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("set_by", sa.String(length=80), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["indicator_code"],
            ["indicator.code"],
            name=op.f("fk_region_norm_indicator_code_indicator"),
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["region.id"], name=op.f("fk_region_norm_region_id_region")
        ),
        sa.PrimaryKeyConstraint("region_id", "indicator_code", name=op.f("pk_region_norm")),
    )


def downgrade() -> None:
    op.drop_table("region_norm")
