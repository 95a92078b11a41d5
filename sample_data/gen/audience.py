"""Viewers, funnel and the expected demand of a stream."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import timedelta

from .catalogue import ProductSpec, season
from .clock import MARKET_ZONE, local_date, utc_offset
from .draws import MEAN_QTY, rng_for
from .plans import SessionPlan

# Unique viewers = sum of per-minute viewers / average minutes watched (an estimate).
WATCH_MINUTES = 4.0
PRICE_ELASTICITY = 2.0  # conversion x (price / list price) ** -2 (estimate)


def _hype(plan: SessionPlan) -> float:
    """How much better (or worse) the stream did than planned; the warm-up already shows it."""
    if plan.special == "1111":
        return 1.15
    if plan.special == "today":
        return 1.0
    return math.exp(rng_for("hype", plan.session_id).gauss(0, 0.2))


def stream_viewers(plan: SessionPlan, *, noisy: bool) -> list[float]:
    """Viewers each minute of the stream: rise, peak, decay, bumps at flash deals."""
    rng = rng_for("viewers", plan.session_id)
    peak = plan.peak_viewers * (_hype(plan) if noisy else 1.0)
    duration = plan.duration_min
    decay_min = {"organic": 0.9, "mixed": 1.4, "paid": 2.5}[plan.traffic] * duration
    rise_min = 8.0 if plan.traffic == "organic" else 6.0
    noise, curve = 0.0, []
    for minute in range(duration):
        ramp = 1 - math.exp(-(minute + 1) / rise_min)
        decay = math.exp(-max(0.0, minute - 0.3 * duration) / decay_min)
        bump = 1.0
        for deal in plan.flash:
            if deal.start_min <= minute < deal.end_min:
                bump = 1.3
            elif deal.start_min - 3 <= minute < deal.start_min:
                bump = max(bump, 1.15)
        if noisy:
            noise = 0.8 * noise + rng.gauss(0, 0.035)
        curve.append(peak * (0.3 + 0.7 * ramp) * decay * bump * math.exp(noise))
    return curve


def warmup_viewers(plan: SessionPlan) -> list[float]:
    """Viewers each minute of the warm-up, ending near 30% of the stream's peak.

    A warm-up of a day or more (a big stream announced early) idles low, livens up in the
    evenings, and ramps up over the last three hours.
    """
    rng = rng_for("warmup", plan.session_id)
    level = plan.peak_viewers * _hype(plan) * 0.3 * math.exp(rng.gauss(0, 0.12))
    total = plan.warmup_min
    zone = MARKET_ZONE[plan.market]
    noise, curve = 0.0, []
    for minute in range(total):
        if total <= 240:
            shape = ((minute + 1) / total) ** 1.5
        else:
            ts = plan.warmup_start + timedelta(minutes=minute)
            hour = (ts + utc_offset(zone, ts)).hour
            evening = 1.0 if 18 <= hour <= 23 else 0.25
            ramp = max(0.0, 1 - (total - minute) / 180) ** 1.5
            shape = 0.03 + 0.08 * evening + 0.89 * ramp
        noise = 0.7 * noise + rng.gauss(0, 0.05)
        curve.append(level * shape * math.exp(noise) + 2)
    return curve


def order_rates(plan: SessionPlan, products: dict[str, ProductSpec], viewers: Sequence[float],
                orders_per_1000: float) -> dict[str, list[float]]:
    """Expected orders per minute for each product of the lineup.

    orders/min = viewers x orders_per_1000 / (1,000 x WATCH_MINUTES) x share, where a
    product's share is appeal x (price / list) ** -2 x 3 while it is pitched, over the
    lineup's total; a flash deal multiplies its product's rate by 4 on top.
    """
    day = local_date(plan.start, MARKET_ZONE[plan.market])
    base = {}
    for entry in plan.lineup:
        spec = products[entry.sku]
        price_factor = (entry.price / spec.price) ** -PRICE_ELASTICITY
        base[entry.sku] = spec.appeal * season(spec, day) * price_factor
    rates: dict[str, list[float]] = {e.sku: [] for e in plan.lineup}
    for minute, watching in enumerate(viewers):
        pitched = plan.pitched(minute)
        weights = {sku: w * (3.0 if sku == pitched else 1.0) for sku, w in base.items()}
        total_weight = sum(weights.values())
        orders_per_min = watching * orders_per_1000 / (1000 * WATCH_MINUTES)
        for sku, weight in weights.items():
            flash = 4.0 if plan.flash_at(sku, minute) else 1.0
            rates[sku].append(orders_per_min * weight / total_weight * flash)
    return rates


def expected_units(plan: SessionPlan, products: dict[str, ProductSpec]) -> dict[str, float]:
    """The planned stream's units per product: no noise, the stream goes as planned."""
    rates = order_rates(plan, products, stream_viewers(plan, noisy=False), plan.orders_per_1000)
    return {sku: sum(r) * MEAN_QTY for sku, r in rates.items()}
