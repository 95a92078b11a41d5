"""Replenishment: lanes' arrival times, the rates a product plans for, and the weekly (s, S)
review that ships by sea, and by air for the gap sea can't reach in time."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .catalogue import ProductSpec, season
from .clock import MARKET_ZONE, SHENZHEN, local_date, wall_clock
from .draws import MEAN_QTY, ceil10, rng_for
from .ledger import Design, Shipment
from .offstream import trend
from .plans import Context, SessionPlan
from .shelves import Shelves
from .warehouses import CHANNELS, LANE, PLATFORM_CHANNEL, PREFERENCE, WAREHOUSE


def shipment_eta(warehouse_id: str, mode: str, ship_day: date) -> datetime:
    """One consolidated shipment per warehouse, mode and day: every sku on it arrives together."""
    lane = LANE[(warehouse_id, mode)]
    rng = rng_for("eta", warehouse_id, mode, ship_day)
    days = max(lane.transit_days * 0.7, rng.gauss(lane.transit_days, lane.transit_days_sd))
    return wall_clock(ship_day + timedelta(days=round(days)), rng.randint(9, 15), 0,
                      WAREHOUSE[warehouse_id].zone)


def shipped_at(ship_day: date) -> datetime:
    return wall_clock(ship_day, 18, 0, SHENZHEN)


@dataclass(frozen=True)
class RatePlan:
    """The units a day the seller plans for in a warehouse: its share of off-stream orders
    x trend x season, plus the expected units it will ship for the streams of the next five
    weeks, spread over them."""

    offstream_units_per_day: float
    offstream_shares: dict[str, float]  # share of off-stream orders each warehouse ships
    streams: tuple[tuple[date, float, str], ...]  # day, expected units, shipping warehouse
    horizon_days: int = 35

    def units_per_day(self, ctx: Context, spec: ProductSpec, wh: str, day: date) -> float:
        # The season a month ahead: hand warmers are bought in before the cold comes.
        ahead_season = max(season(spec, day), season(spec, day + timedelta(days=30)))
        offstream = (self.offstream_units_per_day * trend(ctx, day) * ahead_season
                     * self.offstream_shares.get(wh, 0.0))
        ahead = day + timedelta(days=self.horizon_days)
        streams = sum(units for when, units, ships in self.streams
                      if ships == wh and day <= when < ahead)
        return offstream + streams / self.horizon_days


def first_choice(spec: ProductSpec, channel: str) -> str | None:
    """The warehouse an order of this channel ships from while it has stock; None when no
    warehouse carrying the product serves the channel."""
    order = PREFERENCE.get((spec.market, channel), spec.stocked)
    return next((wh for wh in order if wh in spec.stocked), None)


def rate_plan(ctx: Context, spec: ProductSpec, plans: Sequence[SessionPlan],
              expected: dict[str, dict[str, float]]) -> RatePlan:
    shares: dict[str, float] = defaultdict(float)
    for channel, weight in CHANNELS[spec.market]:
        if (home := first_choice(spec, channel)) is not None:
            shares[home] += weight
    streams = tuple(
        (local_date(p.start, MARKET_ZONE[p.market]), expected[p.session_id][spec.sku], home)
        for p in plans if spec.sku in expected[p.session_id]
        if (home := first_choice(spec, PLATFORM_CHANNEL[p.platform])) is not None)
    return RatePlan(spec.orders_per_day * MEAN_QTY * ctx.fraction, dict(shares), streams)


def weekly_review(ctx: Context, spec: ProductSpec, wh: str, ts: datetime, design: Design,
            plan: RatePlan, shelves: Shelves) -> list[Shipment]:
    """Weekly (s, S) review: below the reorder point, order up to cover; air for the gap.

    rate          = 0.6 x planned units/day + 0.4 x units drawn over the last 4 weeks / days
    reorder point = rate x (supplier lead + sea transit + review week + safety days)
    order up to   = reorder point + rate x cover days
    air           = rate x (supplier lead + sea transit) - position: what sea can't bring in
                    time. Lean products get no safety days, 14 cover days and no air.
    """
    zone = WAREHOUSE[wh].zone
    day = local_date(ts, zone)
    elapsed = max(7, min(28, (day - ctx.window_start).days))
    recent = sum(q for t, q in shelves.drawn[wh] if t >= ts - timedelta(days=elapsed))
    rate = max(0.05, 0.6 * plan.units_per_day(ctx, spec, wh, day) + 0.4 * recent / elapsed)
    shelves.in_transit[:] = [shipment for shipment in shelves.in_transit if shipment[0] > ts]
    position = (shelves.on_hand[wh] + shelves.pending[wh]
                + sum(q for _, w, q in shelves.in_transit if w == wh))
    sea = LANE[(wh, "sea")].transit_days
    safety, cover = (0, 14) if spec.lean else (10, design.cover_days or 45)
    reorder_point = rate * (spec.lead_days + sea + 7 + safety)
    if position >= reorder_point:
        return []
    total = ceil10(reorder_point + rate * cover - position)
    air = 0 if spec.lean else min(total, ceil10(max(0.0, rate * (spec.lead_days + sea)
                                                    - position)))
    ship_day = day + timedelta(days=spec.lead_days)
    orders = []
    for mode, qty in (("air", air), ("sea", total - air)):
        eta = shipment_eta(wh, mode, ship_day)
        if qty > 0 and (design.freeze_eta is None or eta <= design.freeze_eta):
            orders.append(Shipment(f"{mode.upper()}-{wh}-{ship_day:%y%m%d}", spec.sku, wh, qty,
                                   mode, shipped_at(ship_day), eta))
    return orders
