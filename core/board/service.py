"""The live board as a service: read the facts, compute the board, record what changed.

`board_at` computes a board with a given remaining demand; `board_with_forecast`, what the
dashboard refreshes and `livestock board` prints, gives it the session's forecast (from
`core.forecast.service`). It reads through `core.board.reads` (one connection), computes
through the pure `core.board.lights`, and with `record=True` writes the alerts and light
records that `core.board.alerts` decides, through `core.board.writes`, in one short
transaction.

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
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta, tzinfo
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine

from core.board import reads as queries
from core.board import writes
from core.board.alerts import AlertView, alert_view, changes_since
from core.board.calm import Audience, audience_of, calm_path, sales_by_sku, steps_of
from core.board.lights import build_board
from core.board.model import (
    SALES_WINDOW_DAYS,
    Board,
    DemandEstimate,
    Light,
    ProductFacts,
    SessionFacts,
    SessionStatus,
    WarehouseStock,
    pace_remaining_demand,
)
from core.board.safety_breaches import SafetyBreach, safety_breaches, safety_candidates
from core.common.choices import platform_id
from core.common.errors import LiveStockError, NotFound
from core.common.settings import Settings
from core.common.timeutil import utc_now
from core.forecast.nowcast import forecast_moment_of
from core.forecast.service import forecast_demand_for
from core.stock import reads as stock_reads
from core.stock.available import (
    NOTHING_COUNTED,
    StockPosition,
    available_path,
    orders_matter_since,
    positions_at,
)
from core.stock.pools import pool_of
from core.stock.presale import InboundLot, local_date
from core.store.settings_store import load_settings

PAST_SESSIONS = 10  # expected viewers: the mean of this many past sessions
HISTORY_SESSIONS = 5  # a product's units per stream minute: over this many
VIEWER_TOLERANCE = timedelta(minutes=15)
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


def store_clock(engine: Engine) -> datetime:
    """The store's one clock, for the pages that are not about one session (planner,
    warehouses, review): a running simulation's `sim_now` (the most recently advanced),
    else the latest finished one that played ahead of the wall clock, else the wall clock;
    so during a simulated stream every page agrees with the board on what "now" is."""
    now = utc_now()
    with engine.connect() as conn:
        running = queries.running_simulations(conn=conn)
        ahead = queries.latest_clock_after(conn=conn, after=now)
    if running:
        return running[0].sim_now
    return ahead or now


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


def session_gmv(engine: Engine, *, session_id: str, at: datetime) -> dict[str, float]:
    """The session's revenue up to `at`, summed per currency (never across currencies),
    largest first: what the GMV figure shows beside the board."""
    with engine.connect() as conn:
        sales = queries.session_sales(conn=conn, session_id=session_id, at=at)
    totals = sales.groupby("currency")["revenue"].sum().sort_values(ascending=False)
    return {str(currency): float(amount) for currency, amount in totals.items()}


def last_session(engine: Engine, *, at: datetime | None = None) -> str | None:
    """The session that ended last at or before `at` (default now), else the latest of
    all; None when the store has no session (the review's default)."""
    with engine.connect() as conn:
        return queries.latest_session_id(conn=conn, at=at or utc_now())


def session_list(engine: Engine) -> list[tuple[str, str, str, str, datetime, datetime]]:
    """Every session as (session_id, title, platform, market, start, end), latest first."""
    with engine.connect() as conn:
        return queries.session_list(conn=conn)


# ---------------------------------------------------------------------------------------
# Reading the facts.


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
    sold_30d = queries.market_units(conn=conn, skus=lineup, warehouse_ids=warehouses,
                                    market=row.market, at=at,
                                    since=at - timedelta(days=SALES_WINDOW_DAYS))
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
                              sold_30d=sold_30d, inbound=inbound, zone=zone,
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
                   sold: dict[str, int], sold_30d: pd.DataFrame, inbound: pd.DataFrame,
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
            history_units_per_min=history.get(sku),
            inbound=tuple(lots[sku]),
            warehouses=tuple(WarehouseStock(wh, units) for wh, units in mine.items()),
            window_units=by_window.get(sku, ()),
        ))
    return facts


def _unknown(session_id: str) -> NotFound:
    return NotFound(f"no session '{session_id}' in the store (load sessions.csv first, "
                    "or check the id)")


# ---------------------------------------------------------------------------------------
# Recording what changed, and reading it back.


def record_changes(engine: Engine, *, board: Board, breaches: Sequence[SafetyBreach]) -> int:
    """Write what changed on `board` since the last records (`core.board.alerts.
    changes_since`: light records, and "light", "tier" and "safety" alerts), in one short
    transaction that holds the session's write lock, so two consoles refreshing together
    write each alert once. Returns the number of alerts written."""
    at = board.at
    with engine.begin() as conn:
        writes.lock_session(conn=conn, session_id=board.session_id)
        tiers = queries.alert_values(conn=conn, session_id=board.session_id, kind="tier", at=at)
        done = queries.alert_values(conn=conn, session_id=board.session_id, kind="safety",
                                    at=at)
        swapped = queries.alert_values(conn=conn, session_id=board.session_id,
                                       kind="swap_to", at=at)
        changes = changes_since(
            board, last_lights=queries.last_lights(conn=conn, session_id=board.session_id,
                                                   at=at),
            tiers_reached=tiers["new_value"],
            safety_flagged=zip(done["sku"], done["warehouse_id"], strict=True),
            breaches=breaches,
            last_targets=dict(zip(swapped["sku"], swapped["new_value"], strict=True)))
        writes.write_lights(conn=conn, session_id=board.session_id, at=at,
                            lights=changes.lights)
        writes.write_alerts(conn=conn, alerts=changes.alerts)
    return len(changes.alerts)


def recent_alerts(engine: Engine, *, session_id: str, until: datetime | None = None,
                  limit: int = 20) -> list[AlertView]:
    """The session's latest `limit` alerts at or before `until`, newest first."""
    if limit <= 0:
        raise LiveStockError("limit must be a positive number of alerts")
    with engine.connect() as conn:
        frame = queries.recent_alert_rows(conn=conn, session_id=session_id, until=until,
                                          limit=limit)
        swaps = frame[frame["kind"] == "swap_to"]
        names = queries.product_names(conn=conn, skus=sorted(
            {str(v) for v in (*swaps["sku"], *swaps["new_value"]) if not pd.isna(v)}))
    views = []
    for ts, kind, sku, wh, old, new, message in frame.itertuples(index=False):
        sku, wh, old, new = (None if pd.isna(v) else str(v) for v in (sku, wh, old, new))
        views.append(alert_view(ts=ts, kind=kind, sku=sku, warehouse_id=wh, old=old, new=new,
                                message=message, names=names))
    return views
