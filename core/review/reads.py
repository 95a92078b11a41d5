"""The SELECTs the post-stream review needs: typed, keyword-only, one connection.

Every helper counts only rows stamped at or before `until` (orders, viewer samples and funnel
samples by ts, light records and alerts by ts), so a review as of a past moment gives the
same answer every time (the counts and orders behind available stock are read by
`core.stock.reads`). Cancelled orders never count; returned ones do (they sold, and came
back later), as on the board.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import Connection, func, select
from sqlmodel import SQLModel

from core.common.choices import CANCELLED
from core.forecast.censoring import out_stretches
from core.forecast.reads import history_fingerprint
from core.review.session_review import ReviewFacts, SessionHeader
from core.stock import reads as stock_reads
from core.stock.available import orders_matter_since
from core.stock.pools import pool_of
from core.store.models import (
    FunnelSample,
    Inbound,
    Lane,
    LightRecord,
    LineupItem,
    LiveSession,
    OrderLine,
    Product,
    Setting,
    ViewerSample,
)

_ORDERS = SQLModel.metadata.tables[OrderLine.__tablename__]
_PRODUCTS = SQLModel.metadata.tables[Product.__tablename__]
_LINEUP = SQLModel.metadata.tables[LineupItem.__tablename__]
_SESSIONS = SQLModel.metadata.tables[LiveSession.__tablename__]
_VIEWERS = SQLModel.metadata.tables[ViewerSample.__tablename__]
_FUNNEL = SQLModel.metadata.tables[FunnelSample.__tablename__]
_LIGHTS = SQLModel.metadata.tables[LightRecord.__tablename__]
_INBOUND = SQLModel.metadata.tables[Inbound.__tablename__]
_LANES = SQLModel.metadata.tables[Lane.__tablename__]
_SETTINGS = SQLModel.metadata.tables[Setting.__tablename__]


def _frame(rows: Sequence[Any], columns: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame([tuple(row) for row in rows], columns=list(columns))


def session_header(*, conn: Connection, session_id: str) -> SessionHeader | None:
    """The session's row, or None when there is no such session."""
    s = _SESSIONS.c
    row = conn.execute(select(s.session_id, s.title, s.platform, s.market, s.traffic,
                              s.warmup_start, s.start, s.end)
                       .where(s.session_id == session_id)).first()
    return None if row is None else SessionHeader(*row)


def review_facts(*, conn: Connection, session_id: str, at: datetime,
                 with_ab_tests: bool = True) -> ReviewFacts | None:
    """Everything the session's review is computed from, as the store held it at `at`
    (`core.review.session_review.ReviewFacts`); None for an unknown session.

    A review is fixed history: the stream's own data counts up to min(at, end) (its orders
    with their status as known at `at`: later cancellations and returns of its own orders
    count), and the A/B tests pool only sessions that had ended by its end. Without
    `with_ab_tests` the other sessions a price test pools are not read (nor their stock
    replayed: most of the time here), for a review shown before its A/B tests."""
    header = session_header(conn=conn, session_id=session_id)
    if header is None:
        return None
    known_until = min(at, header.end)
    products = lineup(conn=conn, session_id=session_id)
    skus = products["sku"].tolist()
    # The stream sold from its pool (its market's warehouses serving its platform); every
    # warehouse of the market is read, as orders without a warehouse are charged among them.
    warehouses = stock_reads.warehouses(conn=conn, market=header.market)
    pool = pool_of(warehouses, market=header.market, platform=header.platform)
    counts = stock_reads.stock_counts(conn=conn, skus=skus,
                                      warehouse_ids=[w.warehouse_id for w in warehouses],
                                      until=known_until)
    draws = stock_reads.stock_draws(conn=conn, skus=skus, warehouses=warehouses,
                                    since=orders_matter_since(counts, header.start),
                                    until=known_until)
    variants = labelled_lineup(conn=conn, skus=skus)
    scope = (*ended_session_ids(conn=conn, until=min(known_until, header.end)), session_id)
    tested = sorted(set(variants["session_id"]) & set(scope))
    pooled = sorted({*tested, session_id}) if with_ab_tests else [session_id]
    lines = order_lines_of(conn=conn, session_ids=pooled, skus=skus, until=known_until)
    return ReviewFacts(
        header=header, at=at, lineup=products, counts=counts, draws=draws,
        warehouses=tuple(warehouses), pool=frozenset(w.warehouse_id for w in pool),
        orders=session_order_lines(conn=conn, session_id=session_id, until=known_until),
        samples=viewer_samples(conn=conn, session_id=session_id, until=known_until),
        variants=variants, scope=scope,
        funnel=funnel_totals(conn=conn, session_ids=pooled, until=known_until),
        order_counts=order_counts(conn=conn, session_ids=pooled, until=known_until),
        bins=funnel_bins(conn=conn, session_ids=pooled, skus=skus, until=known_until),
        lines=lines,
        outs=_other_stock_outs(conn=conn, variants=variants,
                               sessions=[s for s in pooled if s != session_id]),
        with_ab_tests=with_ab_tests)


def _other_stock_outs(*, conn: Connection, variants: pd.DataFrame, sessions: Sequence[str]
                      ) -> dict[tuple[str, str], list[tuple[datetime, datetime]]]:
    """For the other sessions a price test pools: when each labelled product was out of
    stock in that stream (its pool's available, `core.stock.reads.pool_paths`)."""
    outs: dict[tuple[str, str], list[tuple[datetime, datetime]]] = {}
    for session_id in sessions:
        header = session_header(conn=conn, session_id=session_id)
        if header is None:
            continue
        skus = sorted(set(variants.loc[variants["session_id"] == session_id, "sku"]))
        paths = stock_reads.pool_paths(conn=conn, skus=skus, market=header.market,
                                       platform=header.platform, begin=header.start,
                                       until=header.end)
        for sku in skus:
            outs[(session_id, sku)] = out_stretches(paths[sku], begin=header.start,
                                                    end=header.end)
    return outs


def funnel_bins(*, conn: Connection, session_ids: Sequence[str], skus: Sequence[str],
                until: datetime) -> pd.DataFrame:
    """The card funnel's 5-minute bins of these products in these sessions up to `until`.
    Columns: session_id, sku, ts, impressions, clicks."""
    columns = ["session_id", "sku", "ts", "impressions", "clicks"]
    if not session_ids or not skus:
        return _frame([], columns)
    f = _FUNNEL.c
    stmt = (select(f.session_id, f.sku, f.ts, f.impressions, f.clicks)
            .where(f.session_id.in_(list(session_ids)), f.sku.in_(list(skus)), f.ts <= until)
            .order_by(f.session_id, f.sku, f.ts))
    return _frame(conn.execute(stmt).all(), columns)


def order_lines_of(*, conn: Connection, session_ids: Sequence[str], skus: Sequence[str],
                   until: datetime) -> pd.DataFrame:
    """These sessions' order lines of these products up to `until`, not cancelled.
    Columns: session_id, sku, order_id, ts, qty, unit_price."""
    columns = ["session_id", "sku", "order_id", "ts", "qty", "unit_price"]
    if not session_ids or not skus:
        return _frame([], columns)
    o = _ORDERS.c
    stmt = (select(o.session_id, o.sku, o.order_id, o.ts, o.qty, o.unit_price)
            .where(o.session_id.in_(list(session_ids)), o.sku.in_(list(skus)), o.ts <= until,
                   o.status != CANCELLED)
            .order_by(o.session_id, o.sku, o.ts))
    return _frame(conn.execute(stmt).all(), columns).astype({"qty": int, "unit_price": float})


def ended_session_ids(*, conn: Connection, until: datetime) -> list[str]:
    """Sessions that ended at or before `until`, the latest end first."""
    s = _SESSIONS.c
    stmt = select(s.session_id).where(s.end <= until).order_by(s.end.desc(), s.session_id)
    return list(conn.execute(stmt).scalars())


def lineup(*, conn: Connection, session_id: str) -> pd.DataFrame:
    """The session's lineup with its products. Columns: sku, name, slot, price (the lineup
    price), variant ("" when none), substitute_group, currency, list_price."""
    ln, p = _LINEUP.c, _PRODUCTS.c
    stmt = (select(ln.sku, p.name, ln.slot, ln.price, func.coalesce(ln.variant, ""),
                   p.substitute_group, p.currency, p.price)
            .join(_PRODUCTS, p.sku == ln.sku)
            .where(ln.session_id == session_id).order_by(ln.slot, ln.sku))
    frame = _frame(conn.execute(stmt).all(), ["sku", "name", "slot", "price", "variant",
                                              "substitute_group", "currency", "list_price"])
    return frame.astype({"price": float, "list_price": float})


def session_order_lines(*, conn: Connection, session_id: str, until: datetime) -> pd.DataFrame:
    """The session's order lines up to `until`, not cancelled.
    Columns: order_id, sku, ts, qty, unit_price, currency."""
    o = _ORDERS.c
    stmt = (select(o.order_id, o.sku, o.ts, o.qty, o.unit_price, o.currency)
            .where(o.session_id == session_id, o.ts <= until, o.status != CANCELLED)
            .order_by(o.ts, o.order_id, o.sku))
    frame = _frame(conn.execute(stmt).all(),
                   ["order_id", "sku", "ts", "qty", "unit_price", "currency"])
    return frame.astype({"qty": int, "unit_price": float})


def viewer_samples(*, conn: Connection, session_id: str, until: datetime) -> pd.DataFrame:
    """The session's viewer samples up to `until` (warm-up included). Columns: ts, viewers."""
    v = _VIEWERS.c
    stmt = (select(v.ts, v.viewers).where(v.session_id == session_id, v.ts <= until)
            .order_by(v.ts))
    return _frame(conn.execute(stmt).all(), ["ts", "viewers"])


def funnel_totals(*, conn: Connection, session_ids: Sequence[str],
                  until: datetime) -> pd.DataFrame:
    """Impressions and clicks per (session, product) up to `until`.
    Columns: session_id, sku, impressions, clicks."""
    columns = ["session_id", "sku", "impressions", "clicks"]
    if not session_ids:
        return _frame([], columns)
    f = _FUNNEL.c
    stmt = (select(f.session_id, f.sku, func.sum(f.impressions), func.sum(f.clicks))
            .where(f.session_id.in_(list(session_ids)), f.ts <= until)
            .group_by(f.session_id, f.sku))
    return _frame(conn.execute(stmt).all(), columns)


def order_counts(*, conn: Connection, session_ids: Sequence[str],
                 until: datetime) -> pd.DataFrame:
    """Orders (distinct order ids) and units per (session, product) up to `until`, not
    cancelled. Columns: session_id, sku, orders, units."""
    columns = ["session_id", "sku", "orders", "units"]
    if not session_ids:
        return _frame([], columns)
    o = _ORDERS.c
    stmt = (select(o.session_id, o.sku, func.count(func.distinct(o.order_id)), func.sum(o.qty))
            .where(o.session_id.in_(list(session_ids)), o.ts <= until,
                   o.status != CANCELLED)
            .group_by(o.session_id, o.sku))
    return _frame(conn.execute(stmt).all(), columns)


def labelled_lineup(*, conn: Connection, skus: Sequence[str]) -> pd.DataFrame:
    """Lineup rows of these products that carry a variant label, in every session.
    Columns: session_id, sku, price, variant, substitute_group, unit_cost."""
    columns = ["session_id", "sku", "price", "variant", "substitute_group", "unit_cost"]
    if not skus:
        return _frame([], columns)
    ln, p = _LINEUP.c, _PRODUCTS.c
    stmt = (select(ln.session_id, ln.sku, ln.price, ln.variant, p.substitute_group,
                   p.unit_cost)
            .join(_PRODUCTS, p.sku == ln.sku)
            .where(ln.sku.in_(list(skus)), ln.variant.is_not(None), ln.variant != "")
            .order_by(ln.session_id, ln.sku))
    return _frame(conn.execute(stmt).all(), columns).astype({"price": float,
                                                              "unit_cost": float})


def light_records(*, conn: Connection, session_id: str, until: datetime) -> pd.DataFrame:
    """What the board recorded live for this session up to `until`.
    Columns: sku, ts, light, available, reason."""
    lr = _LIGHTS.c
    stmt = (select(lr.sku, lr.ts, lr.light, lr.available, lr.reason)
            .where(lr.session_id == session_id, lr.ts <= until).order_by(lr.sku, lr.ts))
    return _frame(conn.execute(stmt).all(), ["sku", "ts", "light", "available", "reason"])


def review_fingerprint(*, conn: Connection, session_id: str, until: datetime) -> str:
    """A digest of everything a review of `session_id` as of `until` (its end, for a
    finished stream) and its light bands are computed from, as the store holds it now.

    `core.forecast.reads.history_fingerprint(until)`: every session, lineup, product and
    warehouse row whole; order lines (by session, product, warehouse and status, so a late
    cancellation or return of one of its orders shows), viewer and funnel samples and stock
    counts stamped at or before `until`; status webhooks. Beside it what the board replayed
    for the light bands reads: inbound lots shipped by `until` (whole: a later receipt
    shows), the lanes and the settings whole, and the light records the board wrote for this
    session by `until`. Orders, samples and counts stamped after `until` (later streams)
    leave it unchanged. The forecast the review shows is taken at the start, from data
    stamped by then, which this covers."""
    i, ln, st, lr = _INBOUND.c, _LANES.c, _SETTINGS.c, _LIGHTS.c
    statements = [
        select(_INBOUND).where(i.shipped_at <= until).order_by(i.shipment_id, i.sku),
        select(_LANES).order_by(ln.warehouse_id, ln.mode, ln.from_warehouse_id),
        select(_SETTINGS).order_by(st.key),
        select(_LIGHTS).where(lr.session_id == session_id, lr.ts <= until)
        .order_by(lr.sku, lr.ts),
    ]
    digest = hashlib.sha256(session_id.encode())
    digest.update(history_fingerprint(conn=conn, until=until).encode())
    for statement in statements:
        for row in conn.execute(statement):
            digest.update(repr(tuple(row)).encode())
        digest.update(b"|")
    return digest.hexdigest()
