"""Service-level safety stock and reorder points, pinned to worked examples and stockpyl."""

from __future__ import annotations

import math

import numpy as np
import pytest
from stockpyl import rq

from core.board.tiers import Tier
from core.common.settings import Settings
from core.planning.safety import (
    lead_time_demand_sd,
    reorder_point,
    service_level_safety_stock,
    service_level_z,
    tier_safety_stock,
)


def test_reorder_point_matches_stockpyls_eoqss_worked_example() -> None:
    # stockpyl: r = lambda*L + z*tau*sqrt(L), z at p/(h+p) = 19/20 = 95%.
    expected_r, _q = rq.r_q_eoqss_approximation(1, 19, 100, 100, 30, 14)

    r_units = reorder_point(100, 30, 14, 0.95)

    assert r_units == pytest.approx(float(expected_r), abs=1e-6)
    assert r_units == pytest.approx(1584.634, abs=1e-3)


@pytest.mark.parametrize(("mean", "sd", "lead", "level"),
                         [(10, 4, 35, 0.9), (250, 80, 8, 0.99), (3, 1.5, 20, 0.5)])
def test_reorder_point_agrees_with_stockpyl_across_inputs(mean: float, sd: float, lead: float,
                                                          level: float) -> None:
    holding, stockout = 1 - level, level  # p / (h + p) = level
    expected_r, _q = rq.r_q_eoqss_approximation(holding, stockout, 50, mean, sd, lead)

    assert reorder_point(mean, sd, lead, level) == pytest.approx(float(expected_r), rel=1e-9)


def test_safety_stock_with_variable_lead_time_follows_the_textbook_formula() -> None:
    # 100/day (sd 20), lead time 4 days (sd 1), 95%: 1.645 x sqrt(4 x 400 + 100^2 x 1) = 177.2
    assert service_level_safety_stock(100, 20, 4, 0.95, lead_time_sd_days=1) == pytest.approx(
        1.6448536 * math.sqrt(11_600), rel=1e-6)


def test_lead_time_demand_sd_matches_a_simulation_of_random_lead_times() -> None:
    rng = np.random.default_rng(7)
    lead_days = rng.normal(20, 4, 400_000).clip(min=0)
    demand = rng.normal(lead_days * 12, np.sqrt(lead_days) * 5)

    assert lead_time_demand_sd(12, 5, 20, 4) == pytest.approx(demand.std(), rel=0.02)


def test_half_service_level_needs_no_safety_stock() -> None:
    assert service_level_safety_stock(40, 10, 7, 0.5) == pytest.approx(0.0, abs=1e-12)
    assert reorder_point(40, 10, 7, 0.5) == pytest.approx(280.0)


def test_zero_lead_time_and_zero_demand_need_no_safety_stock() -> None:
    assert service_level_safety_stock(40, 10, 0, 0.95) == 0.0
    assert service_level_safety_stock(0, 0, 30, 0.99) == 0.0
    assert reorder_point(0, 0, 30, 0.99) == 0.0


def test_a_higher_service_level_holds_more_safety_stock() -> None:
    levels = [0.8, 0.9, 0.95, 0.99]
    stocks = [service_level_safety_stock(50, 15, 10, level) for level in levels]
    assert stocks == sorted(stocks) and stocks[0] < stocks[-1]


@pytest.mark.parametrize("kwargs", [
    {"demand_mean_per_day": -1}, {"demand_sd_per_day": -0.1}, {"lead_time_days": -3},
    {"lead_time_sd_days": -1}, {"demand_mean_per_day": float("nan")},
])
def test_negative_or_missing_inputs_are_refused_with_their_name(kwargs: dict[str, float]) -> None:
    args = {"demand_mean_per_day": 10.0, "demand_sd_per_day": 2.0, "lead_time_days": 5.0,
            "service_level": 0.95, "lead_time_sd_days": 0.0} | kwargs
    with pytest.raises(ValueError, match=next(iter(kwargs))):
        service_level_safety_stock(**args)


@pytest.mark.parametrize("level", [0.0, 1.0, 1.5, -0.2])
def test_a_service_level_outside_zero_to_one_is_refused(level: float) -> None:
    with pytest.raises(ValueError, match="service_level"):
        service_level_z(level)


def test_tier_safety_stock_is_tier_days_times_average_daily_sales() -> None:
    settings = Settings(tier_daily_days=3, tier_warmup_days=8, tier_live_days=15)

    assert tier_safety_stock(Tier.DAILY, 20, settings) == 60
    assert tier_safety_stock(Tier.WARMUP, 20, settings) == 160
    assert tier_safety_stock(Tier.LIVE, 20, settings) == 300
    assert tier_safety_stock(Tier.LIVE, 0, settings) == 0


def test_tier_safety_stock_refuses_negative_sales() -> None:
    with pytest.raises(ValueError, match="avg_daily_sales_units"):
        tier_safety_stock(Tier.DAILY, -5, Settings())
