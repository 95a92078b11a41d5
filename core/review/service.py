"""The review as a service: read the store as of a moment (`core.review.reads`), compute
through the pure `core.review.session_review` and `core.review.light_bands`.

Three reads, each as of `at` (default now), so a page or a command asks only for what it
shows (the JSON needs the first alone):
- `review_session`: products, A/B tests, viewers, sales and stock over time, the forecast;
- `light_timeline`: each product's light over the stream, as the board showed it;
- `replenishment_now`: the replenishment plan's lines for the session's products.

A review of a stream that has ended, and its light bands, are kept beside the store once
computed (`core.store.results_cache`, under `core.review.reads.review_fingerprint`: the
data they came from, its own orders' later cancellations and returns included), and
computed again only when that data changes; `keep_review` computes them ahead. A stream
still live (or to come) is never kept. Nothing here writes to the store.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import Engine

from core.board.alerts import AlertView
from core.board.service import boards_at, recent_alerts, store_clock
from core.common.errors import LiveStockError, NotFound
from core.common.timeutil import utc_now
from core.forecast.model import SessionForecast
from core.forecast.service import forecast_demand_for, session_forecast
from core.planning.replenish import PlanLine
from core.planning.service import replenishment_plan
from core.review import reads as rq
from core.review.kept import frame_of_record, frame_record, review_of_record, review_record
from core.review.light_bands import light_bands
from core.review.model import SessionReview
from core.review.session_review import review_of
from core.store.results_cache import read_result, results_folder, write_result
from core.store.settings_store import load_settings

LIGHT_STEP_MINUTES = 5.0
MAX_ALERTS = 1_000
KEPT_REVIEW = "review"
KEPT_LIGHTS = "review-lights"


def _unknown(session_id: str) -> NotFound:
    return NotFound(f"no session '{session_id}' in the store (check the id, or load "
                    "sessions.csv first)")


def review_session(engine: Engine, *, session_id: str, at: datetime | None = None,
                   with_forecast: bool = True, with_ab_tests: bool = True) -> SessionReview:
    """The review of `session_id` with what was known at `at` (default now).

    The forecast is the one the stream started with (`core.forecast.service.session_forecast`
    taken at min(at, start): data up to the session's start, the very one the board used and
    kept for every later review); without enough history it is left out with a note.
    Without `with_ab_tests` the A/B tests are left out (most of a live review's time: they
    pool other sessions), for a page that shows the products first; a review kept whole is
    given back whole. Raises NotFound for an unknown session.

    A stream that had ended by `at` is reviewed as of its end whatever `at`: its whole
    review (with forecast and A/B tests) is kept once computed and read back while its data
    is the same (`review_fingerprint`).
    """
    at = at or utc_now()
    fingerprint = _kept_under(engine, session_id=session_id, at=at) if with_forecast else None
    if fingerprint is not None:
        record = read_result(engine, kind=KEPT_REVIEW, key=session_id, fingerprint=fingerprint)
        if record is not None:
            return dataclasses.replace(review_of_record(record), at=at)
    with engine.connect() as conn:
        facts = rq.review_facts(conn=conn, session_id=session_id, at=at,
                                with_ab_tests=with_ab_tests)
    if facts is None:
        raise _unknown(session_id)
    notes: list[str] = []
    forecast = _forecast(engine, session_id=session_id, at=min(at, facts.header.start),
                         notes=notes) if with_forecast else None
    review = review_of(facts, forecast=forecast, notes=notes,
                       default_currency=load_settings(engine).currency)
    if fingerprint is not None and with_ab_tests:
        write_result(engine, kind=KEPT_REVIEW, key=session_id, fingerprint=fingerprint,
                     value=review_record(review))
    return review


def review_fingerprint(engine: Engine, *, session_id: str, at: datetime | None = None
                       ) -> str | None:
    """The fingerprint a review of `session_id` at `at` (default now) is kept under
    (`core.review.reads.review_fingerprint` of the data up to its end); None while the
    stream has not ended by `at` (a live review is never kept). Raises NotFound for an
    unknown session."""
    at = at or utc_now()
    with engine.connect() as conn:
        header = rq.session_header(conn=conn, session_id=session_id)
        if header is None:
            raise _unknown(session_id)
        if at < header.end:
            return None
        return rq.review_fingerprint(conn=conn, session_id=session_id, until=header.end)


def keep_review(engine: Engine, session_id: str, *, at: datetime | None = None,
                progress: Callable[[str], None] | None = None) -> bool:
    """Compute and keep the review of `session_id` and its light bands (what the Review
    page shows that takes seconds: the review, its A/B tests, the board replayed for the
    light bands), so the first page or `livestock review` to ask reads them back. `at`
    defaults to the store's clock (`core.board.service.store_clock`, a simulation's
    present). False, keeping nothing, when the stream had not ended by then. `progress`,
    when given, is told each step ("review", "lights") before it runs. Raises NotFound
    for an unknown session."""
    at = at or store_clock(engine)
    if review_fingerprint(engine, session_id=session_id, at=at) is None:
        return False
    for step, compute in (("review", review_session), ("lights", light_timeline)):
        if progress is not None:
            progress(step)
        compute(engine, session_id=session_id, at=at)
    return True


def ended_sessions(engine: Engine, *, at: datetime | None = None) -> list[str]:
    """The sessions that had ended by `at` (default the store's clock), the latest first:
    the ones whose review `keep_review` can keep."""
    at = at or store_clock(engine)
    with engine.connect() as conn:
        return rq.ended_session_ids(conn=conn, until=at)


def _kept_under(engine: Engine, *, session_id: str, at: datetime) -> str | None:
    """`review_fingerprint`, or None when this store keeps no results (in memory, `off`):
    no need to read the data's fingerprint then."""
    if results_folder(engine) is None:
        return None
    return review_fingerprint(engine, session_id=session_id, at=at)


def _forecast(engine: Engine, *, session_id: str, at: datetime,
              notes: list[str]) -> SessionForecast | None:
    try:
        return session_forecast(engine, session_id=session_id, at=at).forecast
    except NotFound:
        raise
    except LiveStockError as error:
        notes.append(f"no forecast: {error}")
        return None


def light_timeline(engine: Engine, *, session_id: str, at: datetime | None = None,
                   step_minutes: float = LIGHT_STEP_MINUTES) -> pd.DataFrame:
    """Each lineup product's light over the stream, as the board showed it (see
    `core.review.light_bands.light_bands`): the LightRecords the board wrote live, and for
    what it did not record, the board replayed every `step_minutes` from the start
    (`core.board.service.boards_at`: the board as it was then, from what was known then).
    Columns: sku, begin, end, light, available, reason, source. Kept, for a stream that
    had ended by `at`, as `review_session` keeps its review."""
    if step_minutes <= 0:
        raise LiveStockError("step_minutes must be positive")
    at = at or utc_now()
    fingerprint = _kept_under(engine, session_id=session_id, at=at)
    key = f"{session_id}|{step_minutes!r}"
    if fingerprint is not None:
        record = read_result(engine, kind=KEPT_LIGHTS, key=key, fingerprint=fingerprint)
        if record is not None:
            return frame_of_record(record)
    bands = _light_bands(engine, session_id=session_id, at=at, step_minutes=step_minutes)
    if fingerprint is not None:
        write_result(engine, kind=KEPT_LIGHTS, key=key, fingerprint=fingerprint,
                     value=frame_record(bands))
    return bands


def _light_bands(engine: Engine, *, session_id: str, at: datetime,
                 step_minutes: float) -> pd.DataFrame:
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
    # The console's board; its forecast, taken at the start, is fitted once for every step.
    demand_for = functools.cache(
        lambda moment: forecast_demand_for(engine, session_id=session_id, at=moment))
    moment = header.start
    step = timedelta(minutes=step_minutes)
    covered = _covered_from(recorded, header.start)
    moments = []
    while moment < until:
        if not all(covered.get(sku, until) <= moment for sku in lineup_skus):
            moments.append(moment)
        moment += step
    boards = boards_at(engine, session_id=session_id, moments=moments, settings=settings,
                       demand_for=demand_for)
    rows = [(row.sku, board.at, row.light.value, row.available, row.reason)
            for board in boards for row in board.products]
    replayed = pd.DataFrame(rows, columns=["sku", "ts", "light", "available", "reason"])
    return light_bands(replayed=replayed, recorded=recorded, begin=header.start, until=until)


def _covered_from(recorded: pd.DataFrame, start: datetime) -> dict[str, datetime]:
    """Per recorded product, the moment its records take over (see `light_bands`)."""
    covered = {}
    for sku, rows in recorded.groupby("sku"):
        first = rows["ts"].min()
        covered[str(sku)] = start if first <= start else first
    return covered


def replenishment_now(engine: Engine, *, session_id: str, at: datetime | None = None,
                      plan: Sequence[PlanLine] | None = None) -> list[PlanLine]:
    """The replenishment plan (`core.planning.service.replenishment_plan` as of `at`, or
    `plan` when already made: the planner's, so both pages show the same lines) for this
    session's lineup products: the lines that order something, by lineup slot, then
    warehouse, sea before air."""
    with engine.connect() as conn:
        if rq.session_header(conn=conn, session_id=session_id) is None:
            raise _unknown(session_id)
        slots = {str(sku): int(slot) for sku, slot in rq.lineup(
            conn=conn, session_id=session_id)[["sku", "slot"]].itertuples(index=False)}
    made = replenishment_plan(engine, at=at) if plan is None else plan
    lines = [line for line in made if line.sku in slots and line.order_qty > 0]
    return sorted(lines, key=lambda line: (slots[line.sku], line.sku, line.warehouse_id,
                                           line.mode != "sea"))


def session_alerts(engine: Engine, *, session_id: str, at: datetime | None = None
                   ) -> list[AlertView]:
    """The alerts the board kept for this session up to `at` and at the latest its end
    (alerts during the stream), oldest first."""
    with engine.connect() as conn:
        header = rq.session_header(conn=conn, session_id=session_id)
    if header is None:
        raise _unknown(session_id)
    alerts = recent_alerts(engine, session_id=session_id,
                           until=min(at or utc_now(), header.end), limit=MAX_ALERTS)
    return list(reversed(alerts))
