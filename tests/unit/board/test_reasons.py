"""The reason line of a product without a pace: what it says instead of a rate."""

from __future__ import annotations

from core.board.lights import build_board
from core.board.model import Light
from tests.unit.board.builders import SETTINGS, a_product, a_session, board_of, row


def test_a_product_that_stopped_selling_covers_the_stream_without_a_pace() -> None:
    quiet = a_product(available=40, units_sold=25, units_per_min=0.0)

    assert row(board_of(quiet), "SKU-101").reason == "40 left · covers the stream"


def test_a_swap_without_a_pace_says_how_many_are_expected() -> None:
    board = board_of(a_product(available=40), demand={"SKU-101": 60.0})

    assert row(board, "SKU-101").reason == "40 left · 60 expected · no substitute can take it"


def test_a_push_short_of_its_expected_demand_says_it_may_last_and_what_is_expected() -> None:
    # Held PUSH by the calm replay (its stock covers the low end of the demand, not 60).
    board = build_board(a_session(), [a_product(available=40, units_sold=12,
                                                units_per_min=0.5)],
                        {"SKU-101": 60.0}, SETTINGS, lights={"SKU-101": Light.PUSH})

    assert row(board, "SKU-101").reason == "40 left · 0.5/min · may last (60 expected)"
    assert row(board, "SKU-101").reason_zh.startswith("剩 40 件")
