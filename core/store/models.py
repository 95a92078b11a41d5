"""The store's tables: one per data file of docs/data-files.md, plus what the board records.

Constraints live on the tables (keys, foreign keys, allowed values, quantities >= 0) so a
writer that bypasses the loader still cannot store nonsense. Money is a decimal column
(exact on PostgreSQL) read back as float. Every timestamp is UTC (core.store.types.UTCDateTime).
The allowed values of a column come from core.common.choices.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, Column, Index, Numeric, String, Table
from sqlmodel import Field, SQLModel

from core.common.choices import LANE_MODES, ORDER_STATUSES, TRAFFIC_KINDS, WAREHOUSE_MODES
from core.store.types import UTCDateTime


def table_of(model: Any) -> Table:
    """The Core table of a SQLModel table class, typed for Core statements (bulk inserts,
    aggregates) where ORM objects would be too slow."""
    table: Table = model.__table__
    return table


def table_named(name: str) -> Table:
    """The Core table called `name` (e.g. "order_line"), for code that names tables by
    their names (the data-file specs of core/ingest/datafiles.py)."""
    return SQLModel.metadata.tables[name]


def _money(*, nullable: bool = False) -> Column[Any]:
    return Column(Numeric(14, 4, asdecimal=False), nullable=nullable)


def _utc(*, nullable: bool = False, index: bool = False) -> Column[Any]:
    return Column(UTCDateTime(), nullable=nullable, index=index)


def _one_of(column: str, values: tuple[str, ...], name: str) -> CheckConstraint:
    allowed = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({allowed})", name=name)


class Warehouse(SQLModel, table=True):
    __tablename__ = "warehouse"
    __table_args__ = (
        _one_of("mode", WAREHOUSE_MODES, "ck_warehouse_mode"),
        CheckConstraint("storage_fee_unit_day >= 0 AND inbound_fee_unit >= 0 AND "
                        "outbound_fee_order >= 0 AND return_fee_unit >= 0",
                        name="ck_warehouse_fees"),
    )

    warehouse_id: str = Field(primary_key=True, max_length=64)
    name: str
    country: str = Field(sa_column=Column(String(2), nullable=False, index=True))
    mode: str = Field(max_length=16)
    currency: str = Field(max_length=3)
    storage_fee_unit_day: float = Field(sa_column=_money())
    inbound_fee_unit: float = Field(sa_column=_money())
    outbound_fee_order: float = Field(sa_column=_money())
    return_fee_unit: float = Field(sa_column=_money())
    # The platforms whose orders it can ship, ";"-separated lowercase ids; None = every one.
    serves: str | None = None
    receiving_days: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class Product(SQLModel, table=True):
    __tablename__ = "product"
    __table_args__ = (
        CheckConstraint("unit_cost >= 0 AND price >= 0", name="ck_product_money"),
        CheckConstraint("supplier_lead_days >= 0", name="ck_product_lead"),
        CheckConstraint("moq >= 1 AND case_pack >= 1", name="ck_product_order_units"),
    )

    sku: str = Field(primary_key=True, max_length=64)
    name: str
    category: str
    substitute_group: str | None = Field(default=None, index=True)
    unit_cost: float = Field(sa_column=_money())
    price: float = Field(sa_column=_money())
    currency: str = Field(max_length=3)
    presale_allowed: bool
    supplier_lead_days: int
    moq: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    case_pack: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class Lane(SQLModel, table=True):
    __tablename__ = "lane"
    __table_args__ = (
        _one_of("mode", LANE_MODES, "ck_lane_mode"),
        CheckConstraint("transit_days >= 0 AND transit_days_sd >= 0", name="ck_lane_days"),
        CheckConstraint("cost_unit >= 0 AND cost_shipment >= 0", name="ck_lane_cost"),
    )

    warehouse_id: str = Field(primary_key=True, foreign_key="warehouse.warehouse_id")
    mode: str = Field(primary_key=True, max_length=16)
    # "" = from the supplier; a warehouse id = a transfer lane from that warehouse. Part of
    # the key, so not NULL (a NULL key column would make every supplier lane distinct).
    from_warehouse_id: str = Field(default="", primary_key=True, max_length=64)
    transit_days: float
    transit_days_sd: float
    cost_unit: float = Field(sa_column=_money())
    cost_shipment: float = Field(sa_column=_money())


class StockCount(SQLModel, table=True):
    """A stock count; a new count adds a row, the latest at or before a moment counts."""

    __tablename__ = "stock_count"
    __table_args__ = (
        CheckConstraint("on_hand >= 0 AND reserved >= 0", name="ck_stock_nonnegative"),
        Index("ix_stock_count_wh_sku_at", "warehouse_id", "sku", "counted_at"),
    )

    sku: str = Field(primary_key=True, foreign_key="product.sku")
    warehouse_id: str = Field(primary_key=True, foreign_key="warehouse.warehouse_id")
    counted_at: datetime = Field(sa_column=Column(UTCDateTime(), primary_key=True))
    on_hand: int
    reserved: int


class Inbound(SQLModel, table=True):
    """Stock on its way; keyed by shipment and sku so one shipment may carry several skus."""

    __tablename__ = "inbound"
    __table_args__ = (
        _one_of("mode", LANE_MODES, "ck_inbound_mode"),
        CheckConstraint("qty >= 0", name="ck_inbound_qty"),
        CheckConstraint("eta >= shipped_at", name="ck_inbound_eta"),
        Index("ix_inbound_sku_wh", "sku", "warehouse_id"),
    )

    shipment_id: str = Field(primary_key=True, max_length=64)
    sku: str = Field(primary_key=True, foreign_key="product.sku")
    warehouse_id: str = Field(foreign_key="warehouse.warehouse_id")
    qty: int
    mode: str = Field(max_length=16)
    shipped_at: datetime = Field(sa_column=_utc())
    eta: datetime = Field(sa_column=_utc())
    # When the warehouse took it in. NULL with received_known = still on the way, however
    # late; NULL without it (a file with no received_at column) = received at the first
    # stock count after its ETA, inferred when read.
    received_at: datetime | None = Field(default=None, sa_column=_utc(nullable=True))
    received_known: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})


class LiveSession(SQLModel, table=True):
    """A live stream (sessions.csv); called LiveSession so it never meets a DB session."""

    __tablename__ = "live_session"
    __table_args__ = (
        _one_of("traffic", TRAFFIC_KINDS, "ck_session_traffic"),
        CheckConstraint('"end" > start', name="ck_session_end_after_start"),
        CheckConstraint("warmup_start IS NULL OR warmup_start <= start",
                        name="ck_session_warmup_before_start"),
    )

    session_id: str = Field(primary_key=True, max_length=64)
    title: str
    platform: str
    market: str = Field(sa_column=Column(String(2), nullable=False, index=True))
    warmup_start: datetime | None = Field(default=None, sa_column=_utc(nullable=True))
    start: datetime = Field(sa_column=_utc(index=True))
    end: datetime = Field(sa_column=_utc())
    traffic: str = Field(max_length=16)
    # The team's own estimate of average concurrent viewers while live (events, campaigns).
    expected_viewers: float | None = None


class LineupItem(SQLModel, table=True):
    __tablename__ = "lineup"
    __table_args__ = (CheckConstraint("price >= 0", name="ck_lineup_price"),)

    session_id: str = Field(primary_key=True, foreign_key="live_session.session_id")
    sku: str = Field(primary_key=True, foreign_key="product.sku")
    slot: int
    price: float = Field(sa_column=_money())
    variant: str | None = None


class ViewerSample(SQLModel, table=True):
    __tablename__ = "viewer_sample"
    __table_args__ = (CheckConstraint("viewers >= 0", name="ck_viewers_nonnegative"),
                      CheckConstraint("interactions IS NULL OR interactions >= 0",
                                      name="ck_interactions_nonnegative"))

    session_id: str = Field(primary_key=True, foreign_key="live_session.session_id")
    ts: datetime = Field(sa_column=Column(UTCDateTime(), primary_key=True))
    viewers: int
    interactions: int | None = None
    # Who wrote the sample (e.g. "simulate"), so a replayed stream removes only its own.
    source: str | None = Field(default=None, max_length=128)


class FunnelSample(SQLModel, table=True):
    __tablename__ = "funnel_sample"
    __table_args__ = (CheckConstraint("impressions >= 0 AND clicks >= 0",
                                      name="ck_funnel_nonnegative"),)

    session_id: str = Field(primary_key=True, foreign_key="live_session.session_id")
    sku: str = Field(primary_key=True, foreign_key="product.sku")
    ts: datetime = Field(sa_column=Column(UTCDateTime(), primary_key=True))
    impressions: int
    clicks: int


class OrderLine(SQLModel, table=True):
    """One line of an order (orders.csv); order_id + sku is the key, so reloads never double."""

    __tablename__ = "order_line"
    __table_args__ = (
        _one_of("status", ORDER_STATUSES, "ck_order_status"),
        CheckConstraint("qty > 0", name="ck_order_qty"),
        CheckConstraint("unit_price >= 0", name="ck_order_price"),
        # The board's pace and availability: a session's orders in time, covering qty.
        Index("ix_order_session_ts", "session_id", "ts", "sku", "qty", "status"),
        # Availability after a stock count, and daily sales per product.
        Index("ix_order_sku_ts", "sku", "ts", "qty", "status", "warehouse_id"),
    )

    order_id: str = Field(primary_key=True, max_length=64)
    sku: str = Field(primary_key=True, foreign_key="product.sku")
    ts: datetime = Field(sa_column=_utc())
    qty: int
    unit_price: float = Field(sa_column=_money())
    currency: str = Field(max_length=3)
    session_id: str | None = Field(default=None, foreign_key="live_session.session_id")
    warehouse_id: str | None = Field(default=None, foreign_key="warehouse.warehouse_id")
    customer_id: str | None = None
    status: str = Field(default="paid", max_length=16)
    source: str | None = Field(default=None, max_length=128)
    # Which warehouses can ship it (default: its session's platform) and where it ships to
    # (default: its warehouse's country, else its session's market).
    platform: str | None = Field(default=None, max_length=32)
    market: str | None = Field(default=None, max_length=2)


class WebhookReceipt(SQLModel, table=True):
    """A platform delivery taken in (written with its order lines): its id is the key, so a
    redelivered webhook is counted once."""

    __tablename__ = "webhook_receipt"
    __table_args__ = (Index("ix_webhook_receipt_platform_at", "platform", "received_at"),)

    platform: str = Field(primary_key=True, max_length=16)
    delivery_id: str = Field(primary_key=True, max_length=128)
    received_at: datetime = Field(sa_column=_utc())
    topic: str = Field(max_length=64)
    outcome: str = Field(max_length=16)  # written, status, ignored, no_lines
    order_id: str | None = Field(default=None, max_length=64)
    lines: int = 0
    note: str | None = None


class WebhookRejection(SQLModel, table=True):
    """A request the receiver refused with a 4xx (other than a bad signature), for a person."""

    __tablename__ = "webhook_rejection"
    __table_args__ = (Index("ix_webhook_rejection_at", "received_at"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=16)
    received_at: datetime = Field(sa_column=_utc())
    status_code: int
    reason: str
    delivery_id: str | None = Field(default=None, max_length=128)
    topic: str | None = Field(default=None, max_length=64)
    body_bytes: int
    body_excerpt: str | None = None


class Alert(SQLModel, table=True):
    """What the board noticed: a light changed, the tier went up, stock fell below safety."""

    __tablename__ = "alert"
    __table_args__ = (Index("ix_alert_session_ts", "session_id", "ts"),)

    id: int | None = Field(default=None, primary_key=True)
    session_id: str | None = Field(default=None, foreign_key="live_session.session_id")
    ts: datetime = Field(sa_column=_utc())
    kind: str = Field(max_length=32)
    sku: str | None = None
    warehouse_id: str | None = None
    old_value: str | None = None
    new_value: str | None = None
    message: str


class LightRecord(SQLModel, table=True):
    """The light the board showed for a product, recorded whenever it changes."""

    __tablename__ = "light_record"

    session_id: str = Field(primary_key=True, foreign_key="live_session.session_id")
    sku: str = Field(primary_key=True)
    ts: datetime = Field(sa_column=Column(UTCDateTime(), primary_key=True))
    light: str = Field(max_length=16)
    available: int
    reason: str


class SimClock(SQLModel, table=True):
    """Where a simulated stream has got to: the board of a simulated session reads its time."""

    __tablename__ = "sim_clock"

    session_id: str = Field(primary_key=True, foreign_key="live_session.session_id")
    sim_now: datetime = Field(sa_column=_utc())
    wall_now: datetime = Field(sa_column=_utc())
    speed: float
    finished: bool = False


class Setting(SQLModel, table=True):
    """One setting (tier bounds, refresh interval, thresholds...), JSON-encoded."""

    __tablename__ = "setting"

    key: str = Field(primary_key=True, max_length=64)
    value_json: str


# ---------------------------------------------------------------------------------------
# Webhook intake (revision 0005): what platforms said about an order beyond its lines.


class WebhookOrder(SQLModel, table=True):
    """The status a platform's deliveries gave an order, with the platform's own stamp of
    that version (Shopify's updated_at): an older delivery never overrides a newer one
    (core.platforms.order_status)."""

    __tablename__ = "webhook_order"
    __table_args__ = (_one_of("status", ORDER_STATUSES, "ck_webhook_order_status"),)

    order_id: str = Field(primary_key=True, max_length=64)
    platform: str = Field(max_length=16)
    status: str = Field(max_length=16)
    stamped_at: datetime | None = Field(default=None, sa_column=_utc(nullable=True))
    delivery_id: str = Field(max_length=128)
    received_at: datetime = Field(sa_column=_utc())


class WebhookPendingLine(SQLModel, table=True):
    """An order line a delivery brought for a sku the store does not know yet; written to
    order_line at the first intake after the product is loaded (the platform will not send
    it again)."""

    __tablename__ = "webhook_pending_line"
    __table_args__ = (
        _one_of("status", ORDER_STATUSES, "ck_webhook_pending_status"),
        CheckConstraint("qty > 0", name="ck_webhook_pending_qty"),
        CheckConstraint("unit_price >= 0", name="ck_webhook_pending_price"),
        Index("ix_webhook_pending_line_sku", "sku"),
    )

    order_id: str = Field(primary_key=True, max_length=64)
    sku: str = Field(primary_key=True, max_length=64)
    platform: str = Field(max_length=16)
    delivery_id: str = Field(max_length=128)
    received_at: datetime = Field(sa_column=_utc())
    ts: datetime = Field(sa_column=_utc())
    qty: int
    unit_price: float = Field(sa_column=_money())
    currency: str = Field(max_length=3)
    session_id: str | None = Field(default=None, foreign_key="live_session.session_id")
    customer_id: str | None = Field(default=None, max_length=128)
    status: str = Field(default="paid", max_length=16)
    # Where it ships to (the shipping country), for order_line.market once written.
    market: str | None = Field(default=None, max_length=2)


class WebhookSkippedLine(SQLModel, table=True):
    """An order line a delivery brought that the store cannot count (no sku: a tip, a
    custom item, a service), kept for a person to read; the order's other lines were
    taken. One row per line of an order (a later delivery of the order updates it)."""

    __tablename__ = "webhook_skipped_line"
    __table_args__ = (Index("ix_webhook_skipped_line_at", "received_at"),)

    order_id: str = Field(primary_key=True, max_length=64)
    line_key: str = Field(primary_key=True, max_length=64)
    platform: str = Field(max_length=16)
    delivery_id: str = Field(max_length=128)
    received_at: datetime = Field(sa_column=_utc())
    position: int
    title: str | None = Field(default=None, max_length=200)
    qty: int | None = None
    amount: float | None = Field(default=None, sa_column=_money(nullable=True))
    currency: str = Field(max_length=3)
    reason: str
