"""The SELECTs available stock is computed from (`core.stock.available`): typed, keyword-only.

Each helper takes an open `Connection` and the warehouses to count, and only reads rows
stamped at or before its moment (stock counts by counted_at, orders by ts, inbound by
shipped_at), so the same moment gives the same answer however much was written later.
Cancelled orders never count. An order's platform is its own, else its session's; the
market of an order without a warehouse is its own, else its session's. Portable SQL only
(SQLite and PostgreSQL).

Index use (checked with EXPLAIN QUERY PLAN in tests/store/test_queries.py, on the board):
- the latest count of a product in a warehouse: ix_stock_count_wh_sku_at, one seek per pair;
- orders since a stock count: ix_order_sku_ts (sku, ts, qty, status, warehouse_id), covering
  for orders shipped from a warehouse; only orders without one are read from the table (for
  their platform, market and session);
- whether a count took an inbound lot in: ix_stock_count_wh_sku_at.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Connection,
    Select,
    and_,
    case,
    func,
    null,
    or_,
    select,
    true,
)

from core.common.choices import CANCELLED, served_platforms
from core.stock.available import available_path, orders_matter_since
from core.stock.pools import StockWarehouse, pool_of
from core.store.models import (
    Inbound,
    Lane,
    LiveSession,
    OrderLine,
    Product,
    StockCount,
    Warehouse,
    table_of,
)

_ORDERS = table_of(OrderLine)
_STOCK = table_of(StockCount)
_PRODUCTS = table_of(Product)
_WAREHOUSES = table_of(Warehouse)
_SESSIONS = table_of(LiveSession)
_INBOUND = table_of(Inbound)
_LANES = table_of(Lane)

SUPPLIER = ""  # lane.from_warehouse_id of a lane from the supplier

LATEST_COLUMNS = ["sku", "warehouse_id", "counted_at", "counted_units", "ordered_units",
                  "platform", "market"]


def _frame(rows: Sequence[Any], columns: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame([tuple(row) for row in rows], columns=list(columns))


def _platform() -> ColumnElement[Any]:
    """An order's platform: its own, else its session's (needs live_session joined)."""
    return func.coalesce(_ORDERS.c.platform, _SESSIONS.c.platform)


def _market() -> ColumnElement[Any]:
    """The market of an order without a warehouse: its own, else its session's."""
    return func.coalesce(_ORDERS.c.market, _SESSIONS.c.market)


def warehouses(*, conn: Connection, market: str | None = None) -> list[StockWarehouse]:
    """The warehouses of `market` (every warehouse when None), by id, as the stock rule
    sees them (`core.stock.pools.StockWarehouse`)."""
    w = _WAREHOUSES.c
    stmt = select(w.warehouse_id, w.country, w.serves, w.receiving_days, w.mode)
    if market is not None:
        stmt = stmt.where(w.country == market)
    return [StockWarehouse(warehouse_id=wid, country=country, serves=served_platforms(serves),
                           receiving_days=int(days or 0), mode=mode)
            for wid, country, serves, days, mode in conn.execute(stmt.order_by(w.warehouse_id))]


def latest_positions(*, conn: Connection, skus: Sequence[str],
                     warehouses: Sequence[StockWarehouse], at: datetime) -> pd.DataFrame:
    """What `core.stock.available.positions_at` needs for these products in these
    warehouses at `at`.

    Columns: sku, warehouse_id, counted_at, counted_units, ordered_units, platform, market.
    One row per (sku, warehouse) with a count at or before `at`: that latest count's
    counted_at and on_hand - reserved, and the units of orders shipped from that warehouse
    after it (ts <= at, not cancelled). Then rows with warehouse_id None: per sku, per one
    of its count moments (counted_at) and per (platform, market) of these warehouses'
    markets, the units of orders without a warehouse placed after that moment, of every
    session and none.

    Cost: the latest count of each pair is one index seek (so the count history's length
    does not matter); each product's orders since its earliest latest count are read once
    from ix_order_sku_ts (covering), not once per warehouse; orders without a warehouse are
    read once per distinct count moment of the product (usually one).
    """
    if not skus or not warehouses:
        return _frame([], LATEST_COLUMNS)
    warehouse_ids = [w.warehouse_id for w in warehouses]
    markets = sorted({w.country for w in warehouses})
    sc, p, w, o = _STOCK.c, _PRODUCTS.c, _WAREHOUSES.c, _ORDERS.c
    last = (select(func.max(sc.counted_at))
            .where(sc.warehouse_id == w.warehouse_id, sc.sku == p.sku, sc.counted_at <= at)
            .scalar_subquery())
    pairs = (select(p.sku.label("sku"), w.warehouse_id.label("warehouse_id"),
                    last.label("counted_at"))
             .select_from(_PRODUCTS.join(_WAREHOUSES, true()))
             .where(p.sku.in_(list(skus)), w.warehouse_id.in_(warehouse_ids))
             .cte("pairs").prefix_with("MATERIALIZED"))
    counted = (select(pairs.c.sku, pairs.c.warehouse_id, pairs.c.counted_at,
                      (sc.on_hand - sc.reserved).label("units"))
               .join(_STOCK, and_(sc.sku == pairs.c.sku, sc.warehouse_id == pairs.c.warehouse_id,
                                  sc.counted_at == pairs.c.counted_at))
               .cte("counted").prefix_with("MATERIALIZED"))
    since = (select(counted.c.sku, func.min(counted.c.counted_at).label("first_at"))
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
               func.coalesce(shipped.c.units, 0), null(), null())
        .select_from(counted.outerjoin(shipped, and_(
            shipped.c.sku == counted.c.sku, shipped.c.warehouse_id == counted.c.warehouse_id))))
    moments = (select(counted.c.sku, counted.c.counted_at).distinct()
               .cte("moments").prefix_with("MATERIALIZED"))
    unshipped = (select(moments.c.sku, moments.c.counted_at,
                        _platform().label("platform"), _market().label("market"),
                        func.sum(o.qty).label("units"))
                 .select_from(moments
                              .join(_ORDERS, and_(o.sku == moments.c.sku,
                                                  o.ts > moments.c.counted_at, o.ts <= at))
                              .outerjoin(_SESSIONS, _SESSIONS.c.session_id == o.session_id))
                 .where(o.warehouse_id.is_(None), o.status != CANCELLED,
                        _market().in_(markets))
                 .group_by(moments.c.sku, moments.c.counted_at, _platform(), _market())
                 .cte("unshipped").prefix_with("MATERIALIZED"))
    stmt: CompoundSelect[Any] = per_warehouse.union_all(
        select(unshipped.c.sku, null(), unshipped.c.counted_at, null(), unshipped.c.units,
               unshipped.c.platform, unshipped.c.market))
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


def stock_draws(*, conn: Connection, skus: Sequence[str],
                warehouses: Sequence[StockWarehouse], since: datetime,
                until: datetime) -> pd.DataFrame:
    """Orders that draw on these warehouses' stock in (since, until], not cancelled: those
    shipped from them, and those without a warehouse to their markets (of every session and
    none), charged by the rule when replayed. Columns: sku, ts, warehouse_id, qty,
    platform, market."""
    columns = ["sku", "ts", "warehouse_id", "qty", "platform", "market"]
    if not skus or not warehouses:
        return _frame([], columns)
    o = _ORDERS.c
    markets = sorted({w.country for w in warehouses})
    stmt = (select(o.sku, o.ts, o.warehouse_id, o.qty, _platform(), _market())
            .select_from(_ORDERS.outerjoin(_SESSIONS,
                                           _SESSIONS.c.session_id == o.session_id))
            .where(o.sku.in_(list(skus)), o.ts > since, o.ts <= until, o.status != CANCELLED,
                   or_(o.warehouse_id.in_([w.warehouse_id for w in warehouses]),
                       and_(o.warehouse_id.is_(None), _market().in_(markets))))
            .order_by(o.sku, o.ts, o.order_id))
    return _frame(conn.execute(stmt).all(), columns)


@dataclass(frozen=True)
class _MarketStock:
    """A market's warehouses with the counts and orders of some products, per product: what
    `available_path` replays."""

    warehouses: list[StockWarehouse]
    counts: pd.DataFrame
    counts_of: dict[str, pd.DataFrame]
    draws_of: dict[str, pd.DataFrame]
    no_draws: pd.DataFrame

    def path(self, sku: str, *, begin: datetime, until: datetime,
             pool: frozenset[str]) -> pd.DataFrame:
        return available_path(counts=self.counts_of.get(sku, self.counts.iloc[0:0]),
                              draws=self.draws_of.get(sku, self.no_draws), begin=begin,
                              until=until, warehouses=self.warehouses, pool=pool)


def _market_stock(conn: Connection, *, skus: Sequence[str], market: str, begin: datetime,
                  until: datetime) -> _MarketStock:
    market_warehouses = warehouses(conn=conn, market=market)
    counts = stock_counts(conn=conn, skus=skus,
                          warehouse_ids=[w.warehouse_id for w in market_warehouses],
                          until=until)
    draws = stock_draws(conn=conn, skus=skus, warehouses=market_warehouses,
                        since=orders_matter_since(counts, begin), until=until)
    return _MarketStock(market_warehouses, counts,
                        {str(sku): rows for sku, rows in counts.groupby("sku")},
                        {str(sku): rows for sku, rows in draws.groupby("sku")}, draws.iloc[0:0])


def pool_paths(*, conn: Connection, skus: Sequence[str], market: str, platform: str,
               begin: datetime, until: datetime) -> dict[str, pd.DataFrame]:
    """Each product's available units over the pool of a `platform` stream in `market`
    (`core.stock.pools.pool_of`) from `begin` to `until`, by the one rule
    (`core.stock.available.available_path`: ts, available). Every warehouse of the market is
    read, as orders without a warehouse are charged among them; a product never counted
    there has one row of 0."""
    stock = _market_stock(conn, skus=skus, market=market, begin=begin, until=until)
    pool = frozenset(w.warehouse_id for w in pool_of(stock.warehouses, market=market,
                                                       platform=platform))
    return {sku: stock.path(sku, begin=begin, until=until, pool=pool) for sku in skus}


def warehouse_paths(*, conn: Connection, skus: Sequence[str], market: str, begin: datetime,
                    until: datetime) -> dict[tuple[str, str], tuple[pd.DataFrame, datetime | None]]:
    """Each product's available units in each warehouse of `market` on its own, keyed by
    (sku, warehouse_id), from `begin` to `until` by the one rule (`available_path` with a
    pool of that warehouse: orders without a warehouse are charged among the market's as
    everywhere else), with the warehouse's first count of the product (None: never
    counted): before it, the path's 0 means "not known", not "out of stock"."""
    if not skus:
        return {}
    stock = _market_stock(conn, skus=skus, market=market, begin=begin, until=until)
    first = {(str(sku), str(wh)): ts for sku, wh, ts in
             stock.counts.groupby(["sku", "warehouse_id"], as_index=False)["counted_at"].min()
             .itertuples(index=False)}
    return {(sku, w.warehouse_id): (
                stock.path(sku, begin=begin, until=until, pool=frozenset({w.warehouse_id})),
                first.get((sku, w.warehouse_id)))
            for sku in skus for w in stock.warehouses}


def pending_inbound(*, conn: Connection, skus: Sequence[str], warehouse_ids: Sequence[str],
                    at: datetime) -> pd.DataFrame:
    """Lots on their way to these warehouses as known at `at` (shipped_at <= at) that no
    stock count up to `at` has taken in yet.

    A lot is received at its received_at (a file with that column: an empty cell means it
    is still on the way, however late), or, for files without the column, at its ETA; a
    count of its product in its warehouse at or after that moment (and at or before `at`)
    takes it in. So a lot received early is taken in by the next count, and a late one stays
    on the way. Columns: sku, warehouse_id, shipment_id, qty, eta, received_at (when it was
    received by `at`, known from the file; else None).
    """
    columns = ["sku", "warehouse_id", "shipment_id", "qty", "eta", "received_at"]
    if not skus or not warehouse_ids:
        return _frame([], columns)
    i, sc = _INBOUND.c, _STOCK.c
    received_from = case((i.received_known == true(), i.received_at), else_=i.eta)
    taken_in = (select(sc.sku).where(sc.sku == i.sku, sc.warehouse_id == i.warehouse_id,
                                     sc.counted_at >= received_from, sc.counted_at <= at)
                .exists())
    received = case((and_(i.received_known == true(), i.received_at <= at), i.received_at),
                    else_=null())
    stmt = (select(i.sku, i.warehouse_id, i.shipment_id, i.qty, i.eta, received)
            .where(i.sku.in_(list(skus)), i.warehouse_id.in_(list(warehouse_ids)),
                   i.shipped_at <= at, ~taken_in)
            .order_by(i.eta, i.shipment_id, i.sku))
    return _frame(conn.execute(stmt).all(), columns)


def supplier_transit_days(*, conn: Connection,
                          warehouse_ids: Sequence[str]) -> dict[str, float]:
    """Per warehouse, the fewest transit days of a lane into it from the supplier."""
    if not warehouse_ids:
        return {}
    ln = _LANES.c
    stmt = (select(ln.warehouse_id, func.min(ln.transit_days))
            .where(ln.warehouse_id.in_(list(warehouse_ids)), ln.from_warehouse_id == SUPPLIER)
            .group_by(ln.warehouse_id))
    return {wid: float(days) for wid, days in conn.execute(stmt)}
