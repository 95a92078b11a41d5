"""Events are not ordinary streams: stock bought a lead time ahead at the live tier.

- A session's `expected_viewers` (sessions.csv: the team's estimate for 11.11, Black Friday,
  a paid campaign) is the forecast's own starting point (`core.forecast.warmup.
  forecast_viewers`, basis "team"; a warm-up correction, once warm-up viewers arrive, still
  wins), so the plan's session demand starts from it with nothing added here.
- A product with a session scheduled within its lead time is planned at the live tier:
  what is ordered now lands after the stream, so the stream's safety stock has to be bought
  before its warm-up starts; otherwise the plan at noon and at the warm-up would differ by
  the whole tier step, all of it arriving too late.
"""

from __future__ import annotations

from core.board.tiers import Tier, session_tier
from core.common.settings import Settings


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
