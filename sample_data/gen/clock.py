"""Time zones: offsets by the real DST rules, so the output never depends on a tz database."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone


@dataclass(frozen=True)
class Zone:
    standard_hours: int
    rule: str  # "us" (2nd Sunday of March - 1st Sunday of November), "eu" or "none"


NEW_YORK = Zone(-5, "us")
LOS_ANGELES = Zone(-8, "us")
LONDON = Zone(0, "eu")
BERLIN = Zone(1, "eu")
TOKYO = Zone(9, "none")
SHENZHEN = Zone(8, "none")
MARKET_ZONE = {"US": NEW_YORK, "GB": LONDON, "DE": BERLIN, "JP": TOKYO}


def _sunday(year: int, month: int, nth: int) -> date:
    """The nth Sunday of a month; nth = -1 is the last one."""
    if nth > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(6 - first.weekday()) % 7 + 7 * (nth - 1))
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - 6) % 7)


@functools.cache
def _summer_time(zone: Zone, year: int) -> tuple[datetime, datetime] | None:
    """When summer time begins and ends that year, in UTC (None: the zone has none)."""
    standard = timedelta(hours=zone.standard_hours)
    if zone.rule == "us":
        return (datetime.combine(_sunday(year, 3, 2), time(2), UTC) - standard,
                datetime.combine(_sunday(year, 11, 1), time(1), UTC) - standard)
    if zone.rule == "eu":
        return (datetime.combine(_sunday(year, 3, -1), time(1), UTC),
                datetime.combine(_sunday(year, 10, -1), time(1), UTC))
    return None


def utc_offset(zone: Zone, instant: datetime) -> timedelta:
    standard = timedelta(hours=zone.standard_hours)
    summer = _summer_time(zone, instant.year)
    if summer is not None and summer[0] <= instant < summer[1]:
        return standard + timedelta(hours=1)
    return standard


def iso(instant: datetime, zone: Zone) -> str:
    """ISO 8601 in the zone's local time, with its offset: 2026-11-26T18:00:00-05:00."""
    return instant.astimezone(timezone(utc_offset(zone, instant))).isoformat(timespec="seconds")


def wall_clock(day: date, hour: int, minute: int, zone: Zone) -> datetime:
    """The UTC instant of a local wall-clock time."""
    naive = datetime.combine(day, time(hour, minute), UTC)
    return naive - utc_offset(zone, naive - timedelta(hours=zone.standard_hours))


def local_date(instant: datetime, zone: Zone) -> date:
    return (instant + utc_offset(zone, instant)).date()
