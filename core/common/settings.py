"""Settings: one place, defaults that come from docs/figures.md, overridable in the store.

Each setting is a field of `Settings`, a plain value checked when made;
core.store.settings_store reads what the store overrides (`load_settings`) and writes a
whole `Settings` back (`save_settings`); the dashboard's settings form and the CLI both go
through these.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.common.choices import SAFETY_MODES
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
        if min(self.push_cover_minutes, self.light_hold_minutes, self.light_cover_margin) < 0:
            raise LiveStockError("push_cover_minutes, light_hold_minutes and "
                                 "light_cover_margin must be 0 or more")

