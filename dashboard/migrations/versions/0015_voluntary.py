"""voluntary diagnostic works: catalogue, registrations, feedback (issue 23)

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "voluntary_work",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("work_code", sa.String(length=60), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("subject", sa.String(length=100), nullable=False),
        sa.Column("grade", sa.SmallInteger(), nullable=False),
        sa.Column("skill_codes", sa.String(length=500), nullable=False),
        sa.Column("form", sa.String(length=20), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("registration_deadline", sa.Date(), nullable=False),
        sa.Column("organiser", sa.String(length=300), nullable=False),
        sa.Column("objectivity_measures", sa.Text(), nullable=True),
        sa.Column("updated_by", sa.String(length=80), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_voluntary_work")),
        sa.UniqueConstraint("work_code", name=op.f("uq_voluntary_work_work_code")),
    )
    op.create_table(
        "voluntary_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("work_id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("usefulness", sa.SmallInteger(), nullable=False),
        sa.Column("difficulty", sa.String(length=20), nullable=False),
        sa.Column("join_again", sa.String(length=20), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("answered_by", sa.String(length=80), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"], ["school.id"], name=op.f("fk_voluntary_feedback_school_id_school")
        ),
        sa.ForeignKeyConstraint(
            ["work_id"],
            ["voluntary_work.id"],
            name=op.f("fk_voluntary_feedback_work_id_voluntary_work"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_voluntary_feedback")),
        sa.UniqueConstraint("work_id", "school_id", name=op.f("uq_voluntary_feedback_work_id")),
    )
    with op.batch_alter_table("voluntary_feedback", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_voluntary_feedback_work_id"), ["work_id"], unique=False
        )

    op.create_table(
        "voluntary_registration",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("work_id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("classes", sa.String(length=200), nullable=False),
        sa.Column("pupils", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("registered_by", sa.String(length=80), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
            name=op.f("fk_voluntary_registration_municipality_id_municipality"),
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["school.id"], name=op.f("fk_voluntary_registration_school_id_school")
        ),
        sa.ForeignKeyConstraint(
            ["work_id"],
            ["voluntary_work.id"],
            name=op.f("fk_voluntary_registration_work_id_voluntary_work"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_voluntary_registration")),
        sa.UniqueConstraint("work_id", "school_id", name=op.f("uq_voluntary_registration_work_id")),
    )
    with op.batch_alter_table("voluntary_registration", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_voluntary_registration_municipality_id"),
            ["municipality_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_voluntary_registration_school_id"), ["school_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_voluntary_registration_work_id"), ["work_id"], unique=False
        )

    op.create_table(
        "voluntary_registration_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by", sa.String(length=80), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=True),
        sa.Column("to_status", sa.String(length=20), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["voluntary_registration.id"],
            name="fk_voluntary_registration_event_registration",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_voluntary_registration_event")),
    )
    with op.batch_alter_table("voluntary_registration_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_voluntary_registration_event_registration_id"),
            ["registration_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("voluntary_registration_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_voluntary_registration_event_registration_id"))

    op.drop_table("voluntary_registration_event")
    with op.batch_alter_table("voluntary_registration", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_voluntary_registration_work_id"))
        batch_op.drop_index(batch_op.f("ix_voluntary_registration_school_id"))
        batch_op.drop_index(batch_op.f("ix_voluntary_registration_municipality_id"))

    op.drop_table("voluntary_registration")
    with op.batch_alter_table("voluntary_feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_voluntary_feedback_work_id"))

    op.drop_table("voluntary_feedback")
    op.drop_table("voluntary_work")
