"""webhook_receipt (a delivery taken in, keyed by platform + delivery id, so a redelivery
counts once) and webhook_rejection (4xx refusals kept for a person to look at).

Revision ID: 0003
Revises: 0002
Create Date: 2026-07-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

UTC = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "webhook_receipt",
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("delivery_id", sa.String(length=128), nullable=False),
        sa.Column("received_at", UTC, nullable=False),
        sa.Column("topic", sa.String(length=64), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("order_id", sa.String(length=64), nullable=True),
        sa.Column("lines", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("platform", "delivery_id"),
    )
    op.create_index("ix_webhook_receipt_platform_at", "webhook_receipt",
                    ["platform", "received_at"])
    op.create_table(
        "webhook_rejection",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("received_at", UTC, nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("delivery_id", sa.String(length=128), nullable=True),
        sa.Column("topic", sa.String(length=64), nullable=True),
        sa.Column("body_bytes", sa.Integer(), nullable=False),
        sa.Column("body_excerpt", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_webhook_rejection_at", "webhook_rejection", ["received_at"])


def downgrade() -> None:
    op.drop_table("webhook_rejection")
    op.drop_table("webhook_receipt")
