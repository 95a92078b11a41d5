"""The values of a webhook body, checked: each failure is a DeliveryRefused naming the JSON
field; `money`, `count` and `epoch` read what is only informative and give None instead."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from core.common.timeutil import parse_instant
from core.platforms.webhooks.model import DeliveryRefused

MAX_ID_CHARS = 64
# The most units one order line may carry, whatever the settings say: the store's integer
# column holds 2,147,483,647, so a merged line can never overflow it. The setting
# `max_units_per_line` (100,000 by default) is checked when the delivery is written.
MAX_QTY = 1_000_000
MAX_TITLE_CHARS = 200
MAX_PRICE = 10_000_000_000  # the store keeps money as Numeric(14, 4)

CURRENCY = re.compile(r"[A-Z]{3}")
COUNTRY = re.compile(r"[A-Z]{2}")


def json_object(body: bytes) -> Mapping[str, Any]:
    try:
        value = json.loads(body)
    except (UnicodeDecodeError, ValueError) as error:
        raise DeliveryRefused(f"the body is not JSON: {error}") from None
    except RecursionError:  # e.g. 100,000 nested arrays: no order is shaped like that
        raise DeliveryRefused("the body is nested deeper than JSON parsing allows") from None
    if not isinstance(value, dict):
        raise DeliveryRefused("the body is not a JSON object")
    return value


def required(obj: Mapping[str, Any], name: str, where: str) -> Any:
    if obj.get(name) in (None, ""):
        raise DeliveryRefused(f"{where}.{name} is missing")
    return obj[name]


def delivery_id(value: object, what: str) -> str:
    if not isinstance(value, str | int) or isinstance(value, bool) or not str(value).strip():
        raise DeliveryRefused(f"the {what} is missing: it is how a redelivery is counted once")
    text = str(value).strip()
    if len(text) > 128:
        raise DeliveryRefused(f"the {what} is longer than 128 characters")
    return text


def id_text(text: str, where: str) -> str:
    if len(text) > MAX_ID_CHARS:
        raise DeliveryRefused(f"{where} '{text[:80]}' is longer than {MAX_ID_CHARS} characters")
    return text


def instant(value: object, where: str) -> datetime:
    if not isinstance(value, str):
        raise DeliveryRefused(f"{where} {value!r} is not a timestamp")
    try:
        return parse_instant(value)
    except (ValueError, OverflowError) as error:
        raise DeliveryRefused(f"{where}: {error}") from None


def code(value: object, pattern: re.Pattern[str], where: str, example: str) -> str:
    if not isinstance(value, str) or pattern.fullmatch(value.strip().upper()) is None:
        raise DeliveryRefused(f"{where} {value!r} is not {example}")
    return value.strip().upper()


def quantity(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise DeliveryRefused(f"{where} {value!r} is not a whole number")
    try:
        qty = int(str(value).strip())
    except ValueError:
        raise DeliveryRefused(f"{where} {value!r} is not a whole number") from None
    if not 1 <= qty <= MAX_QTY:
        raise DeliveryRefused(f"{where} is {qty}; it must be from 1 to {MAX_QTY:,}")
    return qty


def price(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise DeliveryRefused(f"{where} {value!r} is not a price")
    try:
        amount = float(str(value).strip())
    except ValueError:
        raise DeliveryRefused(f"{where} {value!r} is not a price") from None
    if not 0 <= amount < MAX_PRICE:
        raise DeliveryRefused(f"{where} {value!r} must be a number, 0 or more and below "
                              f"{MAX_PRICE:,}")
    return amount


def money(value: object) -> float | None:
    """A non-negative amount given as text or a number, else None."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        amount = float(str(value).strip())
    except ValueError:
        return None
    return amount if 0 <= amount < MAX_PRICE else None


def count(value: object) -> int | None:
    """A quantity of 1 to MAX_QTY given as a number or text, else None (a count no order
    holds is as unreadable as a word: it never reaches the store's integer columns)."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    try:
        qty = int(str(value).strip())
    except ValueError:
        return None
    return qty if 1 <= qty <= MAX_QTY else None


def epoch(value: object) -> datetime | None:
    """A platform's Unix time in seconds as UTC, None when absent or unreadable."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    try:
        return datetime.fromtimestamp(value, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None
