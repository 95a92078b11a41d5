"""The board's queries read the orders through their indexes, and only what `at` allows.

SQLite's plans are checked on the statements `board_at` actually runs (EXPLAIN QUERY
PLAN), with and without planner statistics: a full scan of order_line, or an automatic
index built on it, would make every refresh cost the whole order history.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, event, insert

from core.board import reads as queries
from core.board.service import board_at
from core.stock import reads as stock_reads
from core.stock.available import NOTHING_COUNTED, available_path, positions_at
from core.stock.pools import pool_of
from core.store.models import LineupItem, LiveSession, OrderLine, Product, StockCount, Warehouse

START = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
SKUS = [f"SKU-{i:02d}" for i in range(40)]
WAREHOUSES = ["US-A", "US-B", "DE-A"]
SERVES = {"US-B": "amazon"}  # US-B is Amazon's own: the TikTok stream S1 sells from US-A


def warehouse_of(i: int) -> str | None:
    """Order i's warehouse: S1's orders (i % 7 == 0) and half the off-stream ones with
    i % 7 == 3 (Amazon orders to the US) have none."""
    if i % 7 == 0 or (i % 7 == 3 and i % 2 == 0):
        return None
    return WAREHOUSES[i % 3]


def rows_of(model: Any, rows: list[dict[str, Any]], engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(insert(queries.table_of(model)), rows)


@pytest.fixture
def busy_store(sqlite_engine: Engine) -> Engine:
    """40 products in 3 warehouses, a session, and 6,000 orders over 60 days."""
    e = sqlite_engine
    rows_of(Warehouse, [dict(warehouse_id=w, name=w, country=w[:2], mode="3pl",
                             currency="USD", storage_fee_unit_day=0, inbound_fee_unit=0,
                             outbound_fee_order=0, return_fee_unit=0, serves=SERVES.get(w),
                             receiving_days=0) for w in WAREHOUSES], e)
    rows_of(Product, [dict(sku=s, name=s, category="c", substitute_group=f"g{i % 10}",
                           unit_cost=1, price=2, currency="USD", presale_allowed=True,
                           supplier_lead_days=5) for i, s in enumerate(SKUS)], e)
    rows_of(LiveSession, [dict(session_id="S1", title="t", platform="tiktok", market="US",
                               warmup_start=None, start=START,
                               end=START + timedelta(hours=2), traffic="paid")], e)
    rows_of(LineupItem, [dict(session_id="S1", sku=s, slot=i, price=2, variant=None)
                         for i, s in enumerate(SKUS[:20])], e)
    rows_of(StockCount, [dict(sku=s, warehouse_id=w, counted_at=START - timedelta(days=d),
                              on_hand=100, reserved=0)
                         for s in SKUS for w in WAREHOUSES for d in (1, 8, 15)], e)
    rows_of(OrderLine, [dict(order_id=f"O{i}", sku=SKUS[i % 40],
                             ts=START - timedelta(minutes=15 * (i % 5760)) + timedelta(
                                 minutes=60 if i % 7 == 0 else 0),
                             qty=1, unit_price=2, currency="USD",
                             session_id="S1" if i % 7 == 0 else None,
                             warehouse_id=warehouse_of(i),
                             platform="amazon" if i % 7 == 3 else None,
                             market="US" if i % 7 == 3 else None,
                             status="cancelled" if i % 11 == 0 else "paid")
                        for i in range(6000)], e)
    return e


def order_plans(engine: Engine) -> Iterator[tuple[str, str]]:
    """(statement, plan line) for every access to order_line while the board records."""
    statements: list[tuple[str, Any]] = []

    def remember(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any,
                 _many: bool) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", remember)
    try:
        board_at(engine, session_id="S1", at=START + timedelta(minutes=30), record=True)
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    assert any("order_line" in s for s, _ in statements), "no order query was run"
    with engine.connect() as conn:
        for statement, parameters in statements:
            for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters):
                if "order_line" in row[3]:
                    yield statement, row[3]


def assert_indexed(engine: Engine) -> None:
    plans = list(order_plans(engine))
    assert plans, "no plan touched order_line"
    for statement, plan in plans:
        if plan.startswith("BLOOM FILTER"):
            continue  # a filter in front of the indexed search the next line names
        assert "AUTOMATIC" not in plan and not plan.startswith("SCAN"), (plan, statement)
        assert "ix_order_sku_ts" in plan or "ix_order_session_ts" in plan, (plan, statement)


def test_every_order_query_of_the_board_uses_an_order_index(busy_store: Engine) -> None:
    assert_indexed(busy_store)


def test_the_plans_hold_with_planner_statistics(busy_store: Engine) -> None:
    with busy_store.begin() as conn:
        conn.exec_driver_sql("ANALYZE")

    assert_indexed(busy_store)


def test_the_last_30_days_sales_are_per_product_in_the_market(busy_store: Engine) -> None:
    at = START + timedelta(minutes=30)
    with busy_store.connect() as conn:
        sold = queries.market_units(conn=conn, skus=SKUS[:2], warehouse_ids=["US-A", "US-B"],
                                    market="US", platforms=None,
                                    since=at - timedelta(days=30), at=at)
        by_warehouse = queries.warehouse_units(conn=conn, skus=SKUS[:2],
                                               warehouse_ids=["US-A", "US-B"],
                                               since=at - timedelta(days=30), at=at)

    # Reference: the same sums over the orders, in Python.
    def expected(sku_index: int, warehouse: str | None) -> int:
        total = 0
        for i in range(sku_index, 6000, 40):
            ts = START - timedelta(minutes=15 * (i % 5760)) + timedelta(
                minutes=60 if i % 7 == 0 else 0)
            wh = warehouse_of(i)
            in_window = at - timedelta(days=30) < ts <= at and i % 11 != 0
            if in_window and (wh == warehouse if warehouse != "market" else
                              wh in ("US-A", "US-B") or wh is None):
                total += 1
        return total

    assert dict(zip(sold["sku"], sold["units"], strict=True)) == {
        "SKU-00": expected(0, "market"), "SKU-01": expected(1, "market")}
    pairs = {(s, w): u for s, w, u in by_warehouse.itertuples(index=False)}
    assert pairs[("SKU-01", "US-B")] == expected(1, "US-B")
    assert ("SKU-00", "DE-A") not in pairs


def test_the_latest_counts_read_in_sql_give_what_every_count_and_order_replayed_gives(
        busy_store: Engine) -> None:
    at = START + timedelta(minutes=30)
    with busy_store.connect() as conn:
        us = stock_reads.warehouses(conn=conn, market="US")
        raw = stock_reads.latest_positions(conn=conn, skus=SKUS, warehouses=us, at=at)
        counts = stock_reads.stock_counts(conn=conn, skus=SKUS,
                                          warehouse_ids=[w.warehouse_id for w in us],
                                          until=at)
        draws = stock_reads.stock_draws(conn=conn, skus=SKUS, warehouses=us,
                                        since=START - timedelta(days=60), until=at)
    latest = positions_at(raw, us)
    for pool in ({"US-A"}, {"US-B"}, {"US-A", "US-B"}):
        replayed = {sku: available_path(counts=counts[counts["sku"] == sku],
                                        draws=draws[draws["sku"] == sku], begin=at, until=at,
                                        warehouses=us, pool=pool)["available"].iloc[-1]
                    for sku in SKUS}
        assert {sku: latest.get(sku, NOTHING_COUNTED).available_in(pool)
                for sku in SKUS} == replayed
    assert [w.warehouse_id for w in pool_of(us, market="US", platform="tiktok")] == ["US-A"]
    assert set(raw["platform"].dropna()) == {"tiktok", "amazon"}  # both kinds charged
