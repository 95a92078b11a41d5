"""Demand, not sales: how much of a stream a product's demand met stock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from core.forecast.censoring import in_stock_share, out_stretches, viewer_minutes

START = datetime(2026, 11, 20, 20, 0, tzinfo=UTC)


def t(minutes: float) -> datetime:
    return START + timedelta(minutes=minutes)


def a_path(*steps: tuple[float, int]) -> pd.DataFrame:
    return pd.DataFrame({"ts": [t(m) for m, _ in steps], "available": [a for _, a in steps]})


def test_a_product_that_ran_out_and_was_restocked_has_one_stretch_out() -> None:
    path = a_path((0, 10), (20, 0), (50, 30))

    assert out_stretches(path, begin=t(0), end=t(90)) == [(t(20), t(50))]


def test_a_product_empty_from_the_start_is_out_the_whole_stream() -> None:
    assert out_stretches(a_path((-60, 0)), begin=t(0), end=t(60)) == [(t(0), t(60))]


def test_viewer_minutes_hold_each_sample_until_the_next() -> None:
    samples = pd.DataFrame({"ts": [t(0), t(30)], "viewers": [1000, 500]})

    assert viewer_minutes(samples, begin=t(0), end=t(60)) == pytest.approx(45_000)
    assert viewer_minutes(samples, begin=t(20), end=t(40)) == pytest.approx(15_000)


def test_a_sell_out_when_the_audience_was_big_counts_by_its_viewers_not_its_minutes() -> None:
    # Out for the last half of the stream, when only 500 of the first 1,000 were left.
    path = a_path((0, 40), (30, 0))
    samples = pd.DataFrame({"ts": [t(0), t(30)], "viewers": [1000, 500]})

    assert in_stock_share(path, begin=t(0), end=t(60)) == pytest.approx(0.5)
    assert in_stock_share(path, begin=t(0), end=t(60), samples=samples) == pytest.approx(2 / 3)


def test_with_a_card_funnel_the_share_is_orders_against_orders_plus_clicks_while_out() -> None:
    # 40 clicks with 10 orders before it ran out at minute 20 (25%), 40 clicks after:
    # 10 more orders wanted -> half its demand met stock.
    path = a_path((0, 10), (20, 0))
    bins = pd.DataFrame({"ts": [t(m) for m in (5, 10, 15, 20, 25, 30, 35, 40)],
                         "impressions": [100] * 8, "clicks": [10] * 8})
    orders = pd.DataFrame({"order_id": [f"O{i}" for i in range(10)],
                           "ts": [t(1 + 2 * i) for i in range(10)], "qty": [1] * 10,
                           "unit_price": [20.0] * 10})

    share = in_stock_share(path, begin=t(0), end=t(40), bins=bins, orders=orders, price=20.0)

    assert share == pytest.approx(0.5)


def test_a_product_always_in_stock_met_all_its_demand() -> None:
    assert in_stock_share(a_path((-10, 500)), begin=t(0), end=t(60)) == 1.0
