"""Off-stream daily demand: intermittent methods, days without stock left out."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pandas as pd
import pytest

from core.planning.demand import (
    allocate_unassigned,
    daily_demand,
    in_stock_days,
    intermittent_rate,
)

DAY0 = date(2026, 3, 1)


def a_count(day: date, on_hand: int, reserved: int = 0, hour: int = 8) -> dict[str, object]:
    return {"sku": "A", "warehouse_id": "W", "counted_at": pd.Timestamp(
        datetime(day.year, day.month, day.day, hour, tzinfo=UTC)), "on_hand": on_hand,
        "reserved": reserved}


def sales(units_by_day: dict[date, float], *, on_stream: bool = False) -> pd.DataFrame:
    return pd.DataFrame([{"sku": "A", "warehouse_id": "W", "day": d, "units": u,
                          "on_stream": on_stream} for d, u in units_by_day.items()],
                        columns=["sku", "warehouse_id", "day", "units", "on_stream"])


def test_a_day_that_starts_without_stock_is_not_a_day_of_demand() -> None:
    counts = pd.DataFrame([a_count(DAY0, 5)])
    sold = pd.Series({DAY0 + timedelta(days=1): 5.0})
    days = [DAY0 + timedelta(days=i) for i in range(4)]

    assert in_stock_days(counts, sold, days).tolist() == [True, True, False, False]


def test_a_restock_count_brings_the_days_after_it_back() -> None:
    counts = pd.DataFrame([a_count(DAY0, 0), a_count(DAY0 + timedelta(days=3), 40)])
    days = [DAY0 + timedelta(days=i) for i in range(6)]

    flags = in_stock_days(counts, pd.Series(dtype=float), days)

    # Day 3 started empty (restocked at 08:00): only days that start with stock count.
    assert flags.tolist() == [False, False, False, False, True, True]


def test_reserved_units_are_not_stock() -> None:
    counts = pd.DataFrame([a_count(DAY0, 10, reserved=10)])
    assert in_stock_days(counts, pd.Series(dtype=float), [DAY0 + timedelta(days=1)]).tolist() \
        == [False]


def test_days_without_stock_do_not_count_as_zero_demand() -> None:
    # 4 a day for 60 days, then out of stock for the last 30 (no sales, count shows 0).
    until = DAY0 + timedelta(days=89)
    units = {DAY0 + timedelta(days=i): 4.0 for i in range(60)}
    counts = pd.DataFrame([a_count(DAY0, 240), a_count(DAY0 + timedelta(days=60), 0)])

    demand = daily_demand(sales(units), counts, sku="A", warehouse_id="W", until=until)
    naive = sum(units.values()) / 90

    assert demand.mean_per_day == pytest.approx(4.0, rel=0.02)
    assert naive == pytest.approx(2.67, rel=0.01)
    assert demand.days_without_stock == 30 and demand.in_stock_days == 60


def test_stream_sales_are_kept_apart_from_the_off_stream_rate() -> None:
    until = DAY0 + timedelta(days=29)
    off = sales({DAY0 + timedelta(days=i): 2.0 for i in range(30)})
    streams = sales({DAY0 + timedelta(days=10): 300.0}, on_stream=True)
    counts = pd.DataFrame([a_count(DAY0, 10_000)])

    demand = daily_demand(pd.concat([off, streams]), counts, sku="A", warehouse_id="W",
                          until=until)

    assert demand.mean_per_day == pytest.approx(2.0, rel=0.01)
    assert demand.session_units_per_day == pytest.approx(10.0)
    assert demand.avg_daily_sales == pytest.approx(12.0)


def test_a_product_never_sold_has_zero_demand_and_no_average() -> None:
    demand = daily_demand(sales({}), pd.DataFrame([a_count(DAY0, 50)]), sku="A",
                          warehouse_id="W", until=DAY0 + timedelta(days=9))
    assert demand.mean_per_day == 0.0 and demand.sd_per_day == 0.0
    assert demand.avg_daily_sales == 0.0


def test_a_new_product_without_counts_or_sales_has_no_history() -> None:
    demand = daily_demand(sales({}), pd.DataFrame(columns=["sku", "warehouse_id", "counted_at",
                                                           "on_hand", "reserved"]),
                          sku="A", warehouse_id="W", until=DAY0)
    assert (demand.method, demand.mean_per_day, demand.avg_daily_sales) == ("none", 0.0, None)


def test_intermittent_demand_uses_sba_and_steady_demand_ses() -> None:
    rng = np.random.default_rng(3)
    sparse = rng.poisson(0.3, 120).astype(float)
    steady = rng.poisson(6.0, 120).astype(float)

    sparse_rate, sparse_method = intermittent_rate(sparse)
    steady_rate, steady_method = intermittent_rate(steady)

    assert (sparse_method, steady_method) == ("SBA", "SES")
    assert sparse_rate == pytest.approx(0.3, abs=0.15)
    assert steady_rate == pytest.approx(6.0, rel=0.2)


def test_one_demand_day_falls_back_to_the_mean() -> None:
    assert intermittent_rate(np.array([0, 0, 0, 9.0])) == (2.25, "mean")
    assert intermittent_rate(np.array([])) == (0.0, "none")


def test_orders_without_a_warehouse_are_spread_over_the_markets_warehouses() -> None:
    daily = pd.DataFrame([
        {"sku": "A", "warehouse_id": None, "market": "US", "day": DAY0, "units": 10.0},
        {"sku": "A", "warehouse_id": None, "market": None, "day": DAY0, "units": 9.0},
        {"sku": "A", "warehouse_id": "US1", "market": None, "day": DAY0, "units": 1.0},
    ])
    warehouses = pd.DataFrame({"warehouse_id": ["US1", "US2", "DE1"],
                               "country": ["US", "US", "DE"]})
    carried = pd.DataFrame({"sku": ["A", "A", "A"], "warehouse_id": ["US1", "US2", "DE1"]})

    spread = allocate_unassigned(daily, warehouses=warehouses, carried=carried)
    totals = spread.groupby("warehouse_id")["units"].sum().to_dict()

    assert totals == pytest.approx({"US1": 5 + 3 + 1, "US2": 5 + 3, "DE1": 3})
    assert spread["units"].sum() == pytest.approx(20)
