"""Events are not ordinary streams: the team's viewer estimate, and stock bought a lead time
ahead at the live tier.

- A session's `expected_viewers` (sessions.csv: the team's estimate for 11.11, Black Friday,
  a paid campaign) replaces the forecast's statistical viewers estimate; a warm-up
  correction, once warm-up viewers arrive, still wins (PRODUCT.md, "Events are not ordinary
  streams").
- A product with a session scheduled within its lead time is planned at the live tier:
  what is ordered now lands after the stream, so the stream's safety stock has to be bought
  before its warm-up starts; otherwise the plan at noon and at the warm-up would differ by
  the whole tier step, all of it arriving too late.
"""

from __future__ import annotations

import math
from dataclasses import replace

from core.board.tiers import Tier, session_tier
from core.common.settings import Settings
from core.forecast.model import SessionForecast

WARMUP_BASIS = "warm-up"


def with_team_viewers(forecast: SessionForecast, expected_viewers: float | None
                      ) -> SessionForecast:
    """The forecast with the team's viewer estimate in place of its own.

    Each product's units = expected_viewers x its orders per 1,000 viewers / 1000 x units
    per order, its range scaled alike. Left as it is without an estimate, once the warm-up
    has corrected the viewers, or when the forecast already starts from the estimate: when
    `core.forecast` takes expected_viewers itself, this changes nothing and can go.

    >>> from core.forecast.model import ProductForecast
    >>> p = ProductForecast("A", 40, 50, 60, 50, 10, 1.0, 1.0, 3)
    >>> f = SessionForecast("S", 5000, "past sessions", 10, 0.1, (p,))
    >>> with_team_viewers(f, 10000).products[0].expected
    100.0
    """
    if expected_viewers is None or not math.isfinite(expected_viewers) \
            or expected_viewers <= 0 or forecast.viewers_basis == WARMUP_BASIS \
            or math.isclose(forecast.expected_viewers, expected_viewers, rel_tol=1e-9):
        return forecast
    products = []
    for p in forecast.products:
        orders = expected_viewers * p.orders_per_1000_viewers / 1000
        expected = orders * p.units_per_order
        ratio = expected / p.expected if p.expected > 0 else None
        products.append(replace(p, expected=expected, orders_expected=orders,
                                low=p.low * ratio if ratio is not None else expected,
                                high=p.high * ratio if ratio is not None else expected))
    return replace(forecast, expected_viewers=expected_viewers, viewers_basis="expected_viewers",
                   products=tuple(products))


def plan_tier(*, status: str, starts_in_days: float, lead_days: float,
              settings: Settings) -> Tier:
    """The tier a session holds a product at in the plan: live when the session has not
    ended and starts within the product's lead time; else the session's own tier.

    >>> plan_tier(status="scheduled", starts_in_days=0.25, lead_days=40, settings=Settings())
    <Tier.LIVE: 'live'>
    >>> plan_tier(status="scheduled", starts_in_days=60, lead_days=40, settings=Settings())
    <Tier.DAILY: 'daily'>
    """
    if status != "ended" and starts_in_days <= lead_days:
        return Tier.LIVE
    return session_tier(status=status, viewers=None, expected_viewers=None, settings=settings)
