"""Shopify orders export (help.shopify.com "Exporting orders", the order CSV).

One row per line item; the order's own columns (Created at, Currency, Shipping Country,
Cancelled at, Discount Amount, Id...) only on its first row, so later rows of the same Name
take them from it. A line without a Lineitem sku (shipping, a rental, a freight line) is left
out and listed.

Revenue after discounts, as TikTok's: Lineitem price is before any discount, so each line
is charged its own Lineitem discount, and what is left of the order's Discount Amount (a
discount code on the whole order) is spread over the order's lines in proportion to what
each costs after its own discount. unit_price = (price x quantity - line discount - share
of the order's discount) / quantity. Example: lines of 30.00 and 10.00, an order discount
of 4.00 -> 27.00 and 9.00.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from core.common.errors import InputError
from core.common.timeutil import parse_instant
from core.platforms.imports.import_report import NO_SKU, ImportReport, SkippedLine
from core.platforms.imports.money import Money, NotAnAmount, read_money
from core.platforms.imports.orders import amount_text, load_orders
from core.platforms.imports.platform_file import PlatformRow, PlatformTable, read_platform_file
from core.platforms.imports.platform_values import (
    check_moment,
    currency_for,
    outside_dates,
    read_amount,
    read_country,
    read_whole,
)
from core.platforms.imports.translated import Line
from core.platforms.imports.vocabulary import is_refunded
from core.platforms.webhooks import SHOPIFY, LineIn, shopify_order_id

SHOPIFY_SOURCE = "import:shopify-orders"
# LiveStock's name of each column read -> other names it has had.
SHOPIFY_COLUMNS: dict[str, tuple[str, ...]] = {
    "Name": (), "Id": ("Order ID",), "Created at": (), "Currency": (),
    "Lineitem quantity": (), "Lineitem name": (), "Lineitem price": (), "Lineitem sku": (),
    "Lineitem discount": (), "Discount Amount": (), "Shipping Country": (),
    "Cancelled at": (), "Financial Status": (),
}
ORDER_FIELDS = ("Id", "Created at", "Currency", "Shipping Country", "Cancelled at",
                "Financial Status", "Discount Amount")
_SHOPIFY_TIME = re.compile(
    r"(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|[+-]\d{2}:?\d{2})")


@dataclass(frozen=True)
class _Item:
    """A line item's amounts: net = price x quantity - its own discount (None when the row's
    numbers cannot be read: a line that is left out), and the currency its price names."""

    qty: int | None
    net: float | None
    named: str | None


def import_shopify_orders(engine: Engine, path: str | Path, *, dry_run: bool = False,
                          only_known_skus: bool = False) -> ImportReport:
    """Load a Shopify orders export: order_id "shopify:<Id>", one line per (order, sku)."""
    table = read_platform_file(Path(path), SHOPIFY_COLUMNS)
    table.require("Name", "Id", "Created at", "Currency", "Lineitem quantity",
                  "Lineitem price", "Lineitem sku")
    orders: dict[str, list[PlatformRow]] = {}
    for row in table.rows:
        name = table.value(row, "Name")
        if not name:
            raise table.error("is empty: every row names its order", row, "Name")
        orders.setdefault(name, []).append(row)
    lines: list[Line[LineIn]] = []
    skipped: list[SkippedLine] = []
    for name, rows in orders.items():
        _order_lines(table, name, rows, lines, skipped)
    origin = {"order_id": "Id", "sku": "Lineitem sku", "ts": "Created at",
              "qty": "Lineitem quantity", "unit_price": "Lineitem price",
              "currency": "Currency", "session_id": "Shipping Country",
              "status": "Cancelled at", "market": "Shipping Country"}
    return load_orders(engine, table, lines, skipped, origin, platform=SHOPIFY,
                       source=SHOPIFY_SOURCE, dry_run=dry_run, only_known_skus=only_known_skus)


def _order_lines(table: PlatformTable, name: str, rows: list[PlatformRow],
                 lines: list[Line[LineIn]], skipped: list[SkippedLine]) -> None:
    """One order's rows: its sku lines to `lines`, the others to `skipped`."""
    # Each order-level column is read on the first of the order's rows that fills it.
    at = {column: next((row for row in rows if table.value(row, column)), rows[0])
          for column in ORDER_FIELDS}

    def field(column: str) -> str:
        return table.value(at[column], column)

    with_sku = {row.row for row in rows if table.value(row, "Lineitem sku")}
    items = {row.row: _item(table, row, strict=row.row in with_sku) for row in rows}
    share = _order_discount_share(table, rows, items, at["Discount Amount"])
    for row in rows:
        item = items[row.row]
        title = table.value(row, "Lineitem name")
        if row.row not in with_sku:
            amount = None if item.net is None else item.net - share.get(row.row, 0.0)
            skipped.append(SkippedLine(row.row, "", title, amount_text(
                amount, item.named or field("Currency"), table.value(row, "Lineitem price")),
                NO_SKU))
            continue
        assert item.qty is not None and item.net is not None
        for column in ("Id", "Created at", "Currency"):
            if not field(column):
                raise table.error(f"is empty on this order's rows (order {name})", row, column)
        net = max(item.net - share.get(row.row, 0.0), 0.0)
        status = "paid"
        if field("Cancelled at"):
            status = "cancelled"
        elif is_refunded(field("Financial Status")):
            status = "returned"
        created = at["Created at"]
        order_line = LineIn(
            order_id=shopify_order_id(field("Id")),
            sku=table.value(row, "Lineitem sku"),
            ts=check_moment(table, created, "Created at", _shopify_time(table, created)),
            qty=item.qty, unit_price=round(net / item.qty, 4),
            currency=currency_for(table, row, named=item.named, column="Lineitem price",
                                  fallback=field("Currency"), fallback_says="Currency"),
            country=read_country(table, at["Shipping Country"], "Shipping Country"),
            customer_id=None, status=status)
        lines.append(Line(row, order_line.sku, title,
                          amount_text(net, order_line.currency, ""), order_line))


def _item(table: PlatformTable, row: PlatformRow, *, strict: bool) -> _Item:
    """The row's quantity and net amount; a row without a sku may have none (strict=False)."""
    try:
        qty = read_whole(table, row, "Lineitem quantity")
        price = read_amount(table, row, "Lineitem price")
        discount = (read_amount(table, row, "Lineitem discount")
                    if table.value(row, "Lineitem discount") else Money(0.0, None))
    except InputError:
        if strict:
            raise
        return _Item(None, None, None)
    return _Item(qty, max(price.amount * qty - discount.amount, 0.0), price.currency)


def _order_discount_share(table: PlatformTable, rows: list[PlatformRow],
                          items: dict[int, _Item], at: PlatformRow) -> dict[int, float]:
    """Each line's part (by row) of the order's Discount Amount beyond its lines' own."""
    if not table.value(at, "Discount Amount"):
        return {}
    total = read_amount(table, at, "Discount Amount").amount
    own = 0.0
    for row in rows:
        text = table.value(row, "Lineitem discount")
        if text:
            try:
                own += read_money(text).amount
            except NotAnAmount:
                continue
    rest = max(total - own, 0.0)
    nets = {number: item.net for number, item in items.items() if item.net}
    base = sum(nets.values())
    if rest <= 0 or base <= 0:
        return {}
    return {number: rest * net / base for number, net in nets.items()}


def _shopify_time(table: PlatformTable, row: PlatformRow) -> datetime:
    """Shopify writes "2026-11-26 20:05:13 -0500"; ISO 8601 passes too."""
    value = table.value(row, "Created at")
    found = _SHOPIFY_TIME.fullmatch(value)
    try:
        if found is None:
            return parse_instant(value)
        day, time_of_day, offset = found.groups()
        if offset != "Z" and ":" not in offset:
            offset = f"{offset[:3]}:{offset[3:]}"
        return parse_instant(f"{day}T{time_of_day}{offset}")
    except OverflowError:  # past year 9999 once in UTC
        raise outside_dates(table, row, "Created at") from None
    except ValueError:
        raise table.error(f"'{value}' is not a time with an offset (Shopify writes e.g. "
                          "2026-11-26 20:05:13 -0500)", row, "Created at") from None
