"""The pace estimate of remaining demand: the pace once selling, history before, the whole
stream before it starts, nothing after it ends."""

from __future__ import annotations

import pytest

from core.board.model import SessionStatus, pace_remaining_demand
from tests.unit.board.builders import a_product, a_session


def test_the_pace_estimate_uses_the_pace_once_selling_and_history_before() -> None:
    session = a_session(minutes_in=80)  # 40 minutes left
    selling = a_product("A", units_per_min=3)
    waiting = a_product("B", history_units_per_min=0.5)
    shelf = a_product("C", slot=None, history_units_per_min=2)

    demand = pace_remaining_demand(session, [selling, waiting, shelf])

    assert demand == {"A": pytest.approx(120), "B": pytest.approx(20), "C": 0.0}


def test_before_the_stream_the_whole_stream_is_still_to_come() -> None:
    session = a_session(minutes_in=-60)
    demand = pace_remaining_demand(session, [a_product(history_units_per_min=0.5)])

    assert session.status is SessionStatus.WARMUP
    assert demand["SKU-101"] == pytest.approx(60)  # 0.5 x 120 minutes


def test_after_the_stream_nothing_remains_to_sell() -> None:
    session = a_session(minutes_in=150)

    assert pace_remaining_demand(session, [a_product(units_per_min=4)]) == {"SKU-101": 0.0}
    assert session.minutes_live == pytest.approx(120)
