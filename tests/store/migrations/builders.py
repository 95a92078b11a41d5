"""Stores at a revision, and revision 0001's data: what the migration tests build and compare."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Column, Engine, MetaData, Table, inspect, select
from sqlmodel import SQLModel

from core.store.migrations import migrate

T0 = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)

# Revision 0001's tables and columns, as the first commit's models had them.
FIRST_SCHEMA = {
    "warehouse": ("warehouse_id", "name", "country", "mode", "currency",
                  "storage_fee_unit_day", "inbound_fee_unit", "outbound_fee_order",
                  "return_fee_unit"),
    "product": ("sku", "name", "category", "substitute_group", "unit_cost", "price", "currency",
                "presale_allowed", "supplier_lead_days"),
    "lane": ("warehouse_id", "mode", "transit_days", "transit_days_sd", "cost_unit",
             "cost_shipment"),
    "stock_count": ("sku", "warehouse_id", "counted_at", "on_hand", "reserved"),
    "inbound": ("shipment_id", "sku", "warehouse_id", "qty", "mode", "shipped_at", "eta"),
    "live_session": ("session_id", "title", "platform", "market", "warmup_start", "start",
                     "end", "traffic"),
    "lineup": ("session_id", "sku", "slot", "price", "variant"),
    "viewer_sample": ("session_id", "ts", "viewers", "interactions"),
    "funnel_sample": ("session_id", "sku", "ts", "impressions", "clicks"),
    "order_line": ("order_id", "sku", "ts", "qty", "unit_price", "currency", "session_id",
                   "warehouse_id", "customer_id", "status", "source"),
    "alert": ("id", "session_id", "ts", "kind", "sku", "warehouse_id", "old_value",
              "new_value", "message"),
    "light_record": ("session_id", "sku", "ts", "light", "available", "reason"),
    "sim_clock": ("session_id", "sim_now", "wall_now", "speed", "finished"),
    "setting": ("key", "value_json"),
}


def at_revision(engine: Engine, revision: str) -> Engine:
    with engine.connect() as conn:
        migrate(conn, to=revision)
        conn.commit()
    return engine


def fill_first_schema(engine: Engine) -> None:
    """A small store of every revision-0001 table, with NULLs, Chinese text and money."""
    tables = SQLModel.metadata.tables
    rows: dict[str, list[dict[str, Any]]] = {
        "warehouse": [dict(warehouse_id="US-3PL", name="LA 洛杉矶 3PL", country="US",
                           mode="3pl", currency="USD", storage_fee_unit_day=0.0213,
                           inbound_fee_unit=0.25, outbound_fee_order=2.5, return_fee_unit=3)],
        "product": [dict(sku=sku, name=name, category="lighting", substitute_group=group,
                         unit_cost=4.1, price=price, currency="USD", presale_allowed=True,
                         supplier_lead_days=12)
                    for sku, name, group, price in (("LED5", "LED 灯带 5m", "strip", 19.99),
                                                    ("LED10", "LED 灯带 10m", "strip", 29.5),
                                                    ("RING", 'Ring Light 18"', None, 39.0))],
        "lane": [dict(warehouse_id="US-3PL", mode="sea", transit_days=35, transit_days_sd=4,
                      cost_unit=0.8, cost_shipment=400)],
        "stock_count": [dict(sku=sku, warehouse_id="US-3PL", counted_at=T0 - timedelta(days=1),
                             on_hand=units, reserved=2)
                        for sku, units in (("LED5", 60), ("LED10", 1240), ("RING", 0))],
        "inbound": [dict(shipment_id="SHIP-1", sku="RING", warehouse_id="US-3PL", qty=500,
                         mode="sea", shipped_at=T0 - timedelta(days=29),
                         eta=T0 + timedelta(days=6))],
        "live_session": [dict(session_id="S1", title="黑五 Black Friday", platform="tiktok",
                              market="US", warmup_start=None, start=T0,
                              end=T0 + timedelta(hours=2), traffic="paid")],
        "lineup": [dict(session_id="S1", sku=sku, slot=slot, price=19.99, variant=variant)
                   for slot, (sku, variant) in enumerate((("LED5", "A"), ("LED10", None),
                                                          ("RING", None)), start=1)],
        "viewer_sample": [dict(session_id="S1", ts=T0 + timedelta(minutes=m), viewers=900 + m,
                               interactions=None if m % 2 else m * 3) for m in range(10)],
        "funnel_sample": [dict(session_id="S1", sku="LED5", ts=T0 + timedelta(minutes=5),
                               impressions=400, clicks=31)],
        "order_line": [dict(order_id=f"TT-{n}", sku="LED5" if n % 3 else "LED10",
                            ts=T0 + timedelta(minutes=n, microseconds=n), qty=1 + n % 2,
                            unit_price=19.99, currency="USD",
                            session_id=None if n == 7 else "S1", warehouse_id="US-3PL",
                            customer_id=None, status="cancelled" if n == 4 else "paid",
                            source="orders.csv") for n in range(1, 10)],
        "alert": [dict(session_id="S1", ts=T0 + timedelta(minutes=9), kind="light",
                       sku="LED5", warehouse_id=None, old_value="push", new_value="swap",
                       message="LED5: PUSH → SWAP")],
        "light_record": [dict(session_id="S1", sku="LED5", ts=T0 + timedelta(minutes=9),
                              light="swap", available=46, reason="46 left · swap to LED10")],
        "sim_clock": [dict(session_id="S1", sim_now=T0 + timedelta(minutes=10),
                           wall_now=T0, speed=0.0, finished=False)],
        "setting": [dict(key="language", value_json='"zh"')],
    }
    with engine.begin() as conn:
        for name in FIRST_SCHEMA:  # parents first
            in_store = [c["name"] for c in inspect(conn).get_columns(name)]
            conn.execute(first_schema_table(tables[name], in_store).insert(), rows[name])


def first_schema_table(table: Table, columns: Sequence[str]) -> Table:
    """The current model's table cut to `columns`: the same types (the same UTC conversion
    the app uses) and defaults, without the columns a store at an older revision lacks."""
    return Table(table.name, MetaData(),
                 *(Column(c.name, c.type, default=c.default) for c in table.columns
                   if c.name in columns))


def snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every revision-0001 table, in key order, its 0001 columns only."""
    tables = SQLModel.metadata.tables
    found: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as conn:
        for name, columns in FIRST_SCHEMA.items():
            table = first_schema_table(tables[name], columns)
            query = select(*table.columns).order_by(*table.columns)
            found[name] = [tuple(row) for row in conn.execute(query)]
    return found
