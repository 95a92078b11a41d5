"""Dynamic safety stock in units: a tier's days of sales, or the service-level mode.

The tiers themselves (daily, warm-up, live; which one a session holds; their days) are the
board's, `core.board.tiers`; here they become units (`tier_safety_stock`), and the
statistical mode sets safety stock = z(service level) x sd of demand over the lead time
(README, "Forecast, safety stock and replenishment").
"""

from __future__ import annotations

import math

from core.board.tiers import Tier, tier_days
from core.common.settings import Settings


def _check_nonnegative(**values: float) -> None:
    for name, value in values.items():
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")


def service_level_z(service_level: float) -> float:
    """The standard normal quantile z for a cycle service level (0.95 -> 1.645).

    >>> round(service_level_z(0.95), 3)
    1.645
    """
    if not 0 < service_level < 1:
        raise ValueError(f"service_level must be between 0 and 1 (e.g. 0.95), "
                         f"got {service_level!r}")
    from scipy.stats import norm  # about a second to import: only when a z is asked for

    return float(norm.ppf(service_level))


def lead_time_demand_sd(demand_mean_per_day: float, demand_sd_per_day: float,
                        lead_time_days: float, lead_time_sd_days: float = 0.0) -> float:
    """Standard deviation of demand over a lead time that may itself vary, in units.

    sd_LT = sqrt(L x sd_d^2 + mean_d^2 x sd_L^2)

    >>> lead_time_demand_sd(100, 20, 4, 1)  # sqrt(4 x 400 + 10,000 x 1)
    107.70329614269008
    """
    _check_nonnegative(demand_mean_per_day=demand_mean_per_day,
                       demand_sd_per_day=demand_sd_per_day, lead_time_days=lead_time_days,
                       lead_time_sd_days=lead_time_sd_days)
    return math.sqrt(lead_time_days * demand_sd_per_day**2
                     + demand_mean_per_day**2 * lead_time_sd_days**2)


def service_level_safety_stock(demand_mean_per_day: float, demand_sd_per_day: float,
                               lead_time_days: float, service_level: float,
                               lead_time_sd_days: float = 0.0) -> float:
    """Safety stock in units for a cycle service level (the statistical mode).

    SS = z(service_level) x sqrt(L x sd_d^2 + mean_d^2 x sd_L^2)

    Worked example: 100 units/day (sd 30), lead time 14 days, 95% ->
    1.645 x 30 x sqrt(14) = 184.6 units.

    >>> round(service_level_safety_stock(100, 30, 14, 0.95), 1)
    184.6
    """
    sd_units = lead_time_demand_sd(demand_mean_per_day, demand_sd_per_day, lead_time_days,
                                   lead_time_sd_days)
    return service_level_z(service_level) * sd_units


def reorder_point(demand_mean_per_day: float, demand_sd_per_day: float,
                  lead_time_days: float, service_level: float,
                  lead_time_sd_days: float = 0.0) -> float:
    """The stock position at which to order, in units: lead-time demand plus safety stock.

    r = mean_d x L + z x sqrt(L x sd_d^2 + mean_d^2 x sd_L^2)

    Worked example (stockpyl's r_q_eoqss_approximation): 100 units/day, sd 30, 14 days,
    95% -> r = 1,400 + 184.6 = 1,584.634.

    >>> round(reorder_point(100, 30, 14, 0.95), 3)
    1584.634
    """
    safety = service_level_safety_stock(demand_mean_per_day, demand_sd_per_day,
                                        lead_time_days, service_level, lead_time_sd_days)
    return demand_mean_per_day * lead_time_days + safety


def tier_safety_stock(tier: Tier, avg_daily_sales_units: float, settings: Settings) -> float:
    """Safety stock in units for a tier: tier days x average daily sales.

    >>> from core.common.settings import Settings
    >>> tier_safety_stock(Tier.LIVE, 20.0, Settings())  # 15 days x 20 a day
    300.0
    """
    _check_nonnegative(avg_daily_sales_units=avg_daily_sales_units)
    return tier_days(tier, settings) * avg_daily_sales_units
