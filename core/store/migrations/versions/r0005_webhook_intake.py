"""webhook_order (the status platforms gave an order, with the platform's stamp of that
version, so an older delivery never overrides a newer one), webhook_pending_line (lines of
a sku not loaded yet, written once it is) and webhook_skipped_line (lines without a sku,
kept for a person).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

UTC = sa.DateTime(timezone=True)
MONEY = sa.Numeric(precision=14, scale=4, asdecimal=False)
STATUSES = "status IN ('paid', 'cancelled', 'returned')"


def upgrade() -> None:
    op.create_table(
        "webhook_order",
        sa.Column("order_id", sa.String(length=64), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("stamped_at", UTC, nullable=True),
        sa.Column("delivery_id", sa.String(length=128), nullable=False),
        sa.Column("received_at", UTC, nullable=False),
        sa.CheckConstraint(STATUSES, name="ck_webhook_order_status"),
        sa.PrimaryKeyConstraint("order_id"),
    )
    op.create_table(
        "webhook_pending_line",
        sa.Column("order_id", sa.String(length=64), nullable=False),
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("delivery_id", sa.String(length=128), nullable=False),
        sa.Column("received_at", UTC, nullable=False),
        sa.Column("ts", UTC, nullable=False),
        sa.Column("qty", sa.Integer(), nullable=False),
        sa.Column("unit_price", MONEY, nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("session_id", sa.String(), nullable=True),
        sa.Column("customer_id", sa.String(length=128), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.CheckConstraint(STATUSES, name="ck_webhook_pending_status"),
        sa.CheckConstraint("qty > 0", name="ck_webhook_pending_qty"),
        sa.CheckConstraint("unit_price >= 0", name="ck_webhook_pending_price"),
        sa.ForeignKeyConstraint(["session_id"], ["live_session.session_id"]),
        sa.PrimaryKeyConstraint("order_id", "sku"),
    )
    op.create_index("ix_webhook_pending_line_sku", "webhook_pending_line", ["sku"])
    op.create_table(
        "webhook_skipped_line",
        sa.Column("order_id", sa.String(length=64), nullable=False),
        sa.Column("line_key", sa.String(length=64), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("delivery_id", sa.String(length=128), nullable=False),
        sa.Column("received_at", UTC, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.Column("qty", sa.Integer(), nullable=True),
        sa.Column("amount", MONEY, nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("order_id", "line_key"),
    )
    op.create_index("ix_webhook_skipped_line_at", "webhook_skipped_line", ["received_at"])


def downgrade() -> None:
    op.drop_table("webhook_skipped_line")
    op.drop_table("webhook_pending_line")
    op.drop_table("webhook_order")
