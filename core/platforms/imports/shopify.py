"""Shopify orders export (help.shopify.com "Exporting orders", the order CSV).

One row per line item; the order's own columns (Created at, Currency, Shipping Country,
Cancelled at, Id...) only on its first row, so later rows of the same Name take them from it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from core.common.errors import InputError
from core.common.timeutil import parse_instant
from core.platforms.imports.import_report import ImportReport
from core.platforms.imports.orders import load_orders
from core.platforms.imports.platform_file import PlatformTable, read_platform_file
from core.platforms.imports.platform_values import read_country, read_number, read_sku, read_whole
from core.platforms.webhooks import LineIn, shopify_order_id

SHOPIFY_SOURCE = "import:shopify-orders"
_SHOPIFY_TIME = re.compile(
    r"(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|[+-]\d{2}:?\d{2})")


def import_shopify_orders(engine: Engine, path: str | Path, *, dry_run: bool = False,
                          only_known_skus: bool = False) -> ImportReport:
    """Load a Shopify orders export: order_id "shopify:<Id>", one line per (order, sku)."""
    table = read_platform_file(Path(path))
    table.require("Name", "Id", "Created at", "Currency", "Lineitem quantity",
                  "Lineitem price", "Lineitem sku")
    orders: dict[str, dict[str, str]] = {}
    lines: list[tuple[int, LineIn]] = []
    for line, row in table.rows:
        name = row["Name"]
        if not name:
            raise InputError("is empty: every row names its order", file=table.name,
                             line=line, column="Name")
        order = orders.setdefault(name, {})
        for column in ("Id", "Created at", "Currency", "Shipping Country", "Cancelled at",
                       "Financial Status"):
            if row.get(column):
                order.setdefault(column, row[column])

        def field_of(column: str, line: int = line, order: Mapping[str, str] = order,
                     name: str = name) -> str:
            return _order_field(order, column, name=name, table=table, line=line)
        status = "paid"
        if order.get("Cancelled at"):
            status = "cancelled"
        elif order.get("Financial Status", "").lower() == "refunded":
            status = "returned"
        lines.append((line, LineIn(
            order_id=shopify_order_id(field_of("Id")),
            sku=read_sku(row["Lineitem sku"], table, line, "Lineitem sku"),
            ts=_shopify_time(field_of("Created at"), table, line),
            qty=read_whole(row["Lineitem quantity"], table, line, "Lineitem quantity"),
            unit_price=read_number(row["Lineitem price"], table, line, "Lineitem price"),
            currency=field_of("Currency"),
            country=read_country(order.get("Shipping Country", ""), table, line,
                                 "Shipping Country"),
            customer_id=None, status=status)))
    origin = {"order_id": "Id", "sku": "Lineitem sku", "ts": "Created at",
              "qty": "Lineitem quantity", "unit_price": "Lineitem price",
              "currency": "Currency", "session_id": "Shipping Country",
              "status": "Cancelled at"}
    return load_orders(engine, table, lines, origin, source=SHOPIFY_SOURCE, dry_run=dry_run,
                       only_known_skus=only_known_skus)


def _order_field(order: Mapping[str, str], column: str, *, name: str, table: PlatformTable,
                 line: int) -> str:
    """An order-level value, which Shopify writes on the order's first row only."""
    value = order.get(column, "")
    if not value:
        raise InputError(f"is empty on this order's rows (order {name})", file=table.name,
                         line=line, column=column)
    return value


def _shopify_time(value: str, table: PlatformTable, line: int) -> datetime:
    """Shopify writes "2026-11-26 20:05:13 -0500"; ISO 8601 passes too."""
    found = _SHOPIFY_TIME.fullmatch(value)
    try:
        if found is None:
            return parse_instant(value)
        day, time_of_day, offset = found.groups()
        if offset not in ("Z",) and ":" not in offset:
            offset = f"{offset[:3]}:{offset[3:]}"
        return parse_instant(f"{day}T{time_of_day}{offset}")
    except ValueError:
        raise InputError(f"'{value}' is not a time with an offset (Shopify writes e.g. "
                         "2026-11-26 20:05:13 -0500)", file=table.name, line=line,
                         column="Created at") from None
