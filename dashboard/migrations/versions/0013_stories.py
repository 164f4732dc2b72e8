"""stories: saved sequences of views played as slides, their shares and frozen snapshots
(issue 21)

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "story",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("owner_login", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("frozen_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("frozen_by", sa.String(length=80), nullable=True),
        sa.Column("frozen_role", sa.String(length=20), nullable=True),
        sa.Column("frozen_region_id", sa.Integer(), nullable=True),
        sa.Column("frozen_municipality_id", sa.Integer(), nullable=True),
        sa.Column("frozen_school_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_story")),
    )
    with op.batch_alter_table("story", schema=None) as batch_op:
        batch_op.create_index("ix_story_owner_login", ["owner_login"], unique=False)

    op.create_table(
        "story_share",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=True),
        sa.Column("user_login", sa.String(length=80), nullable=True),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["story.id"],
            name=op.f("fk_story_share_story_id_story"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_story_share")),
        sa.UniqueConstraint("story_id", "role", "user_login", name=op.f("uq_story_share_story_id")),
    )
    with op.batch_alter_table("story_share", schema=None) as batch_op:
        batch_op.create_index("ix_story_share_story_id", ["story_id"], unique=False)

    op.create_table(
        "story_slide",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(length=200), nullable=False),
        sa.Column("query", sa.String(length=2000), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["story.id"],
            name=op.f("fk_story_slide_story_id_story"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_story_slide")),
    )
    with op.batch_alter_table("story_slide", schema=None) as batch_op:
        batch_op.create_index("ix_story_slide_story_id", ["story_id"], unique=False)

    op.create_table(
        "story_snapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slide_id", sa.Integer(), nullable=False),
        sa.Column("audience", sa.String(length=20), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["slide_id"],
            ["story_slide.id"],
            name=op.f("fk_story_snapshot_slide_id_story_slide"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_story_snapshot")),
        sa.UniqueConstraint("slide_id", "audience", name=op.f("uq_story_snapshot_slide_id")),
    )


def downgrade() -> None:
    op.drop_table("story_snapshot")
    with op.batch_alter_table("story_slide", schema=None) as batch_op:
        batch_op.drop_index("ix_story_slide_story_id")

    op.drop_table("story_slide")
    with op.batch_alter_table("story_share", schema=None) as batch_op:
        batch_op.drop_index("ix_story_share_story_id")

    op.drop_table("story_share")
    with op.batch_alter_table("story", schema=None) as batch_op:
        batch_op.drop_index("ix_story_owner_login")

    op.drop_table("story")
