"""expert KPI sources: training direction, material topic, publication level, repeal date
(issue 17, seed 004 indicators 1.1, 3.2, 3.3 and 3.4)

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("expert_training", schema=None) as batch_op:
        batch_op.add_column(sa.Column("direction_code", sa.String(length=10), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_expert_training_direction_code_expertise_direction"),
            "expertise_direction",
            ["direction_code"],
            ["code"],
        )
    with op.batch_alter_table("material", schema=None) as batch_op:
        batch_op.add_column(sa.Column("topic", sa.String(length=30), nullable=True))
    with op.batch_alter_table("publication", schema=None) as batch_op:
        batch_op.add_column(sa.Column("level", sa.String(length=20), nullable=True))
    with op.batch_alter_table("normative_document", schema=None) as batch_op:
        batch_op.add_column(sa.Column("repealed_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("normative_document", schema=None) as batch_op:
        batch_op.drop_column("repealed_on")
    with op.batch_alter_table("publication", schema=None) as batch_op:
        batch_op.drop_column("level")
    with op.batch_alter_table("material", schema=None) as batch_op:
        batch_op.drop_column("topic")
    with op.batch_alter_table("expert_training", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_expert_training_direction_code_expertise_direction"),
            type_="foreignkey",
        )
        batch_op.drop_column("direction_code")
