"""The reason line of a product without a pace: what it says instead of a rate."""

from __future__ import annotations

from tests.unit.board.builders import a_product, board_of, row


def test_a_product_that_stopped_selling_covers_the_stream_without_a_pace() -> None:
    quiet = a_product(available=40, units_sold=25, units_per_min=0.0)

    assert row(board_of(quiet), "SKU-101").reason == "40 left · covers the stream"


def test_a_swap_without_a_pace_says_how_many_are_expected() -> None:
    board = board_of(a_product(available=40), demand={"SKU-101": 60.0})

    assert row(board, "SKU-101").reason == "40 left · 60 expected · no substitute can take it"
