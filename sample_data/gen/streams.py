"""A stream's viewers, funnel and orders, drawn minute by minute."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .audience import PRICE_ELASTICITY, order_rates, stream_viewers, warmup_viewers
from .catalogue import ProductSpec
from .clock import MARKET_ZONE, local_date
from .demand import Demand, Orders, buyer_id, order_status
from .draws import draw_qty, poisson, rng_for
from .plans import SessionPlan
from .warehouses import PLATFORM_CHANNEL

STREAM_CANCELLED, STREAM_RETURNED = 0.06, 0.03  # shares of a stream's orders


@dataclass
class StreamSamples:
    viewers: list[tuple[datetime, int, int]]  # ts, viewers, interactions
    funnel: dict[tuple[str, int], list[float]]  # (sku, bin) -> [impressions, clicks]
    # What the draws came from (sample_data.gen.truth): viewers each live minute before
    # rounding, and each lineup product's expected orders per minute.
    live_viewers: list[float] = field(default_factory=list)
    order_rates: dict[str, list[float]] = field(default_factory=dict)


def stream_demand(plan: SessionPlan, products: dict[str, ProductSpec],
                  ids: Orders) -> tuple[list[Demand], StreamSamples]:
    """The stream's viewers, funnel and orders, drawn from its viewer curve."""
    rng = rng_for("stream", plan.session_id)
    samples = StreamSamples([], {})
    for minute, watching in enumerate(warmup_viewers(plan)):
        ts = plan.warmup_start + timedelta(minutes=minute)
        samples.viewers.append((ts, round(watching), poisson(rng, watching * 0.12)))
    if plan.special == "today":
        return [], samples
    viewers = stream_viewers(plan, noisy=True)
    per_1000 = plan.orders_per_1000 * math.exp(rng.gauss(0, 0.1))
    rates = order_rates(plan, products, viewers, per_1000)
    samples.live_viewers, samples.order_rates = list(viewers), rates
    channel = PLATFORM_CHANNEL[plan.platform]
    day = local_date(plan.start, MARKET_ZONE[plan.market])
    demands = []
    for minute, watching in enumerate(viewers):
        ts = plan.start + timedelta(minutes=minute)
        flashing = any(d.start_min <= minute < d.end_min for d in plan.flash)
        samples.viewers.append((ts, round(watching),
                                poisson(rng, watching * 0.25 * (3 if flashing else 1))))
        for entry in plan.lineup:
            spec = products[entry.sku]
            rate = rates[entry.sku][minute]
            deal = plan.flash_at(entry.sku, minute)
            price_factor = (entry.price / spec.price) ** -PRICE_ELASTICITY
            ctor = min(0.35, spec.ctor * price_factor * (2.0 if deal else 1.0))
            clicks = rate / ctor
            cell = samples.funnel.setdefault((entry.sku, minute // 5), [0.0, 0.0])
            cell[0] += clicks / spec.ctr
            cell[1] += clicks
            for _ in range(poisson(rng, rate)):
                demands.append(Demand(
                    ts + timedelta(seconds=rng.randint(1, 59)),
                    ids.new_id(rng, channel, day), entry.sku, draw_qty(rng),
                    deal.price if deal else entry.price, channel, plan.session_id,
                    buyer_id(rng, plan.market, 1, 0.85),
                    order_status(rng, STREAM_CANCELLED, STREAM_RETURNED)))
    for key, (impressions, clicks) in samples.funnel.items():
        drawn = poisson(rng, impressions)
        samples.funnel[key] = [drawn, min(drawn, poisson(rng, clicks))]
    return demands, samples
