"""Which session a console opens by default, and the clock it reads the store at."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.board.service import (
    board_at,
    current_session,
    session_clock,
)
from core.common.errors import NotFound
from core.store.models import (
    SimClock,
)
from tests.store.live_builders import START, StoreBuilder, minutes


def test_the_default_session_is_the_live_one_else_the_next_else_the_latest(
        store: StoreBuilder) -> None:
    store.session("OLD", start=START - timedelta(days=7))
    store.session("NEXT", start=START + timedelta(days=1))

    assert current_session(store.engine, at=minutes(30)) == "S1"
    assert current_session(store.engine, at=minutes(-30)) == "S1"
    assert current_session(store.engine, at=minutes(150)) == "NEXT"
    assert current_session(store.engine, at=START + timedelta(days=2)) == "NEXT"
    assert current_session(store.engine, at=START - timedelta(days=8)) == "OLD"


def test_a_running_simulation_is_the_default_session_and_sets_its_clock(
        store: StoreBuilder) -> None:
    store.session("SIM", start=START + timedelta(days=30))
    sim_now = START + timedelta(days=30, minutes=15)
    store.add(SimClock(session_id="SIM", sim_now=sim_now, wall_now=datetime.now(UTC),
                       speed=10))

    assert current_session(store.engine) == "SIM"
    assert session_clock(store.engine, session_id="SIM") == sim_now
    assert board_at(store.engine, session_id="SIM").at == sim_now


def test_a_finished_simulation_of_a_past_stream_leaves_the_board_on_the_wall_clock(
        store: StoreBuilder) -> None:
    past_start = datetime.now(UTC) - timedelta(days=3)
    store.session("PAST", start=past_start)
    store.add(SimClock(session_id="PAST", sim_now=past_start + timedelta(minutes=120),
                       wall_now=datetime.now(UTC), speed=10, finished=True))
    before = datetime.now(UTC)

    assert session_clock(store.engine, session_id="PAST") >= before
    with pytest.raises(NotFound):
        session_clock(store.engine, session_id="NOPE")


def test_a_finished_simulation_played_ahead_of_time_keeps_the_board_on_its_last_moment(
        store: StoreBuilder) -> None:
    ahead = datetime.now(UTC) + timedelta(days=2)
    store.session("AHEAD", start=ahead)
    store.add(SimClock(session_id="AHEAD", sim_now=ahead + timedelta(minutes=180),
                       wall_now=datetime.now(UTC), speed=36, finished=True))

    assert session_clock(store.engine, session_id="AHEAD") == ahead + timedelta(minutes=180)
