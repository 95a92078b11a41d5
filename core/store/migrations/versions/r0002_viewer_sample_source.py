"""viewer_sample.source: who wrote a sample, so a replayed simulated stream removes only
its own.

Revision ID: 0002
Revises: 0001
Create Date: 2026-07-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable: samples recorded before this revision keep source NULL (a loaded file).
    with op.batch_alter_table("viewer_sample") as batch:
        batch.add_column(sa.Column("source", sa.String(length=128), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("viewer_sample") as batch:
        batch.drop_column("source")
