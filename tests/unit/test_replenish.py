"""The replenishment plan: order-up-to targets, sea by default, air only for the gap, costs."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from core.planning.plan import plan_lines
from core.planning.replenish import (
    DemandOutlook,
    LaneOption,
    PlanInputs,
    SessionDemand,
    WarehouseFees,
    compare_batching,
    cost_per_unit_sold,
    order_cost,
    round_up_to_batch,
)

AT = datetime(2026, 3, 1, 12, tzinfo=UTC)
SEA = LaneOption("sea", transit_days=30, transit_days_sd=5, cost_unit=0.5, cost_shipment=200)
AIR = LaneOption("air", transit_days=8, transit_days_sd=1, cost_unit=4.0, cost_shipment=150)
FEES = WarehouseFees(storage_fee_unit_day=0.02, inbound_fee_unit=0.3, outbound_fee_order=3,
                     return_fee_unit=3)


def inputs(**changes: object) -> PlanInputs:
    base = PlanInputs(sku="A", warehouse_id="W", at=AT, tier="daily", tier_days=4,
                      avg_daily_sales=10, outlook=DemandOutlook(10), available_units=100,
                      inbound=(), supplier_lead_days=5, sea=SEA, air=AIR, fees=FEES,
                      review_period_days=7)
    return replace(base, **changes)  # type: ignore[arg-type]


def test_the_worked_example_sends_sea_for_the_target_and_air_for_the_gap() -> None:
    sea, air = plan_lines(inputs())

    assert (sea.mode, sea.order_qty, sea.arrive_by) == ("sea", 140, date(2026, 4, 5))
    assert (air.mode, air.order_qty, air.arrive_by) == ("air", 220, date(2026, 3, 14))
    assert sea.safety_stock == 40 and sea.reorder_point == 390 and sea.stock_position == 100
    assert sea.order_qty + air.order_qty + sea.stock_position == 460  # the target


def test_no_air_when_stock_and_inbound_last_until_sea_lands() -> None:
    lines = plan_lines(inputs(available_units=200, inbound=((20.0, 300.0),)))

    assert [line.mode for line in lines] == ["sea"]
    assert lines[0].stock_position == 500 and lines[0].order_qty == 0  # target is 460


def test_air_covers_only_the_days_until_late_inbound_lands() -> None:
    # 200 on hand, 130 used before air could land (day 13): 70 left. 300 more land on day
    # 30, sea on day 35. Days 13-30 need 170: air flies the 100 the 70 left cannot cover.
    lines = {line.mode: line for line in plan_lines(inputs(available_units=200,
                                                           inbound=((30.0, 300.0),)))}
    assert lines["air"].order_qty == 100
    assert lines["sea"].order_qty == 0  # target 460 < position 500 + air 100


def test_units_short_before_air_could_land_are_not_flown() -> None:
    # Nothing on hand: the 130 units needed in the 13 days before air can land are lost
    # whatever we do, so air carries only days 13..35.
    lines = {line.mode: line for line in plan_lines(inputs(available_units=0))}
    assert lines["air"].order_qty == 350 - 130


def test_zero_lead_time_orders_just_the_review_period() -> None:
    lane = LaneOption("sea", 0, 0, 0.5, 200)
    (line,) = plan_lines(inputs(sea=lane, air=None, supplier_lead_days=0, available_units=0))
    assert line.order_qty == 10 * 7 + 40
    assert line.arrive_by == AT.date()


def test_zero_demand_orders_nothing() -> None:
    (line,) = plan_lines(inputs(outlook=DemandOutlook(0), avg_daily_sales=0,
                                available_units=0))
    assert line.order_qty == 0 and line.cost == 0 and line.safety_stock == 0


def test_a_scheduled_stream_raises_the_target_and_can_need_air() -> None:
    stream = DemandOutlook(10, sessions=(SessionDemand(day=20, units=800),), schedule_days=20)
    lines = {line.mode: line for line in plan_lines(inputs(outlook=stream,
                                                           available_units=500))}
    # by day 35: 350 + 800 = 1,150 needed, 500 on hand -> 650 short; by day 13 none short.
    assert lines["air"].order_qty == 650
    assert lines["sea"].order_qty == 350 + 70 + 800 + 40 - 500 - 650


def test_service_level_mode_uses_z_times_the_lead_time_demand_sd() -> None:
    outlook = DemandOutlook(10, offstream_sd_per_day=4)
    (sea, *_rest) = plan_lines(inputs(outlook=outlook, safety_mode="service_level",
                                      service_level=0.95))
    # L = 35 days, lane sd 5 days: 1.645 x sqrt(35 x 16 + 100 x 25)
    assert sea.safety_stock == pytest.approx(1.6448536 * (35 * 16 + 100 * 25) ** 0.5,
                                             rel=1e-6)


def test_orders_come_in_whole_batches() -> None:
    sea, air = plan_lines(inputs(batch_units=50))
    assert air.order_qty == 250 and sea.order_qty % 50 == 0
    assert round_up_to_batch(101, 50) == 150 and round_up_to_batch(0, 50) == 0
    with pytest.raises(ValueError, match="batch_units"):
        round_up_to_batch(10, 0)


def test_a_warehouse_without_lanes_still_gets_a_line_without_a_mode() -> None:
    (line,) = plan_lines(inputs(sea=None, air=None))
    assert line.mode is None and line.arrive_by is None and line.cost == 0


def test_plan_json_has_exactly_the_contract_fields() -> None:
    line = plan_lines(inputs())[0]
    assert list(line.to_json()) == ["sku", "warehouse_id", "tier", "safety_stock",
                                    "reorder_point", "stock_position", "order_qty", "mode",
                                    "arrive_by", "cost", "currency", "from_warehouse_id",
                                    "need_qty", "shipment_share", "shipment_units",
                                    "landed_cost_unit", "margin_unit", "flags"]
    assert line.to_json()["arrive_by"] == "2026-04-05"
    assert line.to_json()["currency"] == "USD" and line.to_json()["from_warehouse_id"] is None


def test_order_cost_adds_freight_inbound_and_storage_while_it_sells() -> None:
    cost = order_cost(qty_units=300, lane=SEA, fees=FEES, demand_per_day=10)
    assert cost == pytest.approx(300 * 0.8 + 200 + 0.02 * 150 * 30)


def test_weekly_batches_cost_more_freight_and_less_storage_than_one_batch() -> None:
    weekly, single = compare_batching(qty_units=700, demand_per_day=25,
                                      lane=LaneOption("sea", 35, 5, 0.5, 300),
                                      storage_fee_unit_day=0.02)
    assert (weekly.shipments, single.shipments) == (4, 1)
    assert weekly.total_cost == pytest.approx(1599)
    assert single.total_cost == pytest.approx(846)
    assert weekly.storage_cost < single.storage_cost and weekly.freight_cost > single.freight_cost


def test_expensive_storage_makes_small_batches_the_cheaper_choice() -> None:
    weekly, single = compare_batching(qty_units=700, demand_per_day=25, lane=SEA,
                                      storage_fee_unit_day=0.5)
    assert weekly.total_cost < single.total_cost


def test_cost_per_unit_sold_adds_every_fee() -> None:
    cost = cost_per_unit_sold(lane=AIR, fees=FEES, units_per_shipment=300, days_held=20,
                              units_per_order=1.5, return_rate=0.1)
    assert cost == pytest.approx(4.0 + 0.5 + 0.3 + 0.4 + 2.0 + 0.3)
    with pytest.raises(ValueError, match="return_rate"):
        cost_per_unit_sold(lane=AIR, fees=FEES, units_per_shipment=300, days_held=2,
                           return_rate=1.5)


def test_air_costs_more_per_unit_sold_than_sea() -> None:
    sea, air = (cost_per_unit_sold(lane=lane, fees=FEES, units_per_shipment=300, days_held=20)
                for lane in (SEA, AIR))
    assert air > sea


def test_demand_outlook_counts_sessions_by_their_day_and_the_past_rate_beyond() -> None:
    outlook = DemandOutlook(2, sessions=(SessionDemand(3, 100, 400), SessionDemand(12, 50, 100)),
                            stream_units_per_day=4, schedule_days=12)
    assert outlook.units(0) == 0
    assert outlook.units(5) == 10 + 100
    assert outlook.units(20) == 40 + 150 + 4 * 8
    assert outlook.sd(5) == pytest.approx(400 ** 0.5)
