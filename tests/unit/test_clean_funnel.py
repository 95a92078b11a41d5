"""The card funnel without clicks while out of stock and without flash-deal minutes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from core.forecast.clean_funnel import CleanFunnel, clean_funnel, clicks_lost_units

START = datetime(2026, 11, 20, 20, 0, tzinfo=UTC)


def t(minutes: float) -> datetime:
    return START + timedelta(minutes=minutes)


def bins(*clicks: int) -> pd.DataFrame:
    return pd.DataFrame({"ts": [t(5 * (i + 1)) for i in range(len(clicks))],
                         "impressions": [10 * c for c in clicks], "clicks": list(clicks)})


def orders(*rows: tuple[float, float]) -> pd.DataFrame:
    return pd.DataFrame({"order_id": [f"O{i}" for i in range(len(rows))],
                         "ts": [t(m) for m, _ in rows], "qty": [1] * len(rows),
                         "unit_price": [p for _, p in rows]})


def test_clicks_after_the_product_ran_out_do_not_count_against_its_conversion() -> None:
    funnel = clean_funnel(bins(20, 20, 20, 20), orders((2, 20), (7, 20), (8, 20), (9, 20)),
                          price=20.0, outs=[(t(10), t(20))])

    assert funnel.clicks == pytest.approx(40)
    assert funnel.clicks_out == pytest.approx(40)
    assert funnel.conversion == pytest.approx(4 / 40)


def test_a_flash_deals_minutes_and_orders_are_not_the_list_price_arm() -> None:
    # Minutes 5-10: a flash deal at 15.99, two orders at it.
    funnel = clean_funnel(bins(10, 30, 10), orders((2, 19.99), (6, 15.99), (8, 15.99),
                                                   (12, 19.99)),
                          price=19.99, outs=[])

    assert funnel.clicks == pytest.approx(20)
    assert funnel.orders == 2


def test_lost_units_are_the_clicks_while_out_at_the_in_stock_conversion() -> None:
    seen = CleanFunnel(impressions=4000, clicks=400, orders=48, units=53, clicks_out=150)

    assert clicks_lost_units(seen, units_per_order=1.1) == pytest.approx(19.8)


def test_too_few_clicks_in_stock_give_no_click_based_estimate() -> None:
    seen = CleanFunnel(impressions=100, clicks=10, orders=2, units=2, clicks_out=300)

    assert clicks_lost_units(seen, units_per_order=1.0) is None
