"""Settings: one place, defaults that come from docs/figures.md, overridable in the store.

Each setting is a field of `Settings`, a plain value checked when made;
core.store.settings_store reads what the store overrides (`load_settings`) and writes a
whole `Settings` back (`save_settings`); the dashboard's settings form and the CLI both go
through these.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from core.common.choices import SAFETY_MODES, platform_id
from core.common.errors import LiveStockError
from core.common.i18n import LANGUAGES


@dataclass(frozen=True)
class Settings:
    # Safety-stock tiers, in days of average daily sales (README, "Forecast, safety stock
    # and replenishment").
    tier_daily_days: float = 4.0
    tier_warmup_days: float = 8.0
    tier_live_days: float = 15.0
    # Viewers this far above expected push the tier up at once (0.5 = 50% above).
    tier_surge_ratio: float = 0.5
    # Service-level mode: safety stock = z(service_level) x sd of lead-time demand.
    safety_mode: str = "tier"  # "tier" or "service_level"
    service_level: float = 0.95
    # The board.
    refresh_seconds: float = 2.0
    pace_window_minutes: float = 10.0
    push_margin: float = 0.2  # stock must cover remaining demand x (1 + margin) to be PUSH
    presale_minutes: float = 5.0  # "only minutes of it left" means fewer than this
    slow_mover_days: float = 90.0
    fast_mover_days: float = 30.0
    # Data freshness while live: warn when no order or viewer sample for this long.
    stale_after_seconds: float = 120.0
    # Planning.
    review_period_days: float = 7.0
    currency: str = "USD"
    language: str = "zh"  # the dashboard's default language: "zh" or "en"
    # Presale (README "Advice that holds up"): each market's time zone (ship dates are that
    # market's dates; a market not listed uses UTC), each platform's presale limit in days
    # from the board's moment (a platform not listed: DEFAULT_PRESALE_LIMIT_DAYS), and the
    # platforms whose own warehouses take no back-orders (Amazon FBA).
    market_time_zones: tuple[tuple[str, str], ...] = (
        ("US", "America/New_York"), ("GB", "Europe/London"), ("DE", "Europe/Berlin"),
        ("JP", "Asia/Tokyo"))
    presale_limit_days: tuple[tuple[str, float], ...] = (
        ("tiktok", 30.0), ("amazon", 30.0), ("shopify", 30.0))
    no_backorder_platforms: tuple[str, ...] = ("amazon",)
    # Orders in: a platform order line above this many units is refused (4xx), nothing
    # stored; 1,000,000 is the most the receiver takes whatever this says.
    max_units_per_line: int = 100_000
    # Calm lights (README "How the board decides"): a product is never PUSH with less than
    # this many minutes of demand left on the shelf; a changed light holds this many
    # minutes unless the product runs out or its cover (available / remaining demand) moves
    # by more than the margin (0.5 = 50%) since the change.
    push_cover_minutes: float = 15.0
    light_hold_minutes: float = 15.0
    light_cover_margin: float = 0.5

    def __post_init__(self) -> None:
        if not 0 <= self.tier_daily_days <= self.tier_warmup_days <= self.tier_live_days:
            raise LiveStockError("tier bounds must rise: daily <= warm-up <= live days")
        if not 0.5 <= self.service_level < 1:
            raise LiveStockError("service_level must be at least 0.5 and below 1")
        if self.safety_mode not in SAFETY_MODES:
            raise LiveStockError("safety_mode must be 'tier' or 'service_level'")
        if self.refresh_seconds <= 0 or self.pace_window_minutes <= 0:
            raise LiveStockError("refresh_seconds and pace_window_minutes must be positive")
        if self.language not in LANGUAGES:
            raise LiveStockError("language must be 'zh' or 'en'")
        if not 1 <= self.max_units_per_line <= 1_000_000:
            raise LiveStockError("max_units_per_line must be from 1 to 1,000,000")
        if min(self.push_cover_minutes, self.light_hold_minutes, self.light_cover_margin) < 0:
            raise LiveStockError("push_cover_minutes, light_hold_minutes and "
                                 "light_cover_margin must be 0 or more")
        # JSON gives lists (or a dict): kept as tuples, so the value stays frozen.
        object.__setattr__(self, "market_time_zones", _market_zones(self.market_time_zones))
        object.__setattr__(self, "presale_limit_days", _presale_limits(self.presale_limit_days))
        object.__setattr__(self, "no_backorder_platforms",
                           tuple(_platform(p, "no_backorder_platforms")
                                 for p in _items(self.no_backorder_platforms)))

    def time_zone(self, market: str) -> ZoneInfo:
        """The market's time zone (UTC for a market not listed)."""
        return ZoneInfo(dict(self.market_time_zones).get(market.upper(), "UTC"))

    def presale_limit(self, platform: str) -> float:
        """Days from the board's moment within which a presale must ship, on `platform`."""
        return dict(self.presale_limit_days).get(platform, DEFAULT_PRESALE_LIMIT_DAYS)


DEFAULT_PRESALE_LIMIT_DAYS = 30.0  # docs/figures.md: TikTok Shop and Amazon, 30 days


def _items(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return list(value.items())
    if isinstance(value, str):
        return [value]
    return list(value)


def _platform(text: Any, field: str) -> str:
    found = platform_id(str(text))
    if found is None:
        raise LiveStockError(f"{field}: '{text}' is not a platform id (e.g. tiktok, amazon)")
    return found


def _market_zones(value: Any) -> tuple[tuple[str, str], ...]:
    zones = []
    for market, zone in _items(value):
        market = str(market).strip().upper()
        if not re.fullmatch(r"[A-Z]{2}", market):
            raise LiveStockError(f"market_time_zones: '{market}' is not a country code "
                                 "(ISO 3166, e.g. US)")
        try:
            ZoneInfo(str(zone).strip())
        except (ZoneInfoNotFoundError, ValueError):
            raise LiveStockError(f"market_time_zones: '{zone}' ({market}) is not a time "
                                 "zone (e.g. America/New_York)") from None
        zones.append((market, str(zone).strip()))
    return tuple(zones)


def _presale_limits(value: Any) -> tuple[tuple[str, float], ...]:
    limits = []
    for platform, days in _items(value):
        try:
            number = float(days)
        except (TypeError, ValueError):
            number = math.nan
        if not (math.isfinite(number) and number >= 0):
            raise LiveStockError(f"presale_limit_days: {days!r} ({platform}) must be a number "
                                 "of days, 0 or more")
        limits.append((_platform(platform, "presale_limit_days"), number))
    return tuple(limits)


def pairs_text(pairs: Iterable[tuple[str, Any]]) -> str:
    """Pairs as a person edits them: "US=America/New_York, GB=Europe/London"."""
    return ", ".join(f"{key}={value:g}" if isinstance(value, float) else f"{key}={value}"
                     for key, value in pairs)


def parse_pairs(text: str, field: str) -> tuple[tuple[str, str], ...]:
    """ "US=America/New_York, GB=Europe/London" -> (("US", "America/New_York"), ...);
    LiveStockError naming `field` for a part without "="."""
    pairs = []
    for part in re.split(r"[,;\n]", text):
        if not part.strip():
            continue
        key, sep, value = part.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise LiveStockError(f"{field}: '{part.strip()}' should read key=value")
        pairs.append((key.strip(), value.strip()))
    return tuple(pairs)

