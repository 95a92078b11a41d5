"""Amazon "FBA Manage Inventory" report as stock counts of one warehouse.

The report (GET_FBA_MYI_UNSUPPRESSED_INVENTORY_DATA, SP-API "FBA Inventory reports
attributes") is tab-separated, one row per sku; it has no time and no warehouse, so both
are options.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, select

from core.common.errors import LiveStockError
from core.common.timeutil import utc_now
from core.platforms.imports.import_report import ImportReport
from core.platforms.imports.platform_file import PlatformTable, read_platform_file
from core.platforms.imports.platform_values import read_sku, read_whole
from core.platforms.imports.translated import Translated, known_skus, load_translated
from core.store.models import Warehouse, table_of

_WAREHOUSES = table_of(Warehouse)


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
    table = read_platform_file(Path(path))
    table.require("sku", "afn-fulfillable-quantity", "afn-reserved-quantity")
    warehouse = warehouse_id or _platform_warehouse(engine, table)
    translated = Translated("stock.csv", ("sku", "warehouse_id", "counted_at", "on_hand",
                                          "reserved"),
                            {"sku": "sku", "warehouse_id": "--warehouse",
                             "counted_at": "--counted-at",
                             "on_hand": "afn-fulfillable-quantity",
                             "reserved": "afn-reserved-quantity"})
    known = known_skus(engine) if only_known_skus else None
    for line, row in table.rows:
        sku = read_sku(row["sku"], table, line, "sku")
        if known is not None and sku not in known:
            translated.skipped += 1
            continue
        fulfillable = read_whole(row["afn-fulfillable-quantity"], table, line,
                                 "afn-fulfillable-quantity", minimum=0)
        reserved = read_whole(row["afn-reserved-quantity"], table, line,
                              "afn-reserved-quantity", minimum=0)
        translated.rows.append({"sku": sku, "warehouse_id": warehouse,
                                "counted_at": at.isoformat(),
                                "on_hand": str(fulfillable + reserved),
                                "reserved": str(reserved)})
        translated.lines.append(line)
    return load_translated(engine, table, translated, source="import:amazon-inventory",
                           dry_run=dry_run)


def _platform_warehouse(engine: Engine, table: PlatformTable) -> str:
    with engine.connect() as conn:
        w = _WAREHOUSES.c
        found = list(conn.execute(select(w.warehouse_id).where(w.mode == "platform")
                                  .order_by(w.warehouse_id)).scalars())
    if len(found) != 1:
        named = ", ".join(found) if found else "none"
        raise LiveStockError(f"{table.name}: say which warehouse these counts are of with "
                             f"--warehouse (platform warehouses in the store: {named})")
    return str(found[0])
