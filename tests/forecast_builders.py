"""Small builders for forecast tests: a history of sessions whose pattern is learnable.

Viewers depend on market and traffic, orders on viewers x each product's rate x a price
effect, so a model that uses them beats "same as last time".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import Engine, insert
from sqlmodel import Session

from core.forecast.history import History
from core.store.models import (
    Lane,
    LineupItem,
    LiveSession,
    OrderLine,
    Product,
    StockCount,
    ViewerSample,
    Warehouse,
)

START = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # 20:00 in New York
MARKET_VIEWERS = {"US": 6000.0, "DE": 1500.0}
TRAFFIC_FACTOR = {"organic": 1.0, "paid": 2.2}
PRODUCT_RATES = {  # orders per 1,000 viewers at the usual price
    "SKU-A": 12.0, "SKU-B": 6.0, "SKU-C": 3.0, "SKU-D": 1.5, "SKU-E": 8.0, "SKU-F": 0.8,
}
UNITS_PER_ORDER = {"SKU-A": 1.0, "SKU-B": 2.0}
ELASTICITY = -1.5


@dataclass(frozen=True)
class Truth:
    history: History
    viewers: dict[str, float]


def products_frame() -> pd.DataFrame:
    skus = list(PRODUCT_RATES)
    return pd.DataFrame({"sku": skus,
                         "category": ["bags" if i % 2 else "tops" for i in range(len(skus))],
                         "price": [20.0 + 5 * i for i in range(len(skus))]})


def make_history(*, sessions: int = 30, seed: int = 1, noise_shape: float = 30.0,
                 viewer_sd: float = 0.15, days_apart: float = 3.0,
                 skus: tuple[str, ...] | None = None) -> Truth:
    """`sessions` past sessions of 2 hours, alternating market and traffic, with warm-ups."""
    rng = np.random.default_rng(seed)
    products = products_frame()
    usual = dict(zip(products["sku"], products["price"], strict=True))
    skus = skus or tuple(PRODUCT_RATES)
    s_rows, l_rows, o_rows, w_rows = [], [], [], []
    viewers_by_session: dict[str, float] = {}
    for i in range(sessions):
        sid = f"S{i:03d}"
        market = "US" if i % 2 == 0 else "DE"
        traffic = "paid" if (i // 2) % 2 else "organic"
        start = START + timedelta(days=days_apart * i)
        viewers = (MARKET_VIEWERS[market] * TRAFFIC_FACTOR[traffic]
                   * float(np.exp(rng.normal(0, viewer_sd))))
        viewers_by_session[sid] = viewers
        s_rows.append({"session_id": sid, "platform": "tiktok", "market": market,
                       "traffic": traffic,
                       "warmup_start": pd.Timestamp(start - timedelta(hours=3)),
                       "start": pd.Timestamp(start),
                       "end": pd.Timestamp(start + timedelta(hours=2)),
                       "live_viewers": viewers})
        lineup = rng.choice(skus, size=min(4, len(skus)), replace=False)
        for sku in lineup:
            discount = 0.8 if rng.random() < 0.3 else 1.0
            price = usual[sku] * discount
            mean_orders = viewers / 1000 * PRODUCT_RATES[sku] * discount**ELASTICITY
            orders = rng.poisson(mean_orders * rng.gamma(noise_shape, 1 / noise_shape))
            l_rows.append({"session_id": sid, "sku": sku, "price": price})
            o_rows.append({"session_id": sid, "sku": sku, "orders": float(orders),
                           "units": float(orders * UNITS_PER_ORDER.get(sku, 1.0))})
        for minute in range(0, 180, 15):
            w_rows.append({"session_id": sid, "to_start": float(180 - minute),
                           "viewers": viewers * 0.08 * float(np.exp(rng.normal(0, 0.05))),
                           "interactions": float(rng.poisson(viewers * 0.02))})
    history = History(
        sessions=pd.DataFrame(s_rows, columns=["session_id", "platform", "market", "traffic",
                                               "warmup_start", "start", "end",
                                               "live_viewers"]),
        lineup=pd.DataFrame(l_rows, columns=["session_id", "sku", "price"]),
        products=products,
        sales=pd.DataFrame(o_rows, columns=["session_id", "sku", "orders", "units"]),
        warmup=pd.DataFrame(w_rows, columns=["session_id", "to_start", "viewers",
                                             "interactions"]))
    return Truth(history, viewers_by_session)


def write_store(engine: Engine, history: History, *, live_samples: int = 4,
                order_day_offset: float = 0.0) -> None:
    """Write `history` into a store: a US and a DE warehouse with sea and air lanes, the
    products, sessions, lineups, one order line per order (qty = units per order), viewer
    samples (warm-up and live), and a big stock count before the first session."""
    sessions = history.sessions
    first = sessions["start"].min().to_pydatetime() if not sessions.empty else START
    with Session(engine) as db:
        for wid, country, mode in (("WH-US", "US", "platform"), ("WH-DE", "DE", "3pl")):
            db.add(Warehouse(warehouse_id=wid, name=wid, country=country, mode=mode,
                             currency="USD", storage_fee_unit_day=0.02, inbound_fee_unit=0.3,
                             outbound_fee_order=3.0, return_fee_unit=3.0))
            db.flush()
            db.add(Lane(warehouse_id=wid, mode="sea", transit_days=35, transit_days_sd=5,
                        cost_unit=0.5, cost_shipment=300))
            db.add(Lane(warehouse_id=wid, mode="air", transit_days=8, transit_days_sd=1,
                        cost_unit=4.0, cost_shipment=150))
        for row in history.products.itertuples(index=False):
            db.add(Product(sku=row.sku, name=row.sku, category=row.category, unit_cost=5.0,
                           price=float(row.price), currency="USD", presale_allowed=True,
                           supplier_lead_days=5))
        db.flush()
        for row in history.products.itertuples(index=False):
            for wid in ("WH-US", "WH-DE"):
                db.add(StockCount(sku=row.sku, warehouse_id=wid,
                                  counted_at=first - timedelta(days=1), on_hand=100_000,
                                  reserved=0))
        for row in sessions.itertuples(index=False):
            start, end = row.start.to_pydatetime(), row.end.to_pydatetime()
            db.add(LiveSession(session_id=row.session_id, title=row.session_id,
                               platform=row.platform, market=row.market,
                               warmup_start=row.warmup_start.to_pydatetime(), start=start,
                               end=end, traffic=row.traffic))
        db.flush()
        for row in history.lineup.itertuples(index=False):
            db.add(LineupItem(session_id=row.session_id, sku=row.sku, slot=1,
                              price=float(row.price)))
        db.commit()
    samples = []
    for row in history.warmup.itertuples(index=False):
        s = sessions[sessions["session_id"] == row.session_id].iloc[0]
        samples.append({"session_id": row.session_id,
                        "ts": s["start"].to_pydatetime() - timedelta(minutes=float(row.to_start)),
                        "viewers": round(float(row.viewers)),
                        "interactions": round(float(row.interactions))})
    for row in sessions.itertuples(index=False):
        span = (row.end - row.start).to_pytimedelta()
        samples.extend({"session_id": row.session_id,
                        "ts": row.start.to_pydatetime() + span * k / live_samples,
                        "viewers": round(float(row.live_viewers)), "interactions": None}
                       for k in range(live_samples))
    market = dict(zip(sessions["session_id"], sessions["market"], strict=True))
    starts = dict(zip(sessions["session_id"], sessions["start"], strict=True))
    orders = []
    for row in history.sales.itertuples(index=False):
        count = int(row.orders)
        qty = round(row.units / row.orders) if count else 1
        start = starts[row.session_id].to_pydatetime() + timedelta(days=order_day_offset)
        orders.extend({"order_id": f"{row.session_id}-{row.sku}-{n}", "sku": row.sku,
                       "ts": start + timedelta(seconds=10 + n), "qty": qty, "unit_price": 10.0,
                       "currency": "USD", "session_id": row.session_id,
                       "warehouse_id": "WH-US" if market[row.session_id] == "US" else "WH-DE",
                       "customer_id": None, "status": "paid", "source": None}
                      for n in range(count))
    with engine.begin() as conn:
        if samples:
            conn.execute(insert(ViewerSample), samples)
        if orders:
            conn.execute(insert(OrderLine), orders)
