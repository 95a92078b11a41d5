"""Swaps: the substitute a short product's demand goes to, only one with spare units for it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from core.board.model import Light
from tests.unit.board.builders import a_product, board_of, row


def test_running_out_before_the_end_swaps_to_the_substitute_with_the_most_spare_units(
) -> None:
    short = a_product("SKU-101", available=18, units_per_min=3)  # out in 6 min
    big = a_product("SKU-204", available=1240, slot=2, units_per_min=1)  # 1,240 - 100 spare
    bigger_but_busy = a_product("SKU-205", available=1300, slot=3, units_per_min=10)  # 300

    board = board_of(short, big, bigger_but_busy)

    swap = row(board, "SKU-101")
    assert swap.light is Light.SWAP
    assert swap.swap_to == "SKU-204"
    assert swap.minutes_to_stockout == pytest.approx(6.0)
    assert swap.reason == ("18 left · 3/min · out in 6 min · swap to Product SKU-204 "
                           "(1,240 left)")
    assert swap.reason_zh == ("剩 18 件 · 每分钟 3 件 · 约 6 分钟卖完 · 换 Product SKU-204"
                              "（剩 1,240 件）")


def test_a_substitute_that_is_itself_short_is_never_offered() -> None:
    short = a_product("SKU-101", available=18, units_per_min=3)
    also_short = a_product("SKU-204", available=40, slot=2, units_per_min=2)  # SWAP itself

    board = board_of(short, also_short)

    assert row(board, "SKU-204").light is Light.SWAP
    assert row(board, "SKU-101").swap_to is None
    assert row(board, "SKU-101").reason.endswith("· no substitute can take it")


def test_a_product_without_a_substitute_group_has_no_swap() -> None:
    board = board_of(a_product(available=18, units_per_min=3, group=None),
                     a_product("SKU-204", available=900, slot=2, group=None))

    assert row(board, "SKU-101").light is Light.SWAP
    assert row(board, "SKU-101").swap_to is None


def test_a_catalogue_product_can_be_the_swap_but_is_not_on_the_board() -> None:
    short = a_product("SKU-101", available=18, units_per_min=3)
    shelf = a_product("SKU-900", available=500, slot=None, units_30d=None)  # not in lineup

    board = board_of(short, shelf)

    assert [r.sku for r in board.products] == ["SKU-101"]
    assert row(board, "SKU-101").swap_to == "SKU-900"
    assert row(board, "SKU-101").swap_to_name == "Product SKU-900"
    assert row(board, "SKU-101").reason.endswith("· swap to Product SKU-900 (500 left)")


def test_presale_also_names_an_in_stock_substitute() -> None:
    board = board_of(a_product(available=0, units_per_min=1),
                     a_product("SKU-204", available=700, slot=2))

    assert row(board, "SKU-101").swap_to == "SKU-204"
    assert row(board, "SKU-101").reason.endswith("· swap to Product SKU-204 (700 left)")


def test_a_swap_target_must_have_spare_for_the_demand_it_receives() -> None:
    # RL-12 sells 13/min with 100 minutes left and 120 in stock: 1,180 short. RL-18 has 83.
    fast = a_product("RL-12", available=120, units_per_min=13)
    small = a_product("RL-18", available=83, slot=2)

    swap = row(board_of(fast, small), "RL-12")

    assert swap.light is Light.SWAP
    assert swap.swap_to is None
    assert swap.reason.endswith("· no substitute can take it")


def test_a_target_takes_only_the_sum_of_shortfalls_it_can_cover_biggest_first() -> None:
    big_gap = a_product("A", available=10, slot=1)      # short 90
    small_gap = a_product("B", available=40, slot=2)    # short 60
    target = a_product("T", available=200, slot=3)      # spare 200 - 0 = 200

    board = board_of(big_gap, small_gap, target,
                     demand={"A": 100.0, "B": 100.0, "T": 0.0})

    assert row(board, "A").swap_to == "T"
    assert row(board, "B").swap_to == "T"  # 90 + 60 = 150 <= 200
    tight = board_of(big_gap, small_gap, replace(target, available=120),
                     demand={"A": 100.0, "B": 100.0, "T": 0.0})
    assert (row(tight, "A").swap_to, row(tight, "B").swap_to) == ("T", None)
