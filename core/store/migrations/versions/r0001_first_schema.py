"""The first schema: the ten data files' tables and what the board records.

Revision ID: 0001
Revises:
Create Date: 2026-07-01

Written out in full (not from core/store/models.py) so that it stays the schema LiveStock first
shipped, whatever the models become.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

UTC = sa.DateTime(timezone=True)
MONEY = sa.Numeric(precision=14, scale=4, asdecimal=False)
TABLES = ("viewer_sample", "stock_count", "sim_clock", "order_line", "lineup", "light_record",
          "lane", "inbound", "funnel_sample", "alert", "warehouse", "setting", "product",
          "live_session")


def _key(length: int = 64) -> sa.String:
    return sa.String(length=length)


def upgrade() -> None:
    op.create_table(
        "live_session",
        sa.Column("session_id", _key(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("platform", sa.String(), nullable=False),
        sa.Column("market", sa.String(length=2), nullable=False),
        sa.Column("warmup_start", UTC, nullable=True),
        sa.Column("start", UTC, nullable=False),
        sa.Column("end", UTC, nullable=False),
        sa.Column("traffic", _key(16), nullable=False),
        sa.CheckConstraint("traffic IN ('organic', 'paid', 'mixed')", name="ck_session_traffic"),
        sa.CheckConstraint('"end" > start', name="ck_session_end_after_start"),
        sa.CheckConstraint("warmup_start IS NULL OR warmup_start <= start",
                           name="ck_session_warmup_before_start"),
        sa.PrimaryKeyConstraint("session_id"),
    )
    op.create_index("ix_live_session_market", "live_session", ["market"])
    op.create_index("ix_live_session_start", "live_session", ["start"])
    op.create_table(
        "product",
        sa.Column("sku", _key(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("category", sa.String(), nullable=False),
        sa.Column("substitute_group", sa.String(), nullable=True),
        sa.Column("unit_cost", MONEY, nullable=False),
        sa.Column("price", MONEY, nullable=False),
        sa.Column("currency", _key(3), nullable=False),
        sa.Column("presale_allowed", sa.Boolean(), nullable=False),
        sa.Column("supplier_lead_days", sa.Integer(), nullable=False),
        sa.CheckConstraint("supplier_lead_days >= 0", name="ck_product_lead"),
        sa.CheckConstraint("unit_cost >= 0 AND price >= 0", name="ck_product_money"),
        sa.PrimaryKeyConstraint("sku"),
    )
    op.create_index("ix_product_substitute_group", "product", ["substitute_group"])
    op.create_table(
        "setting",
        sa.Column("key", _key(), nullable=False),
        sa.Column("value_json", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "warehouse",
        sa.Column("warehouse_id", _key(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("mode", _key(16), nullable=False),
        sa.Column("currency", _key(3), nullable=False),
        sa.Column("storage_fee_unit_day", MONEY, nullable=False),
        sa.Column("inbound_fee_unit", MONEY, nullable=False),
        sa.Column("outbound_fee_order", MONEY, nullable=False),
        sa.Column("return_fee_unit", MONEY, nullable=False),
        sa.CheckConstraint("mode IN ('self', '3pl', 'platform')", name="ck_warehouse_mode"),
        sa.CheckConstraint("storage_fee_unit_day >= 0 AND inbound_fee_unit >= 0 AND "
                           "outbound_fee_order >= 0 AND return_fee_unit >= 0",
                           name="ck_warehouse_fees"),
        sa.PrimaryKeyConstraint("warehouse_id"),
    )
    op.create_index("ix_warehouse_country", "warehouse", ["country"])
    op.create_table(
        "alert",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.String(), nullable=True),
        sa.Column("ts", UTC, nullable=False),
        sa.Column("kind", _key(32), nullable=False),
        sa.Column("sku", sa.String(), nullable=True),
        sa.Column("warehouse_id", sa.String(), nullable=True),
        sa.Column("old_value", sa.String(), nullable=True),
        sa.Column("new_value", sa.String(), nullable=True),
        sa.Column("message", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["live_session.session_id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_alert_session_ts", "alert", ["session_id", "ts"])
    op.create_table(
        "funnel_sample",
        sa.Column("session_id", sa.String(), nullable=False),
        sa.Column("sku", sa.String(), nullable=False),
        sa.Column("ts", UTC, nullable=False),
        sa.Column("impressions", sa.Integer(), nullable=False),
        sa.Column("clicks", sa.Integer(), nullable=False),
        sa.CheckConstraint("impressions >= 0 AND clicks >= 0", name="ck_funnel_nonnegative"),
        sa.ForeignKeyConstraint(["session_id"], ["live_session.session_id"]),
        sa.ForeignKeyConstraint(["sku"], ["product.sku"]),
        sa.PrimaryKeyConstraint("session_id", "sku", "ts"),
    )
    op.create_table(
        "inbound",
        sa.Column("shipment_id", _key(), nullable=False),
        sa.Column("sku", sa.String(), nullable=False),
        sa.Column("warehouse_id", sa.String(), nullable=False),
        sa.Column("qty", sa.Integer(), nullable=False),
        sa.Column("mode", _key(16), nullable=False),
        sa.Column("shipped_at", UTC, nullable=False),
        sa.Column("eta", UTC, nullable=False),
        sa.CheckConstraint("mode IN ('sea', 'air', 'express', 'rail')", name="ck_inbound_mode"),
        sa.CheckConstraint("eta >= shipped_at", name="ck_inbound_eta"),
        sa.CheckConstraint("qty >= 0", name="ck_inbound_qty"),
        sa.ForeignKeyConstraint(["sku"], ["product.sku"]),
        sa.ForeignKeyConstraint(["warehouse_id"], ["warehouse.warehouse_id"]),
        sa.PrimaryKeyConstraint("shipment_id", "sku"),
    )
    op.create_index("ix_inbound_sku_wh", "inbound", ["sku", "warehouse_id"])
    op.create_table(
        "lane",
        sa.Column("warehouse_id", sa.String(), nullable=False),
        sa.Column("mode", _key(16), nullable=False),
        sa.Column("transit_days", sa.Float(), nullable=False),
        sa.Column("transit_days_sd", sa.Float(), nullable=False),
        sa.Column("cost_unit", MONEY, nullable=False),
        sa.Column("cost_shipment", MONEY, nullable=False),
        sa.CheckConstraint("mode IN ('sea', 'air', 'express', 'rail')", name="ck_lane_mode"),
        sa.CheckConstraint("cost_unit >= 0 AND cost_shipment >= 0", name="ck_lane_cost"),
        sa.CheckConstraint("transit_days >= 0 AND transit_days_sd >= 0", name="ck_lane_days"),
        sa.ForeignKeyConstraint(["warehouse_id"], ["warehouse.warehouse_id"]),
        sa.PrimaryKeyConstraint("warehouse_id", "mode"),
    )
    op.create_table(
        "light_record",
        sa.Column("session_id", sa.String(), nullable=False),
        sa.Column("sku", sa.String(), nullable=False),
        sa.Column("ts", UTC, nullable=False),
        sa.Column("light", _key(16), nullable=False),
        sa.Column("available", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["live_session.session_id"]),
        sa.PrimaryKeyConstraint("session_id", "sku", "ts"),
    )
    op.create_table(
        "lineup",
        sa.Column("session_id", sa.String(), nullable=False),
        sa.Column("sku", sa.String(), nullable=False),
        sa.Column("slot", sa.Integer(), nullable=False),
        sa.Column("price", MONEY, nullable=False),
        sa.Column("variant", sa.String(), nullable=True),
        sa.CheckConstraint("price >= 0", name="ck_lineup_price"),
        sa.ForeignKeyConstraint(["session_id"], ["live_session.session_id"]),
        sa.ForeignKeyConstraint(["sku"], ["product.sku"]),
        sa.PrimaryKeyConstraint("session_id", "sku"),
    )
    op.create_table(
        "order_line",
        sa.Column("order_id", _key(), nullable=False),
        sa.Column("sku", sa.String(), nullable=False),
        sa.Column("ts", UTC, nullable=False),
        sa.Column("qty", sa.Integer(), nullable=False),
        sa.Column("unit_price", MONEY, nullable=False),
        sa.Column("currency", _key(3), nullable=False),
        sa.Column("session_id", sa.String(), nullable=True),
        sa.Column("warehouse_id", sa.String(), nullable=True),
        sa.Column("customer_id", sa.String(), nullable=True),
        sa.Column("status", _key(16), nullable=False),
        sa.Column("source", _key(128), nullable=True),
        sa.CheckConstraint("status IN ('paid', 'cancelled', 'returned')", name="ck_order_status"),
        sa.CheckConstraint("qty > 0", name="ck_order_qty"),
        sa.CheckConstraint("unit_price >= 0", name="ck_order_price"),
        sa.ForeignKeyConstraint(["session_id"], ["live_session.session_id"]),
        sa.ForeignKeyConstraint(["sku"], ["product.sku"]),
        sa.ForeignKeyConstraint(["warehouse_id"], ["warehouse.warehouse_id"]),
        sa.PrimaryKeyConstraint("order_id", "sku"),
    )
    op.create_index("ix_order_session_ts", "order_line",
                    ["session_id", "ts", "sku", "qty", "status"])
    op.create_index("ix_order_sku_ts", "order_line",
                    ["sku", "ts", "qty", "status", "warehouse_id"])
    op.create_table(
        "sim_clock",
        sa.Column("session_id", sa.String(), nullable=False),
        sa.Column("sim_now", UTC, nullable=False),
        sa.Column("wall_now", UTC, nullable=False),
        sa.Column("speed", sa.Float(), nullable=False),
        sa.Column("finished", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["live_session.session_id"]),
        sa.PrimaryKeyConstraint("session_id"),
    )
    op.create_table(
        "stock_count",
        sa.Column("sku", sa.String(), nullable=False),
        sa.Column("warehouse_id", sa.String(), nullable=False),
        sa.Column("counted_at", UTC, nullable=False),
        sa.Column("on_hand", sa.Integer(), nullable=False),
        sa.Column("reserved", sa.Integer(), nullable=False),
        sa.CheckConstraint("on_hand >= 0 AND reserved >= 0", name="ck_stock_nonnegative"),
        sa.ForeignKeyConstraint(["sku"], ["product.sku"]),
        sa.ForeignKeyConstraint(["warehouse_id"], ["warehouse.warehouse_id"]),
        sa.PrimaryKeyConstraint("sku", "warehouse_id", "counted_at"),
    )
    op.create_index("ix_stock_count_wh_sku_at", "stock_count",
                    ["warehouse_id", "sku", "counted_at"])
    op.create_table(
        "viewer_sample",
        sa.Column("session_id", sa.String(), nullable=False),
        sa.Column("ts", UTC, nullable=False),
        sa.Column("viewers", sa.Integer(), nullable=False),
        sa.Column("interactions", sa.Integer(), nullable=True),
        sa.CheckConstraint("interactions IS NULL OR interactions >= 0",
                           name="ck_interactions_nonnegative"),
        sa.CheckConstraint("viewers >= 0", name="ck_viewers_nonnegative"),
        sa.ForeignKeyConstraint(["session_id"], ["live_session.session_id"]),
        sa.PrimaryKeyConstraint("session_id", "ts"),
    )


def downgrade() -> None:
    for table in TABLES:  # children before the tables they refer to
        op.drop_table(table)
