"""A moment of a session replays the same board whatever is written later; calm lights
hold a flicker; a timeline of boards from one replay matches the console's."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from core.board.model import Light, SessionStatus, pace_remaining_demand
from core.board.service import (
    board_at,
    boards_at,
)
from core.common.errors import LiveStockError, NotFound
from core.common.settings import Settings
from core.store.models import (
    Lane,
)
from tests.store.live_builders import START, StoreBuilder, minutes

# --- replays ------------------------------------------------------------------------------


def test_a_replay_gives_the_same_board_every_time_whatever_is_written_later(
        store: StoreBuilder) -> None:
    store.order("SKU-1", 8, at=minutes(5))
    store.viewers(900, at=minutes(5))
    before = store.board(minutes(10)).to_json()

    store.order("SKU-1", 20, at=minutes(12))
    store.count("SKU-1", 3, at=minutes(11))
    store.viewers(5000, at=minutes(11))
    store.inbound("SKU-1", 500, shipped=minutes(11), eta=START + timedelta(days=3))

    assert store.board(minutes(10)).to_json() == before
    assert store.board(minutes(10)).to_json() == before
    assert store.board(minutes(13)).to_json() != before


def test_an_unknown_session_is_not_found(store: StoreBuilder) -> None:
    with pytest.raises(NotFound, match="no session 'NOPE'"):
        board_at(store.engine, session_id="NOPE", at=minutes(0))


def test_a_moment_without_a_time_zone_is_refused(store: StoreBuilder) -> None:
    with pytest.raises(LiveStockError, match="needs a time zone offset"):
        board_at(store.engine, session_id="S1", at=datetime(2026, 11, 27, 12, 10))


def test_a_session_without_a_lineup_has_an_empty_board(store: StoreBuilder) -> None:
    store.session("EMPTY", start=START + timedelta(days=1))

    board = board_at(store.engine, session_id="EMPTY", at=START)

    assert board.products == ()
    assert (board.status, board.units_sold, board.viewers) == (SessionStatus.SCHEDULED, 0, None)


def test_a_light_that_flickers_holds_and_the_same_moment_replays_the_same(
        store: StoreBuilder) -> None:
    # 20 of 30 sold at minute 8: the rules say PRESALE at 8 and 9 (4 and 4.5 minutes of
    # stock at the pace then), SWAP at 10 (5 minutes); the board holds PRESALE (an air
    # lane gives presale a date to promise).
    store.add(Lane(warehouse_id="US-3PL", mode="air", transit_days=8, transit_days_sd=1,
                   cost_unit=1, cost_shipment=50))
    store.order("SKU-1", 20, at=minutes(8))

    calm = store.row(minutes(10))
    again = store.row(minutes(10))
    jumpy = store.row(minutes(10), settings=Settings(light_hold_minutes=0))

    assert calm.light is Light.PRESALE and again == calm
    assert jumpy.light is Light.SWAP


def test_a_timeline_of_boards_from_one_replay_shows_each_moment_as_the_console_did(
        store: StoreBuilder) -> None:
    store.order("SKU-1", 20, at=minutes(8)).order("SKU-1", 5, at=minutes(31))
    moments = [minutes(m) for m in (0, 5, 10, 15, 30, 45)]

    series = boards_at(store.engine, session_id="S1", moments=moments,
                       demand_for=lambda _: pace_remaining_demand)

    assert [[row.to_json() for row in b.products] for b in series] == [
        [row.to_json() for row in store.board(m).products] for m in moments]
