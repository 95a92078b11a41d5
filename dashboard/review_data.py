"""The review page's cached reads, over `core.review.service`.

A review reads the whole stream and replays the board, so it is cached for a minute (an
ended stream's review only changes when late data is loaded, and core keeps it beside the
store); the parts are cached apart so the page shows each as soon as it is ready: the
products first (`review`: without the A/B tests, unless the review was kept whole), then
the A/B tests (`ab_tests`: the whole review, which core then keeps for an ended stream).
"Now" is the store's clock (`dashboard.data.store_clock`), so a stream still playing in a
simulation is reviewed up to its simulated present, as the board shows it. The engine is
dashboard.data's.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.board import service as board_service
from core.board.alerts import AlertView
from core.planning.replenish import PlanLine
from core.review import service as review_service
from core.review.abtest import ABTest
from core.review.model import SessionReview
from core.store.db import database_url
from dashboard import data, planning_data

REVIEW_TTL_SECONDS = 60


@st.cache_data(ttl=REVIEW_TTL_SECONDS, show_spinner=False)
def _review(url: str, session_id: str) -> SessionReview:
    return review_service.review_session(data.engine(), session_id=session_id,
                                         at=data.store_clock(), with_ab_tests=False)


@st.cache_data(ttl=REVIEW_TTL_SECONDS, show_spinner=False)
def _ab_tests(url: str, session_id: str) -> tuple[ABTest, ...]:
    return review_service.review_session(data.engine(), session_id=session_id,
                                         at=data.store_clock()).ab_tests


@st.cache_data(ttl=REVIEW_TTL_SECONDS, show_spinner=False)
def _lights(url: str, session_id: str) -> pd.DataFrame:
    return review_service.light_timeline(data.engine(), session_id=session_id,
                                         at=data.store_clock())


@st.cache_data(ttl=REVIEW_TTL_SECONDS, show_spinner=False)
def _plan(url: str, session_id: str) -> list[PlanLine]:
    # The planner's plan (read once for the console: dashboard.planning_data), so the review
    # and the planner show the same lines, and a review does not plan again.
    return review_service.replenishment_now(data.engine(), session_id=session_id,
                                            plan=planning_data.plan(None))


@st.cache_data(ttl=REVIEW_TTL_SECONDS, show_spinner=False)
def _alerts(url: str, session_id: str) -> list[AlertView]:
    return review_service.session_alerts(data.engine(), session_id=session_id,
                                         at=data.store_clock())


def review(session_id: str) -> SessionReview:
    return _review(database_url(), session_id)


def ab_tests(session_id: str) -> tuple[ABTest, ...]:
    return _ab_tests(database_url(), session_id)


def lights(session_id: str) -> pd.DataFrame:
    return _lights(database_url(), session_id)


def plan(session_id: str) -> list[PlanLine]:
    return _plan(database_url(), session_id)


def alerts(session_id: str) -> list[AlertView]:
    return _alerts(database_url(), session_id)


def default_session_id() -> str | None:
    """The stream that ended last by the store's clock (a running simulation's present,
    as on every page), else the latest of all; None in an empty store."""
    return board_service.last_session(data.engine(), at=data.store_clock())
