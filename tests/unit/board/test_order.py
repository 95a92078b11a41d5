"""The order of the rows: PUSH, then SWAP, then PRESALE; slow movers and most cover first;
lineup slots among equals."""

from __future__ import annotations

from tests.unit.board.builders import a_product, board_of


def test_the_board_lists_push_then_swap_then_presale_slow_movers_and_most_cover_first(
) -> None:
    products = [
        a_product("P-SLOT1", slot=1, available=300),     # cover 3.0
        a_product("SOLDOUT", slot=2, available=0),
        a_product("SWAP-A", slot=3, available=50),
        a_product("P-SLOT4", slot=4, available=600),     # cover 6.0
        a_product("SLOW", slot=5, available=900, units_30d=100),  # 270 days
        a_product("SWAP-B", slot=0, available=60),
    ]
    demand = {p.sku: 100.0 for p in products}

    board = board_of(*products, demand=demand)

    assert [r.sku for r in board.products] == [
        "SLOW", "P-SLOT4", "P-SLOT1", "SWAP-B", "SWAP-A", "SOLDOUT"]


def test_push_rows_with_the_same_cover_keep_their_lineup_slots() -> None:
    products = [a_product(f"SKU-{slot}", slot=slot, available=500) for slot in (3, 1, 2)]

    board = board_of(*products, demand={p.sku: 0.0 for p in products})

    assert [r.slot for r in board.products] == [1, 2, 3]


def test_push_tiles_keep_their_slot_order_while_cover_drifts_inside_a_band() -> None:
    first, second = a_product("A", slot=1, available=300), a_product("B", slot=2, available=330)

    board = board_of(first, second, demand={"A": 100.0, "B": 100.0})  # 3.0x and 3.3x

    assert [r.sku for r in board.products] == ["A", "B"]
