"""Amazon "FBA Manage Inventory" report as stock counts of one warehouse.

The report (GET_FBA_MYI_UNSUPPRESSED_INVENTORY_DATA, SP-API "FBA Inventory reports
attributes") is tab-separated, one row per sku; it has no time and no warehouse, so both
are options. Older downloads from Seller Central name the columns for people ('Merchant
SKU', 'AFN Fulfillable Qty', 'AFN Encumbered Qty' for the reserved units, British
'Fulfilable'); they are read like the API names (`AMAZON_COLUMNS`). A row without a sku is
left out and listed.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, select

from core.common.errors import LiveStockError
from core.common.timeutil import utc_now
from core.platforms.imports.import_report import NO_SKU, ImportReport, SkippedLine
from core.platforms.imports.platform_file import PlatformTable, read_platform_file
from core.platforms.imports.platform_values import read_whole
from core.platforms.imports.translated import Line, Translated, keep_known, load_translated
from core.store.models import Warehouse, table_of

_WAREHOUSES = table_of(Warehouse)
# The API's name of each column read -> the names older downloads give it.
AMAZON_COLUMNS: dict[str, tuple[str, ...]] = {
    "sku": ("Merchant SKU", "seller-sku", "Seller SKU"),
    "product-name": ("Product Name", "item-name", "Title"),
    "afn-fulfillable-quantity": ("AFN Fulfillable Qty", "AFN Fulfillable Quantity"),
    "afn-reserved-quantity": ("AFN Reserved Qty", "AFN Encumbered Qty",
                              "AFN Reserved Quantity"),
}


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
    table = read_platform_file(Path(path), AMAZON_COLUMNS)
    table.require("sku", "afn-fulfillable-quantity", "afn-reserved-quantity")
    warehouse = warehouse_id or _platform_warehouse(engine, table)
    lines: list[Line[dict[str, str]]] = []
    skipped: list[SkippedLine] = []
    for row in table.rows:
        sku = table.value(row, "sku")
        title = table.value(row, "product-name")
        if not sku:
            amount = (f"{table.value(row, 'afn-fulfillable-quantity') or 0} fulfillable, "
                      f"{table.value(row, 'afn-reserved-quantity') or 0} reserved")
            skipped.append(SkippedLine(row.row, "", title, amount, NO_SKU))
            continue
        fulfillable = read_whole(table, row, "afn-fulfillable-quantity", minimum=0)
        reserved = read_whole(table, row, "afn-reserved-quantity", minimum=0)
        amount = f"{fulfillable:,} fulfillable, {reserved:,} reserved"
        lines.append(Line(row, sku, title, amount, {
            "sku": sku, "warehouse_id": warehouse, "counted_at": at.isoformat(),
            "on_hand": str(fulfillable + reserved), "reserved": str(reserved)}))
    kept, unknown = keep_known(engine, table, lines, only_known_skus=only_known_skus)
    translated = Translated("stock.csv", ("sku", "warehouse_id", "counted_at", "on_hand",
                                          "reserved"),
                            {"sku": "sku", "warehouse_id": "--warehouse",
                             "counted_at": "--counted-at",
                             "on_hand": "afn-fulfillable-quantity",
                             "reserved": "afn-reserved-quantity"})
    for line in kept:
        translated.rows.append(line.value)
        translated.origins.append(line.row)
    return load_translated(engine, table, translated, [*skipped, *unknown],
                           source="import:amazon-inventory", dry_run=dry_run)


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
