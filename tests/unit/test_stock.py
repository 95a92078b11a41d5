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
    fullest,
    orders_matter_since,
    positions_at,
    take_from_fullest,
)
from core.stock.pools import StockWarehouse
from core.stock.turnover import turnover_class, turnover_days

T0 = datetime(2026, 11, 20, 20, 0, tzinfo=UTC)
EVERYWHERE = (StockWarehouse("W1", "US"), StockWarehouse("W2", "US"))  # serve every platform


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def counts(*rows: tuple[str, float, int], sku: str = "A") -> pd.DataFrame:
    """(warehouse, minutes from T0, on hand - reserved) as `core.stock.reads.stock_counts`."""
    return pd.DataFrame([(sku, wh, at(m), units) for wh, m, units in rows],
                        columns=["sku", "warehouse_id", "counted_at", "units"])


def draws(*rows: tuple[float, str | None, int], platform: str = "tiktok",
          market: str = "US") -> pd.DataFrame:
    """(minutes from T0, warehouse or None, qty) as `core.stock.reads.stock_draws`."""
    return pd.DataFrame([(at(m), wh, qty, platform, market) for m, wh, qty in rows],
                        columns=["ts", "warehouse_id", "qty", "platform", "market"])


def latest(*rows: tuple[str, str | None, float, int | None, int]) -> pd.DataFrame:
    """(sku, warehouse or None, minutes from T0 of the count, counted units, ordered
    units) as `core.stock.reads.latest_positions`; rows without a warehouse are TikTok
    orders to the US placed after that count."""
    return pd.DataFrame([(sku, wh, at(m), counted, ordered,
                          None if wh else "tiktok", None if wh else "US")
                         for sku, wh, m, counted, ordered in rows],
                        columns=["sku", "warehouse_id", "counted_at", "counted_units",
                                 "ordered_units", "platform", "market"])


def path_values(path: pd.DataFrame) -> list[tuple[float, int]]:
    return [((ts - T0).total_seconds() / 60, int(units))
            for ts, units in path[["ts", "available"]].itertuples(index=False)]


# --------------------------------------------------------------------------- the rule


def test_the_worked_example_leaves_7_available() -> None:
    # W1 counted 10 at 19:00, W2 5 at 19:30; W1 ships 4 at 20:05; the session sells 1
    # without a warehouse at 19:20 (only W1 counted: charged to it) and 3 at 20:10
    # (W1 and W2 both hold 5: the lower id).
    path = available_path(counts=counts(("W1", -60, 10), ("W2", -30, 5)),
                          draws=draws((-40, None, 1), (5, "W1", 4), (10, None, 3)),
                          begin=at(-60), until=at(30), warehouses=EVERYWHERE)

    assert path_values(path)[-1] == (10, 7)


def test_the_same_example_read_as_latest_counts_gives_the_same_position() -> None:
    # After 19:00: 4 units without a warehouse (1 + 3); after 19:30: 3.
    positions = positions_at(latest(("A", "W1", -60, 10, 4), ("A", "W2", -30, 5, 0),
                                    ("A", None, -60, None, 4), ("A", None, -30, None, 3)),
                             EVERYWHERE)

    assert positions["A"] == StockPosition({"W1": 2, "W2": 5})
    assert positions["A"].available == 7


def test_orders_without_a_warehouse_are_charged_only_where_they_could_ship() -> None:
    # Without the market's warehouses nothing can ship them: they take nothing.
    positions = positions_at(latest(("A", "W1", -60, 10, 0), ("A", None, -60, None, 4)))

    assert positions["A"].available == 10


def test_a_count_replaces_what_the_warehouse_had_and_takes_in_earlier_orders() -> None:
    position = (NOTHING_COUNTED.after_count(warehouse_id="W1", units=10)
                .after_unshipped_order(units=4, candidates=EVERYWHERE)
                .after_count(warehouse_id="W1", units=7))

    assert position == StockPosition({"W1": 7})


def test_an_oversold_warehouse_is_covered_by_the_pool_and_what_it_cannot_cover_is_owed(
) -> None:
    assert StockPosition({"W1": -5, "W2": 10}).available == 5
    assert StockPosition({"W1": 2, "W2": -7}).available == 0
    assert StockPosition({"W1": 2, "W2": -7}).owed_in() == 5
    assert StockPosition({"W1": 2, "W2": -7}).owed_in({"W1"}) == 0  # W2 is not this pool's


def test_orders_before_anything_was_counted_take_nothing() -> None:
    position = (NOTHING_COUNTED.after_unshipped_order(units=3, candidates=EVERYWHERE)
                .after_order(warehouse_id="W1", units=2))

    assert position == NOTHING_COUNTED and position.available == 0


def test_a_product_counted_nowhere_has_no_position() -> None:
    assert positions_at(latest(("A", "W1", 0, 4, 0))).get("B", NOTHING_COUNTED).available == 0


def test_orders_without_a_warehouse_are_charged_after_every_warehouse_is_counted() -> None:
    # The row without a warehouse may come first: the counts must not wipe it out.
    positions = positions_at(latest(("A", None, 0, None, 2), ("A", "W1", 0, 5, 1)), EVERYWHERE)

    assert positions["A"].available == 2


def test_an_order_between_two_counts_is_charged_among_those_counted_before_it() -> None:
    # W2 counted 20 at 19:00, W1 5 at 19:30: the 6 sold without a warehouse between the
    # counts could only come from W2 (W1's later count has its own orders in it).
    positions = positions_at(latest(("A", "W1", -30, 5, 0), ("A", "W2", -60, 20, 0),
                                    ("A", None, -60, None, 6), ("A", None, -30, None, 0)),
                             EVERYWHERE)

    assert positions["A"].units_by_warehouse == {"W1": 5, "W2": 14}


# --------------------------------------------------------------------------- over time


def test_available_starts_from_the_count_and_falls_with_each_order() -> None:
    path = available_path(counts=counts(("W1", -60, 10)),
                          draws=draws((5, "W1", 4), (20, "W1", 6)), begin=T0, until=at(60))

    assert path_values(path) == [(0, 10), (5, 6), (20, 0)]


def test_an_order_stamped_with_a_count_s_time_is_already_in_that_count() -> None:
    path = available_path(counts=counts(("W1", -60, 10), ("W1", 10, 8)),
                          draws=draws((10, "W1", 2), (15, "W1", 1)), begin=T0, until=at(60))

    assert path_values(path) == [(0, 10), (10, 8), (10, 8), (15, 7)]


def test_orders_without_a_warehouse_count_until_the_next_count_of_their_warehouse() -> None:
    path = available_path(counts=counts(("W1", -60, 5), ("W2", -60, 6), ("W2", 30, 9)),
                          draws=draws((10, None, 3), (40, None, 2)), begin=T0, until=at(60),
                          warehouses=EVERYWHERE)

    # 11 - 3 (from W2, the fuller) = 8; W2's count at 30 supersedes it (5 + 9 = 14); - 2.
    assert path_values(path) == [(0, 11), (10, 8), (30, 14), (40, 12)]


def test_the_path_counts_only_the_pool_it_is_asked_for() -> None:
    fba = StockWarehouse("FBA", "US", frozenset({"amazon"}), mode="platform")
    path = available_path(counts=counts(("W1", -60, 5), ("FBA", -60, 400)),
                          draws=draws((10, None, 3)), begin=T0, until=at(60),
                          warehouses=(fba, *EVERYWHERE), pool={"W1", "W2"})

    # The TikTok order ships from W1 (FBA serves Amazon only); FBA's 400 never count.
    assert path_values(path) == [(0, 5), (10, 2)]


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


def test_the_fullest_warehouse_ties_by_id() -> None:
    assert fullest({"W2": 7, "W1": 7, "W3": 2}) == "W1"
    assert fullest({}) is None


def test_taking_units_empties_the_fullest_warehouse_first_and_leaves_the_input_alone() -> None:
    before = {"W1": 5, "W2": 3}

    assert take_from_fullest(before, 6) == {"W1": 0, "W2": 2}
    assert take_from_fullest(before, 20) == {"W1": 0, "W2": 0}
    assert before == {"W1": 5, "W2": 3}


def test_what_each_warehouse_can_sell_adds_up_to_available() -> None:
    position = StockPosition({"W1": -5, "W2": 10, "W3": 4})

    sellable = position.sellable_by_warehouse()

    assert sellable == {"W1": 0, "W2": 5, "W3": 4}
    assert sum(sellable.values()) == position.available == 9


def test_what_a_pool_can_sell_leaves_out_the_warehouses_outside_it() -> None:
    position = StockPosition({"FBA": 466, "FBT": 12, "3PL": 9})

    assert position.sellable_by_warehouse({"FBT", "3PL"}) == {"FBT": 12, "3PL": 9}
    assert position.available_in({"FBT", "3PL"}) == 21


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
