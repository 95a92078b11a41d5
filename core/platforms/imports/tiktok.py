"""TikTok Shop order export (Seller Center > Orders > Export, CSV).

One row per SKU line; a second row of column descriptions ("Platform unique order ID.") is
skipped; values may end with a tab (TikTok adds one so Excel keeps long ids); times are
local, without an offset (tiktok_times.py).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from core.common.errors import InputError
from core.platforms.imports.import_report import ImportReport
from core.platforms.imports.orders import load_orders
from core.platforms.imports.platform_file import PlatformTable, read_platform_file
from core.platforms.imports.platform_values import read_country, read_number, read_sku, read_whole
from core.platforms.imports.tiktok_times import decide_date_order, local_time, time_zone
from core.platforms.webhooks import LineIn, tiktok_order_id

TIKTOK_SOURCE = "import:tiktok-orders"
# The currency TikTok Shop settles in per shop country (the export has no currency column).
MARKET_CURRENCY = {
    "US": "USD", "GB": "GBP", "DE": "EUR", "FR": "EUR", "ES": "EUR", "IT": "EUR",
    "IE": "EUR", "JP": "JPY", "MX": "MXN", "BR": "BRL", "MY": "MYR", "TH": "THB",
    "ID": "IDR", "VN": "VND", "PH": "PHP", "SG": "SGD",
}


def import_tiktok_orders(engine: Engine, path: str | Path, *, timezone: str,
                         currency: str | None = None, date_order: str = "auto",
                         dry_run: bool = False, only_known_skus: bool = False) -> ImportReport:
    """Load a TikTok Shop order export: order_id "tiktok:<Order ID>".

    `timezone` (IANA, e.g. America/Los_Angeles) is the zone of the export's times;
    `date_order` "mdy", "dmy" or "auto" (decided by a day above 12, else AM/PM means mdy);
    `currency` defaults to the one of the shop's country (MARKET_CURRENCY).
    unit_price = SKU Subtotal After Discount / Quantity (what the buyer paid), else SKU Unit
    Original Price.
    """
    zone = time_zone(timezone)
    table = read_platform_file(Path(path))
    table.require("Order ID", "Order Status", "Seller SKU", "Quantity", "Created Time")
    price_column = next((c for c in ("SKU Subtotal After Discount", "SKU Unit Original Price")
                         if c in table.header), None)
    if price_column is None:
        raise InputError("required column is missing (or SKU Unit Original Price)",
                         file=table.name, line=1, column="SKU Subtotal After Discount")
    rows = [(line, row) for line, row in table.rows
            if not (line == 2 and row["Order ID"].lower().startswith("platform unique"))]
    order_of_date = decide_date_order(
        date_order, [(line, row["Created Time"]) for line, row in rows], table)
    lines: list[tuple[int, LineIn]] = []
    for line, row in rows:
        order_number = row["Order ID"]
        if not order_number:
            raise InputError("is empty", file=table.name, line=line, column="Order ID")
        qty = read_whole(row["Quantity"], table, line, "Quantity")
        price = read_number(row[price_column], table, line, price_column)
        if price_column == "SKU Subtotal After Discount":
            price = round(price / qty, 4)
        country = read_country(row.get("Country", ""), table, line, "Country")
        cancelled = "cancel" in row["Order Status"].lower()
        lines.append((line, LineIn(
            order_id=tiktok_order_id(order_number),
            sku=read_sku(row["Seller SKU"], table, line, "Seller SKU"),
            ts=local_time(row["Created Time"], order_of_date, zone, table, line),
            qty=qty, unit_price=price,
            currency=_currency(currency, country, table, line),
            country=country,
            customer_id=f"tiktok:{row['Buyer Username']}" if row.get("Buyer Username")
            else None,
            status="cancelled" if cancelled else "paid")))
    origin = {"order_id": "Order ID", "sku": "Seller SKU", "ts": "Created Time",
              "qty": "Quantity", "unit_price": price_column, "currency": "Country",
              "session_id": "Country", "status": "Order Status",
              "customer_id": "Buyer Username"}
    report = load_orders(engine, table, lines, origin, source=TIKTOK_SOURCE,
                         dry_run=dry_run, only_known_skus=only_known_skus)
    return report


def _currency(given: str | None, country: str | None, table: PlatformTable, line: int) -> str:
    if given:
        return given.upper()
    if country in MARKET_CURRENCY:
        return MARKET_CURRENCY[country]
    raise InputError("gives no currency LiveStock can tell: pass --currency (e.g. USD)",
                     file=table.name, line=line, column="Country")
