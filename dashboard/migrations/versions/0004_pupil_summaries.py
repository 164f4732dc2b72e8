"""school_pupil_summary, school_score_count, school_mark_agreement (issue 15)

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

COUNTS = (
    "n",
    "n_journal",
    "lowered",
    "confirmed",
    "raised",
    "near_max",
    "below_3",
    "at_3",
    "below_4",
    "at_4",
    "below_5",
    "at_5",
)


def _keys() -> list[sa.Column]:
    return [
        sa.Column("procedure_id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
    ]


def _foreign_keys(table: str) -> list:
    return [
        sa.ForeignKeyConstraint(
            ["procedure_id"], ["procedure.id"], name=op.f(f"fk_{table}_procedure_id_procedure")
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["school.id"], name=op.f(f"fk_{table}_school_id_school")
        ),
    ]


def upgrade() -> None:
    table = "school_pupil_summary"
    op.create_table(
        table,
        *_keys(),
        *[sa.Column(name, sa.Integer(), nullable=False) for name in COUNTS[:1]],
        sa.Column("score_sum", sa.Float(), nullable=False),
        sa.Column("score_sq", sa.Float(), nullable=False),
        *[sa.Column(name, sa.Integer(), nullable=False) for name in COUNTS[1:]],
        *_foreign_keys(table),
        sa.PrimaryKeyConstraint("procedure_id", "school_id", name=op.f(f"pk_{table}")),
    )
    op.create_index("ix_school_pupil_summary_school", table, ["school_id", "procedure_id"])
    table = "school_score_count"
    op.create_table(
        table,
        *_keys(),
        sa.Column("primary_score", sa.Float(), nullable=False),
        sa.Column("pupils", sa.Integer(), nullable=False),
        *_foreign_keys(table),
        sa.PrimaryKeyConstraint(
            "procedure_id", "school_id", "primary_score", name=op.f(f"pk_{table}")
        ),
    )
    table = "school_mark_agreement"
    op.create_table(
        table,
        *_keys(),
        sa.Column("mark", sa.SmallInteger(), nullable=False),
        sa.Column("journal_mark", sa.SmallInteger(), nullable=False),
        sa.Column("pupils", sa.Integer(), nullable=False),
        *_foreign_keys(table),
        sa.PrimaryKeyConstraint(
            "procedure_id", "school_id", "mark", "journal_mark", name=op.f(f"pk_{table}")
        ),
    )


def downgrade() -> None:
    op.drop_table("school_mark_agreement")
    op.drop_table("school_score_count")
    op.drop_index("ix_school_pupil_summary_school", table_name="school_pupil_summary")
    op.drop_table("school_pupil_summary")
