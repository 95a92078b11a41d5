"""The sessions and their clocks: which session to show, what time it is for it (a running
simulation's clock, else the wall clock), the session list and a session's GMV."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine

from core.board import reads as queries
from core.common.errors import NotFound
from core.common.timeutil import utc_now


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


def _unknown(session_id: str) -> NotFound:
    return NotFound(f"no session '{session_id}' in the store (load sessions.csv first, "
                    "or check the id)")
