"""The facts a board is computed from: `read_facts` reads, on an open connection, the session,
its products, stock, sales, viewers and the past sessions it is compared with.

Definitions the board depends on (README "How the board decides" leaves them open):
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

import math
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime, timedelta, tzinfo
from typing import Any

import pandas as pd
from sqlalchemy import Connection

from core.board import reads as queries
from core.board.calm import sales_by_sku
from core.board.lights import is_slow_mover
from core.board.model import SALES_WINDOW_DAYS, ProductFacts, SessionFacts, WarehouseStock
from core.board.service.sessions import _unknown
from core.common.choices import platform_id
from core.common.settings import Settings
from core.stock import reads as stock_reads
from core.stock.available import NOTHING_COUNTED, StockPosition, positions_at
from core.stock.pools import platforms_shipped, pool_of
from core.stock.presale import InboundLot, local_date
from core.stock.turnover import days_in_stock

PAST_SESSIONS = 10  # expected viewers: the mean of this many past sessions
HISTORY_SESSIONS = 5  # a product's units per stream minute: over this many
VIEWER_TOLERANCE = timedelta(minutes=15)


def read_facts(conn: Connection, *, session_id: str, at: datetime, settings: Settings,
               lines: pd.DataFrame | None = None) -> tuple[SessionFacts, list[ProductFacts]]:
    """Everything the board of `session_id` at `at` is computed from (`lines`: the
    session's order lines up to `at`, when already read)."""
    row = queries.session_row(conn=conn, session_id=session_id)
    if row is None:
        raise _unknown(session_id)
    market_warehouses = stock_reads.warehouses(conn=conn, market=row.market)
    pool = pool_of(market_warehouses, market=row.market, platform=row.platform)
    warehouses = [w.warehouse_id for w in pool]
    catalogue = queries.board_products(conn=conn, session_id=session_id)
    skus = catalogue["sku"].tolist()
    positions = positions_at(stock_reads.latest_positions(
        conn=conn, skus=skus, warehouses=market_warehouses, at=at), market_warehouses)
    zone = settings.time_zone(row.market)

    pace_since = at - timedelta(minutes=settings.pace_window_minutes)
    if at > row.start:
        pace_since = max(pace_since, row.start)
    pace_minutes = max(1.0, (at - pace_since).total_seconds() / 60)
    recent = _units_by_sku(queries.session_sales(conn=conn, session_id=session_id, at=at,
                                                 since=pace_since))
    sales = queries.session_sales(conn=conn, session_id=session_id, at=at)
    lineup = catalogue["sku"][catalogue["slot"].notna()].tolist()
    window_start = at - timedelta(days=SALES_WINDOW_DAYS)
    sold_30d = queries.market_units(conn=conn, skus=lineup, warehouse_ids=warehouses,
                                    market=row.market, platforms=platforms_shipped(pool),
                                    at=at, since=window_start)
    # Turnover learns only from time in stock: the days of the window the pool had it. Fewer
    # days only raise the pace, so only a product that is a slow mover at the whole window's
    # pace can be one at all: its stock path over the window is read (the board's refresh
    # stays cheap); the others keep None, the whole window (their turnover is then an upper
    # bound, used for nothing but the slow-mover rule).
    units_30d = _units_by_sku(sold_30d)
    slow_at_window_pace = [
        sku for sku in lineup if is_slow_mover(
            available=positions.get(sku, NOTHING_COUNTED).available_in(warehouses),
            units_30d=units_30d.get(sku, 0), settings=settings)]
    in_stock_days = {sku: days_in_stock(path, begin=window_start, end=at)
                     for sku, path in stock_reads.pool_paths(
                         conn=conn, skus=slow_at_window_pace, market=row.market,
                         platform=row.platform, begin=window_start, until=at).items()}
    inbound = stock_reads.pending_inbound(conn=conn, skus=skus, warehouse_ids=warehouses,
                                          at=at)

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
    if lines is None and at > row.start:
        lines = queries.session_lines(conn=conn, session_id=session_id, at=at)
    by_window = ({sku: sold_of.windows(start=row.start, at=at)
                  for sku, sold_of in sales_by_sku(lines).items()}
                 if at > row.start and lines is not None else {})
    products = _product_facts(catalogue, positions=positions, pool=frozenset(warehouses),
                              recent=recent, pace_minutes=pace_minutes, sold=sold,
                              sold_30d=sold_30d, in_stock_days=in_stock_days,
                              inbound=inbound, zone=zone,
                              by_window=by_window,
                              history=_history_rates(
                                  conn, past=past[:HISTORY_SESSIONS], at=at,
                                  skus=lineup))
    session = SessionFacts(
        session_id=row.session_id, title=row.title, market=row.market,
        warmup_start=row.warmup_start, start=row.start, end=row.end, at=at,
        viewers=queries.latest_viewers(conn=conn, session_id=session_id, at=at),
        expected_viewers=_expected_viewers(conn, row=row, near=near, at=at),
        units_per_min=sum(recent.values()) / pace_minutes,
        units_sold=sum(sold.values()),
        revenue=float(revenue.iloc[0]) if len(revenue) else 0.0,
        currency=currency,
        platform=platform_id(row.platform) or row.platform, pool=pool, zone=zone,
        transit_days=stock_reads.supplier_transit_days(conn=conn, warehouse_ids=warehouses),
    )
    return session, products


def _expected_viewers(conn: Connection, *, row: queries.SessionRow,
                      near: Mapping[str, float], at: datetime) -> float | None:
    """The viewers expected at this point of the session: past sessions' viewers at the
    same offset from their start; with the team's expected_viewers (mean while live), the
    past sessions' shape at that level: expected_viewers x (their viewers at the offset /
    their mean while live)."""
    # fsum: exactly rounded whatever order the database returns the sessions in, so the same
    # moment always gives the same board.
    seen = [v for v in near.values() if not math.isnan(v)]  # a session without samples there
    past_mean = math.fsum(seen) / len(seen) if seen else None
    if row.expected_viewers is None or not row.expected_viewers > 0:  # NaN too
        return past_mean
    live = [v for v in queries.mean_live_viewers(conn=conn, session_ids=list(near)).values()
            if not math.isnan(v)]
    level = math.fsum(live) / len(live) if live else 0.0
    if past_mean is not None and level > 0:
        return row.expected_viewers * past_mean / level
    return row.expected_viewers if at >= row.start else None


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


def _product_facts(catalogue: pd.DataFrame, *, positions: Mapping[str, StockPosition],
                   pool: frozenset[str], recent: dict[str, int], pace_minutes: float,
                   sold: dict[str, int], sold_30d: pd.DataFrame,
                   in_stock_days: Mapping[str, float], inbound: pd.DataFrame,
                   zone: tzinfo, history: dict[str, float],
                   by_window: Mapping[str, tuple[int, ...]]) -> list[ProductFacts]:
    units_30d = {sku: int(units) for sku, units in _columns(sold_30d, "sku", "units")}
    lots: dict[str, list[InboundLot]] = defaultdict(list)
    for sku, wh, qty, eta, received in _columns(inbound, "sku", "warehouse_id", "qty", "eta",
                                                "received_at"):
        lots[sku].append(InboundLot(warehouse_id=wh, qty=int(qty), eta=local_date(eta, zone),
                                    received=received is not None))

    facts = []
    for sku, name, slot, group, presale, lead_days in _columns(
            catalogue, "sku", "name", "slot", "substitute_group", "presale_allowed",
            "supplier_lead_days"):
        position = positions.get(sku, NOTHING_COUNTED)
        mine = {wh: units for wh, units in position.units_by_warehouse.items() if wh in pool}
        facts.append(ProductFacts(
            sku=sku, name=name, slot=None if slot is None else int(slot),
            substitute_group=group,
            presale_allowed=bool(presale), supplier_lead_days=int(lead_days),
            available=max(0, sum(mine.values())), owed_units=max(0, -sum(mine.values())),
            stocked_in=frozenset(mine),
            units_per_min=recent.get(sku, 0) / pace_minutes,
            units_sold=sold.get(sku, 0),
            units_30d=units_30d.get(sku, 0) if slot is not None else None,
            in_stock_days_30d=in_stock_days.get(sku),
            history_units_per_min=history.get(sku),
            inbound=tuple(lots[sku]),
            warehouses=tuple(WarehouseStock(wh, units) for wh, units in mine.items()),
            window_units=by_window.get(sku, ()),
        ))
    return facts
