"""The board's JSON: exactly the contract's fields."""

from __future__ import annotations

from tests.unit.board.builders import a_product, board_of


def test_the_board_json_has_exactly_the_contract_fields() -> None:
    board = board_of(a_product(available=0, units_per_min=1))

    data = board.to_json()

    assert list(data) == ["session_id", "at", "tier", "viewers", "products"]
    assert list(data["products"][0]) == [
        "sku", "light", "available", "units_per_min", "remaining_demand",
        "minutes_to_stockout", "swap_to", "presale_ship_date", "reason"]
    assert data["products"][0]["light"] == "presale"
    assert data["products"][0]["presale_ship_date"] == "2026-12-12"
