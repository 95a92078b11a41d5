"""The what-if projection behind the planner's sliders."""

from __future__ import annotations

import pytest

from core.planning.projection import ProjectionInputs, project_lineup, project_stock, stream_units


def sliders(**changes: object) -> ProjectionInputs:
    return ProjectionInputs(on_hand_units=200, baseline_units_per_day=10, lead_time_days=14,
                            review_period_days=7, days=42, freight_cost_unit=0.5,
                            freight_cost_shipment=100, storage_fee_unit_day=0.01,
                            tier_days=4).with_changes(**changes)


def test_the_frame_has_one_row_per_day_with_the_planners_columns() -> None:
    projection = project_stock(sliders())
    assert list(projection.frame.columns) == ["day", "on_hand", "inbound", "demand", "sold",
                                              "lost_sales", "ordered", "stockout",
                                              "overstock"]
    assert projection.frame["day"].tolist() == list(range(42))


def test_the_first_order_brings_stock_up_to_the_target() -> None:
    # target = 10 x (14 + 7) + 4 x 10 = 250; position after day 0's sales = 190.
    projection = project_stock(sliders())
    assert projection.totals.recommended_order_units == 60
    assert projection.frame.at[14, "inbound"] == 60


def test_without_reordering_time_stock_runs_out_and_sales_are_lost() -> None:
    projection = project_stock(sliders(on_hand_units=50, lead_time_days=60, days=20))
    frame = projection.frame
    assert frame.loc[:4, "lost_sales"].sum() == 0
    assert frame.loc[5:, "stockout"].all()
    assert projection.totals.lost_units == pytest.approx(150)
    assert projection.totals.stockout_days == 15


def test_a_stream_day_sells_viewers_times_conversion() -> None:
    projection = project_stock(sliders(on_hand_units=5_000, stream_days=(3,),
                                       expected_viewers=10_000, orders_per_1000_viewers=8,
                                       units_per_order=1.5))
    assert projection.frame.at[3, "demand"] == pytest.approx(10 + 120)
    assert projection.frame.at[2, "demand"] == pytest.approx(10)


def test_a_lower_price_sells_more_through_the_elasticity() -> None:
    base = sliders(expected_viewers=5000, orders_per_1000_viewers=10, stream_days=(1,),
                   price=20, usual_price=20, elasticity=-2)
    assert stream_units(base.with_changes(price=10)) == pytest.approx(4 * stream_units(base))
    assert (project_stock(base.with_changes(price=10)).frame["demand"].sum()
            > project_stock(base).frame["demand"].sum())


def test_orders_come_in_whole_batches_and_pay_per_shipment() -> None:
    projection = project_stock(sliders(batch_units=100))
    ordered = projection.frame["ordered"]
    assert (ordered % 100 == 0).all() and ordered.sum() > 0
    shipments = int((ordered > 0).sum())
    assert projection.totals.freight_cost == pytest.approx(ordered.sum() * 0.5
                                                           + shipments * 100)


def test_small_frequent_batches_hold_less_stock_than_one_large_one() -> None:
    weekly, monthly = (project_stock(sliders(review_period_days=days, days=84))
                       for days in (7, 28))
    assert weekly.totals.storage_cost < monthly.totals.storage_cost
    assert weekly.totals.freight_cost > monthly.totals.freight_cost


def test_storage_cost_is_the_fee_times_stock_held_each_day() -> None:
    projection = project_stock(sliders(storage_fee_unit_day=0.1))
    assert projection.totals.storage_cost == pytest.approx(
        projection.frame["on_hand"].sum() * 0.1)


def test_far_more_stock_than_demand_is_flagged_overstock() -> None:
    projection = project_stock(sliders(on_hand_units=10_000, overstock_days=90))
    assert projection.frame["overstock"].all()
    assert projection.totals.recommended_order_units == 0


def test_zero_lead_time_orders_land_the_same_day() -> None:
    projection = project_stock(sliders(on_hand_units=0, lead_time_days=0))
    assert projection.totals.lost_units == pytest.approx(10)  # only day 0, before ordering
    assert projection.frame.loc[1:, "stockout"].sum() == 0


def test_inbound_lands_on_its_day() -> None:
    projection = project_stock(sliders(inbound=((5, 300.0),)))
    assert projection.frame.at[5, "inbound"] == 300


def test_service_level_mode_holds_more_at_a_higher_level() -> None:
    low, high = (project_stock(sliders(safety_mode="service_level", service_level=level,
                                       demand_sd_per_day=6)).totals.recommended_order_units
                 for level in (0.8, 0.99))
    assert high > low


@pytest.mark.parametrize("change", [{"on_hand_units": -1}, {"units_per_order": 0},
                                    {"review_period_days": 0}, {"safety_mode": "magic"},
                                    {"price": float("nan")}])
def test_bad_sliders_are_refused_with_their_name(change: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=next(iter(change))):
        project_stock(sliders(**change))


def test_a_lineup_projection_stacks_products_and_sums_totals() -> None:
    a = sliders(labels={"sku": "A"}, on_hand_units=10)
    b = sliders(labels={"sku": "B"}, on_hand_units=10)
    both = project_lineup([a, b])
    assert set(both.frame["sku"]) == {"A", "B"} and len(both.frame) == 84
    assert both.totals.lost_units == pytest.approx(2 * project_stock(a).totals.lost_units)
