"""Platform exports into the store: each mapping on its fixture, dry runs, refusals."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text
from typer.testing import CliRunner

from cli import app
from core.common.errors import InputError, LiveStockError
from core.ingest.service import load_directory
from core.platforms.imports.amazon import import_amazon_inventory
from core.platforms.imports.shopify import import_shopify_orders
from core.platforms.imports.tiktok import import_tiktok_orders

FIXTURES = Path(__file__).parents[1] / "fixtures" / "platforms"
SHOPIFY = FIXTURES / "shopify_orders_export.csv"
TIKTOK = FIXTURES / "tiktok_orders_export.csv"
AMAZON = FIXTURES / "amazon_fba_manage_inventory.txt"
COUNTED_AT = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


@pytest.fixture
def store(engine: Engine) -> Engine:
    load_directory(engine, FIXTURES / "store")
    return engine


def rows(engine: Engine, sql: str) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        return [tuple(row) for row in conn.execute(text(sql))]


def order_lines(engine: Engine) -> list[tuple[Any, ...]]:
    return rows(engine, "SELECT order_id, sku, ts, qty, unit_price, currency, session_id, "
                        "status, source FROM order_line ORDER BY order_id, sku")


def edited(tmp_path: Path, source: Path, old: str, new: str) -> Path:
    text_in = source.read_text(encoding="utf-8-sig")
    assert old in text_in
    target = tmp_path / source.name
    target.write_text(text_in.replace(old, new, 1), encoding="utf-8")
    return target


def as_utc_text(value: Any) -> str:
    """An instant as UTC text: SQLite gives the stored text back, PostgreSQL a datetime."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    return str(value)[:19]


def test_shopify_export_maps_to_one_line_per_order_and_sku_with_sessions(store: Engine) -> None:
    report = import_shopify_orders(store, SHOPIFY)

    lines = [(o, s, as_utc_text(ts), q, float(p), c, sess, st, src)
             for o, s, ts, q, p, c, sess, st, src in order_lines(store)]
    assert lines == [
        ("shopify:5801234500001", "SKU-101", "2026-11-28 01:14:03", 2, 24.99, "USD", "S-US-1",
         "paid", "import:shopify-orders"),
        ("shopify:5801234500001", "SKU-204", "2026-11-28 01:14:03", 1, 15.99, "USD", "S-US-1",
         "paid", "import:shopify-orders"),
        ("shopify:5801234500002", "SKU-102", "2026-11-27 23:02:44", 1, 29.99, "USD", None,
         "paid", "import:shopify-orders"),
        ("shopify:5801234500003", "SKU-101", "2026-11-28 01:40:10", 1, 24.99, "USD", "S-US-1",
         "cancelled", "import:shopify-orders"),
        # 1 at 12.00 and 2 at 9.00 less the second line's own 6.00 discount: 24.00 for 3
        ("shopify:5801234500004", "SKU-204", "2026-11-27 19:30:00", 3, 8.0, "GBP", "S-GB-1",
         "paid", "import:shopify-orders"),
    ]
    assert (report.rows_read, report.load.inserted, report.skipped) == (6, 5, ())


def test_importing_the_same_shopify_export_again_changes_nothing(store: Engine) -> None:
    import_shopify_orders(store, SHOPIFY)
    before = order_lines(store)

    again = import_shopify_orders(store, SHOPIFY)

    assert (again.load.inserted, again.load.updated, again.load.unchanged) == (0, 0, 5)
    assert order_lines(store) == before


def test_a_dry_run_checks_everything_and_writes_nothing(store: Engine) -> None:
    shopify = import_shopify_orders(store, SHOPIFY, dry_run=True)
    tiktok = import_tiktok_orders(store, TIKTOK, timezone="America/Los_Angeles", dry_run=True)
    amazon = import_amazon_inventory(store, AMAZON, counted_at=COUNTED_AT, dry_run=True)

    assert (shopify.load.inserted, tiktok.load.inserted, amazon.load.inserted) == (5, 4, 3)
    assert "dry run: nothing was written" in shopify.summary()
    assert rows(store, "SELECT count(*) FROM order_line") == [(0,)]
    assert rows(store, "SELECT count(*) FROM stock_count") == [(0,)]


@pytest.mark.parametrize(("old", "new", "line", "column", "says"), [
    (",2,Ring Light 10in,24.99,", ",two,Ring Light 10in,24.99,", 2, "Lineitem quantity",
     "'two' is not a whole number"),
    ("2026-11-27 18:02:44 -0500", "2026-11-27 18:02:44", 4, "Created at",
     "not a time with an offset"),
    (",Leeds,LS1 4AP,,GB,", ",Leeds,LS1 4AP,,Narnia,", 6, "Shipping Country",
     "not a country LiveStock knows"),
    (",USD,24.99,0.00,", ",dollars,24.99,0.00,", 5, "Currency", "not a currency code"),
])
def test_a_bad_shopify_row_refuses_the_whole_file_naming_row_and_column(
        store: Engine, tmp_path: Path, old: str, new: str, line: int, column: str,
        says: str) -> None:
    bad = edited(tmp_path, SHOPIFY, old, new)

    with pytest.raises(InputError) as refused:
        import_shopify_orders(store, bad)

    assert (refused.value.file, refused.value.line, refused.value.column) == (
        "shopify_orders_export.csv", line, column)
    assert says in refused.value.reason
    assert rows(store, "SELECT count(*) FROM order_line") == [(0,)]


def test_only_known_skus_skips_what_livestock_does_not_track(store: Engine, tmp_path: Path
                                                              ) -> None:
    bad = edited(tmp_path, SHOPIFY, ",Phone Tripod,15.99,,SKU-204,",
                 ",Gift card,15.99,,GIFT-CARD,")

    report = import_shopify_orders(store, bad, only_known_skus=True)

    assert [(s.row, s.sku, s.title, s.amount) for s in report.skipped] == [
        (3, "GIFT-CARD", "Gift card", "15.99 USD")]
    assert report.load.inserted == 4
    assert "1 row of 1 sku not in the store" in report.summary()


def test_tiktok_export_maps_local_times_skips_the_description_row_and_strips_tabs(
        store: Engine) -> None:
    report = import_tiktok_orders(store, TIKTOK, timezone="America/Los_Angeles")

    lines = [(o, s, as_utc_text(ts), q, float(p), c, sess, st)
             for o, s, ts, q, p, c, sess, st, _src in order_lines(store)]
    assert lines == [
        # 05:10 PM PST is 01:10 UTC the next day: inside the US stream
        ("tiktok:576486316948490001", "SKU-101", "2026-11-28 01:10:00", 2, 22.49, "USD",
         "S-US-1", "paid"),
        ("tiktok:576486316948490002", "SKU-102", "2026-11-27 23:00:00", 1, 29.99, "USD", None,
         "cancelled"),
        ("tiktok:576486316948490003", "SKU-204", "2026-11-28 02:45:30", 1, 15.99, "USD",
         "S-US-1", "paid"),
        ("tiktok:576486316948490003", "SKU-310", "2026-11-28 02:45:30", 2, 11.99, "USD",
         "S-US-1", "paid"),
    ]
    assert report.rows_read == 4  # the orders; the description row is no order


def test_a_bad_tiktok_row_is_named_by_its_row_in_the_export(store: Engine, tmp_path: Path
                                                             ) -> None:
    bad = edited(tmp_path, TIKTOK, ",SKU-310,Lavalier Mic,Default,2,",
                 ",SKU-310,Lavalier Mic,Default,two,")

    with pytest.raises(InputError) as refused:
        import_tiktok_orders(store, bad, timezone="America/Los_Angeles")

    assert (refused.value.file, refused.value.line, refused.value.column) == (
        "tiktok_orders_export.csv", 6, "Quantity")
    assert rows(store, "SELECT count(*) FROM order_line") == [(0,)]


def test_tiktok_day_first_dates_are_told_from_a_day_above_twelve(store: Engine,
                                                                   tmp_path: Path) -> None:
    day_first = tmp_path / "tiktok_uk.csv"
    text_in = TIKTOK.read_text(encoding="utf-8-sig")
    for us, uk in (("11/27/2026 05:10:00 PM", "27/11/2026 17:10:00"),
                   ("11/27/2026 03:00:00 PM", "27/11/2026 15:00:00"),
                   ("11/27/2026 06:45:30 PM", "27/11/2026 18:45:30")):
        text_in = text_in.replace(us, uk)
    day_first.write_text(text_in, encoding="utf-8")

    import_tiktok_orders(store, day_first, timezone="America/Los_Angeles")

    assert [as_utc_text(ts) for (ts,) in rows(store, "SELECT DISTINCT ts FROM order_line "
                                                     "ORDER BY ts")] == [
        "2026-11-27 23:00:00", "2026-11-28 01:10:00", "2026-11-28 02:45:30"]


def test_tiktok_needs_a_real_time_zone(store: Engine) -> None:
    with pytest.raises(LiveStockError, match="not a time zone"):
        import_tiktok_orders(store, TIKTOK, timezone="Pacific Standard")


def test_amazon_report_becomes_stock_counts_with_fulfillable_units_available(
        store: Engine) -> None:
    import_amazon_inventory(store, AMAZON, counted_at=COUNTED_AT)

    counts = [(sku, wh, as_utc_text(at), on_hand, reserved) for sku, wh, at, on_hand, reserved
              in rows(store, "SELECT sku, warehouse_id, counted_at, on_hand, reserved "
                             "FROM stock_count ORDER BY sku")]
    # fulfillable 120 + reserved 14 on hand, 14 reserved: 120 available; 3 unsellable left out
    assert counts == [("SKU-101", "US-FBA", "2026-11-27 12:00:00", 134, 14),
                      ("SKU-102", "US-FBA", "2026-11-27 12:00:00", 40, 4),
                      ("SKU-204", "US-FBA", "2026-11-27 12:00:00", 0, 0)]


def test_a_bad_amazon_row_names_the_report_column(store: Engine, tmp_path: Path) -> None:
    bad = edited(tmp_path, AMAZON, "\t36\t0\t4\t", "\t36\t0\t-4\t")

    with pytest.raises(InputError) as refused:
        import_amazon_inventory(store, bad, counted_at=COUNTED_AT)

    assert (refused.value.line, refused.value.column) == (3, "afn-reserved-quantity")
    assert rows(store, "SELECT count(*) FROM stock_count") == [(0,)]


def test_amazon_counts_need_a_warehouse_when_the_store_has_several_platform_ones(
        store: Engine, tmp_path: Path) -> None:
    folder = tmp_path / "more"
    folder.mkdir()
    shutil.copy(FIXTURES / "store" / "products.csv", folder)
    (folder / "warehouses.csv").write_text(
        (FIXTURES / "store" / "warehouses.csv").read_text()
        + "GB-FBA,Amazon FBA BHX4,GB,platform,GBP,0.03,0,3.20,2.10\n")
    load_directory(store, folder)

    with pytest.raises(LiveStockError, match="--warehouse"):
        import_amazon_inventory(store, AMAZON, counted_at=COUNTED_AT)
    import_amazon_inventory(store, AMAZON, warehouse_id="GB-FBA", counted_at=COUNTED_AT)
    assert rows(store, "SELECT DISTINCT warehouse_id FROM stock_count") == [("GB-FBA",)]


def test_the_import_commands_report_and_exit_non_zero_on_a_bad_file(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'store.db'}"
    runner = CliRunner()
    assert runner.invoke(app, ["load", str(FIXTURES / "store"), "--db", db]).exit_code == 0

    dry = runner.invoke(app, ["import", "shopify-orders", str(SHOPIFY), "--dry-run", "--db", db])
    real = runner.invoke(app, ["import", "tiktok-orders", str(TIKTOK), "--timezone",
                               "America/Los_Angeles", "--db", db])
    bad = runner.invoke(app, ["import", "amazon-inventory",
                              str(edited(tmp_path, AMAZON, "SKU-102", "SKU-XYZ")), "--db", db])

    assert dry.exit_code == 0 and "would load 5 orders.csv rows" in dry.output
    assert real.exit_code == 0 and "loaded 4 orders.csv rows: 4 new" in real.output
    assert bad.exit_code == 1
    assert ("amazon_fba_manage_inventory.txt: 1 sku is not in the store (1 row): 'SKU-XYZ' on "
            "row 3") in bad.output
