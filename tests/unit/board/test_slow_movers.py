"""Slow movers: pushed to clear them while they last the stream, still SWAP when they run
out before the end."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from core.board.model import Light
from core.stock.turnover import days_in_stock
from tests.unit.board.builders import a_product, board_of, row


def test_a_slow_mover_is_pushed_to_clear_it_while_it_lasts_the_stream() -> None:
    # 140 units, 30 sold in 30 days -> 140 days of stock; 130 expected: no 20% margin.
    slow = a_product(available=140, units_30d=30)

    pushed = row(board_of(slow, demand={"SKU-101": 130.0}), "SKU-101")

    assert pushed.light is Light.PUSH
    assert pushed.slow_mover
    assert pushed.turnover_days == pytest.approx(140)
    assert pushed.reason == "slow mover: 140 days of stock · 140 left · push it"


def test_a_slow_mover_that_runs_out_before_the_end_is_still_swap() -> None:
    slow = a_product(available=140, units_30d=30)

    assert row(board_of(slow, demand={"SKU-101": 400.0}), "SKU-101").light is Light.SWAP


def test_a_product_that_sold_nothing_in_30_days_is_a_slow_mover() -> None:
    idle = row(board_of(a_product(available=50, units_30d=0), demand={"SKU-101": 45.0}),
               "SKU-101")

    assert idle.light is Light.PUSH
    assert math.isinf(idle.turnover_days or 0)
    assert idle.reason == "no sales in 30 days · 50 left · push it"


def november(day: int) -> datetime:
    return datetime(2026, 11, day, tzinfo=UTC)


def test_a_product_out_of_stock_20_of_the_30_days_turns_over_at_its_in_stock_pace() -> None:
    # In stock Nov 1-5 and Nov 26-30 (10 days), out from Nov 6 to 26; 30 sold in those 10
    # days: 3 a day, so its 150 units last 50 days (at 30 days' pace, 150: a slow mover).
    path = pd.DataFrame({"ts": [november(1), november(6), november(26)],
                         "available": [40, 0, 150]})
    in_stock = days_in_stock(path, begin=november(1), end=november(1) + timedelta(days=30))
    product = a_product(available=150, units_30d=30, in_stock_days_30d=in_stock)

    judged = row(board_of(product, demand={"SKU-101": 130.0}), "SKU-101")

    assert in_stock == pytest.approx(10)
    assert judged.turnover_days == pytest.approx(50)
    assert not judged.slow_mover
    # Not a slow mover to clear: 150 left for 130 wanted is short of the 20% margin (156).
    assert judged.light is Light.SWAP
