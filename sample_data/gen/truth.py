"""What buyers really wanted: the demand a run drew, before any stock was looked at.

The generator draws each stream's demand minute by minute from a known rate and only then
plays it against the shelves, so it knows what a forecaster can't see in orders.csv: the
demand while a product was out, the true expected units, and which A/B arm truly converts
better. `bench/decisions/` scores LiveStock's advice against it. Reading the truth never
changes a draw: the CSV files of a seed are the same bytes with or without it.

Per stream and lineup product (`ProductTruth`):
- units_per_min: the expected units (not cancelled) each stream minute,
      orders/min (`audience.order_rates`) x units per order (`draws.MEAN_QTY`) x (1 - 6%)
- expected_units: their sum, what a forecaster that knows the true mean says;
- demand_units: the units drawn (not cancelled), served or not; sold_units those the
  shelves served; unmet_units = demand_units - sold_units;
- out: the stretches of the stream with nothing sellable in its pool (the warehouses that
  ship its platform's orders: `warehouses.PREFERENCE`);
- lost_expected: units_per_min summed over the minutes out (the true lost sales);
- conversion: orders per click while in stock at the lineup price (flash deals aside),
      min(0.35, click-to-order rate x (price / list price) ** -2).
"""

from __future__ import annotations

import bisect
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from .audience import PRICE_ELASTICITY, order_rates
from .calendar import DEFAULT_ANCHOR
from .catalogue import PRICE_TEST, ProductSpec
from .demand import Demand
from .draws import MEAN_QTY, seeded
from .ledger import Ledger
from .plans import SessionPlan
from .store import World, simulate
from .streams import STREAM_CANCELLED
from .tables import Dataset, csv_rows
from .warehouses import PLATFORM_CHANNEL, PREFERENCE

MINUTE = timedelta(minutes=1)


@dataclass(frozen=True)
class ProductTruth:
    sku: str
    price: float  # the lineup price
    list_price: float
    unit_cost: float
    variant: str
    units_per_min: tuple[float, ...]
    demand_units: int
    sold_units: int
    out: tuple[tuple[datetime, datetime], ...]
    conversion: float
    start: datetime
    # Expected units had nobody known where the flash deals would fall: the stream's true
    # expected total, split by the weights without the deals (a forecaster's best).
    expected_units_without_flash: float = 0.0

    @property
    def expected_units(self) -> float:
        return sum(self.units_per_min)

    @property
    def unmet_units(self) -> int:
        return self.demand_units - self.sold_units

    @property
    def ran_out(self) -> bool:
        return bool(self.out)

    @property
    def margin_per_click(self) -> float:
        return self.conversion * (self.price - self.unit_cost)

    def demand_between(self, begin: datetime, end: datetime) -> float:
        """Expected units from `begin` to `end` (whole and part minutes)."""
        total = 0.0
        for minute, rate in enumerate(self.units_per_min):
            low = self.start + minute * MINUTE
            overlap = (min(end, low + MINUTE) - max(begin, low)).total_seconds() / 60
            if overlap > 0:
                total += rate * overlap
        return total

    @property
    def lost_expected(self) -> float:
        return sum(self.demand_between(begin, end) for begin, end in self.out)

    def out_at(self, moment: datetime) -> bool:
        return any(begin <= moment < end for begin, end in self.out)

    def runs_out_within(self, moment: datetime, minutes: float) -> bool:
        """Empty at some point in (moment, moment + minutes]."""
        horizon = moment + timedelta(minutes=minutes)
        return any(begin <= horizon and end > moment for begin, end in self.out)


@dataclass(frozen=True)
class StreamTruth:
    session_id: str
    market: str
    start: datetime
    end: datetime
    is_event: bool  # the 11.11 mega live: 5x an ordinary stream
    mean_viewers: float  # mean concurrent viewers while live, before rounding
    products: dict[str, ProductTruth]


@dataclass(frozen=True)
class ArmTruth:
    sku: str
    price: float
    conversion: float
    margin_per_click: float


@dataclass(frozen=True)
class Truth:
    seed: str
    data_end: datetime  # tonight's start: the files hold nothing after it
    streams: dict[str, StreamTruth]  # past streams (tonight has no demand yet)
    price_arms: tuple[ArmTruth, ...]  # the price test's product at its two prices

    def better_arm(self, session_id: str, skus: Sequence[str]) -> str | None:
        """The sku that truly converts better in this session's group test; None on a tie
        (within 1%)."""
        products = self.streams[session_id].products
        rates = sorted(((products[sku].conversion, sku) for sku in skus), reverse=True)
        if len(rates) < 2 or rates[0][0] <= rates[1][0] * 1.01:
            return None
        return rates[0][1]

    def better_price(self) -> str:
        """The price test's truly better arm, as the review names it: sku@price."""
        best = max(self.price_arms, key=lambda arm: arm.conversion)
        return f"{best.sku}@{best.price:g}"


def conversion_at(spec: ProductSpec, price: float) -> float:
    """Orders per click in stock at `price`, no flash deal (streams.stream_demand)."""
    return min(0.35, spec.ctor * (price / spec.price) ** -PRICE_ELASTICITY)


def world_truth(world: World, seed: str) -> Truth:
    streams = {}
    for plan in world.plans:
        samples = world.samples[plan.session_id]
        if not samples.order_rates:
            continue
        streams[plan.session_id] = _stream_truth(plan, world, samples.live_viewers,
                                                 samples.order_rates)
    sku, first, second = PRICE_TEST
    spec = world.products[sku]
    arms = tuple(ArmTruth(sku, price, conversion_at(spec, price),
                          conversion_at(spec, price) * (price - spec.unit_cost))
                 for price in (first, second))
    return Truth(seed, world.ctx.demo_at, streams, arms)


def _stream_truth(plan: SessionPlan, world: World, viewers: Sequence[float],
                  rates: dict[str, list[float]]) -> StreamTruth:
    per_order = MEAN_QTY * (1 - STREAM_CANCELLED)
    unflashed = order_rates(replace(plan, flash=()), world.products, viewers, 1.0)
    total = sum(sum(r) for r in rates.values())
    scale = total / max(sum(sum(r) for r in unflashed.values()), 1e-12)
    # The stream's buyers are served only from the warehouses that ship its platform.
    pool = PREFERENCE.get((plan.market, PLATFORM_CHANNEL[plan.platform]))
    products = {}
    for entry in plan.lineup:
        spec = world.products[entry.sku]
        demand, sold = _served(world.demands[entry.sku], world.ledgers[entry.sku],
                               plan.session_id)
        products[entry.sku] = ProductTruth(
            sku=entry.sku, price=entry.price, list_price=spec.price, unit_cost=spec.unit_cost,
            variant=entry.variant, units_per_min=tuple(r * per_order for r in rates[entry.sku]),
            demand_units=demand, sold_units=sold,
            out=_empty_stretches(world.ledgers[entry.sku], plan.start, plan.end, pool),
            conversion=conversion_at(spec, entry.price), start=plan.start,
            expected_units_without_flash=sum(unflashed[entry.sku]) * scale * per_order)
    return StreamTruth(plan.session_id, plan.market, plan.start, plan.end,
                       plan.special == "1111", sum(viewers) / max(len(viewers), 1), products)


def _served(demands: Sequence[Demand], ledger: Ledger, session_id: str) -> tuple[int, int]:
    """Units the session's buyers asked for (not cancelled), and the units served."""
    served = {(a.demand.order_id, a.demand.sku): a.qty for a in ledger.accepted
              if a.demand.session_id == session_id}
    wanted = got = 0
    for d in demands:
        if d.session_id != session_id or d.status == "cancelled":
            continue
        wanted += d.qty
        got += served.get((d.order_id, d.sku), 0)
    return wanted, got


def _empty_stretches(ledger: Ledger, begin: datetime, end: datetime,
                     pool: Sequence[str] | None = None) -> tuple[tuple[datetime, datetime], ...]:
    """The parts of [begin, end) with nothing sellable in `pool` (the warehouses that ship
    the stream's orders; None: every one), from the ledger's levels."""
    def sellable(by_warehouse: dict[str, int]) -> int:
        return sum(max(0, units) for wh, units in by_warehouse.items()
                   if pool is None or wh in pool)

    moments = [ts for ts, _ in ledger.levels]
    first = bisect.bisect_right(moments, begin) - 1
    level = sellable(ledger.levels[first][1]) if first >= 0 else 0
    stretches: list[tuple[datetime, datetime]] = []
    empty_since = begin if level <= 0 else None
    for ts, by_warehouse in ledger.levels[first + 1:]:
        units = sellable(by_warehouse)
        if ts >= end:
            break
        if units <= 0 and empty_since is None:
            empty_since = ts
        elif units > 0 and empty_since is not None:
            stretches.append((empty_since, ts))
            empty_since = None
    if empty_since is not None:
        stretches.append((empty_since, end))
    return tuple(s for s in stretches if s[1] > s[0])


def generate(seed: str, *, anchor: date = DEFAULT_ANCHOR, scale: float = 1.0
             ) -> tuple[Dataset, Truth]:
    """The ten files of a world drawn from `seed`, and its truth. With seed
    `draws.SEED` the files are the committed sample_data/ (notes aside)."""
    with seeded(seed):
        world = simulate(anchor=anchor, scale=scale)
    tables = csv_rows(list(world.products.values()), world.plans, world.samples, world.ledgers,
                      data_end=world.ctx.demo_at)
    return Dataset(tables, list(world.notes)), world_truth(world, seed)


def lognormal_factor(sd: float, *parts: object) -> float:
    """exp(N(0, sd)) drawn from a generator named by `parts`: the team's estimate error."""
    rng = random.Random(":".join(str(p) for p in parts))
    return math.exp(rng.gauss(0.0, sd))
