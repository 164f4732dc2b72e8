"""bias_review, kpi_target, roadmap_evidence, roadmap_item_link (issues 6, 8, 9)

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bias_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("procedure_kind", sa.String(length=20), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=True),
        sa.Column("to_status", sa.String(length=20), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("reviewed_by", sa.String(length=80), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"], ["school.id"], name=op.f("fk_bias_review_school_id_school")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bias_review")),
    )
    op.create_index("ix_bias_review_flag", "bias_review", ["school_id", "procedure_kind", "year"])
    op.create_table(
        "kpi_target",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_code", sa.String(length=10), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=True),
        sa.Column("year", sa.SmallInteger(), nullable=False),
        sa.Column("target", sa.Float(), nullable=False),
        sa.Column("set_by", sa.String(length=80), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
            name=op.f("fk_kpi_target_municipality_id_municipality"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kpi_target")),
    )
    op.create_index("ix_kpi_target_indicator_year", "kpi_target", ["indicator_code", "year"])
    op.create_table(
        "roadmap_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("title", sa.String(length=400), nullable=False),
        sa.Column("url", sa.String(length=1000), nullable=True),
        sa.Column("file_name", sa.String(length=255), nullable=True),
        sa.Column("content_type", sa.String(length=100), nullable=True),
        sa.Column("size_bytes", sa.Integer(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("stored_as", sa.String(length=300), nullable=True),
        sa.Column("added_by", sa.String(length=80), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"], ["roadmap_item.id"], name=op.f("fk_roadmap_evidence_item_id_roadmap_item")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roadmap_evidence")),
    )
    op.create_index("ix_roadmap_evidence_item_id", "roadmap_evidence", ["item_id"])
    op.create_table(
        "roadmap_item_link",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("target_kind", sa.String(length=10), nullable=False),
        sa.Column("target", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"], ["roadmap_item.id"], name=op.f("fk_roadmap_item_link_item_id_roadmap_item")
        ),
        sa.PrimaryKeyConstraint(
            "item_id", "target_kind", "target", name=op.f("pk_roadmap_item_link")
        ),
    )


def downgrade() -> None:
    op.drop_table("roadmap_item_link")
    op.drop_index("ix_roadmap_evidence_item_id", table_name="roadmap_evidence")
    op.drop_table("roadmap_evidence")
    op.drop_index("ix_kpi_target_indicator_year", table_name="kpi_target")
    op.drop_table("kpi_target")
    op.drop_index("ix_bias_review_flag", table_name="bias_review")
    op.drop_table("bias_review")
