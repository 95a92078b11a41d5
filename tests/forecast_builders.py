"""Small builders for forecast tests: a history of sessions whose pattern is learnable.

Viewers depend on market and traffic, orders on viewers x each product's rate x a price
effect, so a model that uses them beats "same as last time".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd

from core.forecast import History

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
                       "traffic": traffic, "warmup_start": pd.Timestamp(start - timedelta(hours=3)),
                       "start": pd.Timestamp(start), "end": pd.Timestamp(start + timedelta(hours=2)),
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
            w_rows.append({"session_id": sid, "minutes": float(minute),
                           "viewers": viewers * 0.08 * float(np.exp(rng.normal(0, 0.05))),
                           "interactions": float(rng.poisson(viewers * 0.02))})
    history = History(
        sessions=pd.DataFrame(s_rows, columns=["session_id", "platform", "market", "traffic",
                                               "warmup_start", "start", "end",
                                               "live_viewers"]),
        lineup=pd.DataFrame(l_rows, columns=["session_id", "sku", "price"]),
        products=products,
        sales=pd.DataFrame(o_rows, columns=["session_id", "sku", "orders", "units"]),
        warmup=pd.DataFrame(w_rows, columns=["session_id", "minutes", "viewers",
                                             "interactions"]))
    return Truth(history, viewers_by_session)
