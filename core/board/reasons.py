"""The board's reason line: one short line a host understands, in English or Chinese."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from core.board.model import Light
from core.common.i18n import CATALOG, LANGUAGES, t
from core.stock.presale import NoPresale


@dataclass(frozen=True)
class ReasonFacts:
    """What a row's reason line says, decided by `core.board.lights`. `swap_to` is the
    target's name; `presale_blocked` says why a product with nothing (or minutes) left is
    SWAP rather than PRESALE (`blocked_ship_date`: the date presale would have promised)."""

    light: Light
    available: int
    units_per_min: float
    demand: float
    to_stockout: float | None
    units_sold: int
    turnover: float | None
    slow: bool
    swap_to: str | None
    swap_available: int | None
    presale_allowed: bool
    ship_date: date | None
    has_substitute_group: bool
    presale_blocked: NoPresale | None = None
    blocked_ship_date: date | None = None
    platform: str = ""
    presale_limit_days: float = 30.0
    no_backorder_platforms: tuple[str, ...] = ()


def reason_line(facts: ReasonFacts, lang: str) -> str:
    """One short line a host understands, e.g. "18 left · 3/min · out in 6 min · swap to
    Ring Light 12in (1,240 left)", "sold out · presale, ships Dec 2", "no sales yet · 820
    left", "sold out · no presale: Amazon's warehouse takes no back-orders · swap to ..."."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    parts: list[str]
    if facts.light is Light.PUSH:
        parts = _push_parts(facts, lang)
    elif facts.light is Light.SWAP and facts.presale_blocked is not None:
        parts = [*_out_parts(facts, lang), _no_presale_part(facts, lang),
                 _swap_part(facts, lang)]
    elif facts.light is Light.SWAP:
        parts = [*_stock_parts(facts, lang), _swap_part(facts, lang)]
    else:
        parts = _presale_parts(facts, lang)
    return " · ".join(part for part in parts if part)


def _push_parts(facts: ReasonFacts, lang: str) -> list[str]:
    if facts.slow:
        days = facts.turnover
        head = (t("reason.no_sales_30d", lang) if days is None or math.isinf(days)
                else t("reason.slow_mover", lang, days=_count(days)))
        return [head, _left(facts.available, lang), t("reason.push_it", lang)]
    if facts.units_sold == 0:
        return [t("reason.no_sales_yet", lang), _left(facts.available, lang)]
    pace = _pace(facts.units_per_min, lang) if facts.units_per_min > 0 else ""
    if facts.available < facts.demand:  # PUSH until its sales say it runs out
        return [_left(facts.available, lang), pace,
                t("reason.may_cover", lang, n=_count(facts.demand))]
    return [_left(facts.available, lang), pace, t("reason.covers", lang)]


def _stock_parts(facts: ReasonFacts, lang: str) -> list[str]:
    parts = [_left(facts.available, lang)]
    if facts.units_per_min > 0:
        parts.append(_pace(facts.units_per_min, lang))
    if facts.to_stockout is not None and facts.available > 0:
        minutes = ("<1" if facts.to_stockout < 1 else _count(facts.to_stockout))
        parts.append(t("reason.out_in", lang, minutes=minutes))
    elif facts.demand > 0:
        parts.append(t("reason.expected", lang, n=_count(facts.demand)))
    return parts


def _swap_part(facts: ReasonFacts, lang: str) -> str:
    if facts.swap_to is not None:
        return t("reason.swap_to_name", lang, name=facts.swap_to,
                 n=_count(facts.swap_available or 0))
    if facts.has_substitute_group:
        return t("reason.no_taker", lang)
    return t("reason.no_substitute", lang)


def _out_parts(facts: ReasonFacts, lang: str) -> list[str]:
    if facts.available > 0:
        return _stock_parts(facts, lang)
    return [t("reason.sold_out" if facts.units_sold > 0 else "reason.out_of_stock", lang)]


def _no_presale_part(facts: ReasonFacts, lang: str) -> str:
    blocked = facts.presale_blocked
    if blocked is NoPresale.BACKORDERS:
        platform = next(iter(facts.no_backorder_platforms), "")
        return t("reason.no_presale.backorders", lang, platform=platform_name(platform, lang))
    if blocked is NoPresale.BEYOND_LIMIT and facts.blocked_ship_date is not None:
        return t("reason.no_presale.beyond", lang, date=_day(facts.blocked_ship_date, lang),
                 platform=platform_name(facts.platform, lang),
                 days=f"{facts.presale_limit_days:g}")
    if blocked is NoPresale.NOT_ALLOWED:
        return t("reason.no_presale.not_allowed", lang)
    return t("reason.no_presale.no_date", lang)


def platform_name(platform: str, lang: str) -> str:
    """A platform id as people name it ("amazon" -> "Amazon"); an unknown id as it is."""
    key = f"platform.{platform}"
    return t(key, lang) if key in CATALOG else platform


def _presale_parts(facts: ReasonFacts, lang: str) -> list[str]:
    parts = _out_parts(facts, lang)
    if not facts.presale_allowed:
        parts.append(t("reason.presale_not_allowed", lang))
    elif facts.ship_date is None:
        parts.append(t("reason.presale_no_date", lang))
    else:
        parts.append(t("reason.presale_ships", lang, date=_day(facts.ship_date, lang)))
    if facts.swap_to is not None:
        parts.append(_swap_part(facts, lang))
    return parts


def _left(units: int, lang: str) -> str:
    return t("reason.left", lang, n=_count(units))


def _pace(units_per_min: float, lang: str) -> str:
    if units_per_min >= 10:
        rate = _count(units_per_min)
    elif units_per_min >= 0.05:
        rate = f"{units_per_min:.1f}".removesuffix(".0")
    else:
        rate = "<0.1"
    return t("reason.pace", lang, rate=rate)


def _count(value: float) -> str:
    """Whole units with thousands separators: 1240.4 -> "1,240"."""
    return f"{round(value):,}"


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _day(day: date, lang: str) -> str:
    return t("reason.date", lang, mon=_MONTHS[day.month - 1], month=day.month, day=day.day)
