"""training: the programme base's format, dates and last editor; teachers per subject;
schools' PD requests with their history; confirmations of the plan-order; completions
(issue 20)

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("pd_programme", schema=None) as batch_op:
        batch_op.add_column(sa.Column("format", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("starts_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("ends_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("updated_by", sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))

    op.create_table(
        "subject_teacher",
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.SmallInteger(), nullable=False),
        sa.Column("subject", sa.String(length=100), nullable=False),
        sa.Column("teachers", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"], ["school.id"], name=op.f("fk_subject_teacher_school_id_school")
        ),
        sa.PrimaryKeyConstraint("school_id", "year", "subject", name=op.f("pk_subject_teacher")),
    )
    op.create_table(
        "pd_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.SmallInteger(), nullable=False),
        sa.Column("subject", sa.String(length=100), nullable=False),
        sa.Column("skill_code", sa.String(length=40), nullable=True),
        sa.Column("topic", sa.Text(), nullable=True),
        sa.Column("teachers", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
            name=op.f("fk_pd_request_municipality_id_municipality"),
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["school.id"], name=op.f("fk_pd_request_school_id_school")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pd_request")),
    )
    with op.batch_alter_table("pd_request", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pd_request_municipality_id"), ["municipality_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_pd_request_school_id"), ["school_id"], unique=False)
    op.create_table(
        "pd_request_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by", sa.String(length=80), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=True),
        sa.Column("to_status", sa.String(length=20), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["pd_request.id"],
            name=op.f("fk_pd_request_event_request_id_pd_request"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pd_request_event")),
    )
    with op.batch_alter_table("pd_request_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pd_request_event_request_id"), ["request_id"], unique=False
        )
    op.create_table(
        "pd_order_confirmation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.SmallInteger(), nullable=False),
        sa.Column("confirmed_by", sa.String(length=80), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lines", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
            name=op.f("fk_pd_order_confirmation_municipality_id_municipality"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pd_order_confirmation")),
    )
    with op.batch_alter_table("pd_order_confirmation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pd_order_confirmation_municipality_id"),
            ["municipality_id"],
            unique=False,
        )
    op.create_table(
        "pd_completion",
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.SmallInteger(), nullable=False),
        sa.Column("teachers", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["pd_programme.id"],
            name=op.f("fk_pd_completion_programme_id_pd_programme"),
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["school.id"], name=op.f("fk_pd_completion_school_id_school")
        ),
        sa.PrimaryKeyConstraint("school_id", "programme_id", "year", name=op.f("pk_pd_completion")),
    )


def downgrade() -> None:
    op.drop_table("pd_completion")
    with op.batch_alter_table("pd_order_confirmation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pd_order_confirmation_municipality_id"))
    op.drop_table("pd_order_confirmation")
    with op.batch_alter_table("pd_request_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pd_request_event_request_id"))
    op.drop_table("pd_request_event")
    with op.batch_alter_table("pd_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pd_request_school_id"))
        batch_op.drop_index(batch_op.f("ix_pd_request_municipality_id"))
    op.drop_table("pd_request")
    op.drop_table("subject_teacher")
    with op.batch_alter_table("pd_programme", schema=None) as batch_op:
        for column in ("updated_at", "updated_by", "ends_on", "starts_on", "format"):
            batch_op.drop_column(column)
