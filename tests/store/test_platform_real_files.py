"""Platform exports as sellers really have them: lines without a sku, new skus, discounts,
Chinese and Japanese exports, Excel's encodings and separators, older Amazon downloads,
rows named as a spreadsheet shows them; and broken files refused in one line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text
from typer.testing import CliRunner

from cli import app
from core.common.errors import InputError
from core.ingest.service import load_directory
from core.platforms.imports.amazon import import_amazon_inventory
from core.platforms.imports.import_report import NO_SKU, UNKNOWN_SKU, UnknownSkus
from core.platforms.imports.shopify import import_shopify_orders
from core.platforms.imports.tiktok import import_tiktok_orders
from tests.store.test_platform_imports import COUNTED_AT, as_utc_text

FIXTURES = Path(__file__).parents[1] / "fixtures" / "platforms"


@pytest.fixture
def store(engine: Engine) -> Engine:
    load_directory(engine, FIXTURES / "store")
    return engine


def lines_in(engine: Engine) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        found = conn.execute(text(
            "SELECT order_id, sku, ts, qty, unit_price, currency, session_id, status "
            "FROM order_line ORDER BY order_id, sku"))
        return [(o, s, as_utc_text(ts), q, round(float(p), 4), c, sess, st)
                for o, s, ts, q, p, c, sess, st in found]


def count(engine: Engine, table: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_lines_without_a_sku_are_left_out_and_listed_and_the_rest_imports(store: Engine
                                                                          ) -> None:
    report = import_shopify_orders(store, FIXTURES / "shopify_orders_lines_without_sku.csv")

    assert [line[:2] for line in lines_in(store)] == [
        ("shopify:5801234501101", "SKU-101"), ("shopify:5801234501102", "SKU-204"),
        ("shopify:5801234501104", "SKU-310")]
    assert [(s.row, s.title, s.amount, s.reason) for s in report.skipped] == [
        (3, "Route Shipping Protection", "2.98 USD", NO_SKU),
        (5, "Studio light rental (7 days)", "9.00 USD", NO_SKU),
        (6, "Freight (pallet to 3PL)", "120.00 USD", NO_SKU)]
    summary = report.summary()
    assert "left out: 3 rows without a sku" in summary
    assert ("shopify_orders_lines_without_sku.csv, row 5: Studio light rental (7 days) · "
            "9.00 USD · no sku") in summary


def test_every_unknown_sku_is_named_at_once_with_its_rows_and_nothing_is_written(
        store: Engine) -> None:
    with pytest.raises(UnknownSkus) as refused:
        import_shopify_orders(store, FIXTURES / "shopify_orders_new_skus.csv")

    assert refused.value.counts == {"NEW-HW-1": 3, "GIFT-25": 1, "NEW-MIC-2": 1}
    assert "'NEW-HW-1' on 3 rows (3, 4, 6)" in str(refused.value)
    assert "--only-known-skus" in str(refused.value)
    assert count(store, "order_line") == 0


def test_only_known_skus_imports_the_known_ones_and_lists_the_others(store: Engine) -> None:
    report = import_shopify_orders(store, FIXTURES / "shopify_orders_new_skus.csv",
                                   only_known_skus=True)

    assert [line[1] for line in lines_in(store)] == ["SKU-101", "SKU-204"]
    assert [(s.row, s.sku, s.reason) for s in report.skipped] == [
        (3, "NEW-HW-1", UNKNOWN_SKU), (4, "NEW-HW-1", UNKNOWN_SKU),
        (5, "NEW-MIC-2", UNKNOWN_SKU), (6, "NEW-HW-1", UNKNOWN_SKU),
        (7, "GIFT-25", UNKNOWN_SKU)]
    assert "NEW-HW-1 ×3, GIFT-25 ×1, NEW-MIC-2 ×1" in report.summary()


def test_shopify_revenue_is_after_discounts_with_an_order_discount_spread_over_its_lines(
        store: Engine) -> None:
    import_shopify_orders(store, FIXTURES / "shopify_orders_discounts.csv")

    prices = {(order, sku): (qty, price) for order, sku, _ts, qty, price, *_ in lines_in(store)}
    # #1201: 30.00 and 2 x 5.00, a 4.00 code: 10% off each line
    assert prices[("shopify:5801234501201", "SKU-102")] == (1, 27.0)
    assert prices[("shopify:5801234501201", "SKU-310")] == (2, 4.5)
    # #1202: 3 x 12.00 with the line's own 6.00 discount (the order's whole discount)
    assert prices[("shopify:5801234501202", "SKU-204")] == (3, 10.0)


JAPAN_LINES = [
    ("tiktok:576510000000000001", "SKU-101", "2026-11-27 11:30:00", 1, 11000.0, "JPY",
     "S-JP-1", "paid"),
    ("tiktok:576510000000000002", "SKU-102", "2026-11-27 12:05:12", 2, 1580.0, "JPY",
     "S-JP-1", "cancelled"),
    ("tiktok:576510000000000004", "SKU-204", "2026-11-27 13:15:00", 3, 1080.0, "JPY",
     "S-JP-1", "paid"),
]


def test_a_japanese_tiktok_export_reads_its_headers_statuses_countries_and_yen(
        store: Engine) -> None:
    report = import_tiktok_orders(store, FIXTURES / "tiktok_orders_export_ja.csv",
                                  timezone="Asia/Tokyo")

    assert lines_in(store) == JAPAN_LINES  # キャンセル cancelled; 日本 is JP, in S-JP-1
    assert [(s.row, s.title, s.amount) for s in report.skipped] == [
        (4, "ギフトラッピング", "300.00 JPY")]
    assert report.warnings == ()


def test_the_same_export_saved_by_a_japanese_excel_in_cp932_reads_the_same_with_a_warning(
        store: Engine) -> None:
    report = import_tiktok_orders(store, FIXTURES / "tiktok_orders_export_ja_cp932.csv",
                                  timezone="Asia/Tokyo")

    assert lines_in(store) == JAPAN_LINES
    assert len(report.warnings) == 1 and "CP932" in report.warnings[0]


def test_a_chinese_tiktok_export_in_gbk_skips_its_description_row(store: Engine) -> None:
    report = import_tiktok_orders(store, FIXTURES / "tiktok_orders_export_zh_gbk.csv",
                                  timezone="America/Los_Angeles")

    assert lines_in(store) == [
        ("tiktok:576486316948491001", "SKU-101", "2026-11-28 01:10:00", 2, 22.49, "USD",
         "S-US-1", "paid"),
        ("tiktok:576486316948491002", "SKU-102", "2026-11-28 02:00:00", 1, 29.99, "USD",
         "S-US-1", "cancelled"),
        ("tiktok:576486316948491003", "SKU-310", "2026-11-28 02:45:30", 1, 11.99, "USD",
         "S-US-1", "paid"),
    ]
    assert report.rows_read == 3 and report.skipped == ()
    assert "GBK/GB18030" in report.warnings[0]


def test_euro_amounts_with_a_decimal_comma_are_read_at_their_value(store: Engine) -> None:
    import_tiktok_orders(store, FIXTURES / "tiktok_orders_export_es.csv",
                         timezone="Europe/Madrid")

    assert [(sku, qty, price, currency, status) for _o, sku, _t, qty, price, currency, _s,
            status in lines_in(store)] == [("SKU-101", 1, 35.91, "EUR", "paid"),
                                           ("SKU-204", 2, 14.0, "EUR", "cancelled")]


def test_a_shop_export_saved_by_a_german_excel_reads_semicolons_and_decimal_commas(
        store: Engine) -> None:
    report = import_shopify_orders(store, FIXTURES / "shopify_orders_excel_de.csv")

    assert [(sku, qty, price, currency) for _o, sku, _t, qty, price, currency, *_ in
            lines_in(store)] == [("SKU-101", 2, 35.91, "EUR"), ("SKU-102", 1, 1249.0, "EUR")]
    assert "Windows-1252" in report.warnings[0]


def test_a_tiktok_amount_in_another_currency_than_asked_is_refused(store: Engine) -> None:
    with pytest.raises(InputError) as refused:
        import_tiktok_orders(store, FIXTURES / "tiktok_orders_export_ja.csv",
                             timezone="Asia/Tokyo", currency="USD")
    assert (refused.value.line, refused.value.column) == (2, "SKU割引後小計")
    assert "the amount is in JPY but --currency says USD" in refused.value.reason


@pytest.mark.parametrize("report", ["amazon_manage_fba_inventory_2018.txt",
                                    "amazon_manage_fba_inventory_2020_uk.txt"])
def test_older_amazon_downloads_map_like_the_api_names(store: Engine, report: str) -> None:
    loaded = import_amazon_inventory(store, FIXTURES / report, counted_at=COUNTED_AT)

    with store.connect() as conn:
        counts = dict(conn.execute(text("SELECT sku, on_hand - reserved FROM stock_count")).all())
    # available = AFN Fulfillable (2018: 60 and 25; 2020 UK, British 'Fulfilable': 30, 12)
    assert counts == ({"SKU-101": 60, "SKU-310": 25} if "2018" in report
                      else {"SKU-101": 30, "SKU-204": 12})
    assert loaded.load.inserted == 2


def test_a_windows_1252_amazon_report_is_read_with_advice_for_a_text_report(store: Engine
                                                                             ) -> None:
    loaded = import_amazon_inventory(store, FIXTURES / "amazon_manage_fba_inventory_2020_uk.txt",
                                     counted_at=COUNTED_AT)
    [warning] = loaded.warnings
    assert "Windows-1252" in warning and "row 3" in warning
    assert "UTF-8 text" in warning and "CSV" not in warning


def test_a_bad_value_after_cells_with_line_breaks_is_named_by_its_spreadsheet_row(
        store: Engine, tmp_path: Path) -> None:
    source = FIXTURES / "shopify_orders_lines_without_sku.csv"
    bad = tmp_path / source.name
    bad.write_text(source.read_text(encoding="utf-8").replace(",1,Lavalier Mic,",
                                                              ",x,Lavalier Mic,"),
                   encoding="utf-8")

    with pytest.raises(InputError) as refused:
        import_shopify_orders(store, bad)

    # #1102's note holds two line breaks: row 7 of the sheet starts on line 9 of the text
    assert (refused.value.line, refused.value.text_line, refused.value.column) == (
        7, 9, "Lineitem quantity")
    assert str(refused.value).startswith(
        "shopify_orders_lines_without_sku.csv, row 7 (text line 9), column Lineitem quantity:")


def test_a_shopify_export_dated_year_9999_is_refused_in_one_line(store: Engine,
                                                                 tmp_path: Path) -> None:
    source = FIXTURES / "shopify_orders_export.csv"
    bad = tmp_path / source.name
    bad.write_text(source.read_text(encoding="utf-8").replace(
        "2026-11-27 18:02:44 -0500", "9999-12-31 23:59:59 -0500"), encoding="utf-8")

    with pytest.raises(InputError) as refused:
        import_shopify_orders(store, bad)

    assert (refused.value.line, refused.value.column) == (4, "Created at")
    assert "is outside the dates LiveStock keeps (1970 to 2199)" in refused.value.reason


def test_an_unclosed_quote_in_an_export_is_named_by_row_and_column(store: Engine,
                                                                   tmp_path: Path) -> None:
    source = FIXTURES / "shopify_orders_export.csv"
    bad = tmp_path / source.name
    bad.write_text(source.read_text(encoding="utf-8").replace(",Ring Light 12in,",
                                                              ',"Ring Light 12in,'),
                   encoding="utf-8")

    with pytest.raises(InputError) as refused:
        import_shopify_orders(store, bad)

    assert (refused.value.line, refused.value.column) == (4, "Lineitem name")
    assert "never closed" in refused.value.reason


def test_a_value_longer_than_128_kib_in_an_export_is_refused_in_one_line(
        store: Engine, tmp_path: Path) -> None:
    source = FIXTURES / "shopify_orders_export.csv"
    bad = tmp_path / source.name
    bad.write_text(source.read_text(encoding="utf-8").replace(
        ",Ring Light 10in,", f",{'x' * 140_000},", 1), encoding="utf-8")

    with pytest.raises(InputError) as refused:
        import_shopify_orders(store, bad)

    assert (refused.value.line, refused.value.column) == (2, "Lineitem name")
    assert len(str(refused.value)) < 300


def test_the_import_command_lists_what_it_left_out(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'store.db'}"
    runner = CliRunner()
    assert runner.invoke(app, ["load", str(FIXTURES / "store"), "--db", db]).exit_code == 0

    done = runner.invoke(app, ["import", "shopify-orders",
                               str(FIXTURES / "shopify_orders_new_skus.csv"),
                               "--only-known-skus", "--db", db])
    refused = runner.invoke(app, ["import", "shopify-orders",
                                  str(FIXTURES / "shopify_orders_new_skus.csv"), "--db", db])

    assert done.exit_code == 0
    assert ("shopify_orders_new_skus.csv, row 7: Gift card $25 · 25.00 USD · sku 'GIFT-25' "
            "not in the store") in done.stdout
    assert refused.exit_code == 1
    assert "error: shopify_orders_new_skus.csv: 3 skus are not in the store" in refused.output


def test_an_amazon_row_without_a_sku_is_left_out_and_listed(store: Engine, tmp_path: Path
                                                            ) -> None:
    source = FIXTURES / "amazon_manage_fba_inventory_2018.txt"
    report = tmp_path / source.name
    report.write_text(source.read_text(encoding="utf-8").replace("SKU-310\t", "\t"),
                      encoding="utf-8")

    loaded = import_amazon_inventory(store, report, counted_at=COUNTED_AT)

    assert [(s.row, s.title, s.amount, s.reason) for s in loaded.skipped] == [
        (3, "Lavalier Mic, Clip-on", "25 fulfillable, 0 reserved", NO_SKU)]
    assert count(store, "stock_count") == 1
