"""roadmap_item_occurrence and roadmap_status_change.occurrence (issue 17, point 5)

A recurring deadline («ежегодно, до 15 августа») is due once in every year of its roadmap and a
multi-span one («Январь – апрель Сентябрь – ноябрь») once per span: each occurrence keeps its
own status, and a status change says which occurrence it was for (null: the whole item).

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "roadmap_item_occurrence",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("occurrence", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["roadmap_item.id"],
            name=op.f("fk_roadmap_item_occurrence_item_id_roadmap_item"),
        ),
        sa.PrimaryKeyConstraint("item_id", "occurrence", name=op.f("pk_roadmap_item_occurrence")),
    )
    # batch mode: SQLite alters a table by copying it; PostgreSQL gets a plain ALTER TABLE.
    with op.batch_alter_table("roadmap_status_change", schema=None) as batch_op:
        batch_op.add_column(sa.Column("occurrence", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("roadmap_status_change", schema=None) as batch_op:
        batch_op.drop_column("occurrence")
    op.drop_table("roadmap_item_occurrence")
