"""Platform exports -> LiveStock's data files -> the loader (all or nothing).

Each importer reads a platform's own export as it is downloaded, maps it row by row to
orders.csv or stock.csv (PRODUCT.md "Data in"), and hands that file to
`core.ingest.load_file_as`: the same checks, upsert and single transaction as
`livestock load`. Any error, the loader's included, names the platform file, its line
(the header is line 1) and its column. Mappings (README "Real orders in"):

- Shopify orders export (help.shopify.com "Exporting orders", the order CSV): one row per
  line item; the order's own columns (Created at, Currency, Shipping Country, Cancelled at,
  Id...) only on its first row, so later rows of the same Name take them from it.
- TikTok Shop order export (Seller Center > Orders > Export, CSV): one row per SKU line; a
  second row of column descriptions ("Platform unique order ID.") is skipped; values may end
  with a tab (TikTok adds one so Excel keeps long ids); times are local, without an offset.
- Amazon "FBA Manage Inventory" report (GET_FBA_MYI_UNSUPPRESSED_INVENTORY_DATA, SP-API
  "FBA Inventory reports attributes"): tab-separated, one row per sku; no time and no
  warehouse in the file, so both are options.
"""

from __future__ import annotations

import csv
import re
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Engine, select

from core import intake
from core.errors import InputError, LiveStockError
from core.ingest import FileReport, load_file_as
from core.models import Product, Warehouse, table_of
from core.timeutil import parse_instant, utc_now
from core.webhooks import LineIn, merge_same_sku, shopify_order_id, tiktok_order_id

_PRODUCTS = table_of(Product)
_WAREHOUSES = table_of(Warehouse)
SHOPIFY_SOURCE = "import:shopify-orders"
TIKTOK_SOURCE = "import:tiktok-orders"

# Countries as platforms spell them in exports; ISO 3166 alpha-2 codes pass as they are.
COUNTRY_CODES = {
    "united states": "US", "united states of america": "US", "usa": "US",
    "united kingdom": "GB", "great britain": "GB", "uk": "GB", "germany": "DE",
    "deutschland": "DE", "japan": "JP", "france": "FR", "spain": "ES", "italy": "IT",
    "ireland": "IE", "netherlands": "NL", "canada": "CA", "mexico": "MX", "brazil": "BR",
    "australia": "AU", "malaysia": "MY", "thailand": "TH", "indonesia": "ID",
    "vietnam": "VN", "viet nam": "VN", "philippines": "PH", "singapore": "SG",
    "china": "CN", "saudi arabia": "SA", "united arab emirates": "AE",
}
# The currency TikTok Shop settles in per shop country (the export has no currency column).
MARKET_CURRENCY = {
    "US": "USD", "GB": "GBP", "DE": "EUR", "FR": "EUR", "ES": "EUR", "IT": "EUR",
    "IE": "EUR", "JP": "JPY", "MX": "MXN", "BR": "BRL", "MY": "MYR", "TH": "THB",
    "ID": "IDR", "VN": "VND", "PH": "PHP", "SG": "SGD",
}
_CODE = re.compile(r"[A-Za-z]{2}")
_SHOPIFY_TIME = re.compile(
    r"(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|[+-]\d{2}:?\d{2})")
_LOCAL_TIME = re.compile(
    r"(\d{1,4})[/-](\d{1,2})[/-](\d{1,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?")


@dataclass(frozen=True)
class ImportReport:
    """What an import did (or, with dry_run, would do)."""

    file: str
    layout: str
    rows_read: int
    load: FileReport
    skipped: int
    warnings: tuple[str, ...]
    dry_run: bool

    def summary(self) -> str:
        verb = "would load" if self.dry_run else "loaded"
        lines = [f"{self.file}: {self.rows_read:,} rows read; {verb} {self.load.rows_read:,} "
                 f"{self.layout} rows: {self.load.inserted:,} new, {self.load.updated:,} "
                 f"updated, {self.load.unchanged:,} unchanged"]
        if self.skipped:
            lines.append(f"  {self.skipped:,} rows skipped (unknown sku, --only-known-skus)")
        if self.dry_run:
            lines.append("  dry run: nothing was written")
        return "\n".join(lines)


@dataclass
class _Table:
    """A platform file read as text: its header and its rows, each with its first line."""

    name: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]
    warnings: list[str] = field(default_factory=list)

    def require(self, *columns: str) -> None:
        for column in columns:
            if column not in self.header:
                raise InputError(f"required column is missing (is this the {self.kind()}?)",
                                 file=self.name, line=1, column=column)

    def kind(self) -> str:
        return "platform's export"


@dataclass
class _Translated:
    """Data-file rows and, for each, the platform line it came from."""

    layout: str
    columns: tuple[str, ...]
    origin_column: Mapping[str, str]
    rows: list[dict[str, str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    skipped: int = 0


# ---------------------------------------------------------------------------------------
# The three importers.


def import_shopify_orders(engine: Engine, path: str | Path, *, dry_run: bool = False,
                          only_known_skus: bool = False) -> ImportReport:
    """Load a Shopify orders export: order_id "shopify:<Id>", one line per (order, sku)."""
    table = _read(Path(path))
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
            sku=_sku(row["Lineitem sku"], table, line, "Lineitem sku"),
            ts=_shopify_time(field_of("Created at"), table, line),
            qty=_whole(row["Lineitem quantity"], table, line, "Lineitem quantity"),
            unit_price=_number(row["Lineitem price"], table, line, "Lineitem price"),
            currency=field_of("Currency"),
            country=_country(order.get("Shipping Country", ""), table, line,
                             "Shipping Country"),
            customer_id=None, status=status)))
    origin = {"order_id": "Id", "sku": "Lineitem sku", "ts": "Created at",
              "qty": "Lineitem quantity", "unit_price": "Lineitem price",
              "currency": "Currency", "session_id": "Shipping Country",
              "status": "Cancelled at"}
    return _load_orders(engine, table, lines, origin, source=SHOPIFY_SOURCE, dry_run=dry_run,
                        only_known_skus=only_known_skus)


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
    zone = _zone(timezone)
    table = _read(Path(path))
    table.require("Order ID", "Order Status", "Seller SKU", "Quantity", "Created Time")
    price_column = next((c for c in ("SKU Subtotal After Discount", "SKU Unit Original Price")
                         if c in table.header), None)
    if price_column is None:
        raise InputError("required column is missing (or SKU Unit Original Price)",
                         file=table.name, line=1, column="SKU Subtotal After Discount")
    rows = [(line, row) for line, row in table.rows
            if not (line == 2 and row["Order ID"].lower().startswith("platform unique"))]
    order_of_date = _date_order(date_order, [(line, row["Created Time"]) for line, row in rows],
                                table)
    lines: list[tuple[int, LineIn]] = []
    for line, row in rows:
        order_number = row["Order ID"]
        if not order_number:
            raise InputError("is empty", file=table.name, line=line, column="Order ID")
        qty = _whole(row["Quantity"], table, line, "Quantity")
        price = _number(row[price_column], table, line, price_column)
        if price_column == "SKU Subtotal After Discount":
            price = round(price / qty, 4)
        country = _country(row.get("Country", ""), table, line, "Country")
        cancelled = "cancel" in row["Order Status"].lower()
        lines.append((line, LineIn(
            order_id=tiktok_order_id(order_number),
            sku=_sku(row["Seller SKU"], table, line, "Seller SKU"),
            ts=_local_time(row["Created Time"], order_of_date, zone, table, line),
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
    report = _load_orders(engine, table, lines, origin, source=TIKTOK_SOURCE,
                          dry_run=dry_run, only_known_skus=only_known_skus)
    return report


def import_amazon_inventory(engine: Engine, path: str | Path, *,
                            warehouse_id: str | None = None,
                            counted_at: datetime | None = None, dry_run: bool = False,
                            only_known_skus: bool = False) -> ImportReport:
    """Load an FBA Manage Inventory report as stock counts of one warehouse.

    on_hand = afn-fulfillable-quantity + afn-reserved-quantity and reserved =
    afn-reserved-quantity, so available = on_hand - reserved = afn-fulfillable-quantity;
    unsellable (damaged) units are left out, inbound units are not on hand yet.
    Example: fulfillable 20, reserved 10, unsellable 5 -> on_hand 30, reserved 10.
    """
    at = counted_at or utc_now()
    table = _read(Path(path))
    table.require("sku", "afn-fulfillable-quantity", "afn-reserved-quantity")
    warehouse = warehouse_id or _platform_warehouse(engine, table)
    translated = _Translated("stock.csv", ("sku", "warehouse_id", "counted_at", "on_hand",
                                           "reserved"),
                             {"sku": "sku", "warehouse_id": "--warehouse",
                              "counted_at": "--counted-at",
                              "on_hand": "afn-fulfillable-quantity",
                              "reserved": "afn-reserved-quantity"})
    known = _known_skus(engine) if only_known_skus else None
    for line, row in table.rows:
        sku = _sku(row["sku"], table, line, "sku")
        if known is not None and sku not in known:
            translated.skipped += 1
            continue
        fulfillable = _whole(row["afn-fulfillable-quantity"], table, line,
                             "afn-fulfillable-quantity", minimum=0)
        reserved = _whole(row["afn-reserved-quantity"], table, line, "afn-reserved-quantity",
                          minimum=0)
        translated.rows.append({"sku": sku, "warehouse_id": warehouse,
                                "counted_at": at.isoformat(),
                                "on_hand": str(fulfillable + reserved),
                                "reserved": str(reserved)})
        translated.lines.append(line)
    return _load(engine, table, translated, source="import:amazon-inventory", dry_run=dry_run)


# ---------------------------------------------------------------------------------------
# Orders: merge a sku's lines of one order, assign sessions, load.


def _load_orders(engine: Engine, table: _Table, lines: Sequence[tuple[int, LineIn]],
                 origin: Mapping[str, str], *, source: str, dry_run: bool,
                 only_known_skus: bool) -> ImportReport:
    translated = _Translated("orders.csv", ("order_id", "sku", "ts", "qty", "unit_price",
                                            "currency", "session_id", "customer_id",
                                            "status"), origin)
    known = _known_skus(engine) if only_known_skus else None
    by_order: dict[str, list[tuple[int, LineIn]]] = {}
    for line, order_line in lines:
        if known is not None and order_line.sku not in known:
            translated.skipped += 1
            continue
        by_order.setdefault(order_line.order_id, []).append((line, order_line))
    with engine.connect() as conn:
        for entries in by_order.values():
            first_line_of: dict[str, int] = {}
            for line, entry in entries:
                first_line_of.setdefault(entry.sku, line)
            merged = merge_same_sku([entry for _line, entry in entries])
            session_id = intake.session_for(conn, country=merged[0].country, at=merged[0].ts)
            for entry in merged:
                translated.rows.append({
                    "order_id": entry.order_id, "sku": entry.sku, "ts": entry.ts.isoformat(),
                    "qty": str(entry.qty), "unit_price": repr(entry.unit_price),
                    "currency": entry.currency, "session_id": session_id or "",
                    "customer_id": entry.customer_id or "", "status": entry.status})
                translated.lines.append(first_line_of[entry.sku])
    return _load(engine, table, translated, source=source, dry_run=dry_run)


def _load(engine: Engine, table: _Table, translated: _Translated, *, source: str,
          dry_run: bool) -> ImportReport:
    with tempfile.TemporaryDirectory(prefix="livestock-import-") as folder:
        data_file = Path(folder) / translated.layout
        with data_file.open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=translated.columns)
            writer.writeheader()
            writer.writerows(translated.rows)
        try:
            loaded = load_file_as(engine, data_file, layout=translated.layout, source=source,
                                  dry_run=dry_run)
        except InputError as error:
            raise _in_platform_terms(error, table, translated) from None
    return ImportReport(table.name, translated.layout, len(table.rows), loaded.files[0],
                        translated.skipped, (*table.warnings, *loaded.warnings), dry_run)


def _in_platform_terms(error: InputError, table: _Table, translated: _Translated
                       ) -> InputError:
    """The loader's error about the translated file, told about the platform's file."""
    def platform_line(generated: int) -> int:
        position = generated - 2
        return translated.lines[position] if 0 <= position < len(translated.lines) else 1

    reason = re.sub(r"already on line (\d+)",
                    lambda m: f"already on line {platform_line(int(m.group(1)))}", error.reason)
    column = translated.origin_column.get(error.column or "", error.column)
    line = platform_line(error.line) if error.line and error.line > 1 else error.line
    return InputError(reason, file=table.name, line=line, column=column)


def _order_field(order: Mapping[str, str], column: str, *, name: str, table: _Table,
                 line: int) -> str:
    """An order-level value, which Shopify writes on the order's first row only."""
    value = order.get(column, "")
    if not value:
        raise InputError(f"is empty on this order's rows (order {name})", file=table.name,
                         line=line, column=column)
    return value


def _known_skus(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(conn.execute(select(_PRODUCTS.c.sku)).scalars())


def _platform_warehouse(engine: Engine, table: _Table) -> str:
    with engine.connect() as conn:
        w = _WAREHOUSES.c
        found = list(conn.execute(select(w.warehouse_id).where(w.mode == "platform")
                                  .order_by(w.warehouse_id)).scalars())
    if len(found) != 1:
        named = ", ".join(found) if found else "none"
        raise LiveStockError(f"{table.name}: say which warehouse these counts are of with "
                             f"--warehouse (platform warehouses in the store: {named})")
    return str(found[0])


# ---------------------------------------------------------------------------------------
# Reading a platform file.


def _read(path: Path) -> _Table:
    if not path.is_file():
        raise InputError("is not a file", file=str(path))
    raw = path.read_bytes()
    warnings = []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            raise InputError("is not UTF-8 text, nor GBK/GB18030; save it as 'CSV UTF-8'",
                             file=path.name) from None
        warnings.append(f"{path.name} is not UTF-8; decoded it as GBK/GB18030")
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.reader(text.splitlines(keepends=True), delimiter=delimiter)
    header = [_clean(name) for name in next(reader, [])]
    if not any(header):
        raise InputError("is empty: the first line must name the columns", file=path.name,
                         line=1)
    rows = []
    line = reader.line_num
    for values in reader:
        start, line = line + 1, reader.line_num
        if not any(_clean(v) for v in values):
            continue
        if len(values) > len(header):
            raise InputError(f"has {len(values)} values but the header names {len(header)} "
                             "columns", file=path.name, line=start)
        cells = {name: _clean(value) for name, value in zip(header, values, strict=False)}
        rows.append((start, {name: cells.get(name, "") for name in header}))
    return _Table(path.name, header, rows, warnings)


def _clean(value: str) -> str:
    return value.strip().strip("\t").strip()


# ---------------------------------------------------------------------------------------
# Values; each failure names the platform file, line and column.


def _sku(value: str, table: _Table, line: int, column: str) -> str:
    if not value:
        raise InputError("is empty: LiveStock counts stock by sku (or pass --only-known-skus "
                         "to skip lines it does not track)", file=table.name, line=line,
                         column=column)
    return value


def _whole(value: str, table: _Table, line: int, column: str, *, minimum: int = 1) -> int:
    try:
        number = float(value.replace(",", ""))
    except ValueError:
        raise InputError(f"'{value}' is not a whole number", file=table.name, line=line,
                         column=column) from None
    if number != int(number) or number < minimum:
        raise InputError(f"'{value}' is not a whole number of {minimum} or more",
                         file=table.name, line=line, column=column)
    return int(number)


def _number(value: str, table: _Table, line: int, column: str) -> float:
    text = re.sub(r"^[^\d\-.]+", "", value.replace(",", ""))  # "$12.50", "US$ 12.50"
    try:
        number = float(text)
    except ValueError:
        raise InputError(f"'{value}' is not a number", file=table.name, line=line,
                         column=column) from None
    if not number >= 0 or number == float("inf"):
        raise InputError(f"'{value}' must be 0 or more", file=table.name, line=line,
                         column=column)
    return number


def _country(value: str, table: _Table, line: int, column: str) -> str | None:
    if not value:
        return None
    if _CODE.fullmatch(value):
        return value.upper()
    code = COUNTRY_CODES.get(value.lower())
    if code is None:
        raise InputError(f"'{value}' is not a country LiveStock knows; write its ISO code "
                         "(e.g. US, GB, DE, JP)", file=table.name, line=line, column=column)
    return code


def _currency(given: str | None, country: str | None, table: _Table, line: int) -> str:
    if given:
        return given.upper()
    if country in MARKET_CURRENCY:
        return MARKET_CURRENCY[country]
    raise InputError("gives no currency LiveStock can tell: pass --currency (e.g. USD)",
                     file=table.name, line=line, column="Country")


def _shopify_time(value: str, table: _Table, line: int) -> datetime:
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


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise LiveStockError(f"--timezone: '{name}' is not a time zone (write e.g. "
                             "America/Los_Angeles, Europe/London, Asia/Tokyo)") from None


def _date_order(given: str, values: Sequence[tuple[int, str]], table: _Table) -> str:
    """mdy or dmy: as given, else the first value whose day can only be one of the two."""
    if given in ("mdy", "dmy"):
        return given
    if given != "auto":
        raise LiveStockError(f"--date-order: '{given}' is not mdy, dmy or auto")
    saw_meridiem = False
    for _line, value in values:
        found = _LOCAL_TIME.fullmatch(value)
        if found is None or len(found.group(1)) == 4:
            continue
        first, second = int(found.group(1)), int(found.group(2))
        if first > 12:
            return "dmy"
        if second > 12:
            return "mdy"
        saw_meridiem = saw_meridiem or found.group(7) is not None
    if saw_meridiem or not values:
        return "mdy"
    line = values[0][0]
    raise InputError("dates such as 03/04/2026 can be read two ways and no day in the file "
                     "is above 12: pass --date-order mdy or dmy", file=table.name, line=line,
                     column="Created Time")


def _local_time(value: str, date_order: str, zone: ZoneInfo, table: _Table, line: int
                ) -> datetime:
    """A TikTok export time ("03/15/2026 08:30:00 PM", "15/03/2026 20:30:00",
    "2026-03-15 20:30:00") in `zone`, as an aware datetime."""
    found = _LOCAL_TIME.fullmatch(value)
    if found is None:
        raise InputError(f"'{value}' is not a date and time (e.g. 03/15/2026 08:30:00 PM)",
                         file=table.name, line=line, column="Created Time")
    a, b, c, hour, minute, second, meridiem = found.groups()
    if len(a) == 4:
        year, month, day = int(a), int(b), int(c)
    elif date_order == "dmy":
        day, month, year = int(a), int(b), int(c)
    else:
        month, day, year = int(a), int(b), int(c)
    hours = int(hour)
    if meridiem:
        hours = hours % 12 + (12 if meridiem.lower() == "pm" else 0)
    try:
        return datetime(year, month, day, hours, int(minute), int(second or 0), tzinfo=zone)
    except ValueError as error:
        raise InputError(f"'{value}' is not a real date and time ({error})", file=table.name,
                         line=line, column="Created Time") from None
