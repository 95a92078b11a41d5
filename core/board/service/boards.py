"""The board composed at a moment: read the facts, compute the board, record what changed.

`board_at` computes a board with a given remaining demand; `board_with_forecast`, what the
dashboard refreshes and `livestock board` prints, gives it the session's forecast (from
`core.forecast.service`); `boards_at` gives the boards of a timeline from one calm replay.
It reads through `core.board.service.facts` (one connection), computes through the pure
`core.board.lights`, and with `record=True` writes the alerts and light records that
`core.board.alerts` decides, through `core.board.service.records`, in one short transaction.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine

from core.board import reads as queries
from core.board.calm import Audience, audience_of, calm_path, steps_of
from core.board.lights import build_board
from core.board.model import (
    SALES_WINDOW_DAYS,
    Board,
    DemandEstimate,
    Light,
    ProductFacts,
    SessionFacts,
    SessionStatus,
    pace_remaining_demand,
)
from core.board.safety_breaches import safety_breaches, safety_candidates
from core.board.service.facts import _columns, read_facts
from core.board.service.records import record_changes
from core.board.service.sessions import _unknown, session_clock
from core.common.errors import LiveStockError
from core.common.settings import Settings
from core.forecast.nowcast import forecast_moment_of
from core.forecast.service import forecast_demand_for
from core.stock import reads as stock_reads
from core.stock.available import available_path, orders_matter_since
from core.stock.turnover import days_in_stock_known
from core.store.settings_store import load_settings

# Looking never writes history: light records and alerts are kept only while under way.
RECORDED_WHILE = frozenset({SessionStatus.WARMUP, SessionStatus.LIVE})


def board_at(engine: Engine, *, session_id: str, at: datetime | None = None,
             record: bool = False, demand: DemandEstimate = pace_remaining_demand,
             settings: Settings | None = None) -> Board:
    """The board of `session_id` as it was at `at` (default: `session_clock`).

    `demand` is the one seam for remaining demand (the pace estimate by default;
    `board_with_forecast` passes the session's forecast, nowcast). With `record=True`, and
    only while the session is under way at `at` (warm-up or live: a board of a session
    that is scheduled or ended writes nothing, PRODUCT.md "Calm lights"), it also writes,
    in one transaction, a LightRecord and an Alert for each product whose
    light changed since its last record, an Alert when the session's tier rose above any it
    reached before, and an Alert the first time a market warehouse falls below its safety
    stock of a lineup product in this session. Raises NotFound for an unknown session.
    """
    at = _moment(engine, session_id=session_id, at=at)
    settings = settings or load_settings(engine)
    with engine.connect() as conn:
        lines = queries.session_lines(conn=conn, session_id=session_id, at=at)
        session, products = read_facts(conn, session_id=session_id, at=at, settings=settings,
                                       lines=lines)
        crowd = _audience(conn, session=session)
        session = _with_audience(session, crowd)
        lights = _calm_path(conn, session=session, products=products, demand=demand,
                            settings=settings, lines=lines, audience=crowd).get(at)
    board = build_board(session, products, demand(session, products), settings, lights=lights)
    if record and board.status in RECORDED_WHILE:
        candidates = safety_candidates(board, products)
        window_start = at - timedelta(days=SALES_WINDOW_DAYS)
        with engine.connect() as conn:
            sold = queries.warehouse_units(
                conn=conn, skus=candidates, since=window_start,
                at=at, warehouse_ids=sorted({w.warehouse_id for p in products
                                             for w in p.warehouses}))
        stocked = dict(_in_stock_days(engine, market=session.market, skus=tuple(candidates),
                                      hour=at.replace(minute=0, second=0, microsecond=0)))
        by_pair = {(sku, wh): int(units)
                   for sku, wh, units in _columns(sold, "sku", "warehouse_id", "units")}
        record_changes(engine, board=board, breaches=safety_breaches(
            board, products, by_pair, settings, in_stock_days=stocked))
    return board


@functools.lru_cache(maxsize=64)
def _in_stock_days(engine: Engine, *, market: str, skus: tuple[str, ...], hour: datetime
                   ) -> tuple[tuple[tuple[str, str], float], ...]:
    """Each (sku, warehouse) pair's days in stock over the 30 days up to `hour`
    (`core.stock.turnover.days_in_stock_known` on `core.stock.reads.warehouse_paths`), for
    the safety alerts. Replaying 30 days of counts and orders per warehouse takes ~0.3 s, and
    a live console records every 2 s: the hour's answer is kept here (a 30-day pace moves
    nothing in an hour), so a console computes it once an hour, not on every refresh."""
    begin = hour - timedelta(days=SALES_WINDOW_DAYS)
    with engine.connect() as conn:
        paths = stock_reads.warehouse_paths(conn=conn, skus=skus, market=market, begin=begin,
                                            until=hour)
    return tuple((pair, days_in_stock_known(path, begin=begin, end=hour, first_counted=first))
                 for pair, (path, first) in paths.items())


def board_with_forecast(engine: Engine, *, session_id: str, at: datetime | None = None,
                        record: bool = False, settings: Settings | None = None,
                        demand_for: Callable[[datetime], DemandEstimate] | None = None
                        ) -> Board:
    """The board as the console shows it: `board_at` with the remaining demand of the
    session's forecast, nowcast with the live pace (`core.forecast.service.
    forecast_demand_for`). `livestock board`, the live page and the review's light timeline
    all show this one, so a replay with `--at` shows what the console showed.

    The forecast is the one taken at the forecast moment of `at` (`core.forecast.nowcast.
    forecast_moment_of`: it moves at most every 15 minutes of the warm-up, not at all once
    live) and takes about a second to fit: `demand_for(moment)`, when given, supplies it
    (a caller refreshing or replaying keeps one per moment); else it is fitted here.
    `at` defaults to `session_clock`. Raises NotFound for an unknown session.
    """
    at = _moment(engine, session_id=session_id, at=at)
    with engine.connect() as conn:
        row = queries.session_row(conn=conn, session_id=session_id)
    if row is None:
        raise _unknown(session_id)
    moment = forecast_moment_of(start=row.start, at=at)
    demand = (demand_for(moment) if demand_for is not None
              else forecast_demand_for(engine, session_id=session_id, at=moment))
    return board_at(engine, session_id=session_id, at=at, record=record, demand=demand,
                    settings=settings)


def _moment(engine: Engine, *, session_id: str, at: datetime | None) -> datetime:
    """`at`, checked to carry an offset; `session_clock` when None."""
    if at is None:
        return session_clock(engine, session_id=session_id)
    if at.tzinfo is None or at.utcoffset() is None:
        raise LiveStockError(f"the board's moment {at.isoformat()} needs a time zone offset")
    return at



def boards_at(engine: Engine, *, session_id: str, moments: Sequence[datetime],
              settings: Settings | None = None,
              demand_for: Callable[[datetime], DemandEstimate] | None = None) -> list[Board]:
    """The board at each of `moments` as `board_with_forecast` shows it (nothing recorded),
    with one calm replay for them all (`core.board.calm.calm_path`), for a timeline."""
    if not moments:
        return []
    settings = settings or load_settings(engine)
    ordered = sorted(moments)
    last = ordered[-1]
    with engine.connect() as conn:
        row = queries.session_row(conn=conn, session_id=session_id)
        if row is None:
            raise _unknown(session_id)

        def demand_at(moment: datetime) -> DemandEstimate:
            forecast_at = forecast_moment_of(start=row.start, at=moment)
            return (demand_for(forecast_at) if demand_for is not None
                    else forecast_demand_for(engine, session_id=session_id, at=forecast_at))

        lines = queries.session_lines(conn=conn, session_id=session_id, at=last)
        session, products = read_facts(conn, session_id=session_id, at=last,
                                       settings=settings, lines=lines)
        crowd = _audience(conn, session=session)
        path = _calm_path(conn, session=_with_audience(session, crowd), products=products,
                          demand=demand_at(last), settings=settings, lines=lines,
                          audience=crowd)
        boards = {}
        for moment in ordered:
            mine = lines[lines["ts"] <= moment] if len(lines) else lines
            past, facts = read_facts(conn, session_id=session_id, at=moment,
                                     settings=settings, lines=mine)
            past = _with_audience(past, crowd)
            minute = row.start + timedelta(
                minutes=(moment - row.start).total_seconds() // 60)
            boards[moment] = build_board(past, facts, demand_at(moment)(past, facts),
                                         settings, lights=path.get(moment, path.get(minute)))
    return [boards[moment] for moment in moments]


def _audience(conn: Connection, *, session: SessionFacts) -> Audience:
    return audience_of(queries.viewer_samples_since(
        conn=conn, session_id=session.session_id, since=session.start, at=session.at),
        start=session.start)


def _with_audience(session: SessionFacts, crowd: Audience) -> SessionFacts:
    """The session with its viewer-minutes so far (once live, with samples)."""
    if session.at <= session.start:
        return session
    _, watched = crowd.at(np.array([session.at.timestamp()]))
    return session if np.isnan(watched[0]) else replace(session,
                                                        viewer_minutes=float(watched[0]))


def _calm_path(conn: Connection, *, session: SessionFacts, products: Sequence[ProductFacts],
               demand: DemandEstimate, settings: Settings, lines: pd.DataFrame,
               audience: Audience) -> dict[datetime, dict[str, Light]]:
    """The lineup's calm lights at every minute up to the session's moment
    (`core.board.calm.calm_path`): the rules replayed every minute from the start over the
    session's order lines and each product's available stock path. Empty before the
    start."""
    at = session.at
    if at < session.start:
        return {}
    lineup = [p.sku for p in products if p.in_lineup]
    # The pool's available over time, by the one rule (`core.stock.available.available_path`):
    # every market warehouse is read, as orders without a warehouse are charged among them.
    market_warehouses = stock_reads.warehouses(conn=conn, market=session.market)
    counts = stock_reads.stock_counts(
        conn=conn, skus=lineup, warehouse_ids=[w.warehouse_id for w in market_warehouses],
        until=at)
    draws = stock_reads.stock_draws(conn=conn, skus=lineup, warehouses=market_warehouses,
                                    since=orders_matter_since(counts, session.start),
                                    until=at)
    counts_of = {sku: rows for sku, rows in counts.groupby("sku")}
    draws_of = {sku: rows for sku, rows in draws.groupby("sku")}
    paths = {sku: steps_of(available_path(
        counts=counts_of.get(sku, counts.iloc[0:0]), draws=draws_of.get(sku, draws.iloc[0:0]),
        begin=session.start, until=at, warehouses=market_warehouses,
        pool=frozenset(w.warehouse_id for w in session.pool)))
        for sku in lineup}
    return calm_path(session, products, demand=demand, lines=lines, paths=paths,
                     settings=settings, audience=audience)
