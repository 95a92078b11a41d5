"""The SELECTs behind a session's provenance and its stale-feed warnings.

Each helper takes an open `Connection`; those given `at` / `until` count only rows stamped
at or before it (`at` None: every row), so a past moment gives the same answer every time.
The values they return are `core.platforms.provenance`'s.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, and_, case, func, select

from core.common.errors import NotFound
from core.platforms.provenance import OrderSource, StockSource, ViewerSource, label_of
from core.store.models import (
    LiveSession,
    OrderLine,
    StockCount,
    ViewerSample,
    Warehouse,
    WebhookReceipt,
    table_of,
)

_ORDERS = table_of(OrderLine)
_RECEIPTS = table_of(WebhookReceipt)
_SESSIONS = table_of(LiveSession)
_STOCK = table_of(StockCount)
_VIEWERS = table_of(ViewerSample)
_WAREHOUSES = table_of(Warehouse)


def session_market(*, conn: Connection, session_id: str) -> str:
    """The session's market. Raises NotFound for an unknown session."""
    market = conn.execute(select(_SESSIONS.c.market)
                          .where(_SESSIONS.c.session_id == session_id)).scalar()
    if market is None:
        raise NotFound(f"session {session_id} is not in the store")
    return str(market)


def session_window(*, conn: Connection, session_id: str) -> tuple[datetime, datetime]:
    """The session's (start, end). Raises NotFound for an unknown session."""
    s = _SESSIONS.c
    row = conn.execute(select(s.start, s.end).where(s.session_id == session_id)).first()
    if row is None:
        raise NotFound(f"session {session_id} is not in the store")
    return row[0], row[1]


def order_sources(*, conn: Connection, session_id: str, at: datetime | None
                  ) -> tuple[OrderSource, ...]:
    """The session's order lines per source, by source; units without cancelled lines."""
    o = _ORDERS.c
    units = func.sum(case((o.status != "cancelled", o.qty), else_=0))
    stmt = (select(o.source, func.count(), units, func.min(o.ts), func.max(o.ts))
            .where(o.session_id == session_id).group_by(o.source).order_by(o.source))
    if at is not None:
        stmt = stmt.where(o.ts <= at)
    return tuple(OrderSource(source or "", label_of(source), int(lines), int(total or 0),
                             first, last)
                 for source, lines, total, first, last in conn.execute(stmt))


def stock_sources(*, conn: Connection, market: str, at: datetime | None
                  ) -> tuple[StockSource, ...]:
    """Each warehouse of `market`, by id: its latest count and how many products it
    counted (None and 0 when never counted)."""
    w, c = _WAREHOUSES.c, _STOCK.c
    on = c.warehouse_id == w.warehouse_id
    if at is not None:
        on = and_(on, c.counted_at <= at)
    stmt = (select(w.warehouse_id, func.max(c.counted_at), func.count(func.distinct(c.sku)))
            .select_from(_WAREHOUSES.outerjoin(_STOCK, on))
            .where(w.country == market).group_by(w.warehouse_id).order_by(w.warehouse_id))
    return tuple(StockSource(warehouse, counted, int(skus))
                 for warehouse, counted, skus in conn.execute(stmt))


def viewer_sources(*, conn: Connection, session_id: str, at: datetime | None
                   ) -> tuple[ViewerSource, ...]:
    """The session's viewer samples per source (none recorded: the loaded file's)."""
    v = _VIEWERS.c
    stmt = (select(v.source, func.count(), func.max(v.ts)).where(v.session_id == session_id)
            .group_by(v.source).order_by(v.source))
    if at is not None:
        stmt = stmt.where(v.ts <= at)
    return tuple(ViewerSource(source or "load:viewers.csv", int(n), last)
                 for source, n, last in conn.execute(stmt))


def last_receipts(*, conn: Connection, until: datetime) -> dict[str, datetime]:
    """Per platform that has delivered by `until`, its last receipt's received_at."""
    r = _RECEIPTS.c
    stmt = (select(r.platform, func.max(r.received_at)).where(r.received_at <= until)
            .group_by(r.platform).order_by(r.platform))
    return {str(platform): last for platform, last in conn.execute(stmt)}


def last_viewer_sample(*, conn: Connection, session_id: str, until: datetime
                       ) -> datetime | None:
    """When the session's latest viewer sample at or before `until` was taken."""
    v = _VIEWERS.c
    return conn.execute(select(func.max(v.ts))
                        .where(v.session_id == session_id, v.ts <= until)).scalar()


def orders_without_lines(*, conn: Connection, since: datetime, until: datetime
                         ) -> tuple[int, datetime | None]:
    """(orders, latest announcement) of orders announced in [since, until] by a delivery
    without lines (outcome "no_lines") that still have no order line in the store."""
    r, o = _RECEIPTS.c, _ORDERS.c
    has_lines = select(o.order_id).where(o.order_id == r.order_id).exists()
    stmt = (select(func.count(func.distinct(r.order_id)), func.max(r.received_at))
            .where(r.outcome == "no_lines", r.received_at >= since, r.received_at <= until,
                   ~has_lines))
    count, last = conn.execute(stmt).one()
    return int(count or 0), last
