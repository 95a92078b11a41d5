"""The SELECTs behind the webhook intake, a session's provenance and its stale-feed
warnings.

Each helper takes an open `Connection`; those given `at` / `until` count only rows stamped
at or before it (`at` None: every row), so a past moment gives the same answer every time.
The provenance values they return are `core.platforms.provenance`'s.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, and_, bindparam, case, func, select

from core.common.choices import CANCELLED
from core.common.errors import NotFound
from core.platforms.order_status import RANK, StatusStamp
from core.platforms.provenance import OrderSource, StockSource, ViewerSource, label_of
from core.store.models import (
    LiveSession,
    OrderLine,
    Product,
    StockCount,
    ViewerSample,
    Warehouse,
    WebhookOrder,
    WebhookPendingLine,
    WebhookReceipt,
    table_of,
)

_ORDERS = table_of(OrderLine)
_RECEIPTS = table_of(WebhookReceipt)
_SESSIONS = table_of(LiveSession)
_STOCK = table_of(StockCount)
_VIEWERS = table_of(ViewerSample)
_WAREHOUSES = table_of(Warehouse)
_PRODUCTS = table_of(Product)
_WEBHOOK_ORDERS = table_of(WebhookOrder)
_PENDING = table_of(WebhookPendingLine)
_LIVE_SESSION = (
    select(_SESSIONS.c.session_id)
    .where(_SESSIONS.c.market == bindparam("country"),
           _SESSIONS.c.start <= bindparam("at", type_=_SESSIONS.c.start.type),
           _SESSIONS.c.end > bindparam("at", type_=_SESSIONS.c.start.type))
    .order_by(_SESSIONS.c.start.desc(), _SESSIONS.c.session_id).limit(1))
_RECEIPTS_OF = select(_RECEIPTS.c.delivery_id).where(
    _RECEIPTS.c.platform == bindparam("platform"),
    _RECEIPTS.c.delivery_id.in_(bindparam("ids", expanding=True)))
_KNOWN_SKUS = select(_PRODUCTS.c.sku).where(
    _PRODUCTS.c.sku.in_(bindparam("skus", expanding=True)))
_STAMPS = select(_WEBHOOK_ORDERS.c.order_id, _WEBHOOK_ORDERS.c.status,
                 _WEBHOOK_ORDERS.c.stamped_at).where(
    _WEBHOOK_ORDERS.c.order_id.in_(bindparam("ids", expanding=True)))
_LINE_STATUSES = select(_ORDERS.c.order_id, _ORDERS.c.status).where(
    _ORDERS.c.order_id.in_(bindparam("ids", expanding=True)))
_READY = (select(_PENDING).join(_PRODUCTS, _PRODUCTS.c.sku == _PENDING.c.sku)
          .order_by(_PENDING.c.received_at, _PENDING.c.order_id, _PENDING.c.sku))


# ---------------------------------------------------------------------------------------
# The intake: what the store already knows of the deliveries in hand.


def session_for(conn: Connection, *, country: str | None, at: datetime) -> str | None:
    """The session of `country`'s market live at `at` (the latest started), or None."""
    if not country:
        return None
    return cast(str | None, conn.execute(_LIVE_SESSION, {"country": country, "at": at}).scalar())


def unknown_skus(conn: Connection, skus: Sequence[str]) -> list[str]:
    """The skus of `skus` the store has no product for, in their first order."""
    wanted = list(dict.fromkeys(skus))
    if not wanted:
        return []
    known = set(conn.execute(_KNOWN_SKUS, {"skus": wanted}).scalars())
    return [sku for sku in wanted if sku not in known]


def receipts_of(conn: Connection, *, platform: str, delivery_ids: Sequence[str]) -> set[str]:
    """The delivery ids of `platform` among `delivery_ids` that already have a receipt."""
    if not delivery_ids:
        return set()
    return set(conn.execute(_RECEIPTS_OF, {"platform": platform,
                                           "ids": list(delivery_ids)}).scalars())


def status_stamps(conn: Connection, *, order_ids: Sequence[str]) -> dict[str, StatusStamp]:
    """Each known order's status and the platform's stamp of it: from webhook_order when a
    delivery set it, else from its lines (written from a file: no stamp; the most final of
    their statuses)."""
    ids = list(dict.fromkeys(order_ids))
    if not ids:
        return {}
    stamps = {order_id: StatusStamp(status, stamped_at)
              for order_id, status, stamped_at in conn.execute(_STAMPS, {"ids": ids})}
    rest = [order_id for order_id in ids if order_id not in stamps]
    if rest:
        for order_id, status in conn.execute(_LINE_STATUSES, {"ids": rest}):
            before = stamps.get(order_id)
            if before is None or RANK.get(status, 0) > RANK.get(before.status, 0):
                stamps[order_id] = StatusStamp(status, None)
    return stamps


def lines_of_order(conn: Connection, *, order_id: str) -> int:
    """How many lines the store has of `order_id`, written or pending."""
    return sum(conn.execute(select(func.count()).select_from(table)
                            .where(table.c.order_id == order_id)).scalar_one()
               for table in (_ORDERS, _PENDING))


def ready_pending_lines(conn: Connection) -> list[dict[str, Any]]:
    """The pending lines whose sku the store now has, oldest first."""
    return [dict(row._mapping) for row in conn.execute(_READY)]


def pending_count(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(_PENDING)).scalar_one())


# ---------------------------------------------------------------------------------------
# Provenance and stale feeds.


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
    units = func.sum(case((o.status != CANCELLED, o.qty), else_=0))
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
