"""Stock that can ship: which platforms a warehouse serves and its receiving days; products'
MOQ and case pack; inbound received_at; orders' platform and market; sessions' expected
viewers; transfer lanes (lane.from_warehouse_id joins the key) and the truck mode; session
platforms stored as ids (tiktok, amazon, shopify) rather than display names.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

UTC = sa.DateTime(timezone=True)
MONEY = sa.Numeric(14, 4, asdecimal=False)
LANE_MODES_NOW = "mode IN ('sea', 'air', 'express', 'rail', 'truck')"
LANE_MODES_BEFORE = "mode IN ('sea', 'air', 'express', 'rail')"
# Display names people write in sessions.csv, as the platform ids the store now keeps.
PLATFORM_IDS = {"tiktok": "%tiktok%", "amazon": "%amazon%", "shopify": "%shopify%"}


def _lane_table(name: str, *, with_source: bool, modes: str) -> None:
    key = ["warehouse_id", "mode", "from_warehouse_id"] if with_source else [
        "warehouse_id", "mode"]
    columns = [
        sa.Column("warehouse_id", sa.String(), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
    ]
    if with_source:
        columns.append(sa.Column("from_warehouse_id", sa.String(length=64), nullable=False))
    op.create_table(
        name, *columns,
        sa.Column("transit_days", sa.Float(), nullable=False),
        sa.Column("transit_days_sd", sa.Float(), nullable=False),
        sa.Column("cost_unit", MONEY, nullable=False),
        sa.Column("cost_shipment", MONEY, nullable=False),
        sa.CheckConstraint(modes, name="ck_lane_mode"),
        sa.CheckConstraint("cost_unit >= 0 AND cost_shipment >= 0", name="ck_lane_cost"),
        sa.CheckConstraint("transit_days >= 0 AND transit_days_sd >= 0",
                           name="ck_lane_days"),
        sa.ForeignKeyConstraint(["warehouse_id"], ["warehouse.warehouse_id"]),
        sa.PrimaryKeyConstraint(*key),
    )


def _swap_lane_table(*, with_source: bool, modes: str) -> None:
    """Rebuild `lane` with a new key: a copy, filled, then renamed over the old one (the same
    on SQLite and PostgreSQL, which can't change a key in place alike)."""
    _lane_table("lane_next", with_source=with_source, modes=modes)
    shared = "warehouse_id, mode, transit_days, transit_days_sd, cost_unit, cost_shipment"
    if with_source:  # every lane so far came from the supplier
        op.execute(f"INSERT INTO lane_next ({shared}, from_warehouse_id) "
                   f"SELECT {shared}, '' FROM lane")
    else:  # transfer lanes have no place in the older shape
        op.execute(f"INSERT INTO lane_next ({shared}) SELECT {shared} FROM lane "
                   "WHERE from_warehouse_id = ''")
    op.drop_table("lane")
    op.rename_table("lane_next", "lane")
    if op.get_bind().dialect.name == "postgresql":
        # Key and foreign key names follow the table they were made for: give the model's.
        op.execute("ALTER TABLE lane RENAME CONSTRAINT lane_next_pkey TO lane_pkey")
        op.execute("ALTER TABLE lane RENAME CONSTRAINT lane_next_warehouse_id_fkey TO "
                   "lane_warehouse_id_fkey")


def upgrade() -> None:
    with op.batch_alter_table("warehouse") as batch:
        batch.add_column(sa.Column("serves", sa.String(), nullable=True))
        batch.add_column(sa.Column("receiving_days", sa.Integer(), nullable=False,
                                   server_default="0"))
    with op.batch_alter_table("product") as batch:
        batch.add_column(sa.Column("moq", sa.Integer(), nullable=False, server_default="1"))
        batch.add_column(sa.Column("case_pack", sa.Integer(), nullable=False,
                                   server_default="1"))
        batch.create_check_constraint("ck_product_order_units", "moq >= 1 AND case_pack >= 1")
    with op.batch_alter_table("inbound") as batch:
        batch.add_column(sa.Column("received_at", UTC, nullable=True))
        # Lots stored before: their files had no received_at column (inferred when read).
        batch.add_column(sa.Column("received_known", sa.Boolean(), nullable=False,
                                   server_default="0"))
    with op.batch_alter_table("live_session") as batch:
        batch.add_column(sa.Column("expected_viewers", sa.Float(), nullable=True))
    with op.batch_alter_table("order_line") as batch:
        batch.add_column(sa.Column("platform", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("market", sa.String(length=2), nullable=True))
    for platform, pattern in PLATFORM_IDS.items():
        op.execute(sa.text("UPDATE live_session SET platform = :id "
                           "WHERE lower(platform) LIKE :pattern")
                   .bindparams(id=platform, pattern=pattern))
    op.execute("UPDATE live_session SET platform = lower(trim(platform))")
    _swap_lane_table(with_source=True, modes=LANE_MODES_NOW)


def downgrade() -> None:
    _swap_lane_table(with_source=False, modes=LANE_MODES_BEFORE)
    with op.batch_alter_table("order_line") as batch:
        batch.drop_column("market")
        batch.drop_column("platform")
    with op.batch_alter_table("live_session") as batch:
        batch.drop_column("expected_viewers")
    with op.batch_alter_table("inbound") as batch:
        batch.drop_column("received_known")
        batch.drop_column("received_at")
    with op.batch_alter_table("product") as batch:
        batch.drop_constraint("ck_product_order_units", type_="check")
        batch.drop_column("case_pack")
        batch.drop_column("moq")
    with op.batch_alter_table("warehouse") as batch:
        batch.drop_column("receiving_days")
        batch.drop_column("serves")
