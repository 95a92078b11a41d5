"""Taking platform deliveries into the store: the one service that commits them.

`take_batch` writes signed deliveries in one transaction under the intake lock
(core.platforms.writes.lock_intake), each answered as if it came alone: its receipt
(platform + delivery id is the key, so a redelivery finds it and changes nothing), then what
it carries. The caller answers 200 only after it returns: what was acknowledged is committed.

What a delivery of order lines does:
- a line above the `max_units_per_line` setting refuses the whole delivery (422), nothing
  stored; its batch-mates are taken;
- a delivery older than what the store applied for its order (the platform's own stamp,
  core.platforms.order_status) changes nothing: outcome "stale";
- lines of a known sku are upserted (order_id + sku is their key, so the same order
  announced twice is counted once), with the order's status as the stamps decide;
- lines of a sku the store does not know wait in webhook_pending_line, and are written at
  the first intake after the product is loaded (`apply_pending` runs at the start of every
  batch, and the receiver runs it when idle);
- lines without a sku are kept in webhook_skipped_line for a person; the receipt's note
  counts both.

Session of an order (docs/data-files.md, webhooks): the session whose market is the order's
shipping country and that was live at the order's created_at (start <= created_at < end;
the latest start when two overlap); none, and the order is off-stream.
Every line carries its platform (the delivery's) and its market (the shipping country), as
orders.csv's optional columns do: an off-stream line has no warehouse, and core.stock
charges it to the pool of its platform in that market.

`sources` and `stale_feeds` say where a session's numbers came from and which live feeds
went quiet (read through `core.platforms.reads`, judged by `core.platforms.provenance`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine

from core.common.errors import LiveStockError
from core.common.settings import Settings
from core.platforms import reads, writes
from core.platforms.order_status import StatusStamp, is_older, status_after
from core.platforms.provenance import (
    Provenance,
    StaleFeed,
    missing_lines,
    quiet_viewers,
    quiet_webhooks,
)
from core.platforms.webhooks import Delivery, DeliveryRefused, LineIn, SkippedLine
from core.store.settings_store import load_settings

EXCERPT_CHARS = 2_000
# Refused deliveries kept for a person: the newest this many (each is signed, so only the
# platform or someone holding its secret can make them; still, they must not grow forever).
KEEP_REJECTIONS = 10_000


@dataclass(frozen=True)
class Taken:
    """What a delivery did. outcome: written (order lines upserted), pending (only lines
    of skus the store does not know yet), skipped (only lines without a sku), stale (older
    than what the store has of the order: nothing changed), status (a status set on known
    lines), no_lines (a status for an order the store has no lines of), ignored (a topic
    without an order), duplicate (this delivery id was taken before). `skipped` and
    `pending` count the lines kept aside."""

    outcome: str
    lines: int = 0
    order_id: str | None = None
    session_id: str | None = None
    skipped: int = 0
    pending: int = 0


class LineTooLarge(DeliveryRefused):
    def __init__(self, line: LineIn, *, cap: int) -> None:
        super().__init__(f"sku '{line.sku}' has {line.qty:,} units on one order line; at most "
                         f"{cap:,} are taken (the max_units_per_line setting): nothing of "
                         "this order is stored", status_code=422)


def source_of(platform: str) -> str:
    """The order_line.source of lines a platform's webhook wrote."""
    return f"webhook:{platform}"


def max_units_per_line(engine: Engine) -> int:
    """The `max_units_per_line` setting (its default when the stored settings are unusable:
    the intake must not stop on a bad setting)."""
    try:
        return load_settings(engine).max_units_per_line
    except (LiveStockError, TypeError, ValueError):
        return Settings().max_units_per_line


def take_delivery(engine: Engine, *, delivery: Delivery, received_at: datetime) -> Taken:
    """Write `delivery` all or nothing; raises the DeliveryRefused that refused it."""
    [taken] = take_batch(engine, deliveries=[(delivery, received_at)])
    if isinstance(taken, DeliveryRefused):
        raise taken
    return taken


def take_batch(engine: Engine, *, deliveries: Sequence[tuple[Delivery, datetime]],
               max_units: int | None = None) -> list[Taken | DeliveryRefused]:
    """Write several (delivery, received_at) in one transaction (a group commit), each
    answered as `take_delivery` would answer it alone: Taken, or the DeliveryRefused that
    refused it (that one writes nothing; the others are not held back by it). `max_units`:
    the line cap, read from the settings when None."""
    cap = max_units_per_line(engine) if max_units is None else max_units
    answers: list[Taken | DeliveryRefused] = []
    with engine.connect() as conn:
        # Locked first: what is read next stays true until the commit.
        writes.lock_intake(conn)
        _apply_pending(conn)
        intake = _Intake(
            conn, missing=set(reads.unknown_skus(conn, [line.sku for d, _at in deliveries
                                                         for line in d.lines])),
            seen=_taken_before(conn, [delivery for delivery, _at in deliveries]),
            stamps=reads.status_stamps(conn, order_ids=[d.order_id for d, _at in deliveries
                                                        if d.order_id]))
        for delivery, received_at in deliveries:
            answers.append(intake.take(delivery, received_at, cap=cap))
        intake.flush()
        conn.commit()
    return answers


def apply_pending(engine: Engine) -> int:
    """Write the pending lines whose sku the store now has; how many were written. Reads
    first and takes the intake lock only when there is something to write."""
    with engine.connect() as conn:
        ready = reads.ready_pending_lines(conn)
    if not ready:
        return 0
    with engine.connect() as conn:
        writes.lock_intake(conn)
        written = _apply_pending(conn)
        conn.commit()
    return written


def record_rejection(engine: Engine, *, platform: str, received_at: datetime,
                     status_code: int, reason: str, body: bytes | None, body_bytes: int,
                     delivery_id: str | None = None, topic: str | None = None) -> None:
    """Keep a refused signed delivery for a person: why, and the start of its body (the
    newest KEEP_REJECTIONS are kept)."""
    excerpt = None if body is None else body[:EXCERPT_CHARS].decode("utf-8", "replace")
    with engine.begin() as conn:
        writes.insert_rejection(conn, keep_rows=KEEP_REJECTIONS, row=dict(
            platform=platform, received_at=received_at, status_code=status_code,
            reason=reason[:2_000], delivery_id=(delivery_id or None) and delivery_id[:128],
            topic=(topic or None) and topic[:64], body_bytes=body_bytes, body_excerpt=excerpt))


def session_for(conn: Connection, *, country: str | None, at: datetime) -> str | None:
    """The session of `country`'s market live at `at` (the latest started), or None."""
    return reads.session_for(conn, country=country, at=at)


def unknown_skus(conn: Connection, skus: Sequence[str]) -> list[str]:
    """The skus of `skus` the store has no product for, in their first order."""
    return reads.unknown_skus(conn, skus)


@dataclass
class _Intake:
    """One batch's writes, gathered per table and upserted together at the end (a status
    delivery first writes the lines gathered before it, so it applies to them)."""

    conn: Connection
    missing: set[str]
    seen: set[tuple[str, str]]
    stamps: dict[str, StatusStamp]
    lines: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    pending: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    skipped: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    orders: dict[str, dict[str, Any]] = field(default_factory=dict)
    receipts: list[dict[str, Any]] = field(default_factory=list)
    restated: set[str] = field(default_factory=set)  # orders whose status changed

    def take(self, delivery: Delivery, received_at: datetime, *, cap: int
             ) -> Taken | DeliveryRefused:
        too_large = [line for line in delivery.lines if line.qty > cap]
        if too_large:
            return LineTooLarge(too_large[0], cap=cap)
        key = (delivery.platform, delivery.delivery_id)
        if key in self.seen:
            return Taken("duplicate", order_id=delivery.order_id)
        self.seen.add(key)
        if delivery.kind == "lines":
            taken = self._lines(delivery, received_at)
        elif delivery.kind == "status":
            taken = self._status(delivery)
        else:
            taken = Taken("ignored")
        self.receipts.append({
            "platform": delivery.platform, "delivery_id": delivery.delivery_id,
            "received_at": received_at, "topic": delivery.topic[:64],
            "outcome": taken.outcome, "order_id": delivery.order_id, "lines": taken.lines,
            "note": _note(taken, [line.sku for line in delivery.lines
                                  if line.sku in self.missing])})
        return taken

    def _lines(self, delivery: Delivery, received_at: datetime) -> Taken:
        order_id = delivery.order_id or ""
        stamp = self.stamps.get(order_id)
        if is_older(stamp, incoming_at=delivery.status_at):
            return Taken("stale", 0, order_id)
        after = status_after(stamp, incoming=delivery.status or "paid",
                             incoming_at=delivery.status_at)
        self.stamps[order_id] = after
        if stamp is not None and stamp.status != after.status:
            self.restated.add(order_id)
        self.orders[order_id] = {
            "order_id": order_id, "platform": delivery.platform, "status": after.status,
            "stamped_at": after.stamped_at, "delivery_id": delivery.delivery_id,
            "received_at": received_at}
        first = delivery.lines[0] if delivery.lines else None
        session_id = (None if first is None else
                      reads.session_for(self.conn, country=first.country, at=first.ts))
        source = source_of(delivery.platform)
        written = pending = 0
        for line in delivery.lines:
            row = _row(line, session_id=session_id, source=source, status=after.status,
                       platform=delivery.platform)
            if line.sku in self.missing:
                pending += 1
                self.pending[(order_id, line.sku)] = _pending_row(
                    row, delivery=delivery, received_at=received_at)
            else:
                written += 1
                before = self.lines.get((order_id, line.sku))
                if before is not None:  # the first time and session stay
                    row = {**row, "ts": before["ts"], "session_id": before["session_id"]}
                self.lines[(order_id, line.sku)] = row
        for aside in delivery.skipped:
            self.skipped[(order_id, aside.line_key)] = _skipped_row(
                aside, delivery=delivery, received_at=received_at)
        outcome = "written" if written else "pending" if pending else "skipped"
        return Taken(outcome, written, order_id, session_id, skipped=len(delivery.skipped),
                     pending=pending)

    def _status(self, delivery: Delivery) -> Taken:
        order_id = delivery.order_id or ""
        self._write_lines()
        known = reads.lines_of_order(self.conn, order_id=order_id)
        if not known:
            return Taken("no_lines", 0, order_id)
        if delivery.status == "cancelled":
            writes.cancel_order(self.conn, order_id=order_id)
        return Taken("status", known, order_id)

    def _write_lines(self) -> None:
        writes.upsert_lines(self.conn, list(self.lines.values()))
        writes.upsert_pending(self.conn, list(self.pending.values()))
        self.lines, self.pending = {}, {}

    def flush(self) -> None:
        self._write_lines()
        writes.upsert_skipped(self.conn, list(self.skipped.values()))
        writes.upsert_webhook_orders(self.conn, list(self.orders.values()))
        for order_id in self.restated:
            writes.set_pending_status(self.conn, order_id=order_id,
                                      status=self.orders[order_id]["status"])
        writes.insert_receipts(self.conn, self.receipts)


def _apply_pending(conn: Connection) -> int:
    """Write the pending lines whose sku the store now has (under the caller's lock)."""
    ready = reads.ready_pending_lines(conn)
    if not ready:
        return 0
    writes.insert_new_lines(conn, [{
        "order_id": row["order_id"], "sku": row["sku"], "ts": row["ts"], "qty": row["qty"],
        "unit_price": row["unit_price"], "currency": row["currency"],
        "session_id": row["session_id"], "warehouse_id": None,
        "customer_id": row["customer_id"], "status": row["status"],
        "source": source_of(row["platform"]), "platform": row["platform"],
        "market": row["market"]} for row in ready])
    writes.forget_pending(conn, [(row["order_id"], row["sku"]) for row in ready])
    return len(ready)


def _taken_before(conn: Connection, deliveries: Sequence[Delivery]) -> set[tuple[str, str]]:
    """(platform, delivery_id) of these deliveries that already have a receipt."""
    found: set[tuple[str, str]] = set()
    for platform in {delivery.platform for delivery in deliveries}:
        ids = [d.delivery_id for d in deliveries if d.platform == platform]
        found.update((platform, delivery_id) for delivery_id in reads.receipts_of(
            conn, platform=platform, delivery_ids=ids))
    return found


def _note(taken: Taken, pending_skus: list[str]) -> str | None:
    """The receipt's note: the lines kept aside, for a person reading receipts."""
    parts = []
    if taken.skipped:
        parts.append(f"{taken.skipped} line(s) without a sku kept in webhook_skipped_line")
    if taken.pending and pending_skus:
        listed = ", ".join(dict.fromkeys(pending_skus))
        parts.append(f"{taken.pending} line(s) of unknown sku {listed} pending until the "
                     "product is loaded")
    return "; ".join(parts)[:2_000] or None


def _row(line: LineIn, *, session_id: str | None, source: str, status: str, platform: str
         ) -> dict[str, Any]:
    return {"order_id": line.order_id, "sku": line.sku, "ts": line.ts, "qty": line.qty,
            "unit_price": line.unit_price, "currency": line.currency,
            "session_id": session_id, "warehouse_id": None,
            "customer_id": line.customer_id, "status": status, "source": source,
            "platform": platform, "market": line.country}


def _pending_row(row: dict[str, Any], *, delivery: Delivery, received_at: datetime
                 ) -> dict[str, Any]:
    kept = {name: row[name] for name in ("order_id", "sku", "ts", "qty", "unit_price",
                                         "currency", "session_id", "customer_id", "status",
                                         "market")}
    return {**kept, "platform": delivery.platform, "delivery_id": delivery.delivery_id,
            "received_at": received_at}


def _skipped_row(line: SkippedLine, *, delivery: Delivery, received_at: datetime
                 ) -> dict[str, Any]:
    return {"order_id": line.order_id, "line_key": line.line_key,
            "platform": delivery.platform, "delivery_id": delivery.delivery_id,
            "received_at": received_at, "position": line.position, "title": line.title,
            "qty": line.qty, "amount": line.amount, "currency": line.currency,
            "reason": line.reason}


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
