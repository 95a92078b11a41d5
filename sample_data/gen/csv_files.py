"""The ten files of docs/data-files.md: their headers, and writing them."""

from __future__ import annotations

import csv
from pathlib import Path

from .tables import Dataset

HEADERS = {
    "warehouses.csv": ["warehouse_id", "name", "country", "mode", "currency",
                       "storage_fee_unit_day", "inbound_fee_unit", "outbound_fee_order",
                       "return_fee_unit", "serves", "receiving_days"],
    "products.csv": ["sku", "name", "category", "substitute_group", "unit_cost", "price",
                     "currency", "presale_allowed", "supplier_lead_days", "moq", "case_pack"],
    "lanes.csv": ["warehouse_id", "mode", "transit_days", "transit_days_sd", "cost_unit",
                  "cost_shipment", "from_warehouse_id"],
    "stock.csv": ["sku", "warehouse_id", "counted_at", "on_hand", "reserved"],
    "inbound.csv": ["shipment_id", "sku", "warehouse_id", "qty", "mode", "shipped_at", "eta",
                    "received_at"],
    "sessions.csv": ["session_id", "title", "platform", "market", "warmup_start", "start", "end",
                     "traffic", "expected_viewers"],
    "lineup.csv": ["session_id", "sku", "slot", "price", "variant"],
    "viewers.csv": ["session_id", "ts", "viewers", "interactions"],
    "funnel.csv": ["session_id", "sku", "ts", "impressions", "clicks"],
    "orders.csv": ["order_id", "sku", "ts", "qty", "unit_price", "currency", "session_id",
                   "warehouse_id", "customer_id", "status"],
}


def write(dataset: Dataset, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, header in HEADERS.items():
        with (out / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(dataset.tables[name])
