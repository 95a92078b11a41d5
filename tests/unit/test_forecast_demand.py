"""The forecast learns demand, not sales: in-stock exposure, events, prices that never
slope upward, and a backtest that leaves out what it can't score."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd
import pytest

from core.forecast.backtest import replay
from core.forecast.history import History
from core.forecast.orders import fit_orders
from core.forecast.target import Upcoming
from core.forecast.warmup import TEAM_ESTIMATE_LOG_VAR, forecast_viewers
from tests.forecast_builders import make_history

START = datetime(2026, 9, 1, 0, 0, tzinfo=UTC)


def two_product_history(*, sold_out_share: float, with_exposure: bool,
                        a_price_factor: float = 1.0) -> History:
    """40 two-hour streams of 1,000 viewers, products A (30 orders a stream) and B (10).
    In every other stream A sells out after `sold_out_share` of it has gone by."""
    rng = np.random.default_rng(4)
    sessions, lineup, sales, exposure = [], [], [], []
    for i in range(40):
        sid = f"S{i:02d}"
        start = START + timedelta(days=2 * i)
        sessions.append({"session_id": sid, "platform": "tiktok", "market": "US",
                         "traffic": "organic", "warmup_start": pd.Timestamp(start),
                         "start": pd.Timestamp(start),
                         "end": pd.Timestamp(start + timedelta(hours=2)),
                         "live_viewers": 1000.0})
        out = i % 2 == 1
        price_a = 20.0 * (a_price_factor if i % 3 == 0 else 1.0)
        for sku, mean, price in (("A", 30.0, price_a), ("B", 10.0, 20.0)):
            share = sold_out_share if (out and sku == "A") else 1.0
            orders = float(rng.poisson(mean * share))
            lineup.append({"session_id": sid, "sku": sku, "price": price})
            sales.append({"session_id": sid, "sku": sku, "orders": orders, "units": orders})
            if share < 1 and with_exposure:
                exposure.append({"session_id": sid, "sku": sku, "in_stock": share})
    return History(
        sessions=pd.DataFrame(sessions), lineup=pd.DataFrame(lineup),
        products=pd.DataFrame({"sku": ["A", "B"], "category": ["x", "x"],
                               "price": [20.0, 20.0]}),
        sales=pd.DataFrame(sales), warmup=pd.DataFrame(
            columns=["session_id", "to_start", "viewers", "interactions"]),
        exposure=pd.DataFrame(exposure, columns=["session_id", "sku", "in_stock"]))


def share_of_a(history: History) -> float:
    model = fit_orders(history)
    a, b = (model.weight(sku=sku, price=20.0) for sku in ("A", "B"))
    return a / (a + b)


def test_a_product_that_sold_out_is_learned_from_its_time_in_stock() -> None:
    censored = share_of_a(two_product_history(sold_out_share=0.4, with_exposure=True))
    as_sales = share_of_a(two_product_history(sold_out_share=0.4, with_exposure=False))

    assert censored == pytest.approx(0.75, abs=0.03)  # 30 of 40 orders: its true share
    assert as_sales < 0.7  # sales read as demand make the hot seller look cold


def test_a_stream_spent_out_of_stock_teaches_nothing_about_the_product() -> None:
    history = two_product_history(sold_out_share=0.0, with_exposure=True)

    assert share_of_a(history) == pytest.approx(0.75, abs=0.03)


def test_a_price_response_that_slopes_upward_is_held_at_zero() -> None:
    # A sells more when it is 20% dearer: noise, or a confounder, never a price response.
    history = two_product_history(sold_out_share=1.0, with_exposure=False,
                                  a_price_factor=1.2)
    rng = np.random.default_rng(9)
    dear = history.lineup["price"] > 20.0
    boosted = history.sales.merge(history.lineup, on=["session_id", "sku"])
    more = np.where(dear.to_numpy(), rng.poisson(60, len(boosted)), boosted["orders"])
    history = History(history.sessions, history.lineup, history.products,
                      boosted.assign(orders=more.astype(float), units=more.astype(float))[
                          ["session_id", "sku", "orders", "units"]], history.warmup)

    model = fit_orders(history)

    assert model.elasticity == 0.0
    cheap, dear_rate = (model.log_rate(sku="A", market="US", platform="tiktok",
                                       traffic="organic", slot="evening", price=p)
                        for p in (16.0, 24.0))
    assert cheap >= dear_rate


def test_the_teams_expected_viewers_replace_what_past_streams_say() -> None:
    history = make_history(sessions=20).history
    target = Upcoming(session_id="EVENT", market="US", platform="tiktok", traffic="paid",
                      start=datetime(2026, 11, 11, 0, tzinfo=UTC), lineup_prices={"SKU-A": 20},
                      expected_viewers=40_000)

    log_v, variance, basis = forecast_viewers(history, target)

    assert basis == "team"
    assert log_v == pytest.approx(math.log(40_000))
    assert variance == TEAM_ESTIMATE_LOG_VAR


def test_the_backtest_leaves_out_a_session_whose_order_lines_are_not_in() -> None:
    history = two_product_history(sold_out_share=1.0, with_exposure=False)
    last = history.sessions["session_id"].iloc[-1]
    no_lines = History(history.sessions, history.lineup, history.products,
                       history.sales[history.sales["session_id"] != last], history.warmup)

    rows = replay(no_lines, max_sessions=100).rows

    assert last not in set(rows["session_id"])
    assert len(rows) > 0


def test_the_backtest_scores_only_rows_that_were_in_stock_all_stream() -> None:
    history = two_product_history(sold_out_share=0.4, with_exposure=True)

    result = replay(history, max_sessions=100)
    whole = result.rows[result.rows["in_stock"] >= 0.95]

    assert result.accuracy().rows == len(whole) < len(result.rows)
