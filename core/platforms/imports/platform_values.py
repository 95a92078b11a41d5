"""Values of a platform's export; each failure names the platform file, line and column."""

from __future__ import annotations

import re

from core.common.errors import InputError
from core.platforms.imports.platform_file import PlatformTable

# Countries as platforms spell them in exports; ISO 3166 alpha-2 codes pass as they are.
COUNTRY_CODES = {
    "united states": "US", "united states of america": "US", "usa": "US",
    "united kingdom": "GB", "great britain": "GB", "uk": "GB", "germany": "DE",
    "deutschland": "DE", "japan": "JP", "france": "FR", "spain": "ES", "italy": "IT",
    "ireland": "IE", "netherlands": "NL", "canada": "CA", "mexico": "MX", "brazil": "BR",
    "australia": "AU", "malaysia": "MY", "thailand": "TH", "indonesia": "ID",
    "vietnam": "VN", "viet nam": "VN", "philippines": "PH", "singapore": "SG",
    "china": "CN", "saudi arabia": "SA", "united arab emirates": "AE",
}
_CODE = re.compile(r"[A-Za-z]{2}")


def read_sku(value: str, table: PlatformTable, line: int, column: str) -> str:
    if not value:
        raise InputError("is empty: LiveStock counts stock by sku (or pass --only-known-skus "
                         "to skip lines it does not track)", file=table.name, line=line,
                         column=column)
    return value


def read_whole(value: str, table: PlatformTable, line: int, column: str, *,
               minimum: int = 1) -> int:
    try:
        number = float(value.replace(",", ""))
    except ValueError:
        raise InputError(f"'{value}' is not a whole number", file=table.name, line=line,
                         column=column) from None
    if number != int(number) or number < minimum:
        raise InputError(f"'{value}' is not a whole number of {minimum} or more",
                         file=table.name, line=line, column=column)
    return int(number)


def read_number(value: str, table: PlatformTable, line: int, column: str) -> float:
    text = re.sub(r"^[^\d\-.]+", "", value.replace(",", ""))  # "$12.50", "US$ 12.50"
    try:
        number = float(text)
    except ValueError:
        raise InputError(f"'{value}' is not a number", file=table.name, line=line,
                         column=column) from None
    if not number >= 0 or number == float("inf"):
        raise InputError(f"'{value}' must be 0 or more", file=table.name, line=line,
                         column=column)
    return number


def read_country(value: str, table: PlatformTable, line: int, column: str) -> str | None:
    if not value:
        return None
    if _CODE.fullmatch(value):
        return value.upper()
    code = COUNTRY_CODES.get(value.lower())
    if code is None:
        raise InputError(f"'{value}' is not a country LiveStock knows; write its ISO code "
                         "(e.g. US, GB, DE, JP)", file=table.name, line=line, column=column)
    return code
