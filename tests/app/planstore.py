"""A small store for the planning pages, dated relative to `now`.

- US-3PL (3pl) and US-FBA (platform) in the US, DE-OWN (own) in Germany; each has sea
  (35 days) and air (8 days) lanes.
- LAMP sells 5 a day off-stream from US-3PL and about 60 in each weekly US stream; 30 left,
  200 more on a ship landing in 10 days: it runs out before they land (a fast mover).
- CASE sells 1 a day from US-FBA with 2,000 on the shelf (a slow mover); 300 of them
  landed 20 days ago, the rest were there at the first count 60 days ago.
- MUG sells 2 a day from DE-OWN; "custom mugs" belong in the seller's own warehouse.
- Four past US streams (LAMP and CASE), one more in three days with both in its lineup.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import streamlit as st
from sqlalchemy import Engine, insert
from sqlmodel import Session, SQLModel
from streamlit.testing.v1 import AppTest

from core.store.db import make_engine
from core.store.models import (
    Inbound,
    Lane,
    LineupItem,
    LiveSession,
    OrderLine,
    Product,
    StockCount,
    ViewerSample,
    Warehouse,
)
from core.store.schema import create_schema

UPCOMING = "NEXT-US"
HISTORY_DAYS = 60
STREAM_VIEWERS = 3000
WAREHOUSES = {  # id: (country, mode, currency)
    "US-3PL": ("US", "3pl", "USD"), "US-FBA": ("US", "platform", "USD"),
    "DE-OWN": ("DE", "self", "EUR"),
}
PRODUCTS = {  # sku: (name, category, unit cost, price, currency, warehouse, per day, stock)
    "LAMP": ("Desk Lamp", "lighting", 6.0, 24.0, "USD", "US-3PL", 5, 30),
    "CASE": ("Phone Case", "phone cases", 2.0, 12.0, "USD", "US-FBA", 1, 2000),
    "MUG": ("Photo Mug", "custom mugs", 3.0, 15.0, "EUR", "DE-OWN", 2, 400),
}


def build_plan_store(engine: Engine, *, now: datetime) -> None:
    """Write the store described above into an engine that has the schema."""
    first = now - timedelta(days=HISTORY_DAYS)
    parents: list[SQLModel] = [
        Warehouse(warehouse_id=wid, name=f"{wid} warehouse", country=country, mode=mode,
                  currency=currency, storage_fee_unit_day=0.02, inbound_fee_unit=0.3,
                  outbound_fee_order=3.0, return_fee_unit=3.0)
        for wid, (country, mode, currency) in WAREHOUSES.items()]
    parents += [Product(sku=sku, name=name, category=category, unit_cost=cost, price=price,
                        currency=currency, presale_allowed=True, supplier_lead_days=5)
                for sku, (name, category, cost, price, currency, *_rest) in PRODUCTS.items()]
    rows: list[SQLModel] = []
    for wid in WAREHOUSES:
        rows += [Lane(warehouse_id=wid, mode="sea", transit_days=35, transit_days_sd=4,
                      cost_unit=0.8, cost_shipment=400),
                 Lane(warehouse_id=wid, mode="air", transit_days=8, transit_days_sd=1,
                      cost_unit=4.0, cost_shipment=150)]
    sold = {"LAMP": 5 * HISTORY_DAYS + 4 * 60, "CASE": HISTORY_DAYS + 4 * 5, "MUG": 2 * 60}
    for sku, (*_head, wid, _per_day, stock) in PRODUCTS.items():
        landed = 300 if sku == "CASE" else 0
        # The first count holds what the latest shows plus everything sold since, less what
        # landed in between, so the two counts agree with the orders.
        rows += [StockCount(sku=sku, warehouse_id=wid, counted_at=first,
                            on_hand=stock + sold[sku] - landed, reserved=0),
                 StockCount(sku=sku, warehouse_id=wid, counted_at=now - timedelta(hours=1),
                            on_hand=stock, reserved=0)]
    rows += [Inbound(shipment_id="SEA-CASE", sku="CASE", warehouse_id="US-FBA", qty=300,
                     mode="sea", shipped_at=now - timedelta(days=55),
                     eta=now - timedelta(days=20)),
             Inbound(shipment_id="SEA-LAMP", sku="LAMP", warehouse_id="US-3PL", qty=200,
                     mode="sea", shipped_at=now - timedelta(days=25),
                     eta=now + timedelta(days=10))]
    sessions = [(f"PAST-{k}", now - timedelta(days=7 * k)) for k in range(4, 0, -1)]
    sessions.append((UPCOMING, now + timedelta(days=3)))
    parents += [LiveSession(session_id=sid, title=f"Stream {sid}", platform="tiktok",
                            market="US", warmup_start=start - timedelta(hours=2), start=start,
                            end=start + timedelta(hours=2), traffic="organic")
                for sid, start in sessions]
    rows += [LineupItem(session_id=sid, sku=sku, slot=slot, price=PRODUCTS[sku][3])
             for sid, _ in sessions for slot, sku in enumerate(("LAMP", "CASE"), start=1)]
    rows += [ViewerSample(session_id=sid, ts=start + timedelta(minutes=m),
                          viewers=STREAM_VIEWERS)
             for sid, start in sessions[:-1] for m in range(0, 120, 20)]
    with Session(engine) as db:
        db.add_all(parents)
        db.flush()  # the unit of work does not order inserts by foreign key
        db.add_all(rows)
        db.commit()
    with engine.begin() as conn:
        conn.execute(insert(OrderLine), _orders(now, sessions[:-1]))


def _orders(now: datetime, past: list[tuple[str, datetime]]) -> list[dict[str, object]]:
    orders: list[dict[str, object]] = []

    def add(sku: str, ts: datetime, session_id: str | None, n: int) -> None:
        *_head, currency, wid, _per_day, _stock = PRODUCTS[sku]
        orders.append({"order_id": f"O-{len(orders)}", "sku": sku, "ts": ts, "qty": n,
                       "unit_price": PRODUCTS[sku][3], "currency": currency,
                       "session_id": session_id, "warehouse_id": wid, "customer_id": None,
                       "status": "paid", "source": None})

    for day in range(HISTORY_DAYS, 0, -1):
        moment = now - timedelta(days=day, hours=-2)
        add("LAMP", moment, None, 5)
        add("CASE", moment, None, 1)
        if day <= 60:
            add("MUG", moment, None, 2)
    for sid, start in past:
        for minute in range(60):
            add("LAMP", start + timedelta(minutes=minute, seconds=30), sid, 1)
        for minute in range(5):
            add("CASE", start + timedelta(minutes=10 * minute, seconds=45), sid, 1)
    return orders


APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


@contextmanager
def app_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *,
              name: str = "plan.db") -> Iterator[Engine]:
    """An empty store in a temp file that the app reads through LIVESTOCK_DB, with
    Streamlit's caches cleared before and after (they are shared between AppTests)."""
    url = f"sqlite:///{tmp_path / name}"
    monkeypatch.setenv("LIVESTOCK_DB", url)
    st.cache_data.clear()
    st.cache_resource.clear()
    engine = make_engine(url)
    create_schema(engine)
    try:
        yield engine
    finally:
        engine.dispose()
        st.cache_data.clear()
        st.cache_resource.clear()


def open_page(page: str, **query: str) -> AppTest:
    """The dashboard opened on `page` (e.g. "views/planner.py") with `query` in the URL."""
    app = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        app.query_params[key] = value
    app.switch_page(page)
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def metrics(app: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in app.metric}


def money(text: str) -> float:
    """'$1,234' -> 1234.0"""
    return float(re.sub(r"[^\d.]", "", text) or 0)


def chart_specs(app: AppTest) -> list[dict[str, Any]]:
    return [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]


def values(data: Any) -> list[Any]:
    """A plotly JSON array as a list: plain lists stay, typed arrays ({dtype, bdata}, how
    plotly sends numpy arrays) are decoded."""
    if isinstance(data, dict) and "bdata" in data:
        return list(np.frombuffer(base64.b64decode(data["bdata"]), dtype=data["dtype"]))
    return list(data)
