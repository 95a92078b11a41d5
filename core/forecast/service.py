"""The session forecast as a service: read the store as of a moment, fit, forecast.

`session_forecast` (the CLI, the review), `forecast_demand_for` (the board's remaining
demand: forecast + nowcast, which `core.board.service.board_with_forecast` puts on the
board) and `backtest`. Reads through `core.forecast.reads`; computes through the pure
`core.forecast.model`, `core.forecast.backtest` and `core.forecast.nowcast`. Nothing here
writes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine

from core.common.errors import LiveStockError, NotFound
from core.common.timeutil import utc_now
from core.forecast import reads as h
from core.forecast.backtest import Replay, forecast_from, replay, replay_of_record, replay_record
from core.forecast.history import History
from core.forecast.model import SessionForecast, forecast_of_record, forecast_record
from core.forecast.nowcast import RemainingDemand, forecast_moment_of, nowcast_demand
from core.store.results_cache import read_result, write_result

KEPT_KIND = "forecast"


@dataclass(frozen=True)
class ForecastResult:
    forecast: SessionForecast
    as_of: datetime  # the data cutoff: min(at, the session's start)
    at: datetime
    sold_units: dict[str, float]  # units sold in the session by `at`


def session_forecast(engine: Engine, *, session_id: str, at: datetime | None = None
                     ) -> ForecastResult:
    """The session's forecast per lineup product, as known at `at` (default now).

    Data up to min(at, start): a forecast asked during or after the stream is the one the
    stream started with (the live part is `core.forecast.nowcast.nowcast`). Raises NotFound
    for an unknown session, LiveStockError when no past session has viewers to learn from.

    A forecast taken at a forecast moment (`core.forecast.nowcast.forecast_moment_of`: the
    board's, and the review's at the start) is kept beside the store under the fingerprint
    of the data known then (`core.forecast.reads.history_fingerprint`), so it is fitted once
    for every process and page, and again only when data stamped by then changes.
    """
    at = at or utc_now()
    with engine.connect() as conn:
        start = h.session_start(conn=conn, session_id=session_id)
        if start is None:
            raise NotFound(f"no session {session_id!r} in the store")
        kept = at == forecast_moment_of(start=start, at=at)
        fingerprint = h.history_fingerprint(conn=conn, until=at) if kept else ""
    key = f"{session_id}|{at.isoformat()}"
    if kept:
        record = read_result(engine, kind=KEPT_KIND, key=key, fingerprint=fingerprint)
        if record is not None:
            return _result_of_record(record, at=at)
    try:
        result = _fit_forecast(engine, session_id=session_id, at=at)
    except NotFound:
        raise
    except LiveStockError as error:
        if kept:
            write_result(engine, kind=KEPT_KIND, key=key, fingerprint=fingerprint,
                         value={"error": str(error)})
        raise
    if kept:
        write_result(engine, kind=KEPT_KIND, key=key, fingerprint=fingerprint,
                     value={"forecast": forecast_record(result.forecast),
                            "as_of": result.as_of.isoformat(), "sold_units": result.sold_units})
    return result


def _fit_forecast(engine: Engine, *, session_id: str, at: datetime) -> ForecastResult:
    with engine.connect() as conn:
        history = h.forecast_history(conn=conn, until=at)
    rows = history.sessions[history.sessions["session_id"] == session_id]
    if rows.empty:
        raise NotFound(f"no session {session_id!r} in the store")
    start = rows["start"].iloc[0].to_pydatetime()
    cutoff = min(at, start)
    forecast = forecast_from(history, session_id=session_id, cutoff=cutoff)
    if forecast.viewers_basis == "none":
        raise LiveStockError(
            f"cannot forecast {session_id}: no session ended before {cutoff.isoformat()} "
            "with viewer samples to learn viewers and conversion from")
    sold = history.sales[history.sales["session_id"] == session_id]
    return ForecastResult(forecast, cutoff, at,
                          dict(zip(sold["sku"], sold["units"].astype(float), strict=True)))


def _result_of_record(record: Mapping[str, Any], *, at: datetime) -> ForecastResult:
    if "error" in record:
        raise LiveStockError(record["error"])
    return ForecastResult(forecast_of_record(record["forecast"]),
                          datetime.fromisoformat(record["as_of"]), at,
                          {sku: float(units) for sku, units in record["sold_units"].items()})


def forecast_moment(engine: Engine, *, session_id: str, at: datetime | None = None
                    ) -> datetime:
    """The moment the board's forecast of `session_id` is taken at, for a board at `at`
    (`core.forecast.nowcast.forecast_moment_of` with the session's start). Raises NotFound
    for an unknown session."""
    at = at or utc_now()
    with engine.connect() as conn:
        sessions = h.sessions_frame(conn=conn)
    rows = sessions[sessions["session_id"] == session_id]
    if rows.empty:
        raise NotFound(f"no session {session_id!r} in the store")
    return forecast_moment_of(start=rows["start"].iloc[0].to_pydatetime(), at=at)


def keep_board_forecast(engine: Engine, *, session_id: str, at: datetime) -> bool:
    """Fit and keep the forecast the board of `session_id` uses at `at`, so the first
    console to open it reads it back instead of fitting it (`livestock demo` does this
    before serving). False when the store has too little history to forecast."""
    try:
        session_forecast(engine, session_id=session_id,
                         at=forecast_moment(engine, session_id=session_id, at=at))
    except NotFound:
        raise
    except LiveStockError:
        return False
    return True


def forecast_demand_for(engine: Engine, *, session_id: str, at: datetime | None = None
                        ) -> RemainingDemand:
    """The board's `remaining_demand` seam backed by this session's forecast and nowcast.

    `core.board.service.board_with_forecast` hands it to the board. The forecast is the one
    taken at `forecast_moment(at)`, so the result depends only on that moment: a caller
    refreshing every few seconds keeps it (keyed by session and forecast moment); it takes
    about a second to compute. Without history to learn from, the pace alone is used.
    """
    moment = forecast_moment(engine, session_id=session_id, at=at)
    try:
        forecast: SessionForecast | None = session_forecast(
            engine, session_id=session_id, at=moment).forecast
    except NotFound:
        raise
    except LiveStockError:
        forecast = None
    return nowcast_demand(forecast)


def backtest(engine: Engine, *, at: datetime | None = None,
             max_sessions: int = 1_000) -> Replay:
    """Every past session (ended by `at`) forecast from what came before it."""
    at = at or utc_now()
    with engine.connect() as conn:
        history = h.forecast_history(conn=conn, until=at)
    return replay(history, until=pd.Timestamp(at), max_sessions=max_sessions)


def kept_history(conn: Connection, *, until: datetime) -> tuple[History, str]:
    """`core.forecast.reads.forecast_history` at `until` and the fingerprint of its data,
    with its in-stock exposure (a second or two) kept beside the store under that
    fingerprint. One is kept: the planning pages and the review's plan, opened at the same
    moment, share it."""
    fingerprint = h.history_fingerprint(conn=conn, until=until)
    record = read_result(conn.engine, kind="exposure", key="latest", fingerprint=fingerprint)
    exposure = None if record is None else pd.DataFrame(
        [tuple(row) for row in record["rows"]], columns=record["columns"])
    history = h.forecast_history(conn=conn, until=until, exposure=exposure)
    if record is None:
        write_result(conn.engine, kind="exposure", key="latest", fingerprint=fingerprint,
                     value={"columns": list(history.exposure.columns),
                            "rows": history.exposure.to_numpy().tolist()})
    return history, fingerprint


def kept_replay(engine: Engine, history: History, *, until: datetime,
                fingerprint: str) -> Replay:
    """`core.forecast.backtest.replay(history, until)` (30 fits), kept beside the store
    under the `fingerprint` of the history's data (`kept_history`). One is kept."""
    record = read_result(engine, kind="replay", key="latest", fingerprint=fingerprint)
    if record is not None:
        return replay_of_record(record)
    result = replay(history, until=pd.Timestamp(until))
    write_result(engine, kind="replay", key="latest", fingerprint=fingerprint,
                 value=replay_record(result))
    return result
