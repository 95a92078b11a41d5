"""What the webhook intake writes, on a connection it is handed (core.platforms.service
opens it, holds the intake lock and commits).

Every statement is an upsert by the table's key, built once per dialect (building these ON
CONFLICT statements cost more than running them): a redelivery or a later version of an
order rewrites its rows instead of adding new ones.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, case, delete, insert, or_, text, update
from sqlalchemy.dialects import postgresql, sqlite

from core.store.models import (
    OrderLine,
    WebhookOrder,
    WebhookPendingLine,
    WebhookReceipt,
    WebhookRejection,
    WebhookSkippedLine,
    table_of,
)

_ORDERS = table_of(OrderLine)
_RECEIPTS = table_of(WebhookReceipt)
_REJECTIONS = table_of(WebhookRejection)
_WEBHOOK_ORDERS = table_of(WebhookOrder)
_PENDING = table_of(WebhookPendingLine)
_SKIPPED = table_of(WebhookSkippedLine)
# Any constant: whoever takes deliveries into a PostgreSQL store holds this lock until the
# commit, so two receiver processes order the same order's versions one after the other.
INTAKE_LOCK_KEY = 0x11FE_1A7E


def lock_intake(conn: Connection) -> None:
    """Begin the intake's transaction holding the write lock: SQLite's BEGIN IMMEDIATE, or
    a PostgreSQL advisory lock released at the commit. Call it first on `conn`."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    elif conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": INTAKE_LOCK_KEY})


def upsert_lines(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Order lines by order_id + sku; a line already there takes the new quantity, price,
    platform, market (an edited shipping address) and status, except that a cancelled line
    stays cancelled. Its time and session stay as first written."""
    if rows:
        conn.execute(_upsert_lines_for(conn.dialect.name), list(rows))


def insert_new_lines(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Order lines that are not in the store yet; a line already there (a file loaded it
    meanwhile) is left as it is."""
    if rows:
        conn.execute(_dialect(conn).insert(_ORDERS).on_conflict_do_nothing(), list(rows))


def upsert_pending(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        conn.execute(_upsert_for(conn.dialect.name, "pending"), list(rows))


def upsert_skipped(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        conn.execute(_upsert_for(conn.dialect.name, "skipped"), list(rows))


def upsert_webhook_orders(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        conn.execute(_upsert_for(conn.dialect.name, "orders"), list(rows))


def insert_receipts(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    # Receipts were looked up under the intake lock; DO NOTHING covers a second receiver
    # process that took the same redelivery a moment earlier.
    if rows:
        conn.execute(_dialect(conn).insert(_RECEIPTS).on_conflict_do_nothing(), list(rows))


def forget_pending(conn: Connection, keys: Iterable[tuple[str, str]]) -> None:
    """Delete the pending lines of these (order_id, sku)."""
    p = _PENDING.c
    for order_id, sku in keys:
        conn.execute(delete(_PENDING).where(p.order_id == order_id, p.sku == sku))


def cancel_order(conn: Connection, *, order_id: str) -> None:
    """Cancel the order's paid lines, written and pending."""
    for table in (_ORDERS, _PENDING):
        conn.execute(update(table).where(table.c.order_id == order_id, table.c.status == "paid")
                     .values(status="cancelled"))


def set_pending_status(conn: Connection, *, order_id: str, status: str) -> None:
    """The order's pending lines follow its status (a cancelled one stays cancelled)."""
    p = _PENDING.c
    conn.execute(update(_PENDING).where(p.order_id == order_id, p.status != "cancelled",
                                        p.status != status).values(status=status))


def insert_rejection(conn: Connection, *, row: dict[str, Any], keep_rows: int) -> None:
    """Keep a refused delivery; only the newest `keep_rows` are kept, so refusals cannot
    grow the store without end."""
    new_id = conn.execute(insert(_REJECTIONS).values(**row).returning(_REJECTIONS.c.id)
                          ).scalar_one()
    conn.execute(delete(_REJECTIONS).where(_REJECTIONS.c.id <= new_id - keep_rows))


def _dialect(conn: Connection) -> Any:
    return postgresql if conn.dialect.name == "postgresql" else sqlite


@functools.cache
def _upsert_lines_for(dialect_name: str) -> Any:
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    statement = dialect.insert(_ORDERS)
    new = statement.excluded
    o = _ORDERS.c
    status = case((o.status == "cancelled", o.status), else_=new.status)
    changed = ("qty", "unit_price", "currency", "customer_id", "source", "platform", "market")
    return statement.on_conflict_do_update(
        index_elements=["order_id", "sku"],
        set_={**{name: new[name] for name in changed}, "status": status},
        where=or_(*(o[name].is_distinct_from(new[name]) for name in (*changed, "status"))),
    )


@functools.cache
def _upsert_for(dialect_name: str, what: str) -> Any:
    """pending: by order_id + sku (a cancelled pending line stays cancelled); skipped: by
    order_id + line_key; orders: by order_id. Every other column takes the new value."""
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    table = {"pending": _PENDING, "skipped": _SKIPPED, "orders": _WEBHOOK_ORDERS}[what]
    statement = dialect.insert(table)
    new = statement.excluded
    keys = [column.name for column in table.primary_key.columns]
    values: dict[str, Any] = {column.name: new[column.name] for column in table.columns
                              if column.name not in keys}
    if what == "pending":
        values["status"] = case((table.c.status == "cancelled", table.c.status),
                                else_=new.status)
    return statement.on_conflict_do_update(index_elements=keys, set_=values)
