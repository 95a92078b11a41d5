"""webhook_pending_line.market: the shipping country of a line waiting for its product, so
once written to order_line it is charged to its platform's pool in that market (an
off-stream line has no session to take the market from).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable: lines pending before this revision did not keep it (their session's market
    # still counts when they had one).
    with op.batch_alter_table("webhook_pending_line") as batch:
        batch.add_column(sa.Column("market", sa.String(length=2), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("webhook_pending_line") as batch:
        batch.drop_column("market")
