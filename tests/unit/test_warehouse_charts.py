"""The warehouses page's figures and the planning pages' fees (dashboard.warehouse_charts,
dashboard.planning_display), no server."""

from __future__ import annotations

import pandas as pd

from dashboard import warehouse_charts as charts
from dashboard.planning_display import format_fee


def test_fees_keep_the_decimals_that_matter() -> None:
    assert [format_fee(v, c) for v, c in ((0.0051, "USD"), (4.8, "USD"),
                                           (45_000, "JPY"), (0.9, "GBP"))] == [
        "$0.0051", "$4.80", "¥45,000", "£0.90"]


def test_costs_in_different_currencies_get_their_own_panels() -> None:
    costs = pd.DataFrame({"warehouse_id": ["US", "US", "JP"],
                          "warehouse_mode": ["3pl", "3pl", "3pl"],
                          "lane": ["sea", "air", "sea"], "currency": ["USD", "USD", "JPY"],
                          "cost_per_unit_sold": [4.9, 8.0, 860.0]})

    figure = charts.cost_figure(costs, lang="en")

    assert [a.text for a in figure.layout.annotations] == ["JPY", "USD"]
    assert {trace.xaxis for trace in figure.data} == {"x", "x2"}
