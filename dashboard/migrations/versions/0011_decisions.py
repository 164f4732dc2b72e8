"""decisions: the versioned decision matrix, decisions with their finding, measure version and
history, effectiveness targets, and when a procedure's results were first loaded (issue 19)

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "decision_matrix",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("measure_code", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("finding_kind", sa.String(length=40), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("responsible_role", sa.String(length=200), nullable=False),
        sa.Column("duration_days", sa.Integer(), nullable=False),
        sa.Column("indicator", sa.String(length=40), nullable=True),
        sa.Column("applies_to", sa.String(length=400), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("changed_by", sa.String(length=80), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_matrix")),
        sa.UniqueConstraint("measure_code", "version", name="uq_decision_matrix_version"),
    )
    with op.batch_alter_table("decision_matrix", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_decision_matrix_finding_kind"), ["finding_kind"], unique=False
        )

    # The pre-issue-19 "proposed" status is gone: a decision on record was adopted.
    op.execute("UPDATE decision SET status = 'adopted' WHERE status = 'proposed'")
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.add_column(sa.Column("finding_detail", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("finding_year", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("finding_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("measure_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("indicator", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("completed_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("comment", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("roadmap_item_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_decision_measure_id_decision_matrix"),
            "decision_matrix",
            ["measure_id"],
            ["id"],
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_decision_roadmap_item_id_roadmap_item"),
            "roadmap_item",
            ["roadmap_item_id"],
            ["id"],
        )

    op.create_table(
        "decision_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by", sa.String(length=80), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=True),
        sa.Column("to_status", sa.String(length=20), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["decision_id"], ["decision.id"], name=op.f("fk_decision_event_decision_id_decision")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_event")),
    )
    with op.batch_alter_table("decision_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_decision_event_decision_id"), ["decision_id"], unique=False
        )

    op.create_table(
        "effectiveness_target",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("criterion_code", sa.String(length=40), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=True),
        sa.Column("year", sa.SmallInteger(), nullable=False),
        sa.Column("target", sa.Float(), nullable=False),
        sa.Column("set_by", sa.String(length=80), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
            name=op.f("fk_effectiveness_target_municipality_id_municipality"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_effectiveness_target")),
    )

    with op.batch_alter_table("procedure", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("results_loaded_at", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("procedure", schema=None) as batch_op:
        batch_op.drop_column("results_loaded_at")
    op.drop_table("effectiveness_target")
    with op.batch_alter_table("decision_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_event_decision_id"))
    op.drop_table("decision_event")
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_decision_roadmap_item_id_roadmap_item"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_decision_measure_id_decision_matrix"), type_="foreignkey"
        )
        for column in (
            "roadmap_item_id",
            "comment",
            "completed_on",
            "indicator",
            "measure_id",
            "finding_reason",
            "finding_year",
            "finding_detail",
        ):
            batch_op.drop_column(column)
    with op.batch_alter_table("decision_matrix", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_matrix_finding_kind"))
    op.drop_table("decision_matrix")
