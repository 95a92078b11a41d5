"""Every platform fixture imported twice: the second import changes nothing in the store."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from core.ingest.service import load_directory
from core.platforms.imports.amazon import import_amazon_inventory
from core.platforms.imports.import_report import ImportReport
from core.platforms.imports.shopify import import_shopify_orders
from core.platforms.imports.tiktok import import_tiktok_orders
from tests.store.test_platform_imports import COUNTED_AT

FIXTURES = Path(__file__).parents[1] / "fixtures" / "platforms"
Importer = Callable[[Engine, Path], ImportReport]


def shopify(engine: Engine, path: Path) -> ImportReport:
    return import_shopify_orders(engine, path, only_known_skus=True)


def tiktok_in(zone: str) -> Importer:
    def run(engine: Engine, path: Path) -> ImportReport:
        return import_tiktok_orders(engine, path, timezone=zone)
    return run


def amazon(engine: Engine, path: Path) -> ImportReport:
    return import_amazon_inventory(engine, path, counted_at=COUNTED_AT)


CASES: dict[str, Importer] = {
    "shopify_orders_export.csv": shopify,
    "shopify_orders_lines_without_sku.csv": shopify,
    "shopify_orders_discounts.csv": shopify,
    "shopify_orders_new_skus.csv": shopify,
    "shopify_orders_excel_de.csv": shopify,
    "tiktok_orders_export.csv": tiktok_in("America/Los_Angeles"),
    "tiktok_orders_export_ja.csv": tiktok_in("Asia/Tokyo"),
    "tiktok_orders_export_ja_cp932.csv": tiktok_in("Asia/Tokyo"),
    "tiktok_orders_export_zh_gbk.csv": tiktok_in("America/Los_Angeles"),
    "tiktok_orders_export_es.csv": tiktok_in("Europe/Madrid"),
    "amazon_fba_manage_inventory.txt": amazon,
    "amazon_manage_fba_inventory_2018.txt": amazon,
    "amazon_manage_fba_inventory_2020_uk.txt": amazon,
}


def snapshot(engine: Engine) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        orders = conn.execute(text("SELECT * FROM order_line ORDER BY order_id, sku")).all()
        counts = conn.execute(text("SELECT * FROM stock_count ORDER BY sku, warehouse_id, "
                                   "counted_at")).all()
    return [tuple(row) for row in [*orders, *counts]]


def test_every_platform_fixture_is_covered() -> None:
    exports = {path.name for path in FIXTURES.iterdir() if path.suffix in (".csv", ".txt")}
    assert exports == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_importing_an_export_again_changes_nothing(engine: Engine, name: str) -> None:
    load_directory(engine, FIXTURES / "store")
    first = CASES[name](engine, FIXTURES / name)
    before = snapshot(engine)

    again = CASES[name](engine, FIXTURES / name)

    assert first.load.inserted > 0
    assert (again.load.inserted, again.load.updated) == (0, 0)
    assert again.load.unchanged == first.load.rows_read
    assert again.skipped == first.skipped
    assert snapshot(engine) == before
