"""Safety stock tiers: daily, warm-up, live, and the tier a session holds its products at.

A product's tier, in days of average daily sales, rises when a session with it is
scheduled (warm-up) or live, and at once when viewers run well above what was expected
(README, "Forecast, safety stock and replenishment"). Bounds are settings
(`core.common.settings.Settings`).
The board shows the session's tier and alerts when it rises; planning holds safety stock at
it (`core.planning.safety`).
"""

from __future__ import annotations

from enum import StrEnum

from core.common.settings import Settings


class Tier(StrEnum):
    DAILY = "daily"
    WARMUP = "warmup"
    LIVE = "live"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Tier.DAILY: 0, Tier.WARMUP: 1, Tier.LIVE: 2}


def session_tier(*, status: str, viewers: float | None, expected_viewers: float | None,
                 settings: Settings) -> Tier:
    """The tier a session holds its products at.

    scheduled -> daily; warm-up -> warmup; live -> live; ended -> daily. A surge (viewers
    above expected x (1 + tier_surge_ratio), 50% by default) lifts a scheduled or warm-up
    session to live at once, since the stream's pull is already there.

    >>> from core.common.settings import Settings
    >>> session_tier(status="warmup", viewers=1600, expected_viewers=1000, settings=Settings())
    <Tier.LIVE: 'live'>
    """
    base = {"scheduled": Tier.DAILY, "warmup": Tier.WARMUP, "live": Tier.LIVE,
            "ended": Tier.DAILY}.get(status)
    if base is None:
        raise ValueError(f"unknown session status {status!r}")
    surging = (
        viewers is not None and expected_viewers is not None and expected_viewers > 0
        and viewers > expected_viewers * (1 + settings.tier_surge_ratio)
    )
    if surging and status != "ended":
        return Tier.LIVE
    return base


def tier_days(tier: Tier, settings: Settings) -> float:
    """Days of average daily sales the tier holds as safety stock.

    >>> from core.common.settings import Settings
    >>> tier_days(Tier.LIVE, Settings())
    15.0
    """
    return {Tier.DAILY: settings.tier_daily_days, Tier.WARMUP: settings.tier_warmup_days,
            Tier.LIVE: settings.tier_live_days}[tier]
