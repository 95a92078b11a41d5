"""Where a session's numbers came from, and which live feeds have gone quiet.

`sources` answers "where does this number come from": the session's order lines grouped by
`order_line.source` (webhook:shopify, import:tiktok-orders, load:orders.csv, simulate...),
the latest stock count of each warehouse of its market, and its viewer samples by source.

`stale_feeds` answers "can I trust the live board now": while the session is live, a feed
is stale when its last arrival is more than `max_age_seconds` old:
- webhook:<platform>: the receiver's last receipt from a platform that has delivered before
  (wall-clock time: the receiver may be down or the platform's subscription removed);
- viewers: the session's last viewer sample (none since the start counts from the start);
- missing_lines: TikTok announced orders since the start that the store has no lines for
  (its status webhook carries no lines: import the TikTok export), whatever their age.
A quiet order feed is not called stale: a product may simply not sell for a while.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine, and_, case, func, select

from core.common.errors import NotFound
from core.common.i18n import CATALOG, t
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


@dataclass(frozen=True)
class OrderSource:
    """Order lines of one source in the session: `units` leaves cancelled lines out."""

    source: str
    label: str
    lines: int
    units: int
    first_ts: datetime | None
    last_ts: datetime | None


@dataclass(frozen=True)
class StockSource:
    warehouse_id: str
    counted_at: datetime | None
    skus: int


@dataclass(frozen=True)
class ViewerSource:
    source: str
    samples: int
    last_ts: datetime | None


@dataclass(frozen=True)
class Provenance:
    session_id: str
    at: datetime | None
    orders: tuple[OrderSource, ...]
    stock_counts: tuple[StockSource, ...]
    viewers: tuple[ViewerSource, ...]


@dataclass(frozen=True)
class StaleFeed:
    """A live feed to warn about. kind: webhook, viewers or missing_lines; `describe` says
    it in a language, `message` in English."""

    kind: str
    source: str
    last_at: datetime | None
    age_seconds: float | None
    count: int
    key: str

    @property
    def message(self) -> str:
        return describe(self, "en")


def describe(feed: StaleFeed, lang: str) -> str:
    """The warning a person reads, in `lang` (zh or en)."""
    age = _age(feed.age_seconds, lang)
    platform = feed.source.removeprefix("webhook:").capitalize().replace("Tiktok", "TikTok")
    return t(feed.key, lang, platform=platform, age=age, count=feed.count)


def label_of(source: str | None, lang: str = "en") -> str:
    """A person's name for an order_line.source; unknown sources are shown as they are."""
    if source is None:
        return t("source.unknown", lang)
    key = f"source.{source}"
    return t(key, lang) if key in CATALOG else source


def sources(engine: Engine, *, session_id: str, at: datetime | None = None) -> Provenance:
    """Where the session's numbers come from, counting only rows stamped at or before `at`
    (all rows when None). Raises NotFound for an unknown session."""
    with engine.connect() as conn:
        market = _market(conn, session_id)
        return Provenance(session_id, at, _order_sources(conn, session_id, at),
                          _stock_sources(conn, market, at), _viewer_sources(conn, session_id, at))


def stale_feeds(engine: Engine, *, session_id: str, now: datetime, max_age_seconds: float
                ) -> list[StaleFeed]:
    """The session's live feeds older than `max_age_seconds` at `now` (empty unless the
    session is live at `now`). Raises NotFound for an unknown session."""
    if max_age_seconds <= 0:
        raise ValueError(f"max_age_seconds must be above 0, got {max_age_seconds}")
    with engine.connect() as conn:
        window = _window(conn, session_id)
        start, end = window
        if not start <= now < end:
            return []
        found = _stale_webhooks(conn, now, max_age_seconds)
        found += _stale_viewers(conn, session_id, start, now, max_age_seconds)
        found += _missing_lines(conn, start, now)
    return found


# ---------------------------------------------------------------------------------------


def _market(conn: Connection, session_id: str) -> str:
    market = conn.execute(select(_SESSIONS.c.market)
                          .where(_SESSIONS.c.session_id == session_id)).scalar()
    if market is None:
        raise NotFound(f"session {session_id} is not in the store")
    return str(market)


def _window(conn: Connection, session_id: str) -> tuple[datetime, datetime]:
    s = _SESSIONS.c
    row = conn.execute(select(s.start, s.end).where(s.session_id == session_id)).first()
    if row is None:
        raise NotFound(f"session {session_id} is not in the store")
    return row[0], row[1]


def _order_sources(conn: Connection, session_id: str, at: datetime | None
                   ) -> tuple[OrderSource, ...]:
    o = _ORDERS.c
    units = func.sum(case((o.status != "cancelled", o.qty), else_=0))
    stmt = (select(o.source, func.count(), units, func.min(o.ts), func.max(o.ts))
            .where(o.session_id == session_id).group_by(o.source).order_by(o.source))
    if at is not None:
        stmt = stmt.where(o.ts <= at)
    return tuple(OrderSource(source or "", label_of(source), int(lines), int(total or 0),
                             first, last)
                 for source, lines, total, first, last in conn.execute(stmt))


def _stock_sources(conn: Connection, market: str, at: datetime | None
                   ) -> tuple[StockSource, ...]:
    w, c = _WAREHOUSES.c, _STOCK.c
    on = c.warehouse_id == w.warehouse_id
    if at is not None:
        on = and_(on, c.counted_at <= at)
    stmt = (select(w.warehouse_id, func.max(c.counted_at), func.count(func.distinct(c.sku)))
            .select_from(_WAREHOUSES.outerjoin(_STOCK, on))
            .where(w.country == market).group_by(w.warehouse_id).order_by(w.warehouse_id))
    return tuple(StockSource(warehouse, counted, int(skus))
                 for warehouse, counted, skus in conn.execute(stmt))


def _viewer_sources(conn: Connection, session_id: str, at: datetime | None
                    ) -> tuple[ViewerSource, ...]:
    v = _VIEWERS.c
    stmt = (select(v.source, func.count(), func.max(v.ts)).where(v.session_id == session_id)
            .group_by(v.source).order_by(v.source))
    if at is not None:
        stmt = stmt.where(v.ts <= at)
    return tuple(ViewerSource(source or "load:viewers.csv", int(n), last)
                 for source, n, last in conn.execute(stmt))


def _stale_webhooks(conn: Connection, now: datetime, max_age_seconds: float
                    ) -> list[StaleFeed]:
    r = _RECEIPTS.c
    stmt = (select(r.platform, func.max(r.received_at)).where(r.received_at <= now)
            .group_by(r.platform).order_by(r.platform))
    found = []
    for platform, last in conn.execute(stmt):
        age = (now - last).total_seconds()
        if age > max_age_seconds:
            found.append(StaleFeed("webhook", f"webhook:{platform}", last, age, 0,
                                   "feed.webhook_quiet"))
    return found


def _stale_viewers(conn: Connection, session_id: str, start: datetime, now: datetime,
                   max_age_seconds: float) -> list[StaleFeed]:
    v = _VIEWERS.c
    last = conn.execute(select(func.max(v.ts))
                        .where(v.session_id == session_id, v.ts <= now)).scalar()
    age = (now - (last or start)).total_seconds()
    if age <= max_age_seconds:
        return []
    key = "feed.viewers_quiet" if last is not None else "feed.viewers_none"
    return [StaleFeed("viewers", "viewers", last, age, 0, key)]


def _missing_lines(conn: Connection, start: datetime, now: datetime) -> list[StaleFeed]:
    r, o = _RECEIPTS.c, _ORDERS.c
    has_lines = select(o.order_id).where(o.order_id == r.order_id).exists()
    stmt = (select(func.count(func.distinct(r.order_id)), func.max(r.received_at))
            .where(r.outcome == "no_lines", r.received_at >= start, r.received_at <= now,
                   ~has_lines))
    count, last = conn.execute(stmt).one()
    if not count:
        return []
    return [StaleFeed("missing_lines", "webhook:tiktok", last, None, int(count),
                      "feed.missing_lines")]


def _age(seconds: float | None, lang: str) -> str:
    if seconds is None:
        return ""
    if seconds >= 90:
        return t("feed.age_minutes", lang, n=f"{seconds / 60:.0f}")
    return t("feed.age_seconds", lang, n=f"{seconds:.0f}")
