"""Loading the data files: what lands in the store, reloads, encodings, subsets."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlalchemy import select as select_table
from sqlmodel import SQLModel, col, select

import core.ingest.service
from core.ingest.service import load_directory
from core.store.db import make_engine
from core.store.models import LiveSession, Product, StockCount, ViewerSample
from core.store.schema import create_schema

GOOD = Path(__file__).resolve().parents[1] / "fixtures" / "ingest" / "good"
ORDERS_HEADER = "order_id,sku,ts,qty,unit_price,currency,session_id,warehouse_id,customer_id,status"


def a_folder(tmp_path: Path, *, only: tuple[str, ...] | None = None, encoding: str = "utf-8",
             files: dict[str, str] | None = None, **texts: str) -> Path:
    """A fresh folder of the good fixture files (or `only` those), where `orders="..."` (or
    `files={"orders": "..."}`) replaces orders.csv."""
    folder = next(tmp_path / f"data-{n}" for n in range(1000)
                  if not (tmp_path / f"data-{n}").exists())
    folder.mkdir(parents=True)
    for source in GOOD.glob("*.csv"):
        if only is None or source.stem in only:
            shutil.copy(source, folder / source.name)
    for stem, content in {**(files or {}), **texts}.items():
        (folder / f"{stem}.csv").write_bytes(content.encode(encoding))
    return folder


def lines(*rows: str) -> str:
    return "\n".join(rows) + "\n"


def snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in a stable order."""
    with engine.connect() as conn:
        return {
            table.name: sorted(conn.execute(select_table(table)).all(), key=repr)
            for table in SQLModel.metadata.sorted_tables
        }


def orders_in(engine: Engine) -> dict[tuple[str, str], dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(select_table(SQLModel.metadata.tables["order_line"])).mappings().all()
    return {(row["order_id"], row["sku"]): dict(row) for row in rows}


def test_the_ten_files_land_in_their_tables(engine: Engine, tmp_path: Path) -> None:
    report = load_directory(engine, a_folder(tmp_path))
    counts = {f.file: f.inserted for f in report.files}
    assert counts == {"warehouses.csv": 3, "products.csv": 3, "lanes.csv": 4, "stock.csv": 5,
                      "inbound.csv": 3, "sessions.csv": 2, "lineup.csv": 3, "viewers.csv": 3,
                      "funnel.csv": 2, "orders.csv": 5}
    tables = snapshot(engine)
    assert len(tables["order_line"]) == 5
    assert len(tables["stock_count"]) == 5
    assert report.warnings == ()


def test_loading_the_same_files_again_changes_nothing(engine: Engine, tmp_path: Path) -> None:
    folder = a_folder(tmp_path)
    load_directory(engine, folder)
    before = snapshot(engine)
    again = load_directory(engine, folder)
    assert snapshot(engine) == before
    assert all(f.inserted == 0 and f.updated == 0 for f in again.files)
    assert sum(f.unchanged for f in again.files) == 33


def test_a_re_export_where_an_order_became_cancelled_updates_it(engine: Engine,
                                                                  tmp_path: Path) -> None:
    load_directory(engine, a_folder(tmp_path))
    cancelled = (GOOD / "orders.csv").read_text(encoding="utf-8").replace(
        "TT-5001,SKU-101,2026-11-28T01:00:40Z,2,19.99,USD,S-BF-US,US-FBA,C-1,paid",
        "TT-5001,SKU-101,2026-11-28T01:00:40Z,2,19.99,USD,S-BF-US,US-FBA,C-1,cancelled")
    report = load_directory(engine, a_folder(tmp_path, only=(), orders=cancelled))
    orders = orders_in(engine)
    assert len(orders) == 5
    assert orders["TT-5001", "SKU-101"]["status"] == "cancelled"
    assert orders["TT-5001", "SKU-204"]["status"] == "paid"
    assert (report.files[0].updated, report.files[0].unchanged) == (1, 4)


def test_offsets_are_stored_as_the_same_instant_in_utc(engine: Engine, tmp_path: Path) -> None:
    load_directory(engine, a_folder(tmp_path))
    orders = orders_in(engine)
    assert orders["TT-5003", "SKU-102"]["ts"] == datetime(2026, 11, 28, 1, 1, 30, tzinfo=UTC)
    assert orders["TT-5002", "SKU-101"]["ts"] == datetime(2026, 11, 28, 1, 1, 10, tzinfo=UTC)
    assert orders["TT-5001", "SKU-101"]["ts"] == datetime(2026, 11, 28, 1, 0, 40, tzinfo=UTC)
    with engine.connect() as conn:
        starts = dict(conn.execute(select(LiveSession.session_id, LiveSession.start)).all())
    assert starts["S-BF-US"] == datetime(2026, 11, 28, 1, 0, tzinfo=UTC)  # 20:00 -05:00
    assert starts["S-DE-1"] == datetime(2026, 12, 1, 18, 0, tzinfo=UTC)  # 19:00 +01:00


def test_sqlite_keeps_loaded_times_in_the_text_form_other_writers_use(
        sqlite_engine: Engine, tmp_path: Path) -> None:
    load_directory(sqlite_engine, a_folder(tmp_path))
    with sqlite_engine.connect() as conn:
        raw = conn.execute(text("SELECT ts FROM order_line WHERE order_id = 'TT-5003'")).scalar()
    assert raw == "2026-11-28 01:01:30.000000"  # written 2026-11-28T09:01:30+08:00


def test_the_same_instant_written_with_two_offsets_is_one_viewer_sample(
        engine: Engine, tmp_path: Path) -> None:
    load_directory(engine, a_folder(tmp_path))
    with engine.connect() as conn:
        samples = conn.execute(select(ViewerSample.ts, ViewerSample.interactions)
                               .order_by(col(ViewerSample.ts))).all()
    assert [s.ts.minute for s in samples] == [0, 1, 2]
    assert [s.interactions for s in samples] == [340, None, 610]


def test_chinese_text_comes_back_as_written(engine: Engine, tmp_path: Path) -> None:
    load_directory(engine, a_folder(tmp_path))
    with engine.connect() as conn:
        name = conn.execute(select(Product.name).where(Product.sku == "SKU-101")).scalar()
        title = conn.execute(select(LiveSession.title)
                             .where(LiveSession.session_id == "S-BF-US")).scalar()
    assert name == "补光灯 Ring Light 10in"
    assert title == "黑五专场 Black Friday live"


def test_a_file_saved_with_a_byte_order_mark_loads(engine: Engine, tmp_path: Path) -> None:
    products = "\ufeff" + (GOOD / "products.csv").read_text(encoding="utf-8")
    report = load_directory(engine, a_folder(tmp_path, only=(), products=products))
    assert report.files[0].inserted == 3
    assert report.files[0].encoding == "utf-8-sig"
    assert report.warnings == ()


def test_a_gbk_excel_export_is_decoded_with_a_warning(engine: Engine, tmp_path: Path) -> None:
    products = lines(
        "sku,name,category,substitute_group,unit_cost,price,currency,presale_allowed,"
        "supplier_lead_days",
        "SKU-301,蓝牙耳机 无线降噪,数码,耳机,12.5,39.9,USD,true,12",
    )
    report = load_directory(engine, a_folder(tmp_path, only=(), encoding="gbk",
                                             products=products))
    with engine.connect() as conn:
        row = conn.execute(select(Product.name, Product.category, Product.substitute_group)
                           ).one()
    assert tuple(row) == ("蓝牙耳机 无线降噪", "数码", "耳机")
    assert report.files[0].encoding == "gb18030"
    assert any("products.csv" in w and "GBK" in w for w in report.warnings)


def test_an_unknown_column_is_ignored_with_a_warning_naming_it(engine: Engine,
                                                              tmp_path: Path) -> None:
    orders = lines(ORDERS_HEADER + ",custmer_note",
                   "X-1,SKU-101,2026-11-28T01:00:40Z,1,19.99,USD,,,,paid,leave at door")
    load_directory(engine, a_folder(tmp_path, only=("warehouses", "products")))
    report = load_directory(engine, a_folder(tmp_path, only=(), orders=orders))
    assert report.files[0].inserted == 1
    assert len(report.warnings) == 1
    assert "orders.csv" in report.warnings[0] and "custmer_note" in report.warnings[0]


def test_a_typo_in_an_optional_column_name_is_pointed_out(engine: Engine,
                                                          tmp_path: Path) -> None:
    orders = lines("order_id,sku,ts,qty,unit_price,currency,stauts",
                   "X-1,SKU-101,2026-11-28T01:00:40Z,1,19.99,USD,cancelled")
    load_directory(engine, a_folder(tmp_path, only=("warehouses", "products")))
    report = load_directory(engine, a_folder(tmp_path, only=(), orders=orders))
    assert "did you mean status?" in report.warnings[0]
    assert orders_in(engine)["X-1", "SKU-101"]["status"] == "paid"


def test_only_orders_load_into_a_store_that_has_the_products(engine: Engine,
                                                            tmp_path: Path) -> None:
    load_directory(engine, a_folder(tmp_path / "first", only=(
        "warehouses", "products", "sessions")))
    report = load_directory(engine, a_folder(tmp_path / "second", only=("orders",)))
    assert [f.file for f in report.files] == ["orders.csv"]
    assert report.files[0].inserted == 5
    assert {o["source"] for o in orders_in(engine).values()} == {"load:orders.csv"}


def test_optional_order_columns_may_be_left_out(engine: Engine, tmp_path: Path) -> None:
    orders = lines("order_id,sku,ts,qty,unit_price,currency",
                   "X-1,SKU-101,2026-11-28T01:00:40+08:00,2,19.99,USD")
    load_directory(engine, a_folder(tmp_path, only=("warehouses", "products")))
    load_directory(engine, a_folder(tmp_path, only=(), orders=orders))
    order = orders_in(engine)["X-1", "SKU-101"]
    assert order["status"] == "paid"
    assert (order["session_id"], order["warehouse_id"], order["customer_id"]) == (None,) * 3


def test_an_empty_order_warehouse_stays_empty_for_the_board_to_pool(engine: Engine,
                                                                    tmp_path: Path) -> None:
    load_directory(engine, a_folder(tmp_path))
    assert orders_in(engine)["TT-5002", "SKU-101"]["warehouse_id"] is None
    assert orders_in(engine)["TT-5002", "SKU-101"]["status"] == "paid"  # empty means paid


def test_a_file_without_the_status_column_keeps_a_cancellation(engine: Engine,
                                                               tmp_path: Path) -> None:
    load_directory(engine, a_folder(tmp_path))
    without_status = lines("order_id,sku,ts,qty,unit_price,currency",
                           "TT-5003,SKU-102,2026-11-28T09:01:30+08:00,3,24.99,USD")
    load_directory(engine, a_folder(tmp_path, only=(), orders=without_status))
    assert orders_in(engine)["TT-5003", "SKU-102"]["status"] == "cancelled"


def test_a_new_stock_count_adds_a_row(engine: Engine, tmp_path: Path) -> None:
    load_directory(engine, a_folder(tmp_path))
    recount = lines("sku,warehouse_id,counted_at,on_hand,reserved",
                    "SKU-101,US-FBA,2026-11-27T00:00:00Z,255,10",
                    "SKU-101,US-FBA,2026-11-28T00:00:00Z,90,4")
    report = load_directory(engine, a_folder(tmp_path, only=(), stock=recount))
    with engine.connect() as conn:
        counts = conn.execute(select(StockCount.counted_at, StockCount.on_hand)
                              .where(StockCount.sku == "SKU-101",
                                     StockCount.warehouse_id == "US-FBA")
                              .order_by(col(StockCount.counted_at))).all()
    assert [c.on_hand for c in counts] == [300, 255, 90]
    assert (report.files[0].inserted, report.files[0].updated) == (1, 1)


def test_large_files_load_chunk_by_chunk_with_excel_line_numbers(
        engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(core.ingest.service, "CHUNK_ROWS", 3)
    rows = [f"C-{i},SKU-101,2026-11-28T01:{i:02d}:00Z,1,19.99,USD,,,," for i in range(10)]
    orders = lines(ORDERS_HEADER, *rows[:4], "", *rows[4:])  # a blank line 6
    load_directory(engine, a_folder(tmp_path, only=("warehouses", "products")))
    report = load_directory(engine, a_folder(tmp_path, only=(), orders=orders))
    assert report.files[0].inserted == 10
    broken = orders.replace("01:08:00Z,1,", "01:08:00Z,-1,")
    with pytest.raises(core.ingest.service.InputError) as caught:
        load_directory(engine, a_folder(tmp_path, only=(), orders=broken))
    assert (caught.value.line, caught.value.column) == (11, "qty")  # header 1, blank line 6


def test_a_key_repeated_in_a_later_chunk_is_a_duplicate(
        engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(core.ingest.service, "CHUNK_ROWS", 2)
    orders = lines(ORDERS_HEADER,
                   "D-1,SKU-101,2026-11-28T01:00:00Z,1,19.99,USD,,,,",
                   "D-2,SKU-101,2026-11-28T01:00:00Z,1,19.99,USD,,,,",
                   "D-3,SKU-101,2026-11-28T01:00:00Z,1,19.99,USD,,,,",
                   "D-1,SKU-101,2026-11-28T01:05:00Z,1,19.99,USD,,,,")
    load_directory(engine, a_folder(tmp_path, only=("warehouses", "products")))
    before = snapshot(engine)
    with pytest.raises(core.ingest.service.InputError) as caught:
        load_directory(engine, a_folder(tmp_path, only=(), orders=orders))
    assert (caught.value.line, caught.value.column) == (5, "order_id")
    assert "already on row 2" in str(caught.value)
    assert snapshot(engine) == before


def test_progress_hears_of_large_files_only_chunk_by_chunk_and_prints_nothing(
        engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    told: list[tuple[str, int, int]] = []
    load_directory(engine, a_folder(tmp_path), progress=lambda *step: told.append(step))
    assert told == []
    monkeypatch.setattr(core.ingest.service, "CHUNK_ROWS", 2)
    load_directory(engine, a_folder(tmp_path), progress=lambda *step: told.append(step))
    assert [step for step in told if step[0] == "orders.csv"] == [
        ("orders.csv", 0, 5), ("orders.csv", 2, 5), ("orders.csv", 4, 5), ("orders.csv", 5, 5)]
    assert capsys.readouterr() == ("", "")


def test_a_load_waits_for_another_writer_instead_of_failing(tmp_path: Path) -> None:
    store_file = tmp_path / "store.db"
    engine = make_engine(f"sqlite:///{store_file}")
    create_schema(engine)
    # Another process (the simulator, a webhook) is in the middle of a write.
    other = sqlite3.connect(store_file, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO setting (key, value_json) VALUES ('refresh_seconds', '3')")
    finish = threading.Timer(0.5, lambda: other.execute("COMMIT"))
    finish.start()
    try:
        report = load_directory(engine, a_folder(tmp_path))
    finally:
        finish.join()
        other.close()
    assert sum(f.inserted for f in report.files) == 33
    with engine.connect() as conn:
        assert conn.execute(text("SELECT value_json FROM setting")).scalar() == "3"
    engine.dispose()
