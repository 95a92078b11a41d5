"""Amounts as exports write them: '24.99', 'BRL 35,91', '€35,91', '11,000 JPY', '¥1,580'.

A plain number ('24.99', '12.500', '1e3') is read as Python reads it. Anything else goes to
price-parser, which finds the number beside a currency code or symbol and tells thousands
separators from decimal commas (the last separator followed by 1 or 2 digits is the
decimal one: '35,91' is 35.91, '1,580' is 1580). The currency a value names is kept when it
is an ISO 4217 code or a symbol only one currency uses; '$' and '¥' name none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

import pycountry
from price_parser import Price

# Symbols one currency alone uses; "$", "¥" and "kr" are shared and say nothing.
SYMBOLS = {
    "€": "EUR", "£": "GBP", "R$": "BRL", "₩": "KRW", "₫": "VND", "฿": "THB", "₱": "PHP",
    "RM": "MYR", "Rp": "IDR", "US$": "USD", "C$": "CAD", "CA$": "CAD", "A$": "AUD",
    "AU$": "AUD", "HK$": "HKD", "S$": "SGD", "SG$": "SGD", "NT$": "TWD", "MX$": "MXN",
    "円": "JPY", "RMB": "CNY", "元": "CNY", "zł": "PLN", "₹": "INR", "₺": "TRY",
}
_NEGATIVE = re.compile(r"^\s*[(-]|-\s*$|\)\s*$")


@dataclass(frozen=True)
class Money:
    """An amount and the currency its text named (None when it named none)."""

    amount: float
    currency: str | None


class NotAnAmount(ValueError):
    """The text holds no amount, or a negative one."""


def read_money(text: str) -> Money:
    """The amount in `text` and the currency it names; raises NotAnAmount.

    >>> read_money("BRL 35,91"), read_money("¥1,580").amount
    (Money(amount=35.91, currency='BRL'), 1580.0)
    """
    stripped = text.strip()
    try:
        plain = float(stripped)
    except ValueError:
        plain = None
    if plain is not None:
        if not plain >= 0 or plain == float("inf"):
            raise NotAnAmount(f"'{text}' must be 0 or more")
        return Money(plain, None)
    price = Price.fromstring(stripped)
    if price.amount is None or not _only_money(stripped, price):
        raise NotAnAmount(f"'{text}' is not an amount")
    if _NEGATIVE.search(stripped):
        raise NotAnAmount(f"'{text}' must be 0 or more")
    return Money(float(Decimal(price.amount)), _currency_of(price.currency))


def _only_money(text: str, price: Price) -> bool:
    """Nothing in the text but the number, its separators and the currency: '12 pcs' or
    '3-5' is not an amount."""
    rest = text.replace(price.currency or "", "", 1)
    return re.fullmatch(r"\s*[(+-]?[\s\d.,'\u00a0\u202f]*[)-]?\s*", rest) is not None


def _currency_of(found: str | None) -> str | None:
    if not found:
        return None
    code = found.strip()
    if re.fullmatch(r"[A-Za-z]{3}", code) and pycountry.currencies.get(
            alpha_3=code.upper()) is not None:
        return code.upper()
    return SYMBOLS.get(code)
