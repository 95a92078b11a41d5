"""The SELECTs planning needs: past sessions for the forecast, daily sales, counts, fees.

Typed, keyword-only helpers over an open `Connection`; each counts only rows stamped at or
before `until` (orders and viewer samples by ts, stock counts by counted_at, inbound by
shipped_at), so a replay as of a past moment gives the same answer every time. Dates are
bucketed with `date(ts)` (UTC days on SQLite and on PostgreSQL with a UTC session).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import ColumnElement, Connection, and_, func, or_, select

from core.common.choices import CANCELLED
from core.forecast.censoring import in_stock_share
from core.forecast.history import History
from core.stock import reads as stock_reads
from core.store.models import (
    FunnelSample,
    Inbound,
    Lane,
    LineupItem,
    LiveSession,
    OrderLine,
    Product,
    StockCount,
    ViewerSample,
    Warehouse,
    WebhookReceipt,
    table_of,
)

_ORDERS = table_of(OrderLine)
_SESSIONS = table_of(LiveSession)
_LINEUP = table_of(LineupItem)
_PRODUCTS = table_of(Product)
_VIEWERS = table_of(ViewerSample)
_STOCK = table_of(StockCount)
_INBOUND = table_of(Inbound)
_WAREHOUSES = table_of(Warehouse)
_LANES = table_of(Lane)
_FUNNEL = table_of(FunnelSample)
_RECEIPTS = table_of(WebhookReceipt)


def _frame(rows: Any, columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame([tuple(r) for r in rows], columns=columns)


def _utc(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    return frame.assign(**{c: pd.to_datetime(frame[c], utc=True) for c in columns})


def sessions_frame(*, conn: Connection) -> pd.DataFrame:
    """Every session: session_id, title, platform, market, traffic, warmup_start, start, end,
    expected_viewers (the team's estimate; NaN when not given)."""
    s = _SESSIONS.c
    columns = ["session_id", "title", "platform", "market", "traffic", "warmup_start", "start",
               "end", "expected_viewers"]
    rows = conn.execute(select(s.session_id, s.title, s.platform, s.market, s.traffic,
                               s.warmup_start, s.start, s.end, s.expected_viewers)
                        .order_by(s.start)).all()
    frame = _utc(_frame(rows, columns), "warmup_start", "start", "end")
    return frame.assign(expected_viewers=pd.to_numeric(frame["expected_viewers"],
                                                       errors="coerce").astype(float))


def session_start(*, conn: Connection, session_id: str) -> datetime | None:
    """When `session_id` goes (went) live; None for an unknown session."""
    s = _SESSIONS.c
    start: datetime | None = conn.execute(
        select(s.start).where(s.session_id == session_id)).scalar_one_or_none()
    return start


def products_frame(*, conn: Connection) -> pd.DataFrame:
    """Every product: sku, name, category, substitute_group, unit_cost, price, currency,
    presale_allowed, supplier_lead_days."""
    p = _PRODUCTS.c
    columns = ["sku", "name", "category", "substitute_group", "unit_cost", "price", "currency",
               "presale_allowed", "supplier_lead_days"]
    rows = conn.execute(select(*(p[c] for c in columns)).order_by(p.sku)).all()
    return _frame(rows, columns).astype({"unit_cost": float, "price": float})


def forecast_history(*, conn: Connection, until: datetime,
                     exposure: pd.DataFrame | None = None) -> History:
    """What the forecast learns from, as known at `until` (see `core.forecast.history.History`).

    live_viewers is the mean of a session's viewer samples from start to end (and up to
    `until`); warm-up samples are those from warmup_start to start, with their minutes
    before the start (to_start). Sales count paid and returned lines of session orders, with
    their status as known at `until` (`sold_as_of`). `exposure`: `in_stock_exposure` at
    `until` when already known (it takes a second or two).
    """
    sessions = sessions_frame(conn=conn)
    s, v, o, li = _SESSIONS.c, _VIEWERS.c, _ORDERS.c, _LINEUP.c
    live = conn.execute(
        select(v.session_id, func.avg(v.viewers))
        .join(_SESSIONS, s.session_id == v.session_id)
        .where(v.ts >= s.start, v.ts <= s.end, v.ts <= until)
        .group_by(v.session_id)).all()
    viewers = dict((sid, float(avg)) for sid, avg in live)
    sessions = sessions.assign(live_viewers=sessions["session_id"].map(viewers).astype(float))
    warm = _utc(_frame(conn.execute(
        select(v.session_id, v.ts, v.viewers, v.interactions, s.start)
        .join(_SESSIONS, s.session_id == v.session_id)
        .where(s.warmup_start.is_not(None), v.ts >= s.warmup_start, v.ts < s.start,
               v.ts <= until)).all(),
        ["session_id", "ts", "viewers", "interactions", "start"]), "ts", "start")
    warmup = pd.DataFrame({
        "session_id": warm["session_id"],
        "to_start": (warm["start"] - warm["ts"]).dt.total_seconds() / 60,
        "viewers": warm["viewers"].astype(float),
        "interactions": pd.to_numeric(warm["interactions"], errors="coerce").astype(float),
    })
    lineup = _frame(conn.execute(select(li.session_id, li.sku, li.price, li.slot)).all(),
                    ["session_id", "sku", "price", "slot"]).astype({"price": float})
    sales = _frame(conn.execute(
        select(o.session_id, o.sku, func.count(func.distinct(o.order_id)), func.sum(o.qty))
        .where(o.session_id.is_not(None), o.ts <= until, sold_as_of(until))
        .group_by(o.session_id, o.sku)).all(), ["session_id", "sku", "orders", "units"])
    products = products_frame(conn=conn)[["sku", "category", "price"]]
    return History(sessions=sessions, lineup=lineup, products=products,
                   sales=sales.astype({"orders": float, "units": float}), warmup=warmup,
                   exposure=in_stock_exposure(conn=conn, sessions=sessions, lineup=lineup,
                                              until=until) if exposure is None else exposure)


def sold_as_of(until: datetime) -> ColumnElement[bool]:
    """Order lines that counted as sold at `until`: not cancelled, or cancelled by a status
    webhook that came in after `until` (the store keeps only an order's latest status; a
    cancellation the platform announced later was not known then)."""
    o, r = _ORDERS.c, _RECEIPTS.c
    late = (select(r.order_id).where(r.outcome == "status", r.order_id.is_not(None))
            .group_by(r.order_id).having(func.min(r.received_at) > until))
    return or_(o.status != CANCELLED, o.order_id.in_(late))


def in_stock_exposure(*, conn: Connection, sessions: pd.DataFrame, lineup: pd.DataFrame,
                      until: datetime) -> pd.DataFrame:
    """Per (session, lineup product) of the sessions ended by `until`: in_stock, the share of
    its demand that met stock in the session's pool, the warehouses of its market that serve
    its platform (`core.forecast.censoring.in_stock_share`: its orders against its orders
    plus its clicks while out at its in-stock conversion; else the stream's viewer-minutes;
    over `core.stock.reads.pool_paths`).
    Columns: session_id, sku, in_stock."""
    columns = ["session_id", "sku", "in_stock"]
    ended = sessions[sessions["end"] <= pd.Timestamp(until)]
    if ended.empty:
        return pd.DataFrame(columns=columns)
    v, s = _VIEWERS.c, _SESSIONS.c
    samples = _utc(_frame(conn.execute(
        select(v.session_id, v.ts, v.viewers).join(_SESSIONS, s.session_id == v.session_id)
        .where(v.ts >= s.start, v.ts <= s.end, s.end <= until).order_by(v.session_id, v.ts)
    ).all(), ["session_id", "ts", "viewers"]), "ts")
    by_session = {str(k): g for k, g in samples.groupby("session_id")}
    f, o = _FUNNEL.c, _ORDERS.c
    bins = _utc(_frame(conn.execute(
        select(f.session_id, f.sku, f.ts, f.impressions, f.clicks)
        .join(_SESSIONS, s.session_id == f.session_id)
        .where(s.end <= until, f.ts <= until)).all(),
        ["session_id", "sku", "ts", "impressions", "clicks"]), "ts")
    bins_of = {(str(a), str(b)): g for (a, b), g in bins.groupby(["session_id", "sku"])}
    lines = _utc(_frame(conn.execute(
        select(o.session_id, o.sku, o.order_id, o.ts, o.qty, o.unit_price)
        .join(_SESSIONS, s.session_id == o.session_id)
        .where(s.end <= until, o.ts <= until, o.status != CANCELLED)).all(),
        ["session_id", "sku", "order_id", "ts", "qty", "unit_price"]), "ts")
    lines_of = {(str(a), str(b)): g for (a, b), g in lines.groupby(["session_id", "sku"])}
    prices = {(str(a), str(b)): float(p) for a, b, p in
              lineup[["session_id", "sku", "price"]].itertuples(index=False)}
    rows: list[tuple[str, str, float]] = []
    # A stream sold from its pool: its market's warehouses that serve its platform.
    for (market, platform), streams in ended.groupby(["market", "platform"]):
        mine = lineup[lineup["session_id"].isin(streams["session_id"])]
        times = streams.set_index("session_id")[["start", "end"]]
        paths = stock_reads.pool_paths(
            conn=conn, skus=sorted({str(sku) for sku in mine["sku"]}), market=str(market),
            platform=str(platform), begin=times["start"].min().to_pydatetime(),
            until=times["end"].max().to_pydatetime())
        for sku, sessions_of in mine.groupby("sku"):
            chosen = times.loc[sorted(set(sessions_of["session_id"]))]
            path = paths[str(sku)]
            for sid, start, end in zip(chosen.index, chosen["start"], chosen["end"],
                                       strict=True):
                key = (str(sid), str(sku))
                share = in_stock_share(path, begin=start.to_pydatetime(),
                                       end=end.to_pydatetime(), samples=by_session.get(sid),
                                       bins=bins_of.get(key), orders=lines_of.get(key),
                                       price=prices.get(key))
                rows.append((str(sid), str(sku), share))
    return pd.DataFrame(rows, columns=columns)


def daily_sales(*, conn: Connection, since: datetime, until: datetime) -> pd.DataFrame:
    """Units sold per day: sku, warehouse_id (None: not assigned), market (the session's;
    None off-stream), day (UTC date), units. Paid and returned lines, since < ts <= until."""
    o, s = _ORDERS.c, _SESSIONS.c
    # UTC days on PostgreSQL whatever the connection's time zone; SQLite stores UTC text.
    day = (func.date(func.timezone("UTC", o.ts)) if conn.dialect.name == "postgresql"
           else func.date(o.ts))
    rows = conn.execute(
        select(o.sku, o.warehouse_id, s.market, day, func.sum(o.qty))
        .select_from(_ORDERS.outerjoin(_SESSIONS, s.session_id == o.session_id))
        .where(o.ts > since, o.ts <= until, o.status != CANCELLED)
        .group_by(o.sku, o.warehouse_id, s.market, day)).all()
    frame = _frame(rows, ["sku", "warehouse_id", "market", "day", "units"])
    return frame.assign(day=pd.to_datetime(frame["day"]).dt.date,
                        units=frame["units"].astype(float))


def stock_counts(*, conn: Connection, until: datetime) -> pd.DataFrame:
    """Every stock count at or before `until`: sku, warehouse_id, counted_at, on_hand,
    reserved."""
    c = _STOCK.c
    rows = conn.execute(select(c.sku, c.warehouse_id, c.counted_at, c.on_hand, c.reserved)
                        .where(c.counted_at <= until)
                        .order_by(c.sku, c.warehouse_id, c.counted_at)).all()
    return _utc(_frame(rows, ["sku", "warehouse_id", "counted_at", "on_hand", "reserved"]),
                "counted_at")


def inbound_known(*, conn: Connection, until: datetime) -> pd.DataFrame:
    """Shipments shipped at or before `until`: shipment_id, sku, warehouse_id, qty, mode,
    shipped_at, eta."""
    i = _INBOUND.c
    columns = ["shipment_id", "sku", "warehouse_id", "qty", "mode", "shipped_at", "eta"]
    rows = conn.execute(select(*(i[c] for c in columns)).where(i.shipped_at <= until)).all()
    return _utc(_frame(rows, columns), "shipped_at", "eta")


def warehouses_frame(*, conn: Connection) -> pd.DataFrame:
    """Every warehouse with its fees."""
    w = _WAREHOUSES.c
    columns = ["warehouse_id", "name", "country", "mode", "currency", "storage_fee_unit_day",
               "inbound_fee_unit", "outbound_fee_order", "return_fee_unit"]
    rows = conn.execute(select(*(w[c] for c in columns)).order_by(w.warehouse_id)).all()
    return _frame(rows, columns)


def lanes_frame(*, conn: Connection) -> pd.DataFrame:
    """Every lane: warehouse_id, mode, transit_days, transit_days_sd, cost_unit,
    cost_shipment."""
    ln = _LANES.c
    columns = ["warehouse_id", "mode", "transit_days", "transit_days_sd", "cost_unit",
               "cost_shipment"]
    rows = conn.execute(select(*(ln[c] for c in columns))).all()
    return _frame(rows, columns).astype({c: float for c in columns[2:]})


def order_shape(*, conn: Connection, since: datetime, until: datetime) -> pd.DataFrame:
    """Per sku: orders, units and returned units (for units per order and the return rate)."""
    o = _ORDERS.c
    rows = conn.execute(
        select(o.sku, func.count(func.distinct(o.order_id)), func.sum(o.qty))
        .where(o.ts > since, o.ts <= until, o.status != CANCELLED)
        .group_by(o.sku)).all()
    returns = dict(conn.execute(
        select(o.sku, func.sum(o.qty))
        .where(and_(o.ts > since, o.ts <= until, o.status == "returned"))
        .group_by(o.sku)).all())
    frame = _frame(rows, ["sku", "orders", "units"])
    return frame.assign(returned=frame["sku"].map(returns).fillna(0).astype(float))



def history_fingerprint(*, conn: Connection, until: datetime) -> str:
    """A digest of everything `forecast_history(until=until)` reads, as stamped at or before
    `until`: every session, lineup, product and warehouse row whole; order lines, viewer
    samples (a stream not ended by `until`: its warm-up only), funnel samples, stock counts
    and status webhooks by their count, sums and time stamps per session (and product);
    which sessions had ended by `until`, and which status webhooks had come in by then. Data
    stamped after `until` (tonight's live orders, for a forecast taken at its start) and a
    live stream's own viewer samples (its first is stamped at its start) leave it unchanged;
    a new or changed row stamped before it (a late load, a re-import, a webhook) changes it.
    About 20 ms on the sample store."""
    s, li, p, w = _SESSIONS.c, _LINEUP.c, _PRODUCTS.c, _WAREHOUSES.c
    o, v, f, c, r = _ORDERS.c, _VIEWERS.c, _FUNNEL.c, _STOCK.c, _RECEIPTS.c
    seconds = _seconds(conn)
    statements = [
        select(_SESSIONS).order_by(s.session_id),
        select(s.session_id).where(s.end <= until).order_by(s.session_id),
        select(_LINEUP).order_by(li.session_id, li.sku),
        select(_PRODUCTS).order_by(p.sku),
        select(_WAREHOUSES).order_by(w.warehouse_id),
        select(o.session_id, o.sku, o.warehouse_id, o.status, o.platform, o.market,
               func.count(), func.count(func.distinct(o.order_id)), func.sum(o.qty),
               func.sum(o.qty * o.unit_price), func.sum(seconds(o.ts)))
        .where(o.ts <= until)
        .group_by(o.session_id, o.sku, o.warehouse_id, o.status, o.platform, o.market)
        .order_by(o.session_id, o.sku, o.warehouse_id, o.status, o.platform, o.market),
        # Viewer samples of the streams ended by `until`, and the warm-up (before its start)
        # of the others: a stream's own live samples are not learnt from until it has ended,
        # so its first sample, stamped at its start (the board's forecast moment), keeps
        # the forecast kept then.
        select(v.session_id, func.count(), func.sum(v.viewers), func.sum(v.interactions),
               func.sum(seconds(v.ts)))
        .join(_SESSIONS, s.session_id == v.session_id)
        .where(v.ts <= until, or_(s.end <= until, v.ts < s.start))
        .group_by(v.session_id).order_by(v.session_id),
        select(f.session_id, f.sku, func.count(), func.sum(f.impressions), func.sum(f.clicks),
               func.sum(seconds(f.ts)))
        .where(f.ts <= until).group_by(f.session_id, f.sku).order_by(f.session_id, f.sku),
        select(c.sku, c.warehouse_id, func.count(), func.sum(c.on_hand), func.sum(c.reserved),
               func.sum(seconds(c.counted_at)))
        .where(c.counted_at <= until).group_by(c.sku, c.warehouse_id)
        .order_by(c.sku, c.warehouse_id),
        select(func.count(), func.count(func.distinct(r.order_id)),
               func.sum(seconds(r.received_at)))
        .where(r.outcome == "status"),
        # `sold_as_of`: which cancellations were known at `until`.
        select(func.count()).where(r.outcome == "status", r.received_at <= until),
    ]
    # Not `until` itself: the history depends on it only through the rows stamped by then
    # and the sessions ended by then, so a planner opened a minute later over the same
    # data reads the same result back.
    digest = hashlib.sha256()
    for statement in statements:
        for row in conn.execute(statement):
            digest.update(repr(tuple(row)).encode())
        digest.update(b"|")
    return digest.hexdigest()


def _seconds(conn: Connection) -> Callable[[Any], ColumnElement[Any]]:
    """A time stamp column as a number (days on SQLite, seconds on PostgreSQL), to sum."""
    if conn.dialect.name == "sqlite":
        return lambda column: func.julianday(column)
    return lambda column: func.extract("epoch", column)
