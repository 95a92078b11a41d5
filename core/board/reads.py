"""Every SELECT the board needs: typed, keyword-only, aggregated in SQL.

Each helper takes an open `Connection` and returns a DataFrame or a small dataclass. What
is available per product and warehouse, the warehouses of a market, inbound lots and
supplier lanes are read by `core.stock.reads` (the rule all share).
Replays: every helper takes `at` and only counts rows stamped at or before it (stock counts
by counted_at, orders by ts, viewers by ts, inbound by shipped_at), so the same `at` gives
the same answer however much was written later. Portable SQL only (SQLite and PostgreSQL):
no date arithmetic in SQL; time windows are computed in Python and bound as parameters.

Index use (checked with EXPLAIN QUERY PLAN in tests/store/test_queries.py):
- a window of a product's orders (30 days' sales): ix_order_sku_ts (sku, ts, qty, status,
  warehouse_id), covering;
- a session's pace and sales: ix_order_session_ts (session_id, ts, sku, qty, status).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

import pandas as pd
from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    Table,
    and_,
    case,
    func,
    or_,
    select,
)

from core.common.choices import CANCELLED
from core.store.models import (
    Alert,
    LightRecord,
    LineupItem,
    LiveSession,
    OrderLine,
    Product,
    SimClock,
    StockCount,
    ViewerSample,
    Warehouse,
    table_of,
)

_ORDERS = table_of(OrderLine)
_STOCK = table_of(StockCount)
_PRODUCTS = table_of(Product)
_WAREHOUSES = table_of(Warehouse)
_LINEUP = table_of(LineupItem)
_SESSIONS = table_of(LiveSession)
_VIEWERS = table_of(ViewerSample)
_LIGHTS = table_of(LightRecord)
_ALERTS = table_of(Alert)
_CLOCKS = table_of(SimClock)



def _frame(rows: Sequence[Any], columns: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame([tuple(row) for row in rows], columns=list(columns))


def _sold(orders: Table | Any) -> ColumnElement[bool]:
    """Orders that took stock: everything but cancelled (returns came back later)."""
    return cast(ColumnElement[bool], orders.c.status != CANCELLED)


# ---------------------------------------------------------------------------------------
# Sessions.


@dataclass(frozen=True)
class SessionRow:
    session_id: str
    title: str
    market: str
    warmup_start: datetime | None
    start: datetime
    end: datetime
    platform: str = ""
    expected_viewers: float | None = None  # the team's estimate (sessions.csv)


def _session_columns() -> tuple[Any, ...]:
    s = _SESSIONS.c
    return (s.session_id, s.title, s.market, s.warmup_start, s.start, s.end, s.platform,
            s.expected_viewers)


def session_row(*, conn: Connection, session_id: str) -> SessionRow | None:
    """The session's row, or None when there is no such session."""
    row = conn.execute(
        select(*_session_columns()).where(_SESSIONS.c.session_id == session_id)).first()
    return None if row is None else SessionRow(*row)


def session_list(*, conn: Connection) -> list[tuple[str, str, str, str, datetime, datetime]]:
    """Every session as (session_id, title, platform, market, start, end), latest first."""
    s = _SESSIONS.c
    stmt = (select(s.session_id, s.title, s.platform, s.market, s.start, s.end)
            .order_by(s.start.desc(), s.session_id))
    return [(row[0], row[1], row[2], row[3], row[4], row[5]) for row in conn.execute(stmt)]


def live_session_ids(*, conn: Connection, at: datetime) -> list[str]:
    """Sessions streaming at `at` (start <= at < end), the latest start first."""
    s = _SESSIONS.c
    stmt = (select(s.session_id).where(s.start <= at, s.end > at)
            .order_by(s.start.desc(), s.session_id))
    return list(conn.execute(stmt).scalars())


def next_session_id(*, conn: Connection, at: datetime) -> str | None:
    """The next session to start after `at` (warming up or scheduled)."""
    s = _SESSIONS.c
    stmt = select(s.session_id).where(s.start > at).order_by(s.start, s.session_id).limit(1)
    return conn.execute(stmt).scalar()


def latest_session_id(*, conn: Connection, at: datetime) -> str | None:
    """The session that ended last at or before `at`; else the latest of all."""
    s = _SESSIONS.c
    stmt = (select(s.session_id).where(s.end <= at).order_by(s.end.desc(), s.session_id)
            .limit(1))
    found = conn.execute(stmt).scalar()
    if found is not None:
        return cast(str, found)
    stmt = select(s.session_id).order_by(s.end.desc(), s.session_id).limit(1)
    return conn.execute(stmt).scalar()


@dataclass(frozen=True)
class SimClockRow:
    session_id: str
    sim_now: datetime
    speed: float
    finished: bool


def sim_clock(*, conn: Connection, session_id: str) -> SimClockRow | None:
    c = _CLOCKS.c
    row = conn.execute(select(c.session_id, c.sim_now, c.speed, c.finished)
                       .where(c.session_id == session_id)).first()
    return None if row is None else SimClockRow(row[0], row[1], row[2], bool(row[3]))


def running_simulations(*, conn: Connection) -> list[SimClockRow]:
    """Simulated streams still playing, the most recently advanced first."""
    c = _CLOCKS.c
    rows = conn.execute(select(c.session_id, c.sim_now, c.speed, c.finished)
                        .where(c.finished.is_(False))
                        .order_by(c.wall_now.desc(), c.session_id)).all()
    return [SimClockRow(r[0], r[1], r[2], bool(r[3])) for r in rows]


def latest_clock_after(*, conn: Connection, after: datetime) -> datetime | None:
    """The latest simulated clock later than `after` (a stream played ahead of it)."""
    c = _CLOCKS.c
    latest = conn.execute(select(func.max(c.sim_now)).where(c.sim_now > after)).scalar()
    return None if latest is None else cast(datetime, latest)


def past_sessions(*, conn: Connection, market: str, before: datetime, limit: int = 10,
                  exclude: str | None = None) -> list[SessionRow]:
    """The `limit` most recent sessions of `market` that ended at or before `before`."""
    s = _SESSIONS.c
    stmt = select(*_session_columns()).where(s.market == market, s.end <= before)
    if exclude is not None:
        stmt = stmt.where(s.session_id != exclude)
    stmt = stmt.order_by(s.end.desc(), s.session_id).limit(limit)
    return [SessionRow(*row) for row in conn.execute(stmt)]


# ---------------------------------------------------------------------------------------
# Products and warehouses.


def board_products(*, conn: Connection, session_id: str) -> pd.DataFrame:
    """The session's lineup, plus the catalogue products of the lineup's substitute groups.

    Columns: sku, name, slot (NaN outside the lineup), substitute_group, presale_allowed,
    supplier_lead_days, currency.
    """
    p, ln = _PRODUCTS.c, _LINEUP.c
    lineup = _LINEUP.alias("l")
    groups = (select(_PRODUCTS.c.substitute_group)
              .join(_LINEUP, _LINEUP.c.sku == _PRODUCTS.c.sku)
              .where(ln.session_id == session_id, p.substitute_group.is_not(None)))
    stmt = (
        select(p.sku, p.name, lineup.c.slot, p.substitute_group, p.presale_allowed,
               p.supplier_lead_days, p.currency)
        .select_from(_PRODUCTS.outerjoin(
            lineup, and_(lineup.c.sku == p.sku, lineup.c.session_id == session_id)))
        .where(or_(lineup.c.session_id.is_not(None), p.substitute_group.in_(groups)))
        .order_by(p.sku)
    )
    return _frame(conn.execute(stmt).all(),
                  ["sku", "name", "slot", "substitute_group", "presale_allowed",
                   "supplier_lead_days", "currency"])


def product_names(*, conn: Connection, skus: Sequence[str]) -> dict[str, str]:
    """sku -> name of these products (those in the store)."""
    if not skus:
        return {}
    p = _PRODUCTS.c
    return {sku: name for sku, name in conn.execute(
        select(p.sku, p.name).where(p.sku.in_(list(skus))))}


# ---------------------------------------------------------------------------------------
# Sales.


def session_sales(*, conn: Connection, session_id: str, at: datetime,
                  since: datetime | None = None) -> pd.DataFrame:
    """This session's sales in (since, at] (everything up to `at` without `since`), not
    cancelled, per product and currency. Columns: sku, currency, units, revenue
    (sum of qty x unit_price)."""
    o = _ORDERS.c
    stmt = select(o.sku, o.currency, func.sum(o.qty).label("units"),
                  func.sum(o.qty * o.unit_price).label("revenue")).where(
        o.session_id == session_id, o.ts <= at, _sold(_ORDERS))
    if since is not None:
        stmt = stmt.where(o.ts > since)
    stmt = stmt.group_by(o.sku, o.currency).order_by(o.sku, o.currency)
    return _frame(conn.execute(stmt).all(), ["sku", "currency", "units", "revenue"])


def session_lines(*, conn: Connection, session_id: str, at: datetime) -> pd.DataFrame:
    """This session's order lines up to `at`, not cancelled, in time order.
    Columns: ts, sku, qty."""
    o = _ORDERS.c
    stmt = (select(o.ts, o.sku, o.qty).where(o.session_id == session_id, o.ts <= at,
                                              _sold(_ORDERS))
            .order_by(o.ts, o.sku))
    return _frame(conn.execute(stmt).all(), ["ts", "sku", "qty"])


def market_units(*, conn: Connection, skus: Sequence[str], warehouse_ids: Sequence[str],
                 market: str, platforms: Collection[str] | None, since: datetime,
                 at: datetime) -> pd.DataFrame:
    """Units each product sold from these warehouses (the board's pool) in (since, at],
    not cancelled: orders shipped from them, plus orders without a warehouse to the market
    (their own market, else their session's) of a platform the pool ships (their own, else
    their session's; `platforms` None: the pool has a warehouse that ships every platform).
    Columns: sku, units.

    One pass over the window on ix_order_sku_ts, aggregated in index order (no sort); an
    order's market, platform and session are only read when it has no warehouse.
    """
    if not skus:
        return _frame([], ["sku", "units"])
    o, s = _ORDERS.c, _SESSIONS.c
    order_market = func.coalesce(o.market, s.market)
    unshipped = and_(o.warehouse_id.is_(None), order_market == market)
    if platforms is not None:
        unshipped = and_(unshipped, func.coalesce(o.platform, s.platform).in_(list(platforms)))
    in_pool = or_(o.warehouse_id.in_(list(warehouse_ids)), unshipped)
    stmt = (select(o.sku, func.sum(case((in_pool, o.qty), else_=0)))
            .select_from(_ORDERS.outerjoin(_SESSIONS, o.session_id == s.session_id))
            .where(o.sku.in_(list(skus)), o.ts > since, o.ts <= at, _sold(_ORDERS))
            .group_by(o.sku))
    return _frame(conn.execute(stmt).all(), ["sku", "units"])


def warehouse_units(*, conn: Connection, skus: Sequence[str], warehouse_ids: Sequence[str],
                    since: datetime, at: datetime) -> pd.DataFrame:
    """Units each product shipped from each of these warehouses in (since, at], not
    cancelled. Columns: sku, warehouse_id, units. Sorts the window's rows of `skus`, so
    callers pass only the products they need."""
    columns = ["sku", "warehouse_id", "units"]
    if not skus or not warehouse_ids:
        return _frame([], columns)
    o = _ORDERS.c
    stmt = (select(o.sku, o.warehouse_id, func.sum(o.qty))
            .where(o.sku.in_(list(skus)), o.ts > since, o.ts <= at, _sold(_ORDERS),
                   o.warehouse_id.in_(list(warehouse_ids)))
            .group_by(o.sku, o.warehouse_id))
    return _frame(conn.execute(stmt).all(), columns)


def units_in_sessions(*, conn: Connection, session_ids: Sequence[str], skus: Sequence[str],
                      at: datetime) -> pd.DataFrame:
    """Units per (session, product) of these sessions up to `at`, not cancelled, for the
    products of `skus` that were in each session's lineup (0 when they sold nothing).
    Columns: session_id, sku, units."""
    columns = ["session_id", "sku", "units"]
    if not session_ids or not skus:
        return _frame([], columns)
    o, ln = _ORDERS.c, _LINEUP.c
    sold = (select(o.session_id, o.sku, func.sum(o.qty).label("units"))
            .where(o.session_id.in_(list(session_ids)), o.ts <= at, _sold(_ORDERS),
                   o.sku.in_(list(skus)))
            .group_by(o.session_id, o.sku).subquery("sold"))
    stmt = (select(ln.session_id, ln.sku, func.coalesce(sold.c.units, 0))
            .select_from(_LINEUP.outerjoin(sold, and_(sold.c.session_id == ln.session_id,
                                                      sold.c.sku == ln.sku)))
            .where(ln.session_id.in_(list(session_ids)), ln.sku.in_(list(skus)))
            .order_by(ln.session_id, ln.sku))
    return _frame(conn.execute(stmt).all(), columns)


# ---------------------------------------------------------------------------------------
# Viewers.


def viewer_samples_since(*, conn: Connection, session_id: str, since: datetime,
                         at: datetime) -> pd.DataFrame:
    """The session's viewer samples in [since, at], in time order. Columns: ts, viewers."""
    v = _VIEWERS.c
    stmt = (select(v.ts, v.viewers).where(v.session_id == session_id, v.ts >= since,
                                          v.ts <= at).order_by(v.ts))
    return _frame(conn.execute(stmt).all(), ["ts", "viewers"])


def mean_live_viewers(*, conn: Connection, session_ids: Sequence[str]) -> dict[str, float]:
    """Each session's mean viewers while live (samples from start to end)."""
    if not session_ids:
        return {}
    v, s = _VIEWERS.c, _SESSIONS.c
    rows = conn.execute(
        select(v.session_id, func.avg(v.viewers)).join(_SESSIONS, s.session_id == v.session_id)
        .where(v.session_id.in_(list(session_ids)), v.ts >= s.start, v.ts <= s.end)
        .group_by(v.session_id)).all()
    return {str(sid): float(mean) for sid, mean in rows}


def latest_viewers(*, conn: Connection, session_id: str, at: datetime) -> int | None:
    """The session's latest viewer sample at or before `at`."""
    v = _VIEWERS.c
    stmt = (select(v.viewers).where(v.session_id == session_id, v.ts <= at)
            .order_by(v.ts.desc()).limit(1))
    value = conn.execute(stmt).scalar()
    return None if value is None else int(value)


def viewers_near(*, conn: Connection, moments: Mapping[str, datetime],
                 tolerance: timedelta) -> dict[str, int]:
    """Per session, the latest viewer sample in (moment - tolerance, moment]."""
    if not moments:
        return {}
    v = _VIEWERS.c
    windows = [and_(v.session_id == sid, v.ts <= moment, v.ts > moment - tolerance)
               for sid, moment in sorted(moments.items())]
    last = (select(v.session_id, func.max(v.ts).label("ts")).where(or_(*windows))
            .group_by(v.session_id).subquery("last"))
    stmt = (select(v.session_id, v.viewers)
            .join(last, and_(v.session_id == last.c.session_id, v.ts == last.c.ts)))
    return {sid: int(viewers) for sid, viewers in conn.execute(stmt)}


# ---------------------------------------------------------------------------------------
# What the board recorded.


def last_lights(*, conn: Connection, session_id: str, at: datetime) -> dict[str, tuple[str,
                                                                                       datetime]]:
    """Per product, the last light recorded at or before `at` and when."""
    lr = _LIGHTS.c
    inner = _LIGHTS.alias("inner")
    last = (select(func.max(inner.c.ts))
            .where(inner.c.session_id == lr.session_id, inner.c.sku == lr.sku,
                   inner.c.ts <= at)
            .scalar_subquery())
    stmt = select(lr.sku, lr.light, lr.ts).where(lr.session_id == session_id, lr.ts == last)
    return {sku: (light, ts) for sku, light, ts in conn.execute(stmt)}


def alert_values(*, conn: Connection, session_id: str, kind: str,
                 at: datetime) -> pd.DataFrame:
    """Alerts of one kind written for this session at or before `at`.
    Columns: sku, warehouse_id, old_value, new_value."""
    a = _ALERTS.c
    stmt = (select(a.sku, a.warehouse_id, a.old_value, a.new_value)
            .where(a.session_id == session_id, a.kind == kind, a.ts <= at)
            .order_by(a.ts, a.id))
    return _frame(conn.execute(stmt).all(), ["sku", "warehouse_id", "old_value", "new_value"])


def recent_alert_rows(*, conn: Connection, session_id: str, until: datetime | None,
                      limit: int) -> pd.DataFrame:
    """The session's alerts, newest first. Columns: ts, kind, sku, warehouse_id,
    old_value, new_value, message."""
    a = _ALERTS.c
    stmt: Select[Any] = select(a.ts, a.kind, a.sku, a.warehouse_id, a.old_value, a.new_value,
                               a.message).where(a.session_id == session_id)
    if until is not None:
        stmt = stmt.where(a.ts <= until)
    stmt = stmt.order_by(a.ts.desc(), a.id.desc()).limit(limit)
    return _frame(conn.execute(stmt).all(),
                  ["ts", "kind", "sku", "warehouse_id", "old_value", "new_value", "message"])
