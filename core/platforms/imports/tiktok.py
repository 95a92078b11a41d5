"""TikTok Shop order export (Seller Center > Orders > Export, CSV), in English, Chinese or
Japanese.

One row per SKU line. Column names in any of the Seller Center's languages (注文ID, 订单ID,
Order ID ...; `TIKTOK_COLUMNS`); a row of column descriptions under the header ("Platform
unique order ID.", "平台唯一订单ID。": its Order ID holds no digit) is skipped; values may end
with a tab (TikTok adds one so Excel keeps long ids); times are local, without an offset
(tiktok_times.py); amounts may carry their currency ('11,000 JPY'); statuses and countries in
the export's language (キャンセル, 已取消; 日本, 美国). A line without a Seller SKU is left out and
listed.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from sqlalchemy import Engine

from core.common.errors import InputError
from core.platforms.imports.import_report import NO_SKU, ImportReport, SkippedLine
from core.platforms.imports.money import NotAnAmount, read_money
from core.platforms.imports.orders import amount_text, load_orders
from core.platforms.imports.platform_file import PlatformRow, PlatformTable, read_platform_file
from core.platforms.imports.platform_values import (
    check_moment,
    currency_for,
    read_amount,
    read_country,
    read_whole,
)
from core.platforms.imports.tiktok_times import decide_date_order, local_time, time_zone
from core.platforms.imports.translated import Line
from core.platforms.imports.vocabulary import is_cancelled
from core.platforms.webhooks import TIKTOK, LineIn, tiktok_order_id

TIKTOK_SOURCE = "import:tiktok-orders"
# LiveStock's (the English export's) name of each column read -> its names in the Chinese
# and Japanese Seller Center.
TIKTOK_COLUMNS: dict[str, tuple[str, ...]] = {
    "Order ID": ("订单ID", "订单号", "订单编号", "注文ID", "注文番号"),
    "Order Status": ("订单状态", "注文ステータス", "注文状況"),
    "Seller SKU": ("卖家SKU", "商家SKU", "セラーSKU", "販売者SKU", "出品者SKU"),
    "Product Name": ("商品名称", "产品名称", "商品名"),
    "Quantity": ("数量", "商品数量"),
    "SKU Unit Original Price": ("SKU原价", "SKU单价", "SKU単価", "SKU元値"),
    "SKU Subtotal After Discount": ("SKU折后小计", "折扣后SKU小计", "SKU割引後小計",
                                    "割引後SKU小計"),
    "Created Time": ("创建时间", "订单创建时间", "作成時間", "注文作成日時", "注文日時"),
    "Country": ("国家", "国家/地区", "国", "国/地域", "国・地域"),
    "Buyer Username": ("买家用户名", "购买者用户名", "購入者ユーザー名", "バイヤーユーザー名"),
    "Currency": ("币种", "货币", "通貨"),
}
# The currency TikTok Shop settles in per shop country (the export names none).
MARKET_CURRENCY = {
    "US": "USD", "GB": "GBP", "DE": "EUR", "FR": "EUR", "ES": "EUR", "IT": "EUR",
    "IE": "EUR", "JP": "JPY", "MX": "MXN", "BR": "BRL", "MY": "MYR", "TH": "THB",
    "ID": "IDR", "VN": "VND", "PH": "PHP", "SG": "SGD",
}
_DIGIT = re.compile(r"\d")


def import_tiktok_orders(engine: Engine, path: str | Path, *, timezone: str,
                         currency: str | None = None, date_order: str = "auto",
                         dry_run: bool = False, only_known_skus: bool = False) -> ImportReport:
    """Load a TikTok Shop order export: order_id "tiktok:<Order ID>".

    `timezone` (IANA, e.g. America/Los_Angeles) is the zone of the export's times;
    `date_order` "mdy", "dmy" or "auto" (decided by a day above 12, else AM/PM means mdy);
    the currency is `currency`, else the export's Currency column, else the one its amounts
    name ('11,000 JPY'), else the one of the shop's country (MARKET_CURRENCY).
    unit_price = SKU Subtotal After Discount / Quantity (what the buyer paid), else SKU Unit
    Original Price.
    """
    zone = time_zone(timezone)
    table = read_platform_file(Path(path), TIKTOK_COLUMNS)
    table.require("Order ID", "Order Status", "Seller SKU", "Quantity", "Created Time")
    price_column = next((c for c in ("SKU Subtotal After Discount", "SKU Unit Original Price")
                         if table.has(c)), None)
    if price_column is None:
        raise InputError("required column is missing (or SKU Unit Original Price)",
                         file=table.name, line=1, column="SKU Subtotal After Discount")
    # The description row is no order: it is neither loaded nor counted as a row read
    # (rows keep their spreadsheet numbers).
    table = replace(table, rows=[row for row in table.rows
                                 if not _describes_columns(table, row)])
    rows = table.rows
    order_of_date = decide_date_order(date_order, rows, table)
    lines: list[Line[LineIn]] = []
    skipped: list[SkippedLine] = []
    for row in rows:
        title = table.value(row, "Product Name")
        if not table.value(row, "Seller SKU"):
            skipped.append(SkippedLine(row.row, "", title, _loose_amount(
                table, row, price_column, currency), NO_SKU))
            continue
        order_number = table.value(row, "Order ID")
        if not order_number:
            raise table.error("is empty", row, "Order ID")
        qty = read_whole(table, row, "Quantity")
        money = read_amount(table, row, price_column)
        price = money.amount
        if price_column == "SKU Subtotal After Discount":
            price = round(price / qty, 4)
        country = read_country(table, row, "Country")
        # Said by the seller (--currency) or the export: the amounts must agree with it.
        # Otherwise what an amount names wins over the shop country's usual currency.
        explicit = (currency or table.value(row, "Currency")).upper()
        fallback = explicit or (None if money.currency else MARKET_CURRENCY.get(country or ""))
        says = "--currency" if currency else table.written("Currency")
        order_line = LineIn(
            order_id=tiktok_order_id(order_number), sku=table.value(row, "Seller SKU"),
            ts=check_moment(table, row, "Created Time",
                            local_time(table, row, order_of_date, zone)),
            qty=qty, unit_price=price,
            currency=currency_for(table, row, named=money.currency, column=price_column,
                                  fallback=fallback, fallback_says=says),
            country=country,
            customer_id=(f"tiktok:{table.value(row, 'Buyer Username')}"
                         if table.value(row, "Buyer Username") else None),
            status="cancelled" if is_cancelled(table.value(row, "Order Status")) else "paid")
        lines.append(Line(row, order_line.sku, title, amount_text(
            price * qty, order_line.currency, ""), order_line))
    origin = {"order_id": "Order ID", "sku": "Seller SKU", "ts": "Created Time",
              "qty": "Quantity", "unit_price": price_column, "currency": "Country",
              "session_id": "Country", "status": "Order Status",
              "customer_id": "Buyer Username", "market": "Country"}
    return load_orders(engine, table, lines, skipped, origin, platform=TIKTOK,
                       source=TIKTOK_SOURCE, dry_run=dry_run, only_known_skus=only_known_skus)


def _describes_columns(table: PlatformTable, row: PlatformRow) -> bool:
    """The row of column descriptions some exports carry under the header: the first row,
    its Order ID a sentence ("Platform unique order ID.", "平台唯一订单ID。") with no digit."""
    order_id = table.value(row, "Order ID")
    return row is table.rows[0] and bool(order_id) and _DIGIT.search(order_id) is None


def _loose_amount(table: PlatformTable, row: PlatformRow, column: str, given: str | None
                  ) -> str:
    """A left-out line's amount for the report, as well as it reads."""
    text = table.value(row, column)
    try:
        money = read_money(text)
    except NotAnAmount:
        return text or "no amount"
    try:
        country = read_country(table, row, "Country")
    except InputError:
        country = None
    currency = (given or table.value(row, "Currency") or money.currency
                or MARKET_CURRENCY.get(country or ""))
    return amount_text(money.amount, currency, text)
