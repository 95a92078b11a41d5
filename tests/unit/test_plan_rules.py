"""Plans a supplier and a forwarder accept: cartons and MOQs, shared shipments, transfers
before buying, air only for the gap, margin flags, a currency on every line."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from core.planning.plan import plan_lines, plan_of
from core.planning.replenish import (
    DemandOutlook,
    LaneOption,
    PlanInputs,
    PlanLine,
    TransferLane,
    WarehouseFees,
)

AT = datetime(2026, 11, 26, 17, tzinfo=UTC)
SEA = LaneOption("sea", transit_days=30, transit_days_sd=5, cost_unit=0.5, cost_shipment=200)
AIR = LaneOption("air", transit_days=8, transit_days_sd=1, cost_unit=4.0, cost_shipment=150)
TRUCK = LaneOption("truck", transit_days=3, transit_days_sd=1, cost_unit=0.35,
                   cost_shipment=120)
FEES = WarehouseFees(storage_fee_unit_day=0.02, inbound_fee_unit=0.3, outbound_fee_order=3,
                     return_fee_unit=3)


def pair(sku: str = "A", warehouse_id: str = "W", **changes: object) -> PlanInputs:
    """10 a day off-stream, daily tier (4 days: safety 40), supplier 5 days, sea 30 + air 8,
    review 7: target 460; 100 available, nothing inbound; priced 20, costs 6."""
    base = PlanInputs(sku=sku, warehouse_id=warehouse_id, at=AT, tier="daily", tier_days=4,
                      avg_daily_sales=10, outlook=DemandOutlook(10), available_units=100,
                      inbound=(), supplier_lead_days=5, sea=SEA, air=AIR, fees=FEES,
                      review_period_days=7, unit_cost=6.0, price=20.0, price_currency="USD")
    return replace(base, **changes)  # type: ignore[arg-type]


def by_route(lines: list[PlanLine], warehouse_id: str = "W"
             ) -> dict[tuple[str | None, str | None], PlanLine]:
    return {(x.mode, x.from_warehouse_id): x for x in lines if x.warehouse_id == warehouse_id}


# --------------------------------------------------------------------------- supplier terms


def test_an_order_comes_in_whole_cartons() -> None:
    (line,) = plan_lines(pair(air=None, available_units=420, case_pack=24))

    assert line.need_qty == pytest.approx(40)
    assert line.order_qty == 48  # two cartons of 24


def test_units_the_air_cartons_round_up_come_off_the_sea_line() -> None:
    lines = by_route(plan_lines(pair(case_pack=50)))

    # air needs 220 -> 250 (5 cartons); sea needed 140, 30 of them already flown -> 150
    assert (lines[("air", None)].order_qty, lines[("sea", None)].order_qty) == (250, 150)


def test_an_moq_above_the_need_is_bought_and_says_so() -> None:
    (line,) = plan_lines(pair(air=None, available_units=420, moq=100))

    assert (line.need_qty, line.order_qty) == (pytest.approx(40), 100)
    assert line.flags == ("moq",)


def test_an_moq_that_would_overstock_is_held_and_flagged_not_bought() -> None:
    # 2,000 units at 10 a day would last about 200 days: beyond the 90-day slow-mover line.
    (line,) = plan_lines(pair(air=None, available_units=420, moq=2000))

    assert line.order_qty == 0 and line.cost == 0
    assert line.need_qty == pytest.approx(40) and line.flags == ("moq_held",)


def test_the_moq_counts_the_whole_product_order_across_warehouses() -> None:
    lines = plan_of([pair(warehouse_id="W1", air=None, available_units=400, moq=100),
                     pair(warehouse_id="W2", air=None, available_units=400, moq=100)])

    assert [x.order_qty for x in lines] == [60, 60]  # 120 in all: above the MOQ as it is
    assert all(x.flags == () for x in lines)


# --------------------------------------------------------------------------- shipments


def test_two_products_on_one_lane_share_one_shipment_cost() -> None:
    lines = plan_of([pair("A", air=None, available_units=360),  # needs 100
                     pair("B", air=None, available_units=160)])  # needs 300

    a, b = lines
    assert (a.order_qty, b.order_qty) == (100, 300)
    assert (a.shipment_share, b.shipment_share) == (pytest.approx(50), pytest.approx(150))
    assert a.shipment_units == b.shipment_units == 400
    assert a.shipment_share + b.shipment_share == pytest.approx(SEA.cost_shipment)
    alone = plan_lines(pair("A", air=None, available_units=360))[0]
    assert alone.cost - a.cost == pytest.approx(150)  # alone it paid the whole container


def test_sea_and_air_are_separate_shipments() -> None:
    lines = by_route(plan_lines(pair()))

    assert lines[("sea", None)].shipment_share == pytest.approx(SEA.cost_shipment)
    assert lines[("air", None)].shipment_share == pytest.approx(AIR.cost_shipment)


# --------------------------------------------------------------------------- transfers


def spare_la(available: float = 1000.0, **changes: object) -> PlanInputs:
    """The LA 3PL: sells 5 a day, target 5 x 42 + 20 = 230; no transfer lanes of its own."""
    return pair(warehouse_id="LA", outlook=DemandOutlook(5), avg_daily_sales=5,
                available_units=available, **changes)


def test_a_cheaper_transfer_in_time_replaces_buying() -> None:
    fba = pair(warehouse_id="FBA", available_units=0,
               transfers_in=(TransferLane("LA", TRUCK),))
    lines = by_route(plan_of([fba, spare_la()]), "FBA")

    moved = lines[("truck", "LA")]
    assert moved.order_qty == 460 and moved.arrive_by is not None
    assert moved.arrive_by.isoformat() == "2026-11-29"  # leaves now, 3 days by truck
    assert lines[("sea", None)].order_qty == 0 and ("air", None) not in lines


def test_a_transfer_that_cannot_arrive_in_time_leaves_the_buying_to_air_and_sea() -> None:
    slow = LaneOption("truck", transit_days=60, transit_days_sd=5, cost_unit=0.1,
                      cost_shipment=10)
    fba = pair(warehouse_id="FBA", transfers_in=(TransferLane("LA", slow),))
    lines = by_route(plan_of([fba, spare_la()]), "FBA")

    assert ("truck", "LA") not in lines  # 60 days: after the 42-day horizon
    assert (lines[("air", None)].order_qty, lines[("sea", None)].order_qty) == (220, 140)


def test_only_the_sources_surplus_above_its_own_target_moves() -> None:
    fba = pair(warehouse_id="FBA", available_units=0,
               transfers_in=(TransferLane("LA", TRUCK),))
    lines = plan_of([fba, spare_la(available=300)])  # LA's target is 230: 70 spare
    mine = by_route(lines, "FBA")

    assert mine[("truck", "LA")].order_qty == 70
    assert sum(x.order_qty for x in mine.values()) >= 460  # the rest is bought
    assert by_route(lines, "LA")[("sea", None)].order_qty == 0


def test_stock_landing_at_the_source_stops_an_air_order_when_a_truck_brings_it_in_time() -> None:
    # The LA 3PL has nothing now and 1,200 units landing in 5 days (it needs 230 of them:
    # 970 spare); FBA has nothing, sells 20 a day and would fly 440 before its sea lot
    # lands: the truck brings LA's spare from day 8 on, before air could land (day 13).
    fba = pair(warehouse_id="FBA", available_units=0, outlook=DemandOutlook(20),
               avg_daily_sales=20, transfers_in=(TransferLane("LA", TRUCK),))
    without = by_route(plan_of([fba]), "FBA")
    lines = by_route(plan_of([fba, spare_la(available=0, inbound=((5.0, 1200.0),))]), "FBA")

    assert without[("air", None)].order_qty == 440  # days 13-35 at 20 a day
    assert ("air", None) not in lines
    assert lines[("truck", "LA")].order_qty == 920  # FBA's whole need (target 20 x 42 + 80)
    assert lines[("sea", None)].order_qty == 0
    assert lines[("truck", "LA")].arrive_by.isoformat() == "2026-12-04"  # type: ignore[union-attr]


def test_a_transfer_line_says_where_it_comes_from_and_costs_the_destination_fees() -> None:
    fba = pair(warehouse_id="FBA", available_units=0,
               transfers_in=(TransferLane("LA", TRUCK),))
    moved = by_route(plan_of([fba, spare_la()]), "FBA")[("truck", "LA")]

    assert moved.to_json()["from_warehouse_id"] == "LA"
    assert moved.landed_cost_unit == pytest.approx(0.35 + 0.3 + 120 / 460)


# --------------------------------------------------------------------------- margins, currency


def test_a_line_whose_landed_cost_eats_the_margin_is_flagged() -> None:
    # A $5 product costing $4.50: 50 cents of margin; by sea 0.5 + 0.3 + 200 / 40 a unit.
    (thin,) = plan_lines(pair(air=None, available_units=420, unit_cost=4.5, price=5.0))
    (fat,) = plan_lines(pair(air=None, available_units=420))

    assert thin.margin_unit == pytest.approx(0.5) and thin.flags == ("margin",)
    assert thin.landed_cost_unit == pytest.approx(0.5 + 0.3 + 200 / 40)
    assert fat.flags == () and fat.margin_unit == pytest.approx(14)


def test_every_line_carries_its_warehouses_currency() -> None:
    jp = pair("J", warehouse_id="OSA", currency="JPY", price_currency="JPY",
              unit_cost=860, price=2980)
    us = pair("U", warehouse_id="LA", currency="USD")
    lines = plan_of([jp, us])

    assert {x.warehouse_id: x.currency for x in lines} == {"OSA": "JPY", "LA": "USD"}
    assert all(line.to_json()["currency"] in ("JPY", "USD") for line in lines)


def test_a_product_priced_in_another_currency_is_not_compared_with_its_freight() -> None:
    (line, *_air) = plan_lines(pair(currency="JPY", price_currency="USD", unit_cost=4.5,
                                    price=5.0))

    assert line.margin_unit is None and "margin" not in line.flags
