"""The review as a service: read the store as of a moment, compute through `core.review.model`.

Three reads, each as of `at` (default now), so a page or a command asks only for what it
shows (the JSON needs the first alone):
- `review_session`: products, A/B tests, viewers, sales and stock over time, the forecast;
- `light_timeline`: each product's light over the stream, as the board showed it;
- `replenishment_now`: the replenishment plan's lines for the session's products.
Nothing here writes.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import Engine

from core.board import reads as queries
from core.board.service import AlertView, board_at, recent_alerts
from core.common.errors import LiveStockError, NotFound
from core.common.settings import load_settings
from core.common.timeutil import utc_now
from core.forecast.service import ForecastResult, forecast_demand_for, session_forecast
from core.planning.replenish import PlanLine
from core.planning.service import replenishment_plan
from core.review import reads as rq
from core.review.abtest import session_tests
from core.review.light_bands import light_bands
from core.review.model import (
    ForecastRange,
    ForecastTrack,
    SessionReview,
    availability_frame,
    ordered_products,
    product_review,
    session_currency,
)
from core.review.sales_pace import units_per_minute
from core.review.stockouts import availability_path
from core.review.viewer_curve import ViewerCurve, retention

LIGHT_STEP_MINUTES = 5.0
MAX_ALERTS = 1_000


def _unknown(session_id: str) -> NotFound:
    return NotFound(f"no session '{session_id}' in the store (check the id, or load "
                    "sessions.csv first)")


def review_session(engine: Engine, *, session_id: str, at: datetime | None = None,
                   with_forecast: bool = True) -> SessionReview:
    """The review of `session_id` with what was known at `at` (default now).

    The forecast is the one the stream started with (`core.forecast.service.session_forecast`:
    data up to the session's start); without enough history it is left out with a note.
    Raises NotFound for an unknown session.
    """
    at = at or utc_now()
    with engine.connect() as conn:
        header = rq.session_header(conn=conn, session_id=session_id)
        if header is None:
            raise _unknown(session_id)
        known_until = min(at, header.end)
        horizon = max(header.start, known_until)
        lineup = rq.lineup(conn=conn, session_id=session_id)
        skus = lineup["sku"].tolist()
        warehouses = queries.market_warehouse_ids(conn=conn, market=header.market)
        counts = rq.stock_counts(conn=conn, skus=skus, warehouse_ids=warehouses,
                                 until=known_until)
        draws = rq.stock_draws(conn=conn, session_id=session_id, skus=skus,
                               warehouse_ids=warehouses, since=_draws_since(counts, header.start),
                               until=known_until)
        orders = rq.session_order_lines(conn=conn, session_id=session_id, until=at)
        samples = rq.viewer_samples(conn=conn, session_id=session_id, until=at)
        variants = rq.labelled_lineup(conn=conn, skus=skus)
        scope = [*rq.ended_session_ids(conn=conn, until=at), session_id]
        tested = sorted(set(variants["session_id"]) & set(scope))
        funnel = rq.funnel_totals(conn=conn, session_ids=tested or [session_id], until=at)
        order_counts = rq.order_counts(conn=conn, session_ids=tested or [session_id],
                                       until=at)

    notes: list[str] = []
    result = _forecast(engine, session_id=session_id, at=at, notes=notes) \
        if with_forecast else None
    minutes = max((header.end - header.start).total_seconds() / 60, 1e-9)
    ranges: dict[str, ForecastRange] = {}
    track = None
    if result is not None:
        fc = result.forecast
        viewer_minutes = fc.expected_viewers * minutes
        for p in fc.products:
            ranges[p.sku] = ForecastRange(
                low=p.low, expected=p.expected, high=p.high,
                per_viewer_minute=p.expected / viewer_minutes if viewer_minutes > 0 else None)
        track = ForecastTrack(wape=fc.accuracy.wape, coverage=fc.accuracy.coverage,
                              sessions=fc.accuracy.sessions,
                              expected_viewers=fc.expected_viewers)

    live_until = known_until
    curve = ViewerCurve(samples)
    mine = funnel[funnel["session_id"] == session_id]
    funnel_of = {str(sku): (int(shown), int(clicked)) for sku, shown, clicked
                 in mine[["sku", "impressions", "clicks"]].itertuples(index=False)}
    counts_of, draws_of, orders_of = (_by_sku(frame) for frame in (counts, draws, orders))
    paths = {}
    products = []
    for line in lineup.to_dict("records"):
        sku = str(line["sku"])
        path = availability_path(counts=counts_of.get(sku, counts.iloc[0:0]),
                                 draws=draws_of.get(sku, draws.iloc[0:0]), begin=header.start,
                                 until=horizon)
        paths[sku] = path
        products.append(product_review(
            line={str(k): v for k, v in line.items()},
            orders=orders_of.get(sku, orders.iloc[0:0]), path=path,
            funnel=funnel_of.get(sku, (0, 0)), curve=curve, begin=header.start,
            until=live_until, forecast=ranges.get(sku)))
    if at < header.start:
        notes.append("not started yet")
    tests = session_tests(session_id=session_id, variants=variants, funnel=funnel,
                          orders=order_counts, sessions_in_scope=scope)
    return SessionReview(
        session_id=header.session_id, title=header.title, platform=header.platform,
        market=header.market, start=header.start, end=header.end, at=at,
        currency=session_currency(orders, lineup, load_settings(engine).currency),
        products=ordered_products(products), ab_tests=tuple(tests),
        viewers=retention(samples, begin=header.start, until=live_until),
        sales=units_per_minute(orders, begin=header.start, until=live_until),
        availability=availability_frame(paths), forecast_track=track, notes=tuple(notes))


def _by_sku(frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The frame's rows split by sku, in one pass."""
    return {str(sku): rows for sku, rows in frame.groupby("sku", sort=False)}


def _draws_since(counts: pd.DataFrame, start: datetime) -> datetime:
    """The earliest moment an order can matter to availability from `start` on: each
    (product, warehouse)'s latest count at or before the start (or its first count)."""
    if counts.empty:
        return start
    firsts = []
    for _, pair in counts.groupby(["sku", "warehouse_id"]):
        before = pair[pair["counted_at"] <= start]
        firsts.append(before["counted_at"].max() if len(before) else pair["counted_at"].min())
    return min(min(firsts), start)


def _forecast(engine: Engine, *, session_id: str, at: datetime,
              notes: list[str]) -> ForecastResult | None:
    try:
        return session_forecast(engine, session_id=session_id, at=at)
    except NotFound:
        raise
    except LiveStockError as error:
        notes.append(f"no forecast: {error}")
        return None


def light_timeline(engine: Engine, *, session_id: str, at: datetime | None = None,
                   step_minutes: float = LIGHT_STEP_MINUTES) -> pd.DataFrame:
    """Each lineup product's light over the stream, as the board showed it (see
    `core.review.light_bands.light_bands`): the LightRecords the board wrote live, and for what it did
    not record, `core.board.service.board_at` replayed every `step_minutes` from the start (the board
    as it was then, from what was known then). Columns: sku, begin, end, light, available,
    reason, source."""
    if step_minutes <= 0:
        raise LiveStockError("step_minutes must be positive")
    at = at or utc_now()
    with engine.connect() as conn:
        header = rq.session_header(conn=conn, session_id=session_id)
        if header is None:
            raise _unknown(session_id)
        until = min(at, header.end)
        recorded = rq.light_records(conn=conn, session_id=session_id, until=until)
        lineup_skus = set(rq.lineup(conn=conn, session_id=session_id)["sku"])
    if until <= header.start:
        return light_bands(replayed=recorded.iloc[0:0], recorded=recorded.iloc[0:0],
                           begin=header.start, until=header.start)
    settings = load_settings(engine)
    # The console's remaining demand: the forecast taken at the start, nowcast live.
    demand = forecast_demand_for(engine, session_id=session_id, at=header.start)
    rows = []
    moment = header.start
    step = timedelta(minutes=step_minutes)
    covered = _covered_from(recorded, header.start)
    while moment < until:
        if not all(covered.get(sku, until) <= moment for sku in lineup_skus):
            board = board_at(engine, session_id=session_id, at=moment, settings=settings,
                             demand=demand)
            rows += [(row.sku, moment, row.light.value, row.available, row.reason)
                     for row in board.products]
        moment += step
    replayed = pd.DataFrame(rows, columns=["sku", "ts", "light", "available", "reason"])
    return light_bands(replayed=replayed, recorded=recorded, begin=header.start, until=until)


def _covered_from(recorded: pd.DataFrame, start: datetime) -> dict[str, datetime]:
    """Per recorded product, the moment its records take over (see `light_bands`)."""
    covered = {}
    for sku, rows in recorded.groupby("sku"):
        first = rows["ts"].min()
        covered[str(sku)] = start if first <= start else first
    return covered


def replenishment_now(engine: Engine, *, session_id: str, at: datetime | None = None
                      ) -> list[PlanLine]:
    """The replenishment plan (`core.planning.service.replenishment_plan` as of `at`) for this
    session's lineup products: the lines that order something, by lineup slot, then
    warehouse, sea before air."""
    with engine.connect() as conn:
        if rq.session_header(conn=conn, session_id=session_id) is None:
            raise _unknown(session_id)
        slots = {str(sku): int(slot) for sku, slot in rq.lineup(
            conn=conn, session_id=session_id)[["sku", "slot"]].itertuples(index=False)}
    lines = [line for line in replenishment_plan(engine, at=at)
             if line.sku in slots and line.order_qty > 0]
    return sorted(lines, key=lambda line: (slots[line.sku], line.sku, line.warehouse_id,
                                           line.mode != "sea"))


def session_alerts(engine: Engine, *, session_id: str, at: datetime | None = None
                   ) -> list[AlertView]:
    """The alerts the board kept for this session up to `at`, oldest first."""
    alerts = recent_alerts(engine, session_id=session_id, until=at or utc_now(),
                           limit=MAX_ALERTS)
    return list(reversed(alerts))
