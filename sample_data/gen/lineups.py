"""The session plans of a run: each template's lineup and flash deals, copied per --scale."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date, timedelta

from .calendar import (
    AL,
    CALENDAR,
    DEFAULT_ANCHOR,
    MEGA_FLASH,
    MEGA_LINEUP,
    SH,
    TONIGHT,
    TT,
    SessionTemplate,
)
from .catalogue import PAIR_TESTS, PRICE_TEST, ProductSpec, season
from .clock import MARKET_ZONE, wall_clock
from .draws import rng_for
from .money import price_point
from .plans import Context, FlashDeal, LineupEntry, SessionPlan
from .warehouses import CURRENCY, FBA


def session_plans(ctx: Context, products: dict[str, ProductSpec]) -> list[SessionPlan]:
    plans: list[SessionPlan] = []
    shift = ctx.anchor - DEFAULT_ANCHOR
    for copy in range(1, ctx.copies + 1):
        kept = [t for i, t in enumerate(CALENDAR)
                if t.special or math.floor((i + 1) * ctx.fraction) > math.floor(i * ctx.fraction)]
        if copy > 1:
            kept = [t for t in kept if t.special != "today"]
        price_test_count = 0
        for template in kept:
            day = template.day + shift
            zone = MARKET_ZONE[template.market]
            start = wall_clock(day, template.hour, template.minute, zone)
            suffix = "" if copy == 1 else f"-{copy}"
            code = {TT: "TT", AL: "AL", SH: "SH"}[template.platform]
            session_id = f"S{day:%y%m%d}-{code}-{template.market}{suffix}"
            lineup = _lineup(template, session_id, day, copy, products, price_test_count)
            if any(e.sku == _copy_sku(PRICE_TEST[0], copy) for e in lineup):
                price_test_count += 1
            plan = SessionPlan(session_id, template.title, template.platform, template.market,
                               template.traffic, start - timedelta(minutes=template.warmup_min),
                               start, start + timedelta(minutes=template.duration_min),
                               template.peak_viewers, template.orders_per_1000, lineup, (),
                               template.special, copy)
            plans.append(replace(plan, flash=_flash_deals(plan, template, copy)))
    return plans


def _copy_sku(sku: str, copy: int) -> str:
    return sku if copy == 1 else f"{sku}-{copy}"


def _lineup(template: SessionTemplate, session_id: str, day: date, copy: int,
            products: dict[str, ProductSpec], price_tests_so_far: int) -> tuple[LineupEntry, ...]:
    rng = rng_for("lineup", session_id)
    if template.special == "today":
        return tuple(LineupEntry(_copy_sku(sku, copy), slot, price, variant)
                     for slot, (sku, price, variant, _) in enumerate(TONIGHT, start=1))
    if template.special == "1111":
        chosen = [products[_copy_sku(sku, copy)] for sku in MEGA_LINEUP]
        discounts = {sku: 0.8 for sku in MEGA_LINEUP}
    else:
        eligible = [p for p in products.values() if p.market == template.market
                    and (p.sku == _copy_sku(p.base, copy))
                    and not (p.winter and season(p, day) < 0.5)
                    and (template.platform != AL or FBA in p.stocked)]
        # Weighted sampling without replacement (Efraimidis-Spirakis keys).
        keyed = sorted(eligible, key=lambda p: -rng.random() ** (1 / max(0.5, p.appeal)))
        chosen = keyed[:template.lineup_size]
        options = {TT: (1.0, 0.95, 0.9, 0.85), AL: (1.0, 0.9, 0.8)}.get(template.platform,
                                                                         (1.0, 0.9))
        discounts = {p.base: rng.choice(options) for p in chosen}
    in_lineup = {p.base for p in chosen}
    variants: dict[str, str] = {}
    for first, second in PAIR_TESTS:
        if first in in_lineup and second in in_lineup:
            variants[first], variants[second] = "A", "B"
    entries = []
    for slot, product in enumerate(chosen, start=1):
        price = price_point(product.price * discounts[product.base], product.currency)
        variant = variants.get(product.base, "")
        if product.base == PRICE_TEST[0] and template.platform == TT:
            if template.special == "1111" or price_tests_so_far % 2 == 1:
                price, variant = PRICE_TEST[2], "B"
            else:
                price, variant = PRICE_TEST[1], "A"
        entries.append(LineupEntry(product.sku, slot, price, variant))
    return tuple(entries)


def _flash_deals(plan: SessionPlan, template: SessionTemplate, copy: int) -> tuple[FlashDeal, ...]:
    if template.flash_deals == 0:
        return ()
    rng = rng_for("flash", plan.session_id)
    segment, n_segments = plan.segment_min, plan.duration_min // plan.segment_min
    prices = {e.sku: e.price for e in plan.lineup}
    currency = CURRENCY[plan.market]
    starts: list[int] = []
    if template.special == "1111":
        wanted = [_copy_sku(sku, copy) for sku in MEGA_FLASH]
        for sku in wanted:
            first = next(i for i in range(1, n_segments) if plan.pitched(i * segment) == sku)
            starts.append(first * segment)
    else:
        picks = rng.sample(range(1, max(2, n_segments - 1)),
                           min(template.flash_deals, max(1, n_segments - 2)))
        starts = [i * segment for i in sorted(picks)]
    deals = []
    for seg_start in starts:
        sku = plan.pitched(seg_start)
        begin = seg_start + rng.randint(1, 3)
        deals.append(FlashDeal(sku, begin, min(plan.duration_min, begin + rng.randint(5, 15)),
                               price_point(prices[sku] * 0.8, currency)))
    return tuple(deals)
