"""The planner's sliders applied to the store's projection inputs (core.planning.whatif)."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from core.planning.projection import ProjectionInputs
from core.planning.replenish import LaneOption
from core.planning.whatif import (
    Baseline,
    LineupSliders,
    apply_lineup_sliders,
    apply_sliders,
    common_modes,
    compare_batching,
    default_sliders,
    lanes_into,
    outcome,
)

SEA = LaneOption("sea", 35, 4, 0.8, 400)
AIR = LaneOption("air", 8, 1, 4.0, 150)


def a_baseline(sku: str = "A", warehouse_id: str = "W", **changes: object) -> Baseline:
    inputs = ProjectionInputs(
        on_hand_units=100, baseline_units_per_day=5, stream_days=(3,), expected_viewers=2000,
        orders_per_1000_viewers=10, price=20, usual_price=20, lead_time_days=40,
        freight_cost_unit=0.8, freight_cost_shipment=400, freight_mode="sea",
        storage_fee_unit_day=0.02,
        labels={"sku": sku, "warehouse_id": warehouse_id}).with_changes(**changes)
    return Baseline(inputs, sku, 5, {"sea": SEA, "air": AIR}, "USD", "USD", 60)


def test_the_lanes_come_slowest_first_by_mode() -> None:
    lanes = pd.DataFrame({"warehouse_id": ["W", "W", "X"], "mode": ["air", "sea", "sea"],
                          "transit_days": [8.0, 35.0, 20.0], "transit_days_sd": [1.0, 4, 2],
                          "cost_unit": [4.0, 0.8, 1.0], "cost_shipment": [150.0, 400, 300]})

    assert list(lanes_into(lanes, warehouse_id="W")) == ["sea", "air"]
    assert lanes_into(lanes, warehouse_id="W")["air"] == AIR


def test_default_sliders_reproduce_the_store_inputs() -> None:
    base = a_baseline()

    assert apply_sliders(base, default_sliders(base)) == base.inputs


def test_air_takes_the_air_lanes_costs_and_the_sliders_lead_time() -> None:
    base = a_baseline()
    sliders = default_sliders(base)

    flown = apply_sliders(base, sliders.__class__(**{**sliders.__dict__,
                                                    "freight_mode": "air",
                                                    "lead_time_days": 13}))

    assert (flown.freight_cost_unit, flown.freight_cost_shipment) == (4.0, 150)
    assert flown.lead_time_days == 13


def test_the_lineup_rate_is_shared_in_proportion_and_evenly_when_there_is_none() -> None:
    bases = [a_baseline("A", orders_per_1000_viewers=0),
             a_baseline("B", orders_per_1000_viewers=0)]
    sliders = LineupSliders(1000, 10, 0.0, 0, "sea", 1, 4.0, 0.95)

    assert [i.orders_per_1000_viewers for i in apply_lineup_sliders(bases, sliders)] == [5, 5]


def test_a_lineup_price_cut_and_delay_reach_every_product() -> None:
    bases = [a_baseline("A"), a_baseline("B", price=10, usual_price=10)]
    sliders = LineupSliders(1000, 20, -0.2, 7, "air", 50, 8.0, 0.9)

    inputs = apply_lineup_sliders(bases, sliders)

    assert [i.price for i in inputs] == pytest.approx([16, 8])
    assert {i.lead_time_days for i in inputs} == {5 + 8 + 7}
    assert {(i.batch_units, i.tier_days, i.expected_viewers) for i in inputs} == {(50, 8, 1000)}


def test_a_warehouse_without_the_chosen_mode_keeps_its_own_lane() -> None:
    sea_only = Baseline(a_baseline("B").inputs, "B", 5, {"sea": SEA}, "USD", "USD")
    sliders = LineupSliders(1000, 20, 0.0, 0, "air", 1, 4.0, 0.95)

    flown, shipped = apply_lineup_sliders([a_baseline("A"), sea_only], sliders)

    assert (flown.lead_time_days, flown.freight_cost_unit) == (13, 4.0)
    assert (shipped.lead_time_days, shipped.freight_cost_unit) == (40, 0.8)


def test_only_modes_every_warehouse_has_are_offered() -> None:
    sea_only = Baseline(a_baseline().inputs, "B", 5, {"sea": SEA}, "USD", "USD")

    assert common_modes([a_baseline(), sea_only]) == ["sea"]
    assert common_modes([]) == []


def test_lost_sales_are_valued_at_each_products_price() -> None:
    cheap = a_baseline("A", on_hand_units=0, price=10, usual_price=10).inputs
    dear = a_baseline("B", on_hand_units=0, price=30, usual_price=30).inputs

    result = outcome([cheap, dear])

    lost = result.projection.frame.groupby("sku")["lost_sales"].sum()
    assert result.lost_value == pytest.approx(lost["A"] * 10 + lost["B"] * 30)
    assert result.lost_value > 0


def test_todays_orders_land_after_the_lead_time() -> None:
    result = outcome([a_baseline().inputs])

    orders = result.first_orders(date(2026, 12, 1))

    assert orders.loc[0, "order_qty"] == result.projection.totals.recommended_order_units > 0
    assert orders.loc[0, "arrive_by"] == date(2026, 12, 1) + timedelta(days=40)


def test_one_batch_ships_once_and_weekly_batches_ship_most_weeks() -> None:
    inputs = a_baseline(on_hand_units=0, lead_time_days=14, days=56).inputs

    weekly, one = compare_batching([inputs])

    assert one.shipments == 1
    assert 6 <= weekly.shipments <= 8  # one per week with something to order
    for option in (weekly, one):  # 0.8 a unit + 400 a shipment
        assert option.freight_cost == pytest.approx(0.8 * option.ordered_units
                                                    + 400 * option.shipments)
    assert one.storage_cost > weekly.storage_cost  # the big batch waits on the shelf
    assert weekly.total_cost == weekly.freight_cost + weekly.storage_cost
