"""The planner page's figures, tables and numbers (dashboard.planner_charts), no server."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import pytest

from core.planning.projection import ProjectionInputs
from core.planning.replenish import PlanLine
from core.planning.whatif import BatchingCost, outcome
from dashboard import planner_charts as charts

START = date(2026, 12, 1)


def item(sku: str = "A", **changes: object) -> ProjectionInputs:
    return ProjectionInputs(
        on_hand_units=50, baseline_units_per_day=10, lead_time_days=20, days=28,
        review_period_days=7, inbound=((5, 40.0),), price=20, usual_price=20,
        labels={"sku": sku, "warehouse_id": "W"}).with_changes(**changes)


def traces(figure: go.Figure) -> dict[str, Any]:
    return {trace.name: trace for trace in figure.data}


def test_stock_out_days_are_shaded_full_height_with_a_cross_pattern() -> None:
    result = outcome([item()])
    frame = result.projection.frame

    figure = charts.projection_figure(result, start=START, lang="en")

    zone = traces(figure)["Out of stock"]
    out_days = frame.loc[frame["stockout"], "day"].tolist()
    assert out_days  # 50 + 40 units at 10 a day run out before the day-0 order lands
    assert [x.day - START.day for x in zone.x] == out_days
    assert min(zone.y) >= frame["on_hand"].max()
    assert zone.marker.pattern.shape == "x"


def test_arrivals_are_marked_the_known_ship_and_the_plans_orders() -> None:
    result = outcome([item()])

    shown = traces(charts.projection_figure(result, start=START, lang="en"))

    assert list(shown["Shipment arriving"].text) == ["+40"]
    assert shown["Shipment arriving"].x[0] == date(2026, 12, 6)
    assert shown["Planned order lands"].x[0] == date(2026, 12, 21)  # ordered today, 20 days


def test_too_much_stock_is_shaded_as_overstock() -> None:
    result = outcome([item(on_hand_units=5_000, inbound=())])

    zone = traces(charts.projection_figure(result, start=START, lang="zh"))["积压"]

    assert len(zone.x) == 28 and zone.marker.pattern.shape == "/"


def test_a_lineup_has_one_row_per_product_whose_days_add_up_to_the_horizon() -> None:
    result = outcome([item("A"), item("B", on_hand_units=5_000, inbound=())])

    figure = charts.lineup_figure(result, start=START, names={"A": "Lamp"}, lang="en")

    days: dict[str, float] = {}
    for trace in figure.data:
        if trace.type == "bar":
            for label, span in zip(trace.y, trace.x, strict=True):
                days[label] = days.get(label, 0) + span / charts.DAY_MS
    assert days == {"A · Lamp @ W": 28, "B @ W": 28}
    assert "B @ W" in traces(figure)["Overstock"].y


def test_the_kpis_say_when_stock_runs_out_and_when_todays_order_lands() -> None:
    result = outcome([item()])

    lost, freight, _storage, order = charts.planner_kpis(
        result, start=START, mode="sea", lineup=False, currency="USD", price_currency="USD",
        lang="en")

    first_out = result.projection.frame.query("stockout")["day"].min()
    assert lost.value == f"${result.lost_value:,.0f}"
    assert lost.note.startswith(f"{result.projection.totals.lost_units:,.0f} units · out from "
                                f"2026-12-{1 + first_out:02d}")
    assert freight.note.endswith("by Sea")
    assert order.note == "by Sea · lands 2026-12-21"


def test_a_product_that_never_runs_out_says_so() -> None:
    result = outcome([item(on_hand_units=5_000)])

    lost = charts.planner_kpis(result, start=START, mode="air", lineup=False, currency="USD",
                               price_currency="USD", lang="en")[0]

    assert (lost.value, lost.note) == ("$0", "never out of stock")


@pytest.mark.parametrize(("weekly_total", "one_total", "expected"), [
    (500.0, 800.0, "Weekly batches cost $300 less"),
    (900.0, 800.0, "One batch costs $100 less"),
])
def test_the_batching_sentence_names_the_cheaper_way(weekly_total: float, one_total: float,
                                                     expected: str) -> None:
    weekly = BatchingCost("weekly", 4, 400, weekly_total, 0.0, 3.0)
    one = BatchingCost("one batch", 1, 400, one_total, 0.0, 0.0)

    assert charts.batching_sentence(weekly, one, currency="USD", lang="en").startswith(expected)


def test_the_plan_csv_keeps_the_plan_commands_field_names() -> None:
    line = PlanLine("A", "W", "daily", 40.0, 90.0, 50.0, 120, "sea", date(2027, 1, 5), 310.5,
                    "EUR")

    frame = pd.read_csv(io.StringIO(charts.plan_csv([line])))

    assert list(frame.columns) == ["sku", "warehouse_id", "tier", "safety_stock",
                                   "reorder_point", "stock_position", "order_qty", "mode",
                                   "arrive_by", "cost", "currency", "from_warehouse_id",
                                   "need_qty", "shipment_share", "shipment_units",
                                   "landed_cost_unit", "margin_unit", "flags"]
    assert frame.iloc[0].tolist()[:11] == ["A", "W", "daily", 40.0, 90.0, 50.0, 120, "sea",
                                           "2027-01-05", 310.5, "EUR"]


def test_the_plan_sentence_names_each_order_and_says_when_there_is_none() -> None:
    air = PlanLine("A", "W", "daily", 40.0, 90.0, 50.0, 30, "air", date(2026, 12, 14), 99.0)
    sea = PlanLine("A", "W", "daily", 40.0, 90.0, 50.0, 0, "sea", date(2027, 1, 5), 0.0)

    assert charts.plan_sentence([sea, air], lang="en").endswith(
        ": 30 by Air, lands 2026-12-14.")
    assert charts.plan_sentence([sea], lang="zh") == "补货计划目前不需要为它下单。"


def test_the_plan_sentence_names_a_transfer_and_what_to_check() -> None:
    moved = PlanLine("A", "FBA", "live", 40.0, 90.0, 50.0, 349, "truck", date(2026, 12, 18),
                     386.9, from_warehouse_id="US-3PL-LA")
    held = PlanLine("A", "FBA", "live", 40.0, 90.0, 50.0, 0, "sea", date(2027, 1, 12), 0.0,
                    flags=("moq_held",))

    text = charts.plan_sentence([held, moved], lang="en")

    assert "349 by Truck from US-3PL-LA, lands 2026-12-18" in text
    assert text.endswith("⚠️ not bought: the MOQ would overstock.")


def test_the_plan_table_shows_origin_shipment_share_and_flags_in_the_lines_currency() -> None:
    line = PlanLine("KG-CHOP-JP", "JP-3PL-OSA", "daily", 9.0, 90.0, 33.0, 96, "sea",
                    date(2027, 1, 3), 61653.7, "JPY", need_qty=37, shipment_share=14594.6,
                    shipment_units=296, landed_cost_unit=300.0, margin_unit=1780.0,
                    flags=("moq",))

    (row,) = charts.plan_table([line], names={}, lang="en").to_dict("records")

    assert (row["From"], row["Needed"], row["Order"]) == ("Supplier", 37, 96)
    assert row["Cost"].startswith("¥") and row["Shipment share"] == "¥14,595 of 296 units"
    assert row["Check"] == "⚠️ raised to the MOQ"


def test_the_plan_summary_totals_each_currency_apart() -> None:
    lines = [PlanLine("A", "W", "daily", 0, 0, 0, 10, "air", None, 50.0, "USD"),
             PlanLine("B", "J", "daily", 0, 0, 0, 20, "truck", None, 900.0, "JPY",
                      from_warehouse_id="K", flags=("margin",))]

    text = charts.plan_summary(lines, lang="en")

    assert "30 units, 10 by air, 20 moved between your warehouses" in text
    assert "¥900 + $50" in text and "1 lines to check" in text
