"""A seeded `LiveStream` that draws a planned stream minute by minute: viewers, orders and
each product card's funnel.

The stream's minutes are drawn in order whatever the tick length, so one seed gives the
same stream at any speed (as long as nobody else sells the same stock meanwhile).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from datetime import datetime, timedelta

import numpy as np

from core.simulate.stream_model import (
    CardFunnel,
    FlashDeal,
    ProductPlan,
    SimOrder,
    StreamMinute,
    StreamPlan,
    orders_per_minute,
    viewer_curve,
)

MINUTE = timedelta(minutes=1)
VIEWER_NOISE_SD = 0.04  # per-minute log noise, AR(1) with 0.8 memory
INTERACTIONS_PER_VIEWER_MINUTE = 0.05
# The product card funnel (docs/figures.md: CTR 5-15%, click-to-order 5-20%; estimates).
CARD_CTR = 0.09
CLICK_TO_ORDER = 0.12
QTY_CHOICES = (1, 2, 3)
QTY_WEIGHTS = (0.8, 0.15, 0.05)
ORDER_ID_MAX_LENGTH = 64


def order_id_prefix(session_id: str) -> str:
    """"SIM-<session>-": one session's simulated orders can never meet another's."""
    prefix = f"SIM-{session_id}-"
    if len(prefix) + 8 > ORDER_ID_MAX_LENGTH:
        prefix = f"SIM-{hashlib.sha1(session_id.encode()).hexdigest()[:20]}-"
    return prefix


class LiveStream:
    """Draws a stream minute by minute (on the grid of the session's start) from `start_from`.

    `next_minute(available_units)` returns the next minute's viewer sample and orders,
    never selling more units of a product than `available_units` holds for it (0 when
    absent); None once the stream has ended.
    """

    def __init__(self, plan: StreamPlan, *, seed: int, start_from: datetime | None = None) -> None:
        self.plan = plan
        self.now = start_from or plan.start
        if self.now >= plan.end:
            raise ValueError(f"start_from {self.now} is not before the end of {plan.session_id}")
        self._rng = np.random.default_rng(seed)
        # The funnel draws from its own generator, so orders don't depend on it.
        self._funnel_rng = np.random.default_rng([seed, 1])
        self._log_noise = 0.0
        self._next_number = 1
        self._prefix = order_id_prefix(plan.session_id)

    @property
    def finished(self) -> bool:
        return self.now >= self.plan.end

    def next_minute(self, available_units: Mapping[str, int]) -> StreamMinute | None:
        if self.finished:
            return None
        plan, start = self.plan, self.now
        since_start = math.floor((start - plan.start) / MINUTE)
        end = min(plan.start + (since_start + 1) * MINUTE, plan.end)
        minutes = (end - start).total_seconds() / 60
        self._log_noise = 0.8 * self._log_noise + self._rng.normal(0, VIEWER_NOISE_SD)
        viewers = round(viewer_curve(start, plan=plan) * math.exp(self._log_noise))
        interactions = int(self._rng.poisson(viewers * INTERACTIONS_PER_VIEWER_MINUTE * minutes))
        drawn: list[tuple[datetime, ProductPlan, int, FlashDeal | None]] = []
        funnel: list[CardFunnel] = []
        if start >= plan.start:
            for product in plan.products:
                sold = self._draw_product(product, start, minutes, viewers,
                                          available_units.get(product.sku, 0))
                drawn.extend(sold)
                funnel.append(self._card_funnel(product, start, end, minutes, viewers,
                                                orders=len(sold)))
        drawn.sort(key=lambda item: item[0])
        orders = tuple(self._order(ts, product, qty, deal) for ts, product, qty, deal in drawn)
        self.now = end
        return StreamMinute(start=start, end=end, viewers=viewers, interactions=interactions,
                            orders=orders, funnel=tuple(funnel))

    def _card_funnel(self, product: ProductPlan, start: datetime, end: datetime,
                     minutes: float, viewers: int, *, orders: int) -> CardFunnel:
        """Clicks = the orders placed + the clicks that did not buy, at CLICK_TO_ORDER of the
        expected orders; impressions = clicks / CARD_CTR. A sold-out card is still clicked
        (and converts at 0), as on a real stream."""
        deal = next((d for d in self.plan.flash_deals
                     if d.sku == product.sku and d.start <= start < d.end), None)
        expected_orders = orders_per_minute(viewers=viewers, plan=self.plan, product=product,
                                            deal=deal) * minutes
        expected_clicks = expected_orders / CLICK_TO_ORDER
        clicks = orders + int(self._funnel_rng.poisson(expected_clicks - expected_orders))
        impressions = clicks + int(self._funnel_rng.poisson(
            expected_clicks * (1 / CARD_CTR - 1)))
        return CardFunnel(sku=product.sku, ts=end, impressions=impressions, clicks=clicks)

    def _draw_product(self, product: ProductPlan, start: datetime, minutes: float,
                      viewers: int, available: int,
                      ) -> list[tuple[datetime, ProductPlan, int, FlashDeal | None]]:
        deal = next((d for d in self.plan.flash_deals
                     if d.sku == product.sku and d.start <= start < d.end), None)
        rate = orders_per_minute(viewers=viewers, plan=self.plan, product=product, deal=deal)
        count = int(self._rng.poisson(rate * minutes))
        offsets = np.sort(self._rng.uniform(0, minutes * 60, size=count))
        drawn = []
        for offset in offsets:
            if available <= 0:
                break
            qty = min(int(self._rng.choice(QTY_CHOICES, p=QTY_WEIGHTS)), available)
            available -= qty
            drawn.append((start + timedelta(seconds=float(offset)), product, qty, deal))
        return drawn

    def _order(self, ts: datetime, product: ProductPlan, qty: int,
               deal: FlashDeal | None) -> SimOrder:
        order_id = f"{self._prefix}{self._next_number}"
        self._next_number += 1
        return SimOrder(order_id=order_id, sku=product.sku, ts=ts, qty=qty,
                        unit_price=deal.price if deal else product.price,
                        currency=product.currency, flash_deal=deal is not None)
