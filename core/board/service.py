"""The live board as a service: read the facts, compute the board, record what changed.

`board_at` is what the dashboard refreshes and `livestock board` prints. It reads through
`core.board.reads` (one connection), computes through the pure `core.board.lights`, and with
`record=True` writes the alerts and light records in one short transaction.

Definitions the board depends on (PRODUCT.md "The board" leaves them open):
- pace (`units_per_min`): this session's units in the last `pace_window_minutes` before
  `at` (counted from the start once live, so the first minutes are not diluted), divided by
  that window's length in minutes (at least 1);
- expected viewers: the mean, over the 10 most recent past sessions of the same market, of
  their viewers at the same offset from their start (the latest sample in the 15 minutes up
  to it); None when no past session has a sample there;
- history rate: a product's units per stream minute over the 5 most recent of those past
  sessions that had it in their lineup.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, insert, select, update

from core.board import reads as queries
from core.board.lights import build_board
from core.board.model import (
    SALES_WINDOW_DAYS,
    Board,
    DemandEstimate,
    InboundLot,
    Light,
    ProductFacts,
    SessionFacts,
    WarehouseStock,
    pace_remaining_demand,
)
from core.board.safety_breaches import SafetyBreach, safety_breaches, safety_candidates
from core.common.errors import LiveStockError, NotFound
from core.common.i18n import t
from core.common.settings import Settings, load_settings
from core.common.timeutil import utc_now
from core.planning.safety import Tier
from core.store.models import Alert, LightRecord, LiveSession

PAST_SESSIONS = 10  # expected viewers: the mean of this many past sessions
HISTORY_SESSIONS = 5  # a product's units per stream minute: over this many
VIEWER_TOLERANCE = timedelta(minutes=15)


def board_at(engine: Engine, *, session_id: str, at: datetime | None = None,
             record: bool = False, demand: DemandEstimate = pace_remaining_demand,
             settings: Settings | None = None) -> Board:
    """The board of `session_id` as it was at `at` (default: `session_clock`).

    `demand` is the one seam for remaining demand (the pace estimate by default;
    core.forecast.nowcast.nowcast_demand fits the same signature). With `record=True` it also writes, in
    one transaction, a LightRecord and an Alert for each product whose light changed since
    its last record, an Alert when the session's tier rose above any it reached before, and
    an Alert the first time a market warehouse falls below its safety stock of a lineup
    product in this session. Raises NotFound for an unknown session.
    """
    if at is None:
        at = session_clock(engine, session_id=session_id)
    elif at.tzinfo is None or at.utcoffset() is None:
        raise LiveStockError(f"the board's moment {at.isoformat()} needs a time zone offset")
    settings = settings or load_settings(engine)
    with engine.connect() as conn:
        session, products = read_facts(conn, session_id=session_id, at=at, settings=settings)
    board = build_board(session, products, demand(session, products), settings)
    if record:
        candidates = safety_candidates(board, products, settings)
        with engine.connect() as conn:
            sold = queries.warehouse_units(
                conn=conn, skus=candidates, since=at - timedelta(days=SALES_WINDOW_DAYS),
                at=at, warehouse_ids=sorted({w.warehouse_id for p in products
                                             for w in p.warehouses}))
        by_pair = {(sku, wh): int(units)
                   for sku, wh, units in _columns(sold, "sku", "warehouse_id", "units")}
        record_changes(engine, board=board,
                       breaches=safety_breaches(board, products, by_pair, settings))
    return board


def session_clock(engine: Engine, *, session_id: str) -> datetime:
    """When this session's board is evaluated: a running simulation's `sim_now` (simulated
    streams play in simulated time), else the wall clock. A finished simulation that played
    ahead of the wall clock (a stream scheduled later than now) keeps its last moment, so
    the board stays on the stream just played instead of jumping back before it.
    Raises NotFound."""
    now = utc_now()
    with engine.connect() as conn:
        clock = queries.sim_clock(conn=conn, session_id=session_id)
        if clock is None and queries.session_row(conn=conn, session_id=session_id) is None:
            raise _unknown(session_id)
    if clock is not None and (not clock.finished or clock.sim_now > now):
        return clock.sim_now
    return now


def current_session(engine: Engine, *, at: datetime | None = None) -> str | None:
    """The session to show by default: one streaming now (with `at` None, a running
    simulation first), else the next to start, else the one that ended last; None when
    the store has no session."""
    with engine.connect() as conn:
        if at is None:
            running = queries.running_simulations(conn=conn)
            if running:
                return running[0].session_id
            at = utc_now()
        live = queries.live_session_ids(conn=conn, at=at)
        if live:
            return live[0]
        return (queries.next_session_id(conn=conn, at=at)
                or queries.latest_session_id(conn=conn, at=at))


# ---------------------------------------------------------------------------------------
# Reading the facts.


def read_facts(conn: Connection, *, session_id: str, at: datetime,
               settings: Settings) -> tuple[SessionFacts, list[ProductFacts]]:
    """Everything the board of `session_id` at `at` is computed from."""
    row = queries.session_row(conn=conn, session_id=session_id)
    if row is None:
        raise _unknown(session_id)
    warehouses = queries.market_warehouse_ids(conn=conn, market=row.market)
    catalogue = queries.board_products(conn=conn, session_id=session_id)
    skus = catalogue["sku"].tolist()
    positions = queries.stock_positions(conn=conn, session_id=session_id, skus=skus,
                                        warehouse_ids=warehouses, at=at)

    pace_since = at - timedelta(minutes=settings.pace_window_minutes)
    if at > row.start:
        pace_since = max(pace_since, row.start)
    pace_minutes = max(1.0, (at - pace_since).total_seconds() / 60)
    recent = _units_by_sku(queries.session_sales(conn=conn, session_id=session_id, at=at,
                                                 since=pace_since))
    sales = queries.session_sales(conn=conn, session_id=session_id, at=at)
    lineup = catalogue["sku"][catalogue["slot"].notna()].tolist()
    sold_30d = queries.market_units(conn=conn, skus=lineup, warehouse_ids=warehouses,
                                    market=row.market, at=at,
                                    since=at - timedelta(days=SALES_WINDOW_DAYS))
    inbound = queries.pending_inbound(conn=conn, skus=skus, warehouse_ids=warehouses, at=at)

    past = queries.past_sessions(conn=conn, market=row.market, before=min(at, row.start),
                                 limit=PAST_SESSIONS, exclude=session_id)
    offset = at - row.start
    near = queries.viewers_near(conn=conn, moments={p.session_id: p.start + offset
                                                    for p in past},
                                tolerance=VIEWER_TOLERANCE)
    revenue = sales.groupby("currency")["revenue"].sum().sort_values(ascending=False)
    currency = (str(revenue.index[0]) if len(revenue)
                else str(catalogue["currency"].iloc[0]) if len(catalogue)
                else settings.currency)
    sold = _units_by_sku(sales)
    products = _product_facts(catalogue, positions=positions, recent=recent,
                              pace_minutes=pace_minutes, sold=sold, sold_30d=sold_30d,
                              inbound=inbound,
                              history=_history_rates(
                                  conn, past=past[:HISTORY_SESSIONS], at=at,
                                  skus=lineup))
    session = SessionFacts(
        session_id=row.session_id, title=row.title, market=row.market,
        warmup_start=row.warmup_start, start=row.start, end=row.end, at=at,
        viewers=queries.latest_viewers(conn=conn, session_id=session_id, at=at),
        expected_viewers=(sum(near.values()) / len(near)) if near else None,
        units_per_min=sum(recent.values()) / pace_minutes,
        units_sold=sum(sold.values()),
        revenue=float(revenue.iloc[0]) if len(revenue) else 0.0,
        currency=currency,
        fastest_transit_days=queries.fastest_transit_days(conn=conn,
                                                          warehouse_ids=warehouses),
    )
    return session, products


def _columns(frame: pd.DataFrame, *names: str) -> Iterator[tuple[Any, ...]]:
    """The rows of `frame` as plain tuples of Python values, None for missing (fast,
    unlike itertuples)."""
    def values(name: str) -> list[Any]:
        column = frame[name].astype(object)
        return column.where(column.notna(), None).tolist()

    return zip(*(values(name) for name in names), strict=True)


def _units_by_sku(sales: pd.DataFrame) -> dict[str, int]:
    units: dict[str, int] = defaultdict(int)
    for sku, sold in _columns(sales, "sku", "units"):
        units[sku] += int(sold)
    return dict(units)


def _history_rates(conn: Connection, *, past: Sequence[queries.SessionRow], at: datetime,
                   skus: Sequence[str]) -> dict[str, float]:
    """Units per stream minute of each of `skus`, over the past sessions that pitched it."""
    minutes = {p.session_id: (p.end - p.start).total_seconds() / 60 for p in past}
    units: dict[str, float] = defaultdict(float)
    pitched_minutes: dict[str, float] = defaultdict(float)
    frame = queries.units_in_sessions(conn=conn, session_ids=list(minutes), skus=skus, at=at)
    for sid, sku, sold in _columns(frame, "session_id", "sku", "units"):
        units[sku] += sold
        pitched_minutes[sku] += minutes[sid]
    return {sku: units[sku] / m for sku, m in pitched_minutes.items() if m > 0}


def _product_facts(catalogue: pd.DataFrame, *, positions: pd.DataFrame, recent: dict[str, int],
                   pace_minutes: float, sold: dict[str, int], sold_30d: pd.DataFrame,
                   inbound: pd.DataFrame, history: dict[str, float]) -> list[ProductFacts]:
    stock: dict[str, list[tuple[str, int]]] = defaultdict(list)
    left: dict[str, int] = defaultdict(int)
    for sku, wh, units in _columns(positions, "sku", "warehouse_id", "units"):
        left[sku] += int(units)
        if wh is not None:
            stock[sku].append((wh, int(units)))
    units_30d = {sku: int(units) for sku, units in _columns(sold_30d, "sku", "units")}
    lots: dict[str, list[InboundLot]] = defaultdict(list)
    for sku, qty, eta in _columns(inbound, "sku", "qty", "eta"):
        lots[sku].append(InboundLot(eta=eta.date(), qty=int(qty)))

    facts = []
    for sku, name, slot, group, presale, lead_days in _columns(
            catalogue, "sku", "name", "slot", "substitute_group", "presale_allowed",
            "supplier_lead_days"):
        facts.append(ProductFacts(
            sku=sku, name=name, slot=None if slot is None else int(slot),
            substitute_group=group,
            presale_allowed=bool(presale), supplier_lead_days=int(lead_days),
            available=max(0, left.get(sku, 0)),
            units_per_min=recent.get(sku, 0) / pace_minutes,
            units_sold=sold.get(sku, 0),
            units_30d=units_30d.get(sku, 0) if slot is not None else None,
            history_units_per_min=history.get(sku),
            inbound=tuple(lots[sku]),
            warehouses=tuple(WarehouseStock(wh, units) for wh, units in stock[sku]),
        ))
    return facts


def _unknown(session_id: str) -> NotFound:
    return NotFound(f"no session '{session_id}' in the store (load sessions.csv first, "
                    "or check the id)")


# ---------------------------------------------------------------------------------------
# Recording what changed, and reading it back.


_LIGHTS = queries.table_of(LightRecord)
_ALERTS = queries.table_of(Alert)


def record_changes(engine: Engine, *, board: Board, breaches: Sequence[SafetyBreach]) -> int:
    """Write what changed on `board` since the last records, in one short transaction that
    holds the session's write lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: the session's row
    FOR UPDATE), so two consoles refreshing together write each alert once. Returns the
    number of alerts written.

    - a product whose light differs from its last LightRecord at or before `board.at`: a
      new LightRecord, and an Alert "light" (the first record of a product is no change);
    - a tier above the highest this session reached (from "daily"): an Alert "tier";
    - a (product, warehouse) below safety stock with no "safety" alert yet this session:
      an Alert "safety" (old_value = safety stock units, new_value = units available).
    """
    at = board.at
    alerts: list[dict[str, Any]] = []
    with engine.begin() as conn:
        _lock_session(conn, board.session_id)
        last = queries.last_lights(conn=conn, session_id=board.session_id, at=at)
        for row in board.products:
            previous = last.get(row.sku)
            if previous is not None and previous[0] == row.light.value:
                continue
            values = {"light": row.light.value, "available": row.available,
                      "reason": row.reason}
            if previous is not None and previous[1] == at:
                conn.execute(update(_LIGHTS).where(
                    _LIGHTS.c.session_id == board.session_id, _LIGHTS.c.sku == row.sku,
                    _LIGHTS.c.ts == at).values(**values))
            else:
                conn.execute(insert(_LIGHTS).values(session_id=board.session_id,
                                                    sku=row.sku, ts=at, **values))
            if previous is not None:
                alerts.append(_alert(board, "light", sku=row.sku, old=previous[0],
                                     new=row.light.value))

        tiers = queries.alert_values(conn=conn, session_id=board.session_id, kind="tier", at=at)
        reached = max((Tier(value) for value in tiers["new_value"]), key=lambda x: x.rank,
                      default=Tier.DAILY)
        if Tier(board.tier).rank > reached.rank:
            alerts.append(_alert(board, "tier", old=reached.value, new=board.tier))

        done = queries.alert_values(conn=conn, session_id=board.session_id, kind="safety",
                                    at=at)
        flagged = set(zip(done["sku"], done["warehouse_id"], strict=True))
        for breach in breaches:
            if (breach.sku, breach.warehouse_id) not in flagged:
                alerts.append(_alert(board, "safety", sku=breach.sku,
                                     warehouse_id=breach.warehouse_id,
                                     old=str(round(breach.safety_stock)),
                                     new=str(breach.available)))
        if alerts:
            conn.execute(insert(_ALERTS), alerts)
    return len(alerts)


def _lock_session(conn: Connection, session_id: str) -> None:
    if conn.dialect.name == "sqlite":
        # A read-then-write transaction must take the write lock first (PLATFORM.md).
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        table = queries.table_of(LiveSession)
        conn.execute(select(table.c.session_id).where(table.c.session_id == session_id)
                     .with_for_update())


def _alert(board: Board, kind: str, *, old: str, new: str, sku: str | None = None,
           warehouse_id: str | None = None) -> dict[str, Any]:
    return {"session_id": board.session_id, "ts": board.at, "kind": kind, "sku": sku,
            "warehouse_id": warehouse_id, "old_value": old, "new_value": new,
            "message": alert_message(kind, sku=sku, warehouse_id=warehouse_id, old=old,
                                     new=new, lang="en")}


@dataclass(frozen=True)
class AlertView:
    """One alert as the board shows it, in both languages."""

    ts: datetime
    kind: str  # "light", "tier", "safety" (others may be written by other tools)
    sku: str | None
    warehouse_id: str | None
    old_value: str | None
    new_value: str | None
    message: str
    message_zh: str


def recent_alerts(engine: Engine, *, session_id: str, until: datetime | None = None,
                  limit: int = 20) -> list[AlertView]:
    """The session's latest `limit` alerts at or before `until`, newest first."""
    if limit <= 0:
        raise LiveStockError("limit must be a positive number of alerts")
    with engine.connect() as conn:
        frame = queries.recent_alert_rows(conn=conn, session_id=session_id, until=until,
                                          limit=limit)
    views = []
    for ts, kind, sku, wh, old, new, message in frame.itertuples(index=False):
        sku, wh, old, new = (None if pd.isna(v) else str(v) for v in (sku, wh, old, new))
        en = alert_message(kind, sku=sku, warehouse_id=wh, old=old, new=new, lang="en")
        zh = alert_message(kind, sku=sku, warehouse_id=wh, old=old, new=new, lang="zh")
        views.append(AlertView(ts=ts, kind=kind, sku=sku, warehouse_id=wh, old_value=old,
                               new_value=new, message=en or message,
                               message_zh=zh or message))
    return views


def alert_message(kind: str, *, sku: str | None, warehouse_id: str | None, old: str | None,
                  new: str | None, lang: str) -> str | None:
    """The text of one of the board's alerts in `lang`; None for a kind it did not write."""
    if kind == "light" and old in _LIGHT_VALUES and new in _LIGHT_VALUES:
        return t("alert.light", lang, sku=sku, old=t(f"light.{old}", lang),
                 new=t(f"light.{new}", lang))
    if kind == "tier" and old in _TIER_VALUES and new in _TIER_VALUES:
        return t("alert.tier", lang, old=t(f"tier.{old}", lang), new=t(f"tier.{new}", lang))
    if kind == "safety":
        return t("alert.safety", lang, sku=sku, warehouse=warehouse_id, available=new,
                 safety=old)
    return None


_LIGHT_VALUES = {light.value for light in Light}
_TIER_VALUES = {tier.value for tier in Tier}
