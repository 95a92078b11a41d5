"""The local times of a TikTok export ("03/15/2026 08:30:00 PM"), read in a time zone.

Day and month come in either order: given, or decided by a day above 12.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from core.common.errors import LiveStockError
from core.platforms.imports.platform_file import PlatformRow, PlatformTable

COLUMN = "Created Time"
_LOCAL_TIME = re.compile(
    r"(\d{1,4})[/-](\d{1,2})[/-](\d{1,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?")


def time_zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise LiveStockError(f"--timezone: '{name}' is not a time zone (write e.g. "
                             "America/Los_Angeles, Europe/London, Asia/Tokyo)") from None


def decide_date_order(given: str, rows: Sequence[PlatformRow], table: PlatformTable) -> str:
    """mdy or dmy: as given, else the first value whose day can only be one of the two."""
    if given in ("mdy", "dmy"):
        return given
    if given != "auto":
        raise LiveStockError(f"--date-order: '{given}' is not mdy, dmy or auto")
    saw_meridiem = saw_day_month = False
    for row in rows:
        found = _LOCAL_TIME.fullmatch(table.value(row, COLUMN))
        if found is None or len(found.group(1)) == 4:
            continue  # 2026/11/27 or 2026-11-27: year first, then month, always
        saw_day_month = True
        first, second = int(found.group(1)), int(found.group(2))
        if first > 12:
            return "dmy"
        if second > 12:
            return "mdy"
        saw_meridiem = saw_meridiem or found.group(7) is not None
    if saw_meridiem or not saw_day_month:
        return "mdy"
    raise table.error("dates such as 03/04/2026 can be read two ways and no day in the file "
                      "is above 12: pass --date-order mdy or dmy", rows[0], COLUMN)


def local_time(table: PlatformTable, row: PlatformRow, date_order: str, zone: ZoneInfo
               ) -> datetime:
    """A TikTok export time ("03/15/2026 08:30:00 PM", "15/03/2026 20:30:00",
    "2026-03-15 20:30:00") in `zone`, as an aware datetime."""
    value = table.value(row, COLUMN)
    found = _LOCAL_TIME.fullmatch(value)
    if found is None:
        raise table.error(f"'{value}' is not a date and time (e.g. 03/15/2026 08:30:00 PM)",
                          row, COLUMN)
    a, b, c, hour, minute, second, meridiem = found.groups()
    if len(a) == 4:
        year, month, day = int(a), int(b), int(c)
    elif date_order == "dmy":
        day, month, year = int(a), int(b), int(c)
    else:
        month, day, year = int(a), int(b), int(c)
    hours = int(hour)
    if meridiem:
        hours = hours % 12 + (12 if meridiem.lower() == "pm" else 0)
    try:
        return datetime(year, month, day, hours, int(minute), int(second or 0), tzinfo=zone)
    except ValueError as error:
        raise table.error(f"'{value}' is not a real date and time ({error})", row,
                          COLUMN) from None
