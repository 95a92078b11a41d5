"""Stock: what the stream may still sell, per warehouse, and which warehouse ships."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime

import pandas as pd
from sqlalchemy import Connection

from core.board import reads as queries


def available_units(conn: Connection, *, session_id: str, skus: Sequence[str], market: str,
                    at: datetime) -> dict[str, dict[str, int]]:
    """Units each product can still sell at `at`, per warehouse of the session's market.

    The board's own reading (core.board.reads): per warehouse, on_hand - reserved of the latest
    count at or before `at` minus the units ordered from it since; this session's orders
    that name no warehouse are taken from the product's fullest warehouse. Never below 0.
    """
    warehouse_ids = queries.market_warehouse_ids(conn=conn, market=market)
    positions = queries.stock_positions(conn=conn, session_id=session_id, skus=skus,
                                        warehouse_ids=warehouse_ids, at=at)
    left: dict[str, dict[str, int]] = {sku: {} for sku in skus}
    unassigned: Counter[str] = Counter()
    for row in positions.to_dict("records"):
        sku, warehouse_id, units = str(row["sku"]), row["warehouse_id"], int(row["units"])
        if pd.isna(warehouse_id):
            unassigned[sku] -= units  # that row holds minus the units
        else:
            left[sku][str(warehouse_id)] = units
    for sku, units in unassigned.items():
        take_units(left[sku], units)
    return {sku: {wh: max(units, 0) for wh, units in by_wh.items()}
            for sku, by_wh in left.items()}


def pick_warehouse(units_by_warehouse: Mapping[str, int]) -> str | None:
    """The warehouse that ships an order: the one with the most left (ties by id)."""
    if not units_by_warehouse:
        return None
    return max(sorted(units_by_warehouse), key=lambda wh: units_by_warehouse[wh])


def take_units(units_by_warehouse: dict[str, int], qty: int) -> None:
    """Take `qty` units from the fullest warehouses first, as `pick_warehouse` ships them."""
    while qty > 0 and units_by_warehouse:
        fullest = pick_warehouse(units_by_warehouse)
        assert fullest is not None
        taken = min(qty, units_by_warehouse[fullest])
        if taken <= 0:
            return
        units_by_warehouse[fullest] -= taken
        qty -= taken
