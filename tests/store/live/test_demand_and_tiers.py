"""The board's demand: the pace of this session, swaps to a substitute in stock, past
sessions before the stream, and the tier a warm-up surge lifts."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.board.model import Light, SessionStatus
from tests.store.live_builders import START, StoreBuilder, minutes

# --- pace, swaps, KPIs --------------------------------------------------------------------


def test_pace_counts_the_last_window_of_this_session_only(store: StoreBuilder) -> None:
    store.lineup("SKU-2", 2)
    store.order("SKU-1", 10, at=minutes(2))    # outside the 10-minute window at minute 20
    store.order("SKU-1", 6, at=minutes(12))
    store.order("SKU-1", 4, at=minutes(19))
    store.order("SKU-2", 5, at=minutes(15), session_id=None)  # off-stream

    board = store.board(minutes(20))

    assert next(r for r in board.products if r.sku == "SKU-1").units_per_min == 1.0
    assert board.units_per_min == 1.0
    assert board.units_sold == 20
    assert board.revenue == pytest.approx(400)
    assert board.minutes_live == 20
    assert board.status is SessionStatus.LIVE


def test_a_product_running_short_swaps_to_its_in_stock_substitute(store: StoreBuilder) -> None:
    store.order("SKU-1", 18, at=minutes(8))  # 1.8/min, 12 left, 100 minutes to go

    swap = store.row(minutes(10))

    assert swap.light is Light.SWAP
    assert swap.swap_to == "SKU-2"
    assert swap.reason == "12 left · 1.8/min · out in 7 min · swap to Product SKU-2 (500 left)"


def test_before_the_stream_demand_comes_from_past_sessions(store: StoreBuilder) -> None:
    store.session("S0", start=START - timedelta(days=3), length_min=60)
    store.lineup("SKU-1", 1, session_id="S0")
    store.order("SKU-1", 30, at=START - timedelta(days=3) + timedelta(minutes=30),
                session_id="S0")  # 0.5 per stream minute

    warmup = store.row(minutes(-30))

    assert warmup.available == 30  # S0's order came before the count
    assert warmup.remaining_demand == pytest.approx(60)  # 0.5 x 120 minutes
    assert warmup.light is Light.SWAP


# --- tiers and expected viewers -------------------------------------------------------------


def test_a_warmup_surge_above_past_sessions_lifts_the_tier_to_live(store: StoreBuilder) -> None:
    for days, audience in ((7, 800), (14, 1200)):
        sid = f"P{days}"
        store.session(sid, start=START - timedelta(days=days))
        store.viewers(audience, at=START - timedelta(days=days, minutes=32), session_id=sid)
    store.viewers(1400, at=minutes(-31))

    calm = store.board(minutes(-30))
    store.viewers(1600, at=minutes(-20))
    surging = store.board(minutes(-20))

    assert calm.expected_viewers == pytest.approx(1000)  # past sessions 30 minutes before
    assert (calm.status, calm.viewers, calm.tier) == (SessionStatus.WARMUP, 1400, "warmup")
    assert (surging.viewers, surging.tier) == (1600, "live")  # 1,600 > 1,000 x 1.5
