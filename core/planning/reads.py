"""The SELECTs only planning needs: the supplier's terms, which platforms each warehouse
serves, every lane (transfer lanes too), the team's viewer estimates, inbound lots with
their receipt, and daily sales with the platform that sold them.

Typed, keyword-only helpers over an open `Connection` (`core.forecast.reads` has the rest);
each counts only rows known at `until` where time matters, so a replay of a past moment
gives the same answer every time.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import Connection, func, select

from core.common.choices import CANCELLED
from core.store.models import Inbound, Lane, LiveSession, OrderLine, Product, Warehouse, table_of

_PRODUCTS = table_of(Product)
_WAREHOUSES = table_of(Warehouse)
_LANES = table_of(Lane)
_SESSIONS = table_of(LiveSession)
_INBOUND = table_of(Inbound)
_ORDERS = table_of(OrderLine)


def _frame(rows: Any, columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame([tuple(r) for r in rows], columns=columns)


def order_terms(*, conn: Connection) -> pd.DataFrame:
    """Per product what its supplier accepts: sku, moq (minimum units per order), case_pack
    (units per carton)."""
    p = _PRODUCTS.c
    rows = conn.execute(select(p.sku, p.moq, p.case_pack).order_by(p.sku)).all()
    return _frame(rows, ["sku", "moq", "case_pack"]).astype({"moq": int, "case_pack": int})


def warehouse_service(*, conn: Connection) -> pd.DataFrame:
    """Per warehouse: warehouse_id, serves (";"-separated platform ids, None = every
    platform), receiving_days (arrival to sellable)."""
    w = _WAREHOUSES.c
    rows = conn.execute(select(w.warehouse_id, w.serves, w.receiving_days)
                        .order_by(w.warehouse_id)).all()
    return _frame(rows, ["warehouse_id", "serves", "receiving_days"]).astype(
        {"receiving_days": float})


def lanes(*, conn: Connection) -> pd.DataFrame:
    """Every lane: warehouse_id (where it lands), from_warehouse_id ("" = from the supplier;
    else a transfer from that warehouse), mode, transit_days, transit_days_sd, cost_unit,
    cost_shipment (in the destination's currency)."""
    ln = _LANES.c
    columns = ["warehouse_id", "from_warehouse_id", "mode", "transit_days", "transit_days_sd",
               "cost_unit", "cost_shipment"]
    rows = conn.execute(select(*(ln[c] for c in columns))
                        .order_by(ln.warehouse_id, ln.from_warehouse_id, ln.mode)).all()
    frame = _frame(rows, columns)
    return frame.assign(from_warehouse_id=frame["from_warehouse_id"].fillna("")).astype(
        {c: float for c in columns[3:]})


def inbound_lots(*, conn: Connection, until: datetime) -> pd.DataFrame:
    """Shipments shipped at or before `until`: sku, warehouse_id, qty, mode, eta,
    received_at (None: not received, or received after `until`), received_known (the
    file said when, or that it is still on the way)."""
    i = _INBOUND.c
    columns = ["sku", "warehouse_id", "qty", "mode", "eta", "received_at", "received_known"]
    rows = conn.execute(select(*(i[c] for c in columns)).where(i.shipped_at <= until)).all()
    frame = _frame(rows, columns)
    eta = pd.to_datetime(frame["eta"], utc=True)
    received = pd.to_datetime(frame["received_at"], utc=True)
    received = received.where(received <= pd.Timestamp(until))
    return frame.assign(eta=eta, received_at=received,
                        received_known=frame["received_known"].astype(bool),
                        qty=frame["qty"].astype(float))


def daily_sales(*, conn: Connection, since: datetime, until: datetime) -> pd.DataFrame:
    """Units sold per day: sku, warehouse_id (None: not assigned), market (the session's;
    None off-stream), day (UTC date), units, platform (the order's, else its session's;
    None: unknown). Paid and returned lines, since < ts <= until."""
    o, s = _ORDERS.c, _SESSIONS.c
    day = (func.date(func.timezone("UTC", o.ts)) if conn.dialect.name == "postgresql"
           else func.date(o.ts))
    platform = func.coalesce(o.platform, s.platform)
    rows = conn.execute(
        select(o.sku, o.warehouse_id, s.market, day, func.sum(o.qty), platform)
        .select_from(_ORDERS.outerjoin(_SESSIONS, s.session_id == o.session_id))
        .where(o.ts > since, o.ts <= until, o.status != CANCELLED)
        .group_by(o.sku, o.warehouse_id, s.market, day, platform)).all()
    frame = _frame(rows, ["sku", "warehouse_id", "market", "day", "units", "platform"])
    return frame.assign(day=pd.to_datetime(frame["day"]).dt.date,
                        units=frame["units"].astype(float))
