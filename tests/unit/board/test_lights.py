"""The lights: PUSH when stock covers the rest of the stream with the margin, SWAP when it
doesn't, PRESALE when only minutes of stock are left or nothing is sellable."""

from __future__ import annotations

from core.board.model import Light
from tests.unit.board.builders import a_product, board_of, row


def test_a_product_that_covers_the_rest_of_the_stream_with_the_margin_is_push() -> None:
    board = board_of(a_product(available=1240, units_per_min=3))  # 100 min x 3 = 300

    assert row(board, "SKU-101").light is Light.PUSH
    assert row(board, "SKU-101").reason == "1,240 left · 3/min · covers the stream"


def test_stock_that_covers_the_demand_but_not_the_margin_is_swap() -> None:
    board = board_of(a_product(available=110), demand={"SKU-101": 100.0})

    assert row(board, "SKU-101").light is Light.SWAP  # 110 < 100 x 1.2


def test_only_minutes_of_stock_left_is_presale() -> None:
    board = board_of(a_product(available=8, units_per_min=2))  # 4 min < 5

    presale = row(board, "SKU-101")
    assert presale.light is Light.PRESALE
    assert presale.reason.startswith("8 left · 2/min · out in 4 min · presale, ships ")


def test_nothing_sellable_is_presale_even_when_nothing_is_expected_to_sell() -> None:
    board = board_of(a_product(available=0, units_30d=0), demand={"SKU-101": 0.0})

    assert row(board, "SKU-101").light is Light.PRESALE
    assert row(board, "SKU-101").reason.startswith("out of stock · presale, ships")


def test_a_product_with_no_sales_yet_is_push_when_its_stock_covers_the_forecast() -> None:
    board = board_of(a_product(available=820), demand={"SKU-101": 300.0})

    assert row(board, "SKU-101").light is Light.PUSH
    assert row(board, "SKU-101").minutes_to_stockout is None
    assert row(board, "SKU-101").reason == "no sales yet · 820 left"


def test_a_product_with_a_handful_left_is_never_push() -> None:
    # 40 left covers the 30 units the stream still wants, but not 15 minutes at 3/min.
    handful = a_product(available=40, units_per_min=3.0)

    board = board_of(handful, demand={"SKU-101": 30.0})

    assert row(board, "SKU-101").light is Light.SWAP
