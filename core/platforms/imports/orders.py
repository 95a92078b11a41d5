"""Order lines from a platform: a sku's lines of one order merged, sessions assigned, loaded."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import Engine

from core.platforms import service as intake
from core.platforms.imports.import_report import ImportReport
from core.platforms.imports.platform_file import PlatformTable
from core.platforms.imports.translated import Translated, known_skus, load_translated
from core.platforms.webhooks import LineIn, merge_same_sku


def load_orders(engine: Engine, table: PlatformTable, lines: Sequence[tuple[int, LineIn]],
                 origin: Mapping[str, str], *, source: str, dry_run: bool,
                 only_known_skus: bool) -> ImportReport:
    translated = Translated("orders.csv", ("order_id", "sku", "ts", "qty", "unit_price",
                                           "currency", "session_id", "customer_id",
                                           "status"), origin)
    known = known_skus(engine) if only_known_skus else None
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
    return load_translated(engine, table, translated, source=source, dry_run=dry_run)
