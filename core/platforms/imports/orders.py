"""Order lines from a platform: unknown skus found, a sku's lines of one order merged,
sessions assigned, loaded as orders.csv.

Each line carries what orders.csv's optional columns say about where it ships from and to:
`platform` (the platform whose export it is: which warehouses can ship it) and `market` (its
shipping country; empty when the export gives none, and then its session's market counts).
An off-stream line without a warehouse is charged to its platform's pool in that market
(core.stock.pools), as a row of orders.csv with those columns would be."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import Engine

from core.platforms import service as intake
from core.platforms.imports.import_report import ImportReport, SkippedLine
from core.platforms.imports.platform_file import PlatformRow, PlatformTable
from core.platforms.imports.translated import Line, Translated, keep_known, load_translated
from core.platforms.webhooks import LineIn, merge_same_sku

ORDER_COLUMNS = ("order_id", "sku", "ts", "qty", "unit_price", "currency", "session_id",
                 "customer_id", "status", "platform", "market")


def load_orders(engine: Engine, table: PlatformTable, lines: Sequence[Line[LineIn]],
                skipped: Sequence[SkippedLine], origin: Mapping[str, str], *, platform: str,
                source: str, dry_run: bool, only_known_skus: bool) -> ImportReport:
    """Load the lines that name a known sku, as orders of `platform` (an id: shopify,
    tiktok) shipping to their country; `skipped` (lines without a sku) and the lines of
    unknown skus (with `only_known_skus`) go to the report."""
    kept, unknown = keep_known(engine, table, lines, only_known_skus=only_known_skus)
    translated = Translated("orders.csv", ORDER_COLUMNS, origin)
    by_order: dict[str, list[Line[LineIn]]] = {}
    for line in kept:
        by_order.setdefault(line.value.order_id, []).append(line)
    with engine.connect() as conn:
        for entries in by_order.values():
            first_row_of: dict[str, PlatformRow] = {}
            for entry in entries:
                first_row_of.setdefault(entry.sku, entry.row)
            merged = merge_same_sku([entry.value for entry in entries])
            session_id = intake.session_for(conn, country=merged[0].country, at=merged[0].ts)
            for order_line in merged:
                translated.rows.append({
                    "order_id": order_line.order_id, "sku": order_line.sku,
                    "ts": order_line.ts.isoformat(), "qty": str(order_line.qty),
                    "unit_price": repr(order_line.unit_price),
                    "currency": order_line.currency, "session_id": session_id or "",
                    "customer_id": order_line.customer_id or "",
                    "status": order_line.status, "platform": platform,
                    "market": order_line.country or ""})
                translated.origins.append(first_row_of[order_line.sku])
    return load_translated(engine, table, translated, [*skipped, *unknown], source=source,
                           dry_run=dry_run)


def amount_text(amount: float | None, currency: str | None, raw: str) -> str:
    """A line's amount as the report shows it: '44.98 USD', or the text as exported."""
    if amount is None:
        return raw or "no amount"
    return f"{amount:,.2f} {currency or ''}".strip()
