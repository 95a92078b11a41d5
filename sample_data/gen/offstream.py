"""Orders outside streams, day by day."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from .calendar import HISTORY_DAYS
from .catalogue import ProductSpec, season
from .clock import MARKET_ZONE, wall_clock
from .demand import Demand, Orders, buyer_id, order_status
from .draws import draw_qty, poisson, rng_for, weighted
from .money import price_point
from .plans import Context
from .warehouses import CHANNELS

HOUR_WEIGHTS = (0.3, 0.2, 0.15, 0.1, 0.1, 0.15, 0.3, 0.5, 0.7, 0.8, 0.9, 1.0, 1.1, 1.1, 1.0,
                1.0, 1.0, 1.1, 1.3, 1.5, 1.6, 1.5, 1.1, 0.6)
WEEKDAY_FACTOR = (0.9, 1.0, 1.0, 1.0, 1.05, 1.15, 1.2)


def trend(ctx: Context, day: date) -> float:
    """Q4 builds up: +35% over the 90 days, +25% more in Black Friday week."""
    elapsed = (day - ctx.window_start).days
    return (1 + 0.35 * elapsed / HISTORY_DAYS) * (1.25 if day >= ctx.anchor - timedelta(6) else 1)


def offstream_demand(ctx: Context, spec: ProductSpec, catalog: Sequence[ProductSpec],
                     halo_days: set[date], ids: Orders) -> list[Demand]:
    """Orders outside streams: gamma-Poisson per day (lumpy; many zero days for slow sellers).

    Orders per day = orders_per_day x weekday x trend x season x 1.35 in the two days after
    a stream that showed the product, x Gamma(2, 0.5) day-to-day noise. 6% of orders add a
    line of another product of the same market (one order id, two lines).
    """
    zone = MARKET_ZONE[spec.market]
    demands = []
    for offset in range(1, HISTORY_DAYS + 1):
        day = ctx.window_start + timedelta(days=offset)
        rng = rng_for("offstream", spec.sku, day)
        mean = (spec.orders_per_day * WEEKDAY_FACTOR[day.weekday()] * trend(ctx, day)
                * season(spec, day) * (1.35 if day in halo_days else 1.0) * ctx.fraction
                * rng.gammavariate(2.0, 0.5))
        for _ in range(poisson(rng, mean)):
            hour = int(weighted(rng, [(str(h), w) for h, w in enumerate(HOUR_WEIGHTS)]))
            ts = wall_clock(day, hour, rng.randrange(60), zone) + timedelta(
                seconds=rng.randint(1, 59))
            channel = weighted(rng, CHANNELS[spec.market])
            order_id = ids.new_id(rng, channel, day)
            customer = buyer_id(rng, spec.market, ctx.copies, 0.75)
            status = order_status(rng, 0.04, 0.03)
            price = spec.price if rng.random() > 0.12 else price_point(spec.price * 0.9 + 1,
                                                                        spec.currency)
            if ts >= ctx.demo_at:
                continue
            demands.append(Demand(ts, order_id, spec.sku, draw_qty(rng), price, channel, "",
                                  customer, status))
            if rng.random() < 0.06:
                others = [(p.sku, p.orders_per_day) for p in catalog
                          if p.market == spec.market and p.sku != spec.sku]
                other = weighted(rng, others)
                other_price = next(p.price for p in catalog if p.sku == other)
                demands.append(Demand(ts, order_id, other, 1, other_price, channel, "",
                                      customer, status))
    return demands
