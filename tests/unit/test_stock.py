"""Available stock and turnover: the one rule the board, review, planning and simulator share."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from core.stock.available import (
    NOTHING_COUNTED,
    StockPosition,
    available_path,
    orders_matter_since,
    pick_warehouse,
    positions_at,
    take_from_fullest,
)
from core.stock.turnover import turnover_class, turnover_days

T0 = datetime(2026, 11, 20, 20, 0, tzinfo=UTC)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def counts(*rows: tuple[str, float, int], sku: str = "A") -> pd.DataFrame:
    """(warehouse, minutes from T0, on hand - reserved) as `core.stock.reads.stock_counts`."""
    return pd.DataFrame([(sku, wh, at(m), units) for wh, m, units in rows],
                        columns=["sku", "warehouse_id", "counted_at", "units"])


def draws(*rows: tuple[float, str | None, int]) -> pd.DataFrame:
    """(minutes from T0, warehouse or None, qty) as `core.stock.reads.stock_draws`."""
    return pd.DataFrame([(at(m), wh, qty) for m, wh, qty in rows],
                        columns=["ts", "warehouse_id", "qty"])


def latest(*rows: tuple[str, str | None, int | None, int]) -> pd.DataFrame:
    """(sku, warehouse or None, counted units, ordered units) as
    `core.stock.reads.latest_positions`."""
    return pd.DataFrame([(sku, wh, None if wh is None else T0, counted, ordered)
                         for sku, wh, counted, ordered in rows],
                        columns=["sku", "warehouse_id", "counted_at", "counted_units",
                                 "ordered_units"])


def path_values(path: pd.DataFrame) -> list[tuple[float, int]]:
    return [((ts - T0).total_seconds() / 60, int(units))
            for ts, units in path[["ts", "available"]].itertuples(index=False)]


# --------------------------------------------------------------------------- the rule


def test_the_worked_example_leaves_8_available() -> None:
    # W1 counted 10 at 19:00, W2 5 at 19:30; W1 ships 4 at 20:05; the session sells 1
    # without a warehouse at 19:20 (in W2's count) and 3 at 20:10.
    path = available_path(counts=counts(("W1", -60, 10), ("W2", -30, 5)),
                          draws=draws((-40, None, 1), (5, "W1", 4), (10, None, 3)),
                          begin=at(-60), until=at(30))

    assert path_values(path)[-1] == (10, 8)


def test_the_same_example_read_as_latest_counts_gives_the_same_position() -> None:
    positions = positions_at(latest(("A", "W1", 10, 4), ("A", "W2", 5, 0), ("A", None, None, 3)))

    assert positions["A"] == StockPosition({"W1": 6, "W2": 5}, unassigned_units=3)
    assert positions["A"].available == 8


def test_a_count_replaces_what_the_warehouse_had_and_takes_in_earlier_unassigned_orders() -> None:
    position = (NOTHING_COUNTED.after_count(warehouse_id="W1", units=10)
                .after_order(warehouse_id=None, units=4)
                .after_count(warehouse_id="W1", units=7))

    assert position == StockPosition({"W1": 7}, unassigned_units=0)


def test_an_oversold_warehouse_is_covered_by_the_others_and_the_total_never_goes_below_0() -> None:
    assert StockPosition({"W1": -5, "W2": 10}).available == 5
    assert StockPosition({"W1": 2}, unassigned_units=5).available == 0


def test_orders_before_anything_was_counted_take_nothing() -> None:
    position = (NOTHING_COUNTED.after_order(warehouse_id=None, units=3)
                .after_order(warehouse_id="W1", units=2))

    assert position == NOTHING_COUNTED and position.available == 0


def test_a_product_counted_nowhere_has_no_position() -> None:
    assert positions_at(latest(("A", "W1", 4, 0))).get("B", NOTHING_COUNTED).available == 0


def test_unassigned_orders_are_taken_after_every_warehouse_is_counted() -> None:
    # The unassigned row may come first: the counts must not wipe it out.
    positions = positions_at(latest(("A", None, None, 2), ("A", "W1", 5, 1)))

    assert positions["A"].available == 2


# --------------------------------------------------------------------------- over time


def test_available_starts_from_the_count_and_falls_with_each_order() -> None:
    path = available_path(counts=counts(("W1", -60, 10)),
                          draws=draws((5, "W1", 4), (20, "W1", 6)), begin=T0, until=at(60))

    assert path_values(path) == [(0, 10), (5, 6), (20, 0)]


def test_an_order_stamped_with_a_count_s_time_is_already_in_that_count() -> None:
    path = available_path(counts=counts(("W1", -60, 10), ("W1", 10, 8)),
                          draws=draws((10, "W1", 2), (15, "W1", 1)), begin=T0, until=at(60))

    assert path_values(path) == [(0, 10), (10, 8), (10, 8), (15, 7)]


def test_orders_without_a_warehouse_count_until_the_next_count() -> None:
    path = available_path(counts=counts(("W1", -60, 5), ("W2", -60, 5), ("W2", 30, 9)),
                          draws=draws((10, None, 3), (40, None, 2)), begin=T0, until=at(60))

    # 10 - 3 = 7; the count at 30 supersedes the unassigned order (W1 5 + W2 9 = 14); - 2.
    assert path_values(path) == [(0, 10), (10, 7), (30, 14), (40, 12)]


def test_orders_from_a_warehouse_never_counted_do_not_touch_the_stock() -> None:
    path = available_path(counts=counts(("W1", -60, 5)), draws=draws((10, "W9", 3)),
                          begin=T0, until=at(60))

    assert path_values(path) == [(0, 5), (10, 5)]


def test_oversold_stock_is_shown_as_zero_available() -> None:
    path = available_path(counts=counts(("W1", -60, 2)), draws=draws((1, "W1", 3)),
                          begin=T0, until=at(60))

    assert path_values(path) == [(0, 2), (1, 0)]


def test_a_product_never_counted_has_nothing_available() -> None:
    path = available_path(counts=counts(), draws=draws(), begin=T0, until=at(60))

    assert path_values(path) == [(0, 0)]


def test_a_path_that_ends_before_it_begins_is_refused() -> None:
    with pytest.raises(ValueError, match="before begin"):
        available_path(counts=counts(), draws=draws(), begin=T0, until=at(-1))


def test_orders_matter_from_each_pair_s_latest_count_before_the_stream() -> None:
    # W1: counted at -90 and -30 (the later one holds at the start); W2 first counted at +10.
    found = orders_matter_since(counts(("W1", -90, 5), ("W1", -30, 5), ("W2", 10, 3)), T0)

    assert found == at(-30)
    assert orders_matter_since(counts(), T0) == T0


# --------------------------------------------------------------------------- warehouses


def test_an_order_ships_from_the_warehouse_with_the_most_left_ties_by_id() -> None:
    assert pick_warehouse({"W2": 7, "W1": 7, "W3": 2}) == "W1"
    assert pick_warehouse({}) is None


def test_taking_units_empties_the_fullest_warehouse_first_and_leaves_the_input_alone() -> None:
    before = {"W1": 5, "W2": 3}

    assert take_from_fullest(before, 6) == {"W1": 0, "W2": 2}
    assert take_from_fullest(before, 20) == {"W1": 0, "W2": 0}
    assert before == {"W1": 5, "W2": 3}


def test_what_each_warehouse_can_sell_adds_up_to_available() -> None:
    position = StockPosition({"W1": -5, "W2": 10, "W3": 4}, unassigned_units=2)

    sellable = position.sellable_by_warehouse()

    assert sellable == {"W1": 0, "W2": 3, "W3": 4}
    assert sum(sellable.values()) == position.available == 7


# --------------------------------------------------------------------------- turnover


def test_turnover_is_stock_over_daily_sales() -> None:
    assert turnover_days(stock_units=600, units_per_day=20) == 30
    assert turnover_days(stock_units=140, units_per_day=30 / 30) == pytest.approx(140)


def test_stock_that_sells_nothing_never_turns_over() -> None:
    assert turnover_days(stock_units=50, units_per_day=0) == math.inf


def test_no_stock_and_no_sales_or_unknown_sales_have_no_turnover() -> None:
    assert turnover_days(stock_units=0, units_per_day=0) is None
    assert turnover_days(stock_units=50, units_per_day=None) is None


def test_sold_out_stock_that_sells_turns_over_at_once() -> None:
    assert turnover_days(stock_units=0, units_per_day=3) == 0


def test_negative_stock_has_no_turnover_to_compute() -> None:
    with pytest.raises(ValueError, match="stock_units"):
        turnover_days(stock_units=-1, units_per_day=3)


def test_turnover_classes_fast_under_30_days_slow_over_90_or_never() -> None:
    assert [turnover_class(d) for d in (10, 30, 90, 91, math.inf, None)] == [
        "fast", "regular", "regular", "slow", "slow", "slow"]
