"""The pages' reads: one cached engine, cached settings and session list, fresh boards.

The engine comes from `LIVESTOCK_DB` (core.store.db.database_url) and gets the schema if it is
missing, so an empty store shows an empty state instead of a crash. The board and its
alerts are read fresh on every refresh (never cached): an order must show within the
refresh interval; only the session's forecast behind it is kept (see `board`). Settings
and the session list change rarely and are cached briefly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from core.board import service as live
from core.board.alerts import AlertView
from core.board.model import Board, DemandEstimate
from core.common.errors import LiveStockError
from core.common.settings import Settings
from core.forecast import service as forecast_service
from core.platforms import provenance
from core.platforms import service as platforms
from core.store.db import database_url, make_engine, store_location, without_creating
from core.store.schema import create_schema
from core.store.settings_store import load_settings

SETTINGS_TTL_SECONDS = 30
SESSIONS_TTL_SECONDS = 10
SOURCES_TTL_SECONDS = 15
ALERTS_SHOWN = 8


@dataclass(frozen=True)
class SessionInfo:
    """A session as the picker and the empty states show it."""

    session_id: str
    title: str
    platform: str
    market: str
    start: datetime
    end: datetime


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    # A missing SQLite file is an error on the page, never a new empty store made by looking.
    engine = make_engine(without_creating(url))
    create_schema(engine)
    return engine


def store_where() -> str:
    """The store's file path (or URL without its password), for messages."""
    return store_location(database_url())


def engine() -> Engine:
    return _engine(database_url())


@st.cache_data(ttl=SETTINGS_TTL_SECONDS, show_spinner=False)
def _settings(url: str) -> Settings:
    return load_settings(_engine(url))


def settings() -> Settings:
    return _settings(database_url())


def default_language() -> str:
    """The `language` setting; Chinese when the store cannot be read (the page says why)."""
    try:
        return settings().language
    except (SQLAlchemyError, LiveStockError):
        return Settings().language


@st.cache_data(ttl=SESSIONS_TTL_SECONDS, show_spinner=False)
def _sessions(url: str) -> list[SessionInfo]:
    return [SessionInfo(*row) for row in live.session_list(_engine(url))]


def sessions(*, including: str | None = None) -> list[SessionInfo]:
    """Every session, the latest start first; read afresh when the cached list lacks
    `including` (a session loaded since, that the default now points at)."""
    found = _sessions(database_url())
    if including is not None and all(s.session_id != including for s in found):
        forget_sessions()
        found = _sessions(database_url())
    return found


def forget_sessions() -> None:
    """Drop the cached session list."""
    _sessions.clear()


def store_clock() -> datetime:
    """The store's clock (`core.board.service.store_clock`): what "now" is on every page."""
    return live.store_clock(engine())


def default_session_id() -> str | None:
    """The session to show unless one is picked: the live one (a running simulation
    first), else the next to start, else the last one; None in an empty store."""
    return live.current_session(engine())


@st.cache_resource(max_entries=32, show_spinner=False)
def _demand(url: str, session_id: str, moment_iso: str) -> DemandEstimate:
    return forecast_service.forecast_demand_for(_engine(url), session_id=session_id,
                                                at=datetime.fromisoformat(moment_iso))


def board(session_id: str) -> Board:
    """The board now, recorded (light changes and alerts go to the store).

    Remaining demand is the session's forecast, nowcast with the live pace
    (`core.board.service.board_with_forecast`). The forecast (about a second to fit) is kept
    per forecast moment: it changes at most every 15 minutes of the warm-up and not at all
    once live, so refreshes every 2 s cost only the board.
    """
    url = database_url()
    return live.board_with_forecast(
        engine(), session_id=session_id, record=True,
        demand_for=lambda moment: _demand(url, session_id, moment.isoformat()))


def gmv(session_id: str, *, at: datetime) -> dict[str, float]:
    """The session's GMV up to `at`, per currency."""
    return live.session_gmv(engine(), session_id=session_id, at=at)


def stale_feeds(session_id: str, *, now: datetime) -> list[provenance.StaleFeed]:
    """The session's live feeds gone quiet for longer than the `stale_after_seconds` setting
    (empty unless it is live at `now`): the board is only as fresh as what feeds it."""
    return platforms.stale_feeds(engine(), session_id=session_id, now=now,
                                 max_age_seconds=settings().stale_after_seconds)


def alerts(session_id: str) -> list[AlertView]:
    """The latest few alerts: the feed sits beside the tiles and must stay short."""
    return live.recent_alerts(engine(), session_id=session_id, limit=ALERTS_SHOWN)


@st.cache_data(ttl=SOURCES_TTL_SECONDS, show_spinner=False)
def _sources(url: str, session_id: str) -> provenance.Provenance:
    return platforms.sources(_engine(url), session_id=session_id)


def sources(session_id: str) -> provenance.Provenance:
    """Which load, import, webhook or simulator wrote the session's orders, counts and
    viewer samples, and when (kept briefly: it is a panel to consult, not the board)."""
    return _sources(database_url(), session_id)
