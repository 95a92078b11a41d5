"""Values of a platform's export; each failure names the platform file, row and column."""

from __future__ import annotations

from datetime import UTC, datetime

from core.common.errors import InputError
from core.ingest.value_parsers import EARLIEST, LATEST
from core.platforms.imports.countries import country_code
from core.platforms.imports.money import Money, NotAnAmount, read_money
from core.platforms.imports.platform_file import PlatformRow, PlatformTable


def read_whole(table: PlatformTable, row: PlatformRow, column: str, *, minimum: int = 1
               ) -> int:
    """A count such as a quantity: '2', '1,000', '3.0'."""
    value = table.value(row, column)
    try:
        number = float(value.replace(",", "").replace("\u00a0", "").replace(" ", ""))
    except ValueError:
        raise table.error(f"'{value}' is not a whole number", row, column) from None
    if number != int(number) or number < minimum:
        raise table.error(f"'{value}' is not a whole number of {minimum} or more", row,
                          column)
    return int(number)


def read_amount(table: PlatformTable, row: PlatformRow, column: str) -> Money:
    """An amount with or without its currency: '24.99', '€35,91', '11,000 JPY'."""
    value = table.value(row, column)
    try:
        return read_money(value)
    except NotAnAmount as error:
        raise table.error(str(error), row, column) from None


def read_country(table: PlatformTable, row: PlatformRow, column: str) -> str | None:
    """An ISO code or a country's name in English, Chinese, Japanese... (None when empty)."""
    value = table.value(row, column)
    if not value:
        return None
    code = country_code(value)
    if code is None:
        raise table.error(f"'{value}' is not a country LiveStock knows; write its ISO code "
                          "(e.g. US, GB, DE, JP)", row, column)
    return code


def check_moment(table: PlatformTable, row: PlatformRow, column: str, moment: datetime
                 ) -> datetime:
    """`moment` (read from `column` of `row`), if it lies within the dates LiveStock keeps."""
    try:
        inside = EARLIEST.to_pydatetime() <= moment.astimezone(UTC) < LATEST.to_pydatetime()
    except OverflowError:  # 9999-12-31 west of UTC is past year 9999 in UTC
        inside = False
    if not inside:
        raise outside_dates(table, row, column)
    return moment


def outside_dates(table: PlatformTable, row: PlatformRow, column: str) -> InputError:
    return table.error(f"'{table.value(row, column)}' is outside the dates LiveStock keeps "
                       f"({EARLIEST.year} to {LATEST.year - 1})", row, column)


def currency_for(table: PlatformTable, row: PlatformRow, *, named: str | None,
                 column: str, fallback: str | None, fallback_says: str) -> str:
    """The line's currency: what its amount names, else `fallback` (a currency column, an
    option, the shop's country); the two must agree when both are there."""
    if named and fallback and named != fallback:
        raise table.error(f"the amount is in {named} but {fallback_says} says {fallback}",
                          row, column)
    currency = named or fallback
    if not currency:
        raise table.error("gives no currency LiveStock can tell: pass --currency "
                          "(e.g. USD)", row, column)
    return currency
