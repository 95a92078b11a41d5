"""The time slot of a session: the part of its viewers' day it starts in."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

# Market -> the time zone its viewers live in, for the time slot of a session.
MARKET_TIME_ZONES = {
    "US": "America/New_York", "CA": "America/Toronto", "MX": "America/Mexico_City",
    "GB": "Europe/London", "UK": "Europe/London", "DE": "Europe/Berlin", "FR": "Europe/Paris",
    "IT": "Europe/Rome", "ES": "Europe/Madrid", "JP": "Asia/Tokyo", "KR": "Asia/Seoul",
    "CN": "Asia/Shanghai", "SG": "Asia/Singapore", "MY": "Asia/Kuala_Lumpur",
    "TH": "Asia/Bangkok", "VN": "Asia/Ho_Chi_Minh", "PH": "Asia/Manila",
    "ID": "Asia/Jakarta", "AU": "Australia/Sydney", "BR": "America/Sao_Paulo",
}


def time_slot(start: datetime, market: str) -> str:
    """The part of the viewers' day a session starts in: morning, afternoon, evening, night.

    Local hour in the market's time zone: 5-12 morning, 12-18 afternoon, 18-23 evening,
    else night (UTC for a market not in `MARKET_TIME_ZONES`).

    >>> from datetime import UTC
    >>> time_slot(datetime(2026, 11, 27, 1, 0, tzinfo=UTC), "US")  # 20:00 in New York
    'evening'
    """
    zone = MARKET_TIME_ZONES.get(market.upper())
    hour = start.astimezone(ZoneInfo(zone)).hour if zone else start.hour
    if 5 <= hour < 12:
        return "morning"
    if 12 <= hour < 18:
        return "afternoon"
    if 18 <= hour < 23:
        return "evening"
    return "night"
