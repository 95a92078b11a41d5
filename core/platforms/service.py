"""Taking platform deliveries into the store: the one service that commits them.

`take_delivery` writes a signed delivery in one transaction: its receipt (platform +
delivery id is the key, so a redelivery finds it and changes nothing), then its order lines
(order_id + sku is their key, so the same order announced twice is counted once). The
caller answers 200 only after it returns: what was acknowledged is committed.

Session of an order (docs/data-files.md, webhooks): the session whose market is the order's
shipping country
and that was live at the order's created_at (start <= created_at < end; the latest start
when two overlap); none, and the order is off-stream.

`sources` and `stale_feeds` say where a session's numbers came from and which live feeds
went quiet (read through `core.platforms.reads`, judged by `core.platforms.provenance`).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    Connection,
    Engine,
    bindparam,
    case,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite

from core.platforms import reads
from core.platforms.provenance import (
    Provenance,
    StaleFeed,
    missing_lines,
    quiet_viewers,
    quiet_webhooks,
)
from core.platforms.webhooks import Delivery, DeliveryRefused, LineIn, UnknownSku
from core.store.locks import take_write_lock
from core.store.models import (
    LiveSession,
    OrderLine,
    Product,
    WebhookReceipt,
    WebhookRejection,
    table_of,
)

_ORDERS = table_of(OrderLine)
_RECEIPTS = table_of(WebhookReceipt)
_REJECTIONS = table_of(WebhookRejection)
_SESSIONS = table_of(LiveSession)
_PRODUCTS = table_of(Product)
EXCERPT_CHARS = 2_000
_LIVE_SESSION = (
    select(_SESSIONS.c.session_id)
    .where(_SESSIONS.c.market == bindparam("country"),
           _SESSIONS.c.start <= bindparam("at", type_=_SESSIONS.c.start.type),
           _SESSIONS.c.end > bindparam("at", type_=_SESSIONS.c.start.type))
    .order_by(_SESSIONS.c.start.desc(), _SESSIONS.c.session_id).limit(1))
_RECEIPTS_OF = select(_RECEIPTS.c.delivery_id).where(
    _RECEIPTS.c.platform == bindparam("platform"),
    _RECEIPTS.c.delivery_id.in_(bindparam("ids", expanding=True)))
_KNOWN_SKUS = select(_PRODUCTS.c.sku).where(_PRODUCTS.c.sku.in_(bindparam("skus",
                                                                          expanding=True)))


@dataclass(frozen=True)
class Taken:
    """What a delivery did. outcome: written (order lines upserted), status (a status set
    on known lines), no_lines (a status for an order the store has no lines of), ignored
    (a topic without an order), duplicate (this delivery id was taken before)."""

    outcome: str
    lines: int = 0
    order_id: str | None = None
    session_id: str | None = None


def source_of(platform: str) -> str:
    """The order_line.source of lines a platform's webhook wrote."""
    return f"webhook:{platform}"


def take_delivery(engine: Engine, *, delivery: Delivery, received_at: datetime) -> Taken:
    """Write `delivery` all or nothing; raises UnknownSku (nothing written) for a line whose
    sku is not in the store."""
    [taken] = take_batch(engine, deliveries=[(delivery, received_at)])
    if isinstance(taken, DeliveryRefused):
        raise taken
    return taken


def take_batch(engine: Engine, *, deliveries: Sequence[tuple[Delivery, datetime]]
               ) -> list[Taken | DeliveryRefused]:
    """Write several (delivery, received_at) in one transaction (a group commit), each
    answered as `take_delivery` would answer it alone: Taken, or the UnknownSku that refused
    it (that one writes nothing; the others are not held back by it)."""
    answers: list[Taken | DeliveryRefused | None] = [None] * len(deliveries)
    with engine.connect() as conn:
        # Locked first: the known skus and receipts read next stay true until the commit.
        take_write_lock(conn)
        missing = set(unknown_skus(conn, [line.sku for delivery, _at in deliveries
                                          for line in delivery.lines]))
        seen = _taken_before(conn, [delivery for delivery, _at in deliveries])
        lines: list[dict[str, Any]] = []
        receipts: list[dict[str, Any]] = []
        for position, (delivery, received_at) in enumerate(deliveries):
            key = (delivery.platform, delivery.delivery_id)
            unknown = [sku for sku in dict.fromkeys(line.sku for line in delivery.lines)
                       if sku in missing]
            if unknown:
                answers[position] = UnknownSku(unknown)
                continue
            if key in seen:
                answers[position] = Taken("duplicate", order_id=delivery.order_id)
                continue
            seen.add(key)
            if lines and delivery.kind == "status":
                _upsert(conn, lines)  # a status applies to the lines written before it
                lines = []
            taken = _take(conn, delivery, lines)
            answers[position] = taken
            receipts.append({"platform": delivery.platform, "delivery_id": delivery.delivery_id,
                             "received_at": received_at, "topic": delivery.topic[:64],
                             "outcome": taken.outcome, "order_id": delivery.order_id,
                             "lines": taken.lines, "note": None})
        _upsert(conn, lines)
        if receipts:
            conn.execute(_insert_receipt_for(conn.dialect.name), receipts)
        conn.commit()
    return [answer for answer in answers if answer is not None]


def record_rejection(engine: Engine, *, platform: str, received_at: datetime,
                     status_code: int, reason: str, body: bytes | None, body_bytes: int,
                     delivery_id: str | None = None, topic: str | None = None) -> None:
    """Keep a refused request for a person: why, and the start of its body."""
    excerpt = None if body is None else body[:EXCERPT_CHARS].decode("utf-8", "replace")
    with engine.begin() as conn:
        conn.execute(insert(_REJECTIONS).values(
            platform=platform, received_at=received_at, status_code=status_code,
            reason=reason[:2_000], delivery_id=(delivery_id or None) and delivery_id[:128],
            topic=(topic or None) and topic[:64], body_bytes=body_bytes, body_excerpt=excerpt))


def session_for(conn: Connection, *, country: str | None, at: datetime) -> str | None:
    """The session of `country`'s market live at `at` (the latest started), or None."""
    if not country:
        return None
    return cast(str | None, conn.execute(_LIVE_SESSION, {"country": country, "at": at}).scalar())


def unknown_skus(conn: Connection, skus: Sequence[str]) -> list[str]:
    """The skus of `skus` the store has no product for, in their first order."""
    wanted = list(dict.fromkeys(skus))
    known = set(conn.execute(_KNOWN_SKUS, {"skus": wanted}).scalars())
    return [sku for sku in wanted if sku not in known]


def _take(conn: Connection, delivery: Delivery, lines: list[dict[str, Any]]) -> Taken:
    """Do what a new delivery asks: its line rows go to `lines` (upserted together)."""
    if delivery.kind == "lines":
        first = delivery.lines[0]
        session_id = session_for(conn, country=first.country, at=first.ts)
        lines.extend(_row(line, session_id=session_id, source=source_of(delivery.platform))
                     for line in delivery.lines)
        return Taken("written", len(delivery.lines), delivery.order_id, session_id)
    if delivery.kind == "status":
        o = _ORDERS.c
        known = conn.execute(select(func.count()).select_from(_ORDERS)
                             .where(o.order_id == delivery.order_id)).scalar_one()
        if not known:
            return Taken("no_lines", 0, delivery.order_id)
        if delivery.status == "cancelled":
            conn.execute(update(_ORDERS).where(o.order_id == delivery.order_id,
                                               o.status == "paid").values(status="cancelled"))
        return Taken("status", int(known), delivery.order_id)
    return Taken("ignored")


def _taken_before(conn: Connection, deliveries: Sequence[Delivery]) -> set[tuple[str, str]]:
    """(platform, delivery_id) of these deliveries that already have a receipt."""
    found: set[tuple[str, str]] = set()
    for platform in {delivery.platform for delivery in deliveries}:
        ids = [d.delivery_id for d in deliveries if d.platform == platform]
        found.update((platform, delivery_id) for delivery_id in conn.execute(
            _RECEIPTS_OF, {"platform": platform, "ids": ids}).scalars())
    return found


def _upsert(conn: Connection, lines: list[dict[str, Any]]) -> None:
    """Upsert line rows, one per (order_id, sku) in the statement: a later delivery of the
    same order in the batch wins as it would one transaction later (the first time and
    session stay, a cancellation stays), then `_upsert_lines` applies the same rules
    against the store."""
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for row in lines:
        key = (row["order_id"], row["sku"])
        before = merged.get(key)
        if before is not None:
            row = {**row, "ts": before["ts"], "session_id": before["session_id"]}
            if before["status"] == "cancelled":
                row["status"] = "cancelled"
        merged[key] = row
    if merged:
        conn.execute(_upsert_lines(conn), list(merged.values()))


def _row(line: LineIn, *, session_id: str | None, source: str) -> dict[str, Any]:
    return {"order_id": line.order_id, "sku": line.sku, "ts": line.ts, "qty": line.qty,
            "unit_price": line.unit_price, "currency": line.currency,
            "session_id": session_id, "warehouse_id": None,
            "customer_id": line.customer_id, "status": line.status, "source": source}


def _upsert_lines(conn: Connection) -> Any:
    return _upsert_lines_for(conn.dialect.name)


# Built once per dialect: building these ON CONFLICT statements cost more than running them.
@functools.cache
def _insert_receipt_for(dialect_name: str) -> Any:
    # Receipts were looked up under the write lock; DO NOTHING covers a second receiver
    # process on PostgreSQL that took the same redelivery a moment earlier.
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    return dialect.insert(_RECEIPTS).on_conflict_do_nothing()


@functools.cache
def _upsert_lines_for(dialect_name: str) -> Any:
    """INSERT the lines; a line already there takes the new quantity, price and status,
    except that a cancelled line stays cancelled (a late orders/create redelivered after
    orders/cancelled must not revive it). Its time and session stay as first written."""
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    statement = dialect.insert(_ORDERS)
    new = statement.excluded
    o = _ORDERS.c
    status = case((o.status == "cancelled", o.status), else_=new.status)
    changed = ("qty", "unit_price", "currency", "customer_id", "source")
    return statement.on_conflict_do_update(
        index_elements=["order_id", "sku"],
        set_={**{name: new[name] for name in changed}, "status": status},
        where=or_(*(o[name].is_distinct_from(new[name]) for name in (*changed, "status"))),
    )


# ---------------------------------------------------------------------------------------
# Provenance: where a session's numbers came from, and which live feeds went quiet.


def sources(engine: Engine, *, session_id: str, at: datetime | None = None) -> Provenance:
    """Where the session's numbers come from (`core.platforms.provenance`), counting only
    rows stamped at or before `at` (all rows when None). Raises NotFound for an unknown
    session."""
    with engine.connect() as conn:
        market = reads.session_market(conn=conn, session_id=session_id)
        return Provenance(session_id, at,
                          reads.order_sources(conn=conn, session_id=session_id, at=at),
                          reads.stock_sources(conn=conn, market=market, at=at),
                          reads.viewer_sources(conn=conn, session_id=session_id, at=at))


def stale_feeds(engine: Engine, *, session_id: str, now: datetime, max_age_seconds: float
                ) -> list[StaleFeed]:
    """The session's live feeds older than `max_age_seconds` at `now` (empty unless the
    session is live at `now`): quiet webhooks, a quiet viewer feed, TikTok orders still
    without lines (`core.platforms.provenance`'s rules). Raises NotFound for an unknown
    session."""
    if max_age_seconds <= 0:
        raise ValueError(f"max_age_seconds must be above 0, got {max_age_seconds}")
    with engine.connect() as conn:
        start, end = reads.session_window(conn=conn, session_id=session_id)
        if not start <= now < end:
            return []
        receipts = reads.last_receipts(conn=conn, until=now)
        last_sample = reads.last_viewer_sample(conn=conn, session_id=session_id, until=now)
        without_lines, announced = reads.orders_without_lines(conn=conn, since=start,
                                                              until=now)
    return [*quiet_webhooks(receipts, now=now, max_age_seconds=max_age_seconds),
            *quiet_viewers(last_sample, start=start, now=now, max_age_seconds=max_age_seconds),
            *missing_lines(without_lines, last_announced=announced)]
