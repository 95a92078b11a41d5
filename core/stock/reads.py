"""The SELECTs available stock is computed from (`core.stock.available`): typed, keyword-only.

Each helper takes an open `Connection` and the warehouses to count, and only reads rows
stamped at or before its moment (stock counts by counted_at, orders by ts), so the same
moment gives the same answer however much was written later. Cancelled orders never count.
Portable SQL only (SQLite and PostgreSQL).

Index use (checked with EXPLAIN QUERY PLAN in tests/store/test_queries.py, on the board):
- the latest count of a product in a warehouse: ix_stock_count_wh_sku_at, one seek per pair;
- orders since a stock count: ix_order_sku_ts (sku, ts, qty, status, warehouse_id), covering.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import CompoundSelect, Connection, Select, and_, func, null, or_, select, true

from core.store.models import OrderLine, Product, StockCount, Warehouse, table_of

_ORDERS = table_of(OrderLine)
_STOCK = table_of(StockCount)
_PRODUCTS = table_of(Product)
_WAREHOUSES = table_of(Warehouse)

CANCELLED = "cancelled"

LATEST_COLUMNS = ["sku", "warehouse_id", "counted_at", "counted_units", "ordered_units"]


def _frame(rows: Sequence[Any], columns: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame([tuple(row) for row in rows], columns=list(columns))


def latest_positions(*, conn: Connection, skus: Sequence[str], warehouse_ids: Sequence[str],
                     at: datetime, session_id: str | None) -> pd.DataFrame:
    """What `core.stock.available.positions_at` needs for these products in these
    warehouses at `at`.

    Columns: sku, warehouse_id, counted_at, counted_units, ordered_units. One row per
    (sku, warehouse) with a count at or before `at`: that latest count's counted_at and
    on_hand - reserved, and the units of orders shipped from that warehouse after it
    (ts <= at, not cancelled). With a `session_id`, plus per counted sku a row with
    warehouse_id, counted_at and counted_units None: the units of that session's orders
    without a warehouse placed after the sku's latest count among these warehouses.

    Cost: the latest count of each pair is one index seek (so the count history's length
    does not matter); then each product's orders since its earliest latest count are read
    once from ix_order_sku_ts (covering), not once per warehouse; only the orders without
    a warehouse since the product's last count are read from the table, for their session.
    """
    if not skus or not warehouse_ids:
        return _frame([], LATEST_COLUMNS)
    sc, p, w, o = _STOCK.c, _PRODUCTS.c, _WAREHOUSES.c, _ORDERS.c
    last = (select(func.max(sc.counted_at))
            .where(sc.warehouse_id == w.warehouse_id, sc.sku == p.sku, sc.counted_at <= at)
            .scalar_subquery())
    pairs = (select(p.sku.label("sku"), w.warehouse_id.label("warehouse_id"),
                    last.label("counted_at"))
             .select_from(_PRODUCTS.join(_WAREHOUSES, true()))
             .where(p.sku.in_(list(skus)), w.warehouse_id.in_(list(warehouse_ids)))
             .cte("pairs").prefix_with("MATERIALIZED"))
    counted = (select(pairs.c.sku, pairs.c.warehouse_id, pairs.c.counted_at,
                      (sc.on_hand - sc.reserved).label("units"))
               .join(_STOCK, and_(sc.sku == pairs.c.sku, sc.warehouse_id == pairs.c.warehouse_id,
                                  sc.counted_at == pairs.c.counted_at))
               .cte("counted").prefix_with("MATERIALIZED"))
    since = (select(counted.c.sku, func.min(counted.c.counted_at).label("first_at"),
                    func.max(counted.c.counted_at).label("last_at"))
             .group_by(counted.c.sku).cte("since").prefix_with("MATERIALIZED"))
    shipped = (select(o.sku, o.warehouse_id, func.sum(o.qty).label("units"))
               .select_from(since
                            .join(_ORDERS, and_(o.sku == since.c.sku, o.ts > since.c.first_at,
                                                o.ts <= at))
                            .join(counted, and_(counted.c.sku == o.sku,
                                                counted.c.warehouse_id == o.warehouse_id,
                                                o.ts > counted.c.counted_at)))
               .where(o.status != CANCELLED)
               .group_by(o.sku, o.warehouse_id)
               .cte("shipped").prefix_with("MATERIALIZED"))
    per_warehouse: Select[Any] = (
        select(counted.c.sku, counted.c.warehouse_id, counted.c.counted_at, counted.c.units,
               func.coalesce(shipped.c.units, 0))
        .select_from(counted.outerjoin(shipped, and_(
            shipped.c.sku == counted.c.sku, shipped.c.warehouse_id == counted.c.warehouse_id))))
    stmt: Select[Any] | CompoundSelect[Any] = per_warehouse
    if session_id is not None:
        unassigned = (select(o.sku, func.sum(o.qty).label("units"))
                      .select_from(since.join(_ORDERS, and_(o.sku == since.c.sku,
                                                            o.ts > since.c.last_at,
                                                            o.ts <= at)))
                      # COALESCE keeps the planner on the product's orders since the count
                      # (ix_order_sku_ts) rather than walking the whole session.
                      .where(o.warehouse_id.is_(None),
                             func.coalesce(o.session_id, "") == session_id,
                             o.status != CANCELLED)
                      .group_by(o.sku)
                      .cte("unassigned").prefix_with("MATERIALIZED"))
        stmt = per_warehouse.union_all(select(unassigned.c.sku, null(), null(), null(),
                                              unassigned.c.units))
    return _frame(conn.execute(stmt).all(), LATEST_COLUMNS)


def stock_counts(*, conn: Connection, skus: Sequence[str], warehouse_ids: Sequence[str],
                 until: datetime) -> pd.DataFrame:
    """Every count of these products in these warehouses up to `until`.
    Columns: sku, warehouse_id, counted_at, units (on_hand - reserved)."""
    columns = ["sku", "warehouse_id", "counted_at", "units"]
    if not skus or not warehouse_ids:
        return _frame([], columns)
    c = _STOCK.c
    stmt = (select(c.sku, c.warehouse_id, c.counted_at, c.on_hand - c.reserved)
            .where(c.sku.in_(list(skus)), c.warehouse_id.in_(list(warehouse_ids)),
                   c.counted_at <= until)
            .order_by(c.sku, c.counted_at, c.warehouse_id))
    return _frame(conn.execute(stmt).all(), columns)


def stock_draws(*, conn: Connection, session_id: str, skus: Sequence[str],
                warehouse_ids: Sequence[str], since: datetime, until: datetime) -> pd.DataFrame:
    """Orders that draw on these warehouses' stock in (since, until], not cancelled: those
    shipped from these warehouses (any session or none), and this session's orders without
    a warehouse (warehouse_id None). Columns: sku, ts, warehouse_id, qty."""
    columns = ["sku", "ts", "warehouse_id", "qty"]
    if not skus:
        return _frame([], columns)
    o = _ORDERS.c
    stmt = (select(o.sku, o.ts, o.warehouse_id, o.qty)
            .where(o.sku.in_(list(skus)), o.ts > since, o.ts <= until, o.status != CANCELLED,
                   or_(o.warehouse_id.in_(list(warehouse_ids)),
                       and_(o.warehouse_id.is_(None), o.session_id == session_id)))
            .order_by(o.sku, o.ts))
    return _frame(conn.execute(stmt).all(), columns)
